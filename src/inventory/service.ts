import type { ProductRepository } from '../catalog/repository';
import { StaleWriteError } from '../catalog/repository';
import { MAX_STOCK, type Product } from '../catalog/product';
import { domainEvent, type DomainEvent } from '../events/event';
import { ConflictError, NotFoundError } from '../shared/errors';
import { keyedMutex } from '../shared/keyed-mutex';
import type { IdempotentWrite } from '../shared/idempotency';
import type { PageRequest } from '../shared/page';
import type { ReadAhead } from '../shared/read-ahead';
import { retrying } from '../shared/retry';
import type { TenantContext } from '../tenants/tenant';
import { thresholdEvents, type Adjustment, type InventoryEntry, type StockLevel } from './inventory';

export type InventoryDeps = {
  products: ProductRepository;
  now?: () => Date;
  /** Attempts against concurrent writers in other processes (in-process writers queue instead). */
  attempts?: number;
};

export type InventoryService = ReturnType<typeof createInventoryService>;

export class InsufficientStockError extends ConflictError {
  constructor(productId: string, current: number, delta: number) {
    super(`Adjusting product ${productId} by ${delta} would make its stock negative (current stock ${current}).`, {
      extra: { currentStock: current },
    });
  }
}

/** 409 like a negative result: the same adjustment is fine at another stock level. */
export class StockLimitError extends ConflictError {
  constructor(productId: string, current: number, delta: number) {
    super(`Adjusting product ${productId} by ${delta} would take its stock past the limit of ${MAX_STOCK} (current stock ${current}).`, {
      extra: { currentStock: current, maxStock: MAX_STOCK },
    });
  }
}

export function createInventoryService(deps: InventoryDeps) {
  const { products } = deps;
  const now = deps.now ?? (() => new Date());
  const withLock = keyedMutex();

  /**
   * Read, compute, conditionally write; on a lost race re-read and compute again. The first read
   * is the copy the request's re-check read ahead, when there is one and no change of this
   * product queued before us in this process (it would be stale for sure); the repository hands
   * it out once, so a retry reads afresh.
   */
  async function change(
    tenant: TenantContext,
    actor: string,
    productId: string,
    target: (product: Product) => number,
    reason: string,
    note: string | undefined,
    readAhead: ReadAhead | undefined,
    idempotent?: IdempotentWrite<InventoryEntry>,
  ): Promise<InventoryEntry> {
    // The events go out from the table's stream (src/events/stream-publishing.ts), not from here:
    // the request ends with the commit.
    return withLock(`${tenant.id}#${productId}`, (queued) =>
      retrying(
        async () => {
          const previous = await products.get(tenant, productId, { readAhead: queued ? undefined : readAhead });
          if (!previous) throw new NotFoundError(`No product ${productId} in this store.`);
          const current = target(previous);
          if (current < 0) throw new InsufficientStockError(productId, previous.stock, current - previous.stock);
          if (current > MAX_STOCK) throw new StockLimitError(productId, previous.stock, current - previous.stock);
          const occurredAt = now().toISOString();
          const m = { tenantId: tenant.id, actor, occurredAt };
          const facts = { productId, sku: previous.sku, previous: previous.stock, current, delta: current - previous.stock, reason };
          const changed = domainEvent('catalog.inventory', 'InventoryChanged', m, note === undefined ? facts : { ...facts, note });
          const events: DomainEvent[] = [
            changed,
            ...thresholdEvents(previous.stock, current, previous.lowStockThreshold).map((type) =>
              domainEvent('catalog.inventory', type, m, { ...facts, threshold: previous.lowStockThreshold }),
            ),
          ];
          const entry: InventoryEntry = {
            eventId: changed.detail.eventId,
            productId,
            previous: previous.stock,
            current,
            delta: current - previous.stock,
            reason,
            ...(note === undefined ? {} : { note }),
            actor,
            occurredAt,
          };
          const next: Product = { ...previous, stock: current, updatedAt: occurredAt, version: previous.version + 1 };
          // A retried attempt computes a new entry, so the answer is made afresh each time too.
          await products.recordStockChange(tenant, previous, next, entry, events, idempotent?.commit(entry));
          idempotent?.committed();
          return entry;
        },
        { retryable: (e) => e instanceof StaleWriteError, attempts: deps.attempts ?? 50, baseMs: 5, capMs: 100 },
      ),
    );
  }

  return {
    /** With `idempotent`, the answer to a retry is written in the stock change's own transaction. */
    adjust: (tenant: TenantContext, actor: string, productId: string, input: Adjustment, readAhead?: ReadAhead, idempotent?: IdempotentWrite<InventoryEntry>) =>
      change(tenant, actor, productId, (p) => p.stock + input.delta, input.reason, input.note, readAhead, idempotent),

    setLevel: (tenant: TenantContext, actor: string, productId: string, input: StockLevel, readAhead?: ReadAhead) =>
      change(tenant, actor, productId, () => input.stock, input.reason, input.note, readAhead),

    /** Like every product route, another store's product (or none) is a 404, not an empty trail. */
    async history(tenant: TenantContext, productId: string, page: PageRequest, readAhead?: ReadAhead) {
      if (!(await products.get(tenant, productId, { readAhead }))) throw new NotFoundError(`No product ${productId} in this store.`);
      return products.history(tenant, productId, page);
    },
  };
}
