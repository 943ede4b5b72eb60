import * as v from 'valibot';
import { LISTING_EVENTS } from '../catalog/listing-consumer';
import type { DomainEvent } from '../events/event';
import { keyedMutex } from '../shared/keyed-mutex';
import type { TenantRegistry } from '../tenants/registry';
import { tenantContext, type TenantContext } from '../tenants/tenant';
import type { SearchCatalog } from './catalog-source';
import { searchDocOf, type SearchDoc } from './document';
import { deserialiseIndex, docCount, indexOf, putDoc, serialiseIndex, type SearchIndex } from './engine';
import type { SearchIndexStore } from './index-store';

/** The events after which a product's document may no longer match it: the listing consumer's. */
export const SEARCH_EVENTS = LISTING_EVENTS;

const ProductEventDetail = v.looseObject({ tenantId: v.string(), productId: v.pipe(v.string(), v.minLength(1)) });

export type IndexOutcome = 'ignored' | 'no-store' | 'indexed';

/**
 * The one writer of each store's search index (docs/architecture.md, "Search"). On AWS it is the
 * consumer of a FIFO queue whose message group is the store, so one batch of a store runs at a
 * time and no two writers race on its object; locally it is subscribed to the in-process bus, and
 * a per-store lock plays the message group's part.
 *
 * Events only say which product: the writer reads the product as it is now, so duplicates and any
 * order end in the same index. Events that arrive while a store's batch is being written join the
 * next batch, so a burst of writes costs one load and one save, not one per product. A store
 * without an index yet (new, or written before search existed) gets a full build from its catalog.
 */
export function createSearchIndexer(deps: {
  registry: Pick<TenantRegistry, 'get'>;
  store: SearchIndexStore;
  catalog: SearchCatalog;
  /** Told of each index saved, so a reader in the same process answers from it at once. */
  onSaved?: (tenant: TenantContext, index: SearchIndex, etag: string) => void;
}) {
  const withLock = keyedMutex();
  const waiting = new Map<string, { ids: Set<string>; done: Promise<void> }>();
  const inFlight = new Set<Promise<unknown>>();
  /** Remembers work until it settles, for `idle()`. */
  const track = <T>(work: Promise<T>): Promise<T> => {
    const settled = work.catch(() => undefined);
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
    return work;
  };
  // The writer's own copy of each index it wrote: a batch then costs a 304 check, not a download.
  const held = new Map<string, { index: SearchIndex; etag: string }>();

  async function current(tenant: TenantContext): Promise<{ index: SearchIndex; rebuilt: boolean }> {
    const mine = held.get(tenant.id);
    const stored = await deps.store.read(tenant, mine?.etag);
    if (stored === 'unchanged' && mine) return { index: mine.index, rebuilt: false };
    if (stored && stored !== 'unchanged') return { index: await deserialiseIndex(stored.bytes), rebuilt: false };
    return { index: await build(tenant), rebuilt: true };
  }

  async function build(tenant: TenantContext): Promise<SearchIndex> {
    const tree = await deps.catalog.categories(tenant);
    const docs: SearchDoc[] = [];
    for await (const { product, categoryIds } of deps.catalog.everything(tenant)) docs.push(searchDocOf(product, categoryIds, tree));
    return indexOf(docs);
  }

  async function save(tenant: TenantContext, index: SearchIndex) {
    const etag = await deps.store.write(tenant, serialiseIndex(index));
    held.set(tenant.id, { index, etag });
    deps.onSaved?.(tenant, index, etag);
  }

  async function apply(tenant: TenantContext, productIds: readonly string[]) {
    const { index, rebuilt } = await current(tenant);
    if (!rebuilt) {
      const tree = await deps.catalog.categories(tenant);
      for (const id of productIds) {
        const { product, categoryIds } = await deps.catalog.product(tenant, id);
        putDoc(index, id, product ? searchDocOf(product, categoryIds, tree) : undefined);
      }
    }
    await save(tenant, index);
  }

  /** Queues the products for the store's next batch; resolves once that batch is saved. */
  function enqueue(tenant: TenantContext, productIds: Iterable<string>): Promise<void> {
    let batch = waiting.get(tenant.id);
    if (!batch) {
      const ids = new Set<string>();
      const done = withLock(tenant.id, async () => {
        // From here on, new events wait for the next batch.
        waiting.delete(tenant.id);
        await apply(tenant, [...ids]);
      });
      batch = { ids, done };
      waiting.set(tenant.id, batch);
      track(done);
    }
    for (const id of productIds) batch.ids.add(id);
    return batch.done;
  }

  async function storeOf(event: DomainEvent): Promise<{ tenant: TenantContext; productId: string } | IndexOutcome> {
    if (!SEARCH_EVENTS.some((e) => e.source === event.source && e.detailType === event.detailType)) return 'ignored';
    const detail = v.safeParse(ProductEventDetail, event.detail);
    if (!detail.success) return 'ignored';
    // The registry, not the event, says which store this is: a tenant context is only minted from a record.
    const record = await deps.registry.get(detail.output.tenantId);
    if (!record) return 'no-store';
    return { tenant: tenantContext(record), productId: detail.output.productId };
  }

  return {
    /** One event (the local bus delivers them one at a time). */
    handle(event: DomainEvent): Promise<IndexOutcome> {
      return track(
        (async () => {
          const target = await storeOf(event);
          if (typeof target === 'string') return target;
          await enqueue(target.tenant, [target.productId]);
          return 'indexed' as const;
        })(),
      );
    },
    /** A queue's batch: each store's products applied together and saved once. */
    async handleBatch(events: readonly DomainEvent[]): Promise<IndexOutcome[]> {
      const targets = await Promise.all(events.map(storeOf));
      const byStore = new Map<string, { tenant: TenantContext; ids: string[] }>();
      for (const target of targets) {
        if (typeof target === 'string') continue;
        const entry = byStore.get(target.tenant.id) ?? { tenant: target.tenant, ids: [] };
        entry.ids.push(target.productId);
        byStore.set(target.tenant.id, entry);
      }
      await Promise.all([...byStore.values()].map(({ tenant, ids }) => enqueue(tenant, ids)));
      return targets.map((target) => (typeof target === 'string' ? target : 'indexed'));
    },
    /** Builds the store's index from its whole catalog and saves it (a store's first index, or a repair). */
    async rebuild(tenant: TenantContext): Promise<number> {
      return withLock(tenant.id, async () => {
        const index = await build(tenant);
        await save(tenant, index);
        return docCount(index);
      });
    },
    /** Builds the store's index if it has none (start-up on data kept from before search): answers whether it built one. */
    async ensure(tenant: TenantContext): Promise<boolean> {
      if ((await deps.store.read(tenant, held.get(tenant.id)?.etag)) !== undefined) return false;
      return withLock(tenant.id, async () => {
        if ((await deps.store.read(tenant)) !== undefined) return false;
        await save(tenant, await build(tenant));
        return true;
      });
    },
    /** Resolves when every batch queued so far is written (tests, after `streams.drain()`). */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}

export type SearchIndexer = ReturnType<typeof createSearchIndexer>;
