import * as v from 'valibot';
import type { DomainEvent } from '../events/event';
import type { TenantRegistry } from '../tenants/registry';
import { tenantContext, type TenantContext } from '../tenants/tenant';

/** The events after which a product's listing rows may no longer match it. */
export const LISTING_EVENTS = [
  { source: 'catalog.products', detailType: 'ProductCreated' },
  { source: 'catalog.products', detailType: 'ProductUpdated' },
  { source: 'catalog.products', detailType: 'ProductDeleted' },
  { source: 'catalog.inventory', detailType: 'InventoryChanged' },
  // Orders hold and give back stock, which moves a product's availability (they name `productIds`).
  { source: 'shop.orders', detailType: 'StockReserved' },
  { source: 'shop.orders', detailType: 'ReservationExpired' },
  { source: 'shop.orders', detailType: 'OrderCancelled' },
  { source: 'shop.orders', detailType: 'OrderRefunded' },
  // Reviews move a product's rating, which its cards show (they name `productId`).
  { source: 'shop.reviews', detailType: 'ReviewPublished' },
  { source: 'shop.reviews', detailType: 'ReviewRemoved' },
] as const;

const ProductId = v.pipe(v.string(), v.minLength(1));
const ProductEventDetail = v.union([
  v.looseObject({ tenantId: v.string(), productId: ProductId }),
  v.looseObject({ tenantId: v.string(), productIds: v.pipe(v.array(ProductId), v.maxLength(100)) }),
]);

export type ListingOutcome = 'ignored' | 'no-store' | 'synced';

/**
 * The listing consumer: after a product event, its rows on category and collection pages and the
 * counts are brought up to date. The event only says which product; `sync` reads the product as it
 * is now, so duplicates and any delivery order end in the same state.
 */
export function createListingConsumer(deps: { registry: Pick<TenantRegistry, 'get'>; sync: (tenant: TenantContext, productId: string) => Promise<unknown> }) {
  return {
    async handle(event: DomainEvent): Promise<ListingOutcome> {
      if (!LISTING_EVENTS.some((e) => e.source === event.source && e.detailType === event.detailType)) return 'ignored';
      const detail = v.safeParse(ProductEventDetail, event.detail);
      if (!detail.success) return 'ignored';
      // The registry, not the event, says which store this is: a tenant context is only minted from a record.
      const store = await deps.registry.get(detail.output.tenantId);
      if (!store) return 'no-store';
      const tenant = tenantContext(store);
      const ids: string[] = 'productIds' in detail.output ? (detail.output.productIds as string[]) : [detail.output.productId as string];
      for (const id of ids) await deps.sync(tenant, id);
      return ids.length > 0 ? 'synced' : 'ignored';
    },
  };
}
