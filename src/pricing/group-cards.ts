import type { ShownCard } from '../catalog/listing-card';
import type { Product } from '../catalog/product';
import type { TenantContext } from '../tenants/tenant';
import type { GroupPriceReader, PriceContext } from './price-context';
import { priceResolver, pricedProduct } from './price-resolver';

/** Products by id in one BatchGetItem (missing ones absent): the cart repository's `products`. */
export type ProductsById = (tenant: TenantContext, productIds: readonly string[]) => Promise<ReadonlyMap<string, Product>>;

export type GroupCardDeps = { groupPrices?: GroupPriceReader | undefined; products?: ProductsById | undefined };

/**
 * Category, collection and search cards as a customer group's member sees them (docs/pricing.md,
 * "Group prices and caches"). The cards come from shared caches that never hold a group price;
 * this lowers each one afterwards. The cards name their products, so the group's prices and the
 * products are read together (one round trip more). The products, not a per-variant price map on
 * the card, because the listing rows and the search index stay as they are (no new field, nothing
 * to backfill) and the card's price comes from the one rule every other read uses
 * (`priceResolver`, `pricedProduct`): the lowest active variant at its group price, else at its
 * price in the currency.
 */
export function createGroupCards(deps: GroupCardDeps) {
  return async function forGroup(tenant: TenantContext, context: PriceContext | undefined, cards: ShownCard[]): Promise<ShownCard[]> {
    const { groupPrices, products } = deps;
    if (context?.groupId === undefined || !groupPrices || !products || cards.length === 0) return cards;
    const ids = [...new Set(cards.map((card) => card.productId))];
    const [group, read] = await Promise.all([groupPrices.pricesFor(tenant, context.groupId, context.currency, ids), products(tenant, ids)]);
    const resolve = priceResolver(tenant.settings.currency, context, group);
    return cards.map((card) => {
      const product = read.get(card.productId);
      if (!group.has(card.productId) || !product) return card;
      const priced = pricedProduct(product, resolve);
      if (!priced.variants.some((variant) => variant.active)) return card;
      const { notSoldIn: _shownInStoreCurrency, ...rest } = card;
      const { currency } = context;
      return {
        ...rest,
        price: { amount: priced.listedPrice, currency },
        compareAt: priced.listedCompareAt === null ? null : { amount: priced.listedCompareAt, currency },
      };
    });
  };
}

export type GroupCards = ReturnType<typeof createGroupCards>;
