/**
 * An item a route says it will read first, named in domain terms: the storage adapter knows its
 * key. Declared so the caller's re-check can fetch it in the same consistent read as the caller
 * (docs/architecture.md, "Read-ahead").
 */
export type ReadAheadKey = { readonly kind: 'product' | 'cart'; readonly id: string };

/** The stored item as the read found it; `undefined` when nothing is stored under the key. */
export type ReadAheadHit = { readonly item: Readonly<Record<string, unknown>> | undefined };

/**
 * What a request's first consistent read fetched besides the caller. Each item is handed out
 * once: the first read of it uses the fetched copy, any later one (a retry after a lost race)
 * goes to the store, since the copy is older with every moment.
 */
export interface ReadAhead {
  /** The fetched item, or undefined when it was not read ahead for this store (or already taken). */
  take(tenant: { readonly id: string }, key: ReadAheadKey): ReadAheadHit | undefined;
}

const slot = (tenantId: string, key: ReadAheadKey) => `${tenantId}\u0000${key.kind}\u0000${key.id}`;

/** Items one store's consistent read returned, each key found or not. */
export function readAheadOf(tenantId: string, fetched: readonly { key: ReadAheadKey; item: Record<string, unknown> | undefined }[]): ReadAhead {
  const left = new Map(fetched.map(({ key, item }) => [slot(tenantId, key), { item }] as const));
  return {
    take(tenant, key) {
      const name = slot(tenant.id, key);
      const hit = left.get(name);
      left.delete(name);
      return hit;
    },
  };
}

export const NOTHING_READ_AHEAD: ReadAhead = { take: () => undefined };
