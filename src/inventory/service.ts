import type { ProductRepository } from '../catalog/repository';
import { StaleWriteError } from '../catalog/repository';
import { MAX_STOCK, type Product, type Variant } from '../catalog/product';
import { availableOf, deriveListing } from '../catalog/variants';
import { domainEvent, type DomainEvent } from '../events/event';
import { ConflictError, DomainError, NotFoundError } from '../shared/errors';
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

/**
 * 409: the change would leave fewer on the shelf than orders hold (reserved, not yet shipped). Cancel
 * or ship those orders first; letting it through would sell units that are not there.
 */
export class ReservedStockError extends ConflictError {
  constructor(productId: string, current: number, reserved: number, target: number) {
    super(`Product ${productId} has ${reserved} units held by orders; its stock cannot go below that (current stock ${current}, asked for ${target}).`, {
      extra: { currentStock: current, reserved },
    });
  }
}

/** A product-level inventory route on a product with several variants: which variant is meant is unknown. */
export class SeveralVariantsError extends DomainError {
  readonly status = 409;
  readonly code = 'several-variants';
  constructor(productId: string, variantIds: readonly string[]) {
    super(
      `Product ${productId} has several variants: change the stock of one at /admin/products/${productId}/variants/{variantId}/inventory (and its adjustments and history).`,
      { extra: { variantIds, variantRoutes: variantIds.map((variantId) => `/admin/products/${productId}/variants/${variantId}/inventory`) } },
    );
  }
}

/** Which variant a route means: the one named, or (routes without one) the only one a single-variant product has. */
function variantOf(product: Product, variantId: string | undefined): Variant {
  if (variantId === undefined) {
    if (product.options.length > 0 || product.variants.length !== 1)
      throw new SeveralVariantsError(
        product.id,
        product.variants.map((variant) => variant.id),
      );
    return product.variants[0]!;
  }
  const variant = product.variants.find((candidate) => candidate.id === variantId);
  if (!variant) throw new NotFoundError(`No variant ${variantId} of product ${product.id} in this store.`);
  return variant;
}

export function createInventoryService(deps: InventoryDeps) {
  const { products } = deps;
  const now = deps.now ?? (() => new Date());
  const withLock = keyedMutex();

  /**
   * Read, compute, conditionally write; on a lost race re-read and compute again. The first read
   * is the copy the request's re-check read ahead, when there is one and no change of this
   * product queued before us in this process (it would be stale for sure); the repository hands
   * it out once, so a retry reads afresh. `variantId` undefined: the product's only variant.
   */
  async function change(
    tenant: TenantContext,
    actor: string,
    productId: string,
    variantId: string | undefined,
    target: (onHand: number) => number,
    reason: string,
    note: string | undefined,
    readAhead: ReadAhead | undefined,
    idempotent?: IdempotentWrite<InventoryEntry>,
  ): Promise<InventoryEntry> {
    // The events go out from the table's stream (src/events/stream-publishing.ts), not from here:
    // the request ends with the commit. The lock is the product's: every variant's change is
    // conditioned on the product's whole stock map (its `available` depends on all of them).
    return withLock(`${tenant.id}#${productId}`, (queued) =>
      retrying(
        async () => {
          const previous = await products.get(tenant, productId, { readAhead: queued ? undefined : readAhead });
          if (!previous) throw new NotFoundError(`No product ${productId} in this store.`);
          const variant = variantOf(previous, variantId);
          const stock = previous.stock[variant.id] ?? { onHand: 0, reserved: 0 };
          const was = stock.onHand;
          const current = target(was);
          if (current < 0) throw new InsufficientStockError(productId, was, current - was);
          if (current > MAX_STOCK) throw new StockLimitError(productId, was, current - was);
          // Only a fall below what orders hold is refused: a restock of a variant already short must go through.
          if (current < stock.reserved && current < was) throw new ReservedStockError(productId, was, stock.reserved, current);
          const occurredAt = now().toISOString();
          const m = { tenantId: tenant.id, actor, occurredAt };
          const facts = { productId, variantId: variant.id, sku: variant.sku, previous: was, current, delta: current - was, reason };
          const changed = domainEvent('catalog.inventory', 'InventoryChanged', m, note === undefined ? facts : { ...facts, note });
          const events: DomainEvent[] = [
            changed,
            ...thresholdEvents(was, current, variant.lowStockThreshold).map((type) =>
              domainEvent('catalog.inventory', type, m, { ...facts, threshold: variant.lowStockThreshold }),
            ),
          ];
          const entry: InventoryEntry = {
            eventId: changed.detail.eventId,
            productId,
            variantId: variant.id,
            previous: was,
            current,
            delta: current - was,
            reason,
            ...(note === undefined ? {} : { note }),
            actor,
            occurredAt,
          };
          const nextStock = { onHand: current, reserved: stock.reserved };
          const { available } = deriveListing(previous.variants, { ...previous.stock, [variant.id]: nextStock });
          // A retried attempt computes a new entry, so the answer is made afresh each time too.
          await products.recordStockChange(tenant, previous, { variantId: variant.id, stock: nextStock, available }, entry, events, idempotent?.commit(entry));
          idempotent?.committed();
          return entry;
        },
        { retryable: (e) => e instanceof StaleWriteError, attempts: deps.attempts ?? 50, baseMs: 5, capMs: 100 },
      ),
    );
  }

  return {
    /** With `idempotent`, the answer to a retry is written in the stock change's own transaction. `variantId` undefined: a single-variant product's. */
    adjust: (
      tenant: TenantContext,
      actor: string,
      productId: string,
      variantId: string | undefined,
      input: Adjustment,
      readAhead?: ReadAhead,
      idempotent?: IdempotentWrite<InventoryEntry>,
    ) => change(tenant, actor, productId, variantId, (onHand) => onHand + input.delta, input.reason, input.note, readAhead, idempotent),

    setLevel: (tenant: TenantContext, actor: string, productId: string, variantId: string | undefined, input: StockLevel, readAhead?: ReadAhead) =>
      change(tenant, actor, productId, variantId, () => input.stock, input.reason, input.note, readAhead),

    /** A variant's stock as staff see it. */
    async level(tenant: TenantContext, productId: string, variantId: string | undefined, readAhead?: ReadAhead) {
      const product = await products.get(tenant, productId, { readAhead });
      if (!product) throw new NotFoundError(`No product ${productId} in this store.`);
      const variant = variantOf(product, variantId);
      const stock = product.stock[variant.id] ?? { onHand: 0, reserved: 0 };
      return {
        productId,
        variantId: variant.id,
        sku: variant.sku,
        onHand: stock.onHand,
        reserved: stock.reserved,
        available: availableOf(stock),
        lowStockThreshold: variant.lowStockThreshold,
      };
    },

    /** Like every product route, another store's product (or none) is a 404, not an empty trail. */
    async history(tenant: TenantContext, productId: string, variantId: string | undefined, page: PageRequest, readAhead?: ReadAhead) {
      const product = await products.get(tenant, productId, { readAhead });
      if (!product) throw new NotFoundError(`No product ${productId} in this store.`);
      return products.history(tenant, productId, variantOf(product, variantId).id, page);
    },
  };
}
