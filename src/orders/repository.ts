import type { Product } from '../catalog/product';
import type { DiscountUseMove } from '../discounts/repository';
import type { DomainEvent } from '../events/event';
import type { InventoryEntry } from '../inventory/inventory';
import type { DocumentCounterClaim } from '../invoices/document';
import type { IdempotentCommit } from '../shared/idempotency';
import type { Page, PageRequest } from '../shared/page';
import type { ReadAhead } from '../shared/read-ahead';
import type { TenantContext } from '../tenants/tenant';
import type { Order, OrderStatus } from './order';
import type { PlannedStockWrite } from './stock-moves';

/** What a change of an order writes with it, all in one transaction. */
export type OrderWrite = {
  stock: readonly PlannedStockWrite[];
  /** Trail entries of the variants whose shelf count (`onHand`) moves. */
  entries: readonly InventoryEntry[];
  events: readonly DomainEvent[];
  /** Invoice and credit-note numbers taken by this change (src/invoices/numbering.ts). */
  counters?: readonly DocumentCounterClaim[];
  /** Discount counters moved with the order (src/discounts/checkout.ts): uses counted at placing, given back on cancel or expiry. */
  discountUses?: readonly DiscountUseMove[];
};

/**
 * Orders and the stock they hold. Every write is ONE transaction: the order, each product's
 * stock write (conditioned on the counts read, src/orders/stock-moves.ts), the trail entries and
 * the outbox. A lost race (a condition on the order or a product, or a transaction conflict)
 * throws StaleWriteError: the service reads again and re-plans.
 */
export interface OrderRepository {
  /**
   * The products of a checkout, in one consistent BatchGetItem; missing ids are absent from the map.
   * With `readAhead`, those the request's first read already fetched (a signed-in caller's re-check,
   * `readsAhead` on the route) are taken from it and only the others are read.
   */
  products(tenant: TenantContext, ids: readonly string[], readAhead?: ReadAhead): Promise<Map<string, Product>>;
  /** A new order; `payment` the provider's id, whose platform pointer is written in the same transaction. */
  place(tenant: TenantContext, order: Order, write: OrderWrite, commit?: IdempotentCommit): Promise<void>;
  get(tenant: TenantContext, orderId: string): Promise<Order | undefined>;
  /** `next` replaces `previous`, conditioned on the version `previous` was read at. */
  update(tenant: TenantContext, previous: Order, next: Order, write: OrderWrite): Promise<void>;
  list(tenant: TenantContext, filter: { status?: OrderStatus | undefined; q?: string | undefined }, page: PageRequest): Promise<Page<Order>>;
  listForCustomer(tenant: TenantContext, userId: string, page: PageRequest): Promise<Page<Order>>;
  /** Ids of unpaid orders whose reservation ended before `now` (at most `limit`). */
  expiredReservations(tenant: TenantContext, now: Date, limit: number): Promise<string[]>;
  /** The store and order a payment belongs to (platform records; the webhook's one way in). */
  paymentOwner(paymentId: string): Promise<{ tenantId: string; orderId: string } | undefined>;
}

/**
 * Orders move products' stock (and availability): like the catalog's own writes
 * (`forgettingOnWrite`), each drops this instance's cached visitor reads of the store, failed
 * writes too (a timed-out one may still have landed).
 */
export function forgettingOrderWrites(orders: OrderRepository, cache: { forget(tenant: TenantContext): void }): OrderRepository {
  return {
    ...orders,
    async place(tenant, order, write, commit) {
      try {
        await orders.place(tenant, order, write, commit);
      } finally {
        cache.forget(tenant);
      }
    },
    async update(tenant, previous, next, write) {
      try {
        await orders.update(tenant, previous, next, write);
      } finally {
        if (write.stock.length > 0) cache.forget(tenant);
      }
    },
  };
}
