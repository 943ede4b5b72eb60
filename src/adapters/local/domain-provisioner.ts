import type { DomainProvisioner } from '../../tenants/custom-domains/provisioner';

/**
 * The provisioner off AWS: no certificate authority, no API Gateway. A certificate is "issued" at
 * once and the CNAME target is the local platform's name for custom domains, so the console shows
 * the same records and states as on AWS. `released` records what was let go (tests read it).
 */
export function createLocalDomainProvisioner(options: { target: string }) {
  const released: { domain: string; certificateId: string | undefined; served: boolean }[] = [];
  const provisioner: DomainProvisioner = {
    async request(domain, owner) {
      return {
        certificateId: `local:${owner}:${domain}`,
        records: [{ name: `_local-validation.${domain}`, type: 'CNAME', value: `_local-validation.${options.target}` }],
      };
    },
    async certificate() {
      return { status: 'issued', records: [] };
    },
    async serve() {
      return { target: options.target };
    },
    async release(domain, certificateId, served) {
      released.push({ domain, certificateId, served });
    },
  };
  return Object.assign(provisioner, { released });
}
