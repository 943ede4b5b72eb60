import type { TenantContext } from '../tenants/tenant';
import type { GroupPriceReader, PriceContext } from './price-context';
import { priceResolver, type GroupPrices, type PriceResolver } from './price-resolver';

export type PricedReads = ReturnType<typeof createPricedReads>;

/**
 * Reads that price for a shopper (cart, wishlist, checkout): the group's prices, when the context
 * has a group and the platform a reader, are read beside the products (in flight together: one
 * round trip), and the resolver for the context is built from them.
 */
export function createPricedReads(groupPrices?: GroupPriceReader) {
  const groupOf = async (tenant: TenantContext, context: PriceContext, productIds: readonly string[]): Promise<GroupPrices | undefined> =>
    context.groupId === undefined || !groupPrices || productIds.length === 0
      ? undefined
      : groupPrices.pricesFor(tenant, context.groupId, context.currency, productIds);
  return {
    groupOf,
    /** `read` (of the products `productIds` names) with the group's prices beside it; its value and the context's resolver. */
    async withResolver<T>(tenant: TenantContext, context: PriceContext, productIds: readonly string[], read: () => Promise<T>): Promise<[T, PriceResolver]> {
      const [value, group] = await Promise.all([read(), groupOf(tenant, context, productIds)]);
      return [value, priceResolver(tenant.settings.currency, context, group)];
    },
  };
}
