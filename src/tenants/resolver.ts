import { isDependencyUnavailable } from '../shared/dependency-errors';
import type { TenantRecord, TenantRegistry } from './registry';
import { normaliseHost, tenantContext, type TenantContext } from './tenant';

// The context is made once per cached record (it is frozen), not once per request.
type Entry = { value: TenantContext | undefined; expires: number };

export type TenantResolver = {
  byHost(host: string | undefined): Promise<TenantContext | undefined>;
  byId(id: string): Promise<TenantContext | undefined>;
  /** Drops cached entries of a tenant after its record changed (suspension, new domain), and cached misses. */
  forget(id: string): void;
};

/**
 * Host and id lookups with a short in-memory cache: a warm request costs no DynamoDB call, a miss
 * costs one GetItem. Unknown hosts are cached too (for a shorter time) so a flood of made-up Host
 * headers does not turn into a flood of reads.
 */
export function createTenantResolver(options: { registry: TenantRegistry; ttlMs: number; missTtlMs?: number; now?: () => number }): TenantResolver {
  const { registry, ttlMs } = options;
  const missTtlMs = options.missTtlMs ?? Math.min(ttlMs, 5_000);
  const now = options.now ?? Date.now;
  const byDomain = new Map<string, Entry>();
  const byId = new Map<string, Entry>();
  const MAX_ENTRIES = 10_000;

  async function cached(cache: Map<string, Entry>, key: string, load: () => Promise<TenantRecord | undefined>) {
    const hit = cache.get(key);
    if (hit && hit.expires > now()) return hit.value;
    let value: TenantContext | undefined;
    try {
      const record = await load();
      value = record ? tenantContext(record) : undefined;
    } catch (error) {
      // DynamoDB is unavailable: a store known a moment ago is still that store (its visitors may
      // get the stale catalog); a miss stays unknown, and is the outage's 503.
      if (hit?.value && isDependencyUnavailable(error)) return hit.value;
      throw error;
    }
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, { value, expires: now() + (value ? ttlMs : missTtlMs) });
    return value;
  }

  return {
    async byHost(host) {
      const domain = normaliseHost(host);
      if (!domain) return undefined;
      return cached(byDomain, domain, () => registry.findByDomain(domain));
    },
    async byId(id) {
      return cached(byId, id, () => registry.get(id));
    },
    forget(id) {
      byId.delete(id);
      // Misses too: the change may be a newly verified domain, cached a moment ago as no store's.
      for (const [domain, entry] of byDomain) if (!entry.value || entry.value.id === id) byDomain.delete(domain);
    },
  };
}
