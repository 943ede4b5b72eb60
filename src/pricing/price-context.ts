import type { TenantContext } from '../tenants/tenant';

/** A variant's price in one list: what a shopper pays, and the compare-at it is shown against. */
export type ListPrice = { readonly price: number; readonly compareAtPrice?: number | null | undefined };

/**
 * Which list a price came from, stored on order lines: the variant's own price in the store's
 * currency, an explicit price in another enabled currency, or a customer group's list.
 */
export type PriceListName = 'base' | `currency:${string}` | `group:${string}`;

/**
 * Who a request prices for: the currency chosen (the store's own or one it has enabled) and, for
 * a signed-in member of a customer group, that group. Built once per request; a request with a
 * group must never read or fill a shared (visitors' or edge) cache.
 */
export type PriceContext = {
  readonly currency: string;
  readonly groupId?: string | undefined;
};

/**
 * A customer group's price lists, kept per product so that a catalog page is one BatchGet beside
 * its Query, and a product page one GetItem beside its own (in flight together: one round trip).
 */
export interface GroupPriceReader {
  /** The group's prices in `currency`: productId → variantId → price. Products with none are absent. */
  pricesFor(
    tenant: TenantContext,
    groupId: string,
    currency: string,
    productIds: readonly string[],
  ): Promise<ReadonlyMap<string, Readonly<Record<string, ListPrice>>>>;
}
