import type { DomainEvent } from '../events/event';
import type { InventoryEntry } from '../inventory/inventory';
import type { IdempotentCommit } from '../shared/idempotency';
import type { Page, PageRequest } from '../shared/page';
import type { ReadAhead } from '../shared/read-ahead';
import type { TenantContext } from '../tenants/tenant';
import type { BrowseQuery } from './browse';
import { ConflictError, DomainError } from '../shared/errors';
import type { Product, VariantStock } from './product';

export type ProductVisibility = 'all' | 'active';

/**
 * Tenant-scoped product storage. Every write is one atomic unit together with the events it
 * produces (outbox), and is conditional on the version the caller read: a stale write throws
 * StaleWriteError instead of overwriting someone else's change.
 */
export interface ProductRepository {
  /**
   * A consistent read. With `readAhead`, the copy the request's first read already fetched (see
   * ReadAhead) answers instead, once; without one fetched, the store does.
   */
  get(tenant: TenantContext, id: string, options?: { readAhead?: ReadAhead | undefined }): Promise<Product | undefined>;
  list(tenant: TenantContext, visibility: ProductVisibility, page: PageRequest): Promise<Page<Product>>;
  /** The storefront: active products, sorted, filtered and searched, a page at a time. */
  browse(tenant: TenantContext, query: BrowseQuery): Promise<Page<Product>>;
  /**
   * Brings the product's "Top rated" sort key up to its rating counters as they are now
   * (src/catalog/rating-rank.ts). `raced` when the counters moved between read and write (the
   * write is conditioned on the counters it read, so a late writer never overwrites a newer key).
   */
  rankByRating(tenant: TenantContext, id: string): Promise<'ranked' | 'unchanged' | 'raced' | 'missing'>;
  /**
   * Throws ConflictError when a SKU is taken within the tenant, HandleTakenError when the handle
   * is. `initial` starts each variant's stock trail, in the same transaction.
   * `commit` (every write that takes one): the idempotency record, completed in the same transaction.
   */
  create(tenant: TenantContext, product: Product, initial: readonly InventoryEntry[], events: readonly DomainEvent[], commit?: IdempotentCommit): Promise<void>;
  /**
   * A product edit: sets only the product's own fields (never the stock of existing variants,
   * nor other writers' attributes), conditional on the version `previous` was read at. SKU and
   * handle claims move with their variants and handle; new variants start their stock (`initial`
   * their trails); removed ones lose their stock entry and SKU claim.
   */
  update(
    tenant: TenantContext,
    previous: Product,
    next: Product,
    events: readonly DomainEvent[],
    options?: { initial?: readonly InventoryEntry[]; commit?: IdempotentCommit | undefined },
  ): Promise<void>;
  delete(tenant: TenantContext, previous: Product, events: readonly DomainEvent[]): Promise<void>;
  /**
   * Writes one variant's new stock (and the product's `available`), the audit entry and the
   * events together, conditional on the stock `previous` was read with; never the version.
   */
  recordStockChange(
    tenant: TenantContext,
    previous: Product,
    change: { variantId: string; stock: VariantStock; available: boolean },
    entry: InventoryEntry,
    events: readonly DomainEvent[],
    commit?: IdempotentCommit,
  ): Promise<void>;
  history(tenant: TenantContext, productId: string, variantId: string, page: PageRequest): Promise<Page<InventoryEntry>>;
}

/** Another product of the store has this handle. */
export class HandleTakenError extends ConflictError {
  constructor(readonly handle: string) {
    super(`Handle ${handle} is already used by another product in this store.`, { extra: { field: 'handle' } });
  }
}

/**
 * The product changed between our read and our write. Services re-read and try again; when they
 * give up (too many writers at once) it reaches the client as a 409 it may retry after a moment.
 */
export class StaleWriteError extends DomainError {
  readonly status = 409;
  readonly code = 'write-conflict';
  override readonly retryAfterSeconds = 1;
  /** `productId` when known (for logs): a cancelled transaction does not say which item it collided on. */
  constructor(readonly productId?: string) {
    super('This product is being changed by others right now; try again in a moment.');
  }
}
