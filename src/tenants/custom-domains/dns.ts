/**
 * How verification reads DNS: node:dns/promises on AWS (src/adapters/aws/node-dns.ts), a local
 * stand-in in development and tests (src/adapters/local/dns-records.ts). Domain code sees only this.
 */
export interface DnsResolver {
  /**
   * The TXT records at `name`, each one's strings joined (a long TXT value arrives in 255-byte
   * chunks). None: an empty list. A lookup that could not be answered: `DnsLookupError`.
   */
  txt(name: string): Promise<string[]>;
}

/** DNS did not answer (timeout, SERVFAIL): the domain is neither verified nor refused by it. */
export class DnsLookupError extends Error {
  constructor(
    readonly host: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`DNS lookup of ${host} failed (${code})`, options);
    this.name = 'DnsLookupError';
  }
}
