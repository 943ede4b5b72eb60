import { Resolver } from 'node:dns/promises';
import { DnsLookupError, type DnsResolver } from '../../tenants/custom-domains/dns';

/** Answers that mean "no such record": the domain is simply not verified yet. */
const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

/**
 * Real DNS for verification (on Lambda: the VPC's or AWS's resolver). One resolver for the
 * process, with a short timeout and a retry, so a slow name server answers the owner's check
 * with "try again" within the request's time, never hangs it.
 */
export function createNodeDnsResolver(options: { timeoutMs?: number; tries?: number; servers?: readonly string[] } = {}): DnsResolver {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 2_000, tries: options.tries ?? 2 });
  if (options.servers?.length) resolver.setServers([...options.servers]);
  return {
    async txt(name) {
      try {
        const records = await resolver.resolveTxt(name);
        return records.map((chunks) => chunks.join(''));
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'EUNKNOWN';
        if (NO_RECORD.has(code)) return [];
        throw new DnsLookupError(name, code, { cause: error });
      }
    },
  };
}
