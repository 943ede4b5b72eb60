import type { TenantContext } from '../tenants/tenant';
import type { ProductRepository } from './repository';

export type PublicCatalogCache = {
  /** The cached result of `load` for this store and key, or `load`'s, shared by concurrent callers. */
  read<T>(tenant: TenantContext, key: string, load: () => Promise<T>): Promise<T>;
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
 * Bounded: at most `maxEntries` per store and `maxTenants` stores, oldest dropped first.
 */
export function createPublicCatalogCache(options: { ttlMs: number; maxEntries?: number; maxTenants?: number; now?: () => number }): PublicCatalogCache {
  const { ttlMs } = options;
  const maxEntries = options.maxEntries ?? 500;
  const maxTenants = options.maxTenants ?? 1_000;
  const now = options.now ?? Date.now;
  const stores = new Map<string, Map<string, Entry>>();

  const storeOf = (tenant: TenantContext) => {
    let store = stores.get(tenant.id);
    if (!store) {
      if (stores.size >= maxTenants) stores.delete(stores.keys().next().value!);
      store = new Map();
      stores.set(tenant.id, store);
    }
    return store;
  };

  return {
    read<T>(tenant: TenantContext, key: string, load: () => Promise<T>): Promise<T> {
      if (ttlMs <= 0) return load();
      const store = storeOf(tenant);
      const hit = store.get(key);
      if (hit && hit.expires > now()) return hit.value as Promise<T>;
      if (hit) store.delete(key);
      else if (store.size >= maxEntries) store.delete(store.keys().next().value!);
      const value = load();
      const entry = { value, expires: now() + ttlMs };
      store.set(key, entry);
      // A failed load is not an answer to keep.
      value.catch(() => {
        if (store.get(key) === entry) store.delete(key);
      });
      return value;
    },
    forget(tenant) {
      // A new map, not a cleared one: a load still in flight from before the write lands in the old map.
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
