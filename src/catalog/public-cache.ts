import { isDependencyUnavailable } from '../shared/dependency-errors';
import type { TenantContext } from '../tenants/tenant';
import type { ProductRepository } from './repository';

/** An answer that may be the last good one rather than a current one: `stale: true` says so. */
export type MaybeStale<T> = T & { stale?: true };

export type PublicCatalogCache = {
  /**
   * The cached result of `load` for this store and key, or `load`'s, shared by concurrent callers.
   * With `stale`, a load that fails because a dependency is unavailable answers `stale(last good
   * value)` instead, when there is one: the caller marks it.
   */
  read<T>(tenant: TenantContext, key: string, load: () => Promise<T>, stale?: (lastGood: T) => T): Promise<T>;
  /** Everything cached for the store: called after any write to its products. */
  forget(tenant: TenantContext): void;
};

type Entry = { value: Promise<unknown>; expires: number };

/**
 * What visitors read (catalog pages, product pages) kept for a moment per store, so a busy
 * storefront costs a Query per page per `ttlMs` rather than per visitor. Writes in this process
 * drop the store's entries at once; another process (another Lambda instance) shows a change
 * within `ttlMs`. Concurrent misses share one load. Each store has its own map, keyed by the
 * tenant id the resolver minted, so one store's entries can never answer another's request.
 * Bounded, since query strings are the visitor's to choose: at most `maxPerStore` entries for a
 * store and `maxEntries` in all (a catalog page is tens of KiB), expired ones swept first, then
 * the oldest store's oldest.
 *
 * Honest degradation (issue 13): the last good answer of each key is kept past its time to live
 * (same bounds, dropped by a write like the rest), and served, marked by the caller, only when a
 * fresh load fails with a dependency's unavailability (`serveStaleOn`); any other failure is
 * passed on as it was.
 */
export function createPublicCatalogCache(options: {
  ttlMs: number;
  maxEntries?: number;
  maxPerStore?: number;
  now?: () => number;
  serveStaleOn?: (error: unknown) => boolean;
}): PublicCatalogCache {
  const { ttlMs } = options;
  const maxEntries = options.maxEntries ?? 1_000;
  const maxPerStore = Math.min(options.maxPerStore ?? 250, maxEntries);
  const now = options.now ?? Date.now;
  const serveStaleOn = options.serveStaleOn ?? isDependencyUnavailable;
  const stores = new Map<string, Map<string, Entry>>();
  let size = 0;
  // The last good value per store and key, in the order they were refreshed.
  const lastGood = new Map<string, Map<string, unknown>>();
  let goodSize = 0;

  const remember = (tenantId: string, key: string, value: unknown) => {
    let store = lastGood.get(tenantId);
    if (store?.delete(key)) goodSize--;
    while (goodSize >= maxEntries || (store && store.size >= maxPerStore)) {
      const [id, oldest] = store && store.size >= maxPerStore ? [tenantId, store] : lastGood.entries().next().value!;
      oldest.delete(oldest.keys().next().value!);
      goodSize--;
      if (oldest.size === 0) lastGood.delete(id);
    }
    store = lastGood.get(tenantId);
    if (!store) {
      store = new Map();
      lastGood.set(tenantId, store);
    }
    store.set(key, value);
    goodSize++;
  };

  const drop = (store: Map<string, Entry>, key: string) => {
    if (store.delete(key)) size--;
  };
  const makeRoom = () => {
    if (size < maxEntries) return;
    const at = now();
    for (const [id, store] of stores) {
      for (const [key, entry] of store) if (entry.expires <= at) drop(store, key);
      if (store.size === 0) stores.delete(id);
    }
    while (size >= maxEntries) {
      const [id, oldest] = stores.entries().next().value!;
      drop(oldest, oldest.keys().next().value!);
      if (oldest.size === 0) stores.delete(id);
    }
  };

  return {
    read<T>(tenant: TenantContext, key: string, load: () => Promise<T>, stale?: (lastGood: T) => T): Promise<T> {
      if (ttlMs <= 0) return load();
      const orStale = (answer: Promise<T>): Promise<T> =>
        stale
          ? answer.catch((error: unknown) => {
              const good = lastGood.get(tenant.id);
              if (!good?.has(key) || !serveStaleOn(error)) throw error;
              return stale(good.get(key) as T);
            })
          : answer;
      const hit = stores.get(tenant.id)?.get(key);
      if (hit && hit.expires > now()) return orStale(hit.value as Promise<T>);
      if (hit) drop(stores.get(tenant.id)!, key);
      makeRoom();
      let store = stores.get(tenant.id);
      if (!store) {
        store = new Map();
        stores.set(tenant.id, store);
      }
      if (store.size >= maxPerStore) drop(store, store.keys().next().value!);
      const value = load();
      const entry = { value, expires: now() + ttlMs };
      store.set(key, entry);
      size++;
      value.then(
        // Kept as the last good answer unless a write dropped the store while it loaded.
        (loaded) => {
          if (stores.get(tenant.id) === store) remember(tenant.id, key, loaded);
        },
        // A failed load is not an answer to keep (unless a write already dropped the whole store).
        () => {
          if (stores.get(tenant.id) === store && store.get(key) === entry) drop(store, key);
        },
      );
      return orStale(value);
    },
    forget(tenant) {
      // A new map, not a cleared one: a load still in flight from before the write lands in the old map.
      const good = lastGood.get(tenant.id);
      if (good) {
        goodSize -= good.size;
        lastGood.delete(tenant.id);
      }
      const store = stores.get(tenant.id);
      if (!store) return;
      size -= store.size;
      stores.delete(tenant.id);
    },
  };
}

/** The repository, with every write dropping the store's cached public reads once it is done. */
export function forgettingOnWrite(products: ProductRepository, cache: PublicCatalogCache): ProductRepository {
  const after =
    <A extends [TenantContext, ...unknown[]]>(write: (...args: A) => Promise<void>) =>
    async (...args: A) => {
      try {
        await write(...args);
      } finally {
        // Also on failure: a timed-out write may still have landed.
        cache.forget(args[0]);
      }
    };
  return {
    ...products,
    create: after(products.create.bind(products)),
    update: after(products.update.bind(products)),
    delete: after(products.delete.bind(products)),
    recordStockChange: after(products.recordStockChange.bind(products)),
  };
}
