import { describe, expect, it } from 'vitest';
import { createLocalDnsRecords } from '../../../src/adapters/local/dns-records';
import { createLocalDomainProvisioner } from '../../../src/adapters/local/domain-provisioner';
import { DependencyUnavailableError } from '../../../src/shared/errors';
import type { CustomDomain } from '../../../src/tenants/custom-domains/custom-domain';
import { DnsLookupError } from '../../../src/tenants/custom-domains/dns';
import type { DomainProvisioner } from '../../../src/tenants/custom-domains/provisioner';
import type { CustomDomainRepository } from '../../../src/tenants/custom-domains/repository';
import { createCustomDomainService, DEFAULT_GRACE_MS } from '../../../src/tenants/custom-domains/service';
import type { TenantRecord } from '../../../src/tenants/registry';
import { tenantContext } from '../../../src/tenants/tenant';

const STORE: TenantRecord = {
  id: 'acme',
  name: 'Acme',
  domains: ['acme.test'],
  tier: 'standard',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const tenant = tenantContext(STORE);

/** The repository and registry in memory: the service's rules without DynamoDB (the integration suite covers the adapter). */
function world(options: { provisioner?: DomainProvisioner } = {}) {
  let clock = Date.parse('2026-03-01T00:00:00.000Z');
  let store = { ...STORE };
  const records = new Map<string, CustomDomain>();
  const claims = new Map<string, string>();
  const repository: CustomDomainRepository = {
    list: async () => [...records.values()],
    get: async (_t, domain) => records.get(domain),
    add: async (_t, record) => void records.set(record.domain, record),
    save: async (_t, record) => void records.set(record.domain, record),
    attach: async (_t, current, record) => {
      claims.set(record.domain, tenant.id);
      records.set(record.domain, record);
      store = { ...current, domains: [...current.domains, record.domain] };
      return store;
    },
    remove: async (_t, current, record) => {
      records.delete(record.domain);
      claims.delete(record.domain);
      store = { ...current, domains: current.domains.filter((d) => d !== record.domain) };
      return store;
    },
  };
  const dns = createLocalDnsRecords();
  const service = createCustomDomainService({
    repository,
    registry: {
      get: async () => store,
      findByDomain: async (domain) => (claims.has(domain) ? store : undefined),
      list: async () => ({ items: [store] }),
    },
    resolver: { forget: () => undefined },
    dns,
    provisioner: options.provisioner ?? createLocalDomainProvisioner({ target: 'domains.example.net' }),
    limits: () => ({ customDomains: 3 }),
    reserved: (domain) => domain.endsWith('.platform.example'),
    now: () => new Date(clock),
  });
  return { service, dns, records, store: () => store, advance: (ms: number) => (clock += ms) };
}

describe('custom domain service', () => {
  it('re-verification keeps a verified domain through a short DNS gap and removes it once the grace period has passed', async () => {
    const w = world();
    const added = await w.service.add(tenant, 'owner', { domain: 'shop.acme.example' });
    w.dns.set(added.verification.name, [added.verification.value]);
    expect((await w.service.verify(tenant, 'owner', 'shop.acme.example')).status).toBe('verified');

    w.dns.remove(added.verification.name);
    w.advance(60_000);
    expect(await w.service.reverify(tenant)).toEqual({ checked: 1, verified: 0, removed: 0, failed: 0 });
    expect(w.records.get('shop.acme.example')?.failingSince).toBeDefined();
    // Back in time: the failure is forgotten.
    w.dns.set(added.verification.name, [added.verification.value]);
    await w.service.reverify(tenant);
    expect(w.records.get('shop.acme.example')?.failingSince).toBeUndefined();

    w.dns.remove(added.verification.name);
    await w.service.reverify(tenant);
    w.advance(DEFAULT_GRACE_MS - 1_000);
    expect((await w.service.reverify(tenant)).removed).toBe(0);
    w.advance(2_000);
    expect((await w.service.reverify(tenant)).removed).toBe(1);
    expect(w.records.has('shop.acme.example')).toBe(false);
    expect(w.store().domains).toEqual(['acme.test']);
  });

  it('re-verification verifies a pending domain whose TXT record arrived, without the owner asking', async () => {
    const w = world();
    const added = await w.service.add(tenant, 'owner', { domain: 'www.acme.example' });
    w.dns.set(added.verification.name, [`  ${added.verification.value}  `]);
    expect(await w.service.reverifyAll()).toEqual({ stores: 1, checked: 1, verified: 1, removed: 0, failed: 0 });
    expect(w.store().domains).toContain('www.acme.example');
  });

  it("one domain's failing check does not stop the others' (the provisioner down for one certificate)", async () => {
    const local = createLocalDomainProvisioner({ target: 't' });
    const provisioner: DomainProvisioner = {
      ...local,
      certificate: async (id) => {
        if (id.endsWith('broken.acme.example')) throw new Error('Rate exceeded');
        return { status: 'pending', records: [] };
      },
    };
    const w = world({ provisioner });
    await w.service.add(tenant, 'owner', { domain: 'broken.acme.example' });
    const fine = await w.service.add(tenant, 'owner', { domain: 'fine.acme.example' });
    w.dns.set(fine.verification.name, [fine.verification.value]);
    expect(await w.service.reverify(tenant)).toEqual({ checked: 2, verified: 1, removed: 0, failed: 1 });
    expect(w.store().domains).toContain('fine.acme.example');
  });

  it('DNS that does not answer leaves the domain pending with a "try again", never an error', async () => {
    const w = world();
    await w.service.add(tenant, 'owner', { domain: 'slow.acme.example' });
    w.dns.txt = async (name) => {
      throw new DnsLookupError(name, 'ETIMEOUT');
    };
    const checked = await w.service.verify(tenant, 'owner', 'slow.acme.example');
    expect(checked).toMatchObject({ status: 'pending', failure: expect.stringMatching(/did not answer .*ETIMEOUT/) });
  });

  it('a provisioner outage is a 503, and nothing is added', async () => {
    const failing: DomainProvisioner = {
      ...createLocalDomainProvisioner({ target: 't' }),
      request: async () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      },
    };
    const w = world({ provisioner: failing });
    await expect(w.service.add(tenant, 'owner', { domain: 'shop.acme.example' })).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(w.records.size).toBe(0);
  });

  it("refuses the platform's own names", async () => {
    const w = world();
    await expect(w.service.add(tenant, 'owner', { domain: 'acme.platform.example' })).rejects.toMatchObject({ status: 422 });
  });
});
