import { isDependencyUnavailable } from '../shared/dependency-errors';
import type { TenantContext } from '../tenants/tenant';
import { deserialiseIndex, emptyIndex, type SearchIndex } from './engine';
import type { SearchIndexStore } from './index-store';

/**
 * How long a loaded index answers before the next freshness check. Five seconds: a product write
 * shows in results within the event pipeline's delay plus this, while a busy store costs each API
 * instance at most one conditional GetObject (a 304, no bytes) per five seconds: about 17,000 a
 * day, under a cent at S3's GET price (docs/architecture.md, "Search").
 */
export const SEARCH_FRESHNESS_MS = 5_000;

type Loaded = { index: SearchIndex; etag: string | undefined; checkedAt: number };

/**
 * Each store's index, kept in memory per API instance. Cold: one GetObject. Warm: nothing, until
 * `freshnessMs` has passed; then a conditional GetObject by ETag, which moves bytes only when the
 * writer has saved a new version. Concurrent requests share one load. At most `maxStores` indexes
 * are kept, the least recently used dropped first (an index of 100,000 products takes a few
 * hundred MB, see `npm run bench`). If the check fails because S3 is unavailable, the copy in
 * memory answers and the check is tried again at the next request.
 */
export function createIndexReader(options: { store: SearchIndexStore; freshnessMs?: number; maxStores?: number; now?: () => number }) {
  const freshnessMs = options.freshnessMs ?? SEARCH_FRESHNESS_MS;
  const maxStores = options.maxStores ?? 8;
  const now = options.now ?? Date.now;
  const loaded = new Map<string, Loaded>();
  const loading = new Map<string, Promise<SearchIndex>>();

  const keep = (tenantId: string, entry: Loaded) => {
    loaded.delete(tenantId);
    loaded.set(tenantId, entry);
    while (loaded.size > maxStores) loaded.delete(loaded.keys().next().value!);
  };

  async function refresh(tenant: TenantContext, current: Loaded | undefined): Promise<SearchIndex> {
    let answer: Awaited<ReturnType<SearchIndexStore['read']>>;
    try {
      answer = await options.store.read(tenant, current?.etag);
    } catch (error) {
      if (current && isDependencyUnavailable(error)) return current.index;
      throw error;
    }
    if (answer === 'unchanged' && current) {
      keep(tenant.id, { ...current, checkedAt: now() });
      return current.index;
    }
    const index = answer && answer !== 'unchanged' ? await deserialiseIndex(answer.bytes) : await emptyIndex();
    keep(tenant.id, { index, etag: answer && answer !== 'unchanged' ? answer.etag : undefined, checkedAt: now() });
    return index;
  }

  return {
    /** The store's index, fresh to within `freshnessMs`. */
    async index(tenant: TenantContext): Promise<SearchIndex> {
      const current = loaded.get(tenant.id);
      if (current && now() - current.checkedAt < freshnessMs) {
        keep(tenant.id, current);
        return current.index;
      }
      const pending = loading.get(tenant.id);
      if (pending) return pending;
      const load = refresh(tenant, current).finally(() => loading.delete(tenant.id));
      loading.set(tenant.id, load);
      return load;
    },
    /** The writer in the same process hands over what it just saved: this process reads its own writes at once. */
    accept(tenant: TenantContext, index: SearchIndex, etag: string) {
      keep(tenant.id, { index, etag, checkedAt: now() });
    },
  };
}

export type IndexReader = ReturnType<typeof createIndexReader>;
