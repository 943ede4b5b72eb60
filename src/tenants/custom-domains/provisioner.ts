import type { CertificateStatus, DnsRecord } from './custom-domain';

/**
 * What serving a custom domain over HTTPS takes on the cloud (docs/custom-domains.md): on AWS a
 * DNS-validated ACM certificate, then an API Gateway custom domain name mapped to the API
 * (src/adapters/aws/domain-provisioner.ts); locally a stand-in that issues at once
 * (src/adapters/local/domain-provisioner.ts). Every call is safe to repeat.
 */
export interface DomainProvisioner {
  /**
   * Requests the certificate for `domain` on behalf of store `owner` (two stores adding the same
   * domain get two certificates: one's removal never takes the other's). Answers its handle and the
   * validation records the owner must create, if the authority has named them yet.
   */
  request(domain: string, owner: string): Promise<{ certificateId: string; records: DnsRecord[] }>;
  /** Where the certificate stands, and its validation records. */
  certificate(certificateId: string): Promise<{ status: CertificateStatus; records: DnsRecord[] }>;
  /**
   * Makes sure the domain's endpoint exists with the (issued) certificate, and answers the CNAME
   * target. Called only for the store that holds the domain's claim: one endpoint per domain.
   */
  serve(domain: string, certificateId: string): Promise<{ target: string }>;
  /** Removes the endpoint (when `served`) and the certificate; nothing there is not an error. */
  release(domain: string, certificateId: string | undefined, served: boolean): Promise<void>;
}
