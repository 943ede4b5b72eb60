import type { TenantContext } from '../tenants/tenant';

/** A store's index as stored: its bytes and the version tag the store gave them (S3's ETag). */
export type StoredIndex = { bytes: Uint8Array; etag: string };

/**
 * Where each store's search index lives (S3 under the store's own prefix, private). The object's
 * address is made from the tenant context alone: no caller names it, so no request can reach
 * another store's index.
 */
export interface SearchIndexStore {
  /**
   * The store's index, or `undefined` when it has none yet. With `ifNoneMatch`, `'unchanged'` when
   * the stored one is still that version: a check that moves no bytes.
   */
  read(tenant: TenantContext, ifNoneMatch?: string): Promise<StoredIndex | 'unchanged' | undefined>;
  /** Replaces the store's index; answers the new version tag. */
  write(tenant: TenantContext, bytes: Uint8Array): Promise<string>;
}

/** An index store in memory, for unit tests and the bench; it counts reads as S3 would bill them. */
export function memorySearchIndexStore() {
  const objects = new Map<string, StoredIndex>();
  let version = 0;
  const calls = { get: 0, notModified: 0, put: 0 };
  const store: SearchIndexStore = {
    async read(tenant, ifNoneMatch) {
      calls.get++;
      const found = objects.get(tenant.id);
      if (found && ifNoneMatch === found.etag) {
        calls.notModified++;
        return 'unchanged';
      }
      return found;
    },
    async write(tenant, bytes) {
      calls.put++;
      const etag = `"v${++version}"`;
      objects.set(tenant.id, { bytes, etag });
      return etag;
    },
  };
  return { ...store, calls, objects };
}
