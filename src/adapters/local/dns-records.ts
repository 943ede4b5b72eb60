import type { DnsResolver } from '../../tenants/custom-domains/dns';

/**
 * DNS as verification sees it in development and tests: TXT records kept in memory, set by a test
 * (`set`) or from the local mailbox page's DNS form (`npm start`), since a laptop cannot publish
 * records for shop.example.com. Names are case-insensitive, as in DNS.
 */
export type LocalDnsRecords = DnsResolver & {
  set(name: string, values: readonly string[]): void;
  remove(name: string): void;
  list(): { name: string; values: string[] }[];
};

const key = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');

export function createLocalDnsRecords(): LocalDnsRecords {
  const records = new Map<string, string[]>();
  return {
    async txt(name) {
      return [...(records.get(key(name)) ?? [])];
    },
    set(name, values) {
      if (values.length === 0) records.delete(key(name));
      else records.set(key(name), [...values]);
    },
    remove(name) {
      records.delete(key(name));
    },
    list() {
      return [...records].map(([name, values]) => ({ name, values: [...values] })).sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}
