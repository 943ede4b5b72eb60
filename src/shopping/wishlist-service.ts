import { ConflictError, NotFoundError } from '../shared/errors';
import type { TenantContext } from '../tenants/tenant';
import type { CartRepository } from './cart-repository';
import type { CartService } from './cart-service';
import { MAX_WISHLIST_ITEMS } from './limits';
import type { PriceContext } from '../pricing/price-context';
import { createPricedReads, type PricedReads } from '../pricing/priced-reads';
import { pricedProducts } from '../pricing/price-resolver';
import { wishlistItem, type WishlistItemView, type WishlistRepository } from './wishlist';

export type WishlistDeps = {
  wishlists: WishlistRepository;
  /** The products a wishlist names are read as the cart reads them (one BatchGetItem). */
  carts: Pick<CartRepository, 'products'>;
  cart: Pick<CartService, 'add'>;
  imageUrl: (key: string) => string;
  now?: () => Date;
  /** Prices for the shopper's context (src/pricing/priced-reads.ts); absent: no group prices. */
  pricedReads?: PricedReads;
};

/** Saved variants of signed-in customers (docs/architecture.md, "Cart and wishlist"). */
export function createWishlistService(deps: WishlistDeps) {
  const now = deps.now ?? (() => new Date());
  const pricedReads = deps.pricedReads ?? createPricedReads();

  return {
    /** `price`: whose prices, in which currency (src/pricing/); the store's own without. */
    async list(tenant: TenantContext, sub: string, price?: PriceContext): Promise<WishlistItemView[]> {
      const entries = await deps.wishlists.list(tenant, sub);
      if (entries.length === 0) return [];
      const context = price ?? { currency: tenant.settings.currency };
      const ids = [...new Set(entries.map((entry) => entry.productId))];
      const [read, resolve] = await pricedReads.withResolver(tenant, context, ids, () => deps.carts.products(tenant, ids));
      const products = pricedProducts(read, resolve);
      return entries.map((entry) => wishlistItem(entry, products.get(entry.productId), context.currency, deps.imageUrl));
    },

    /** Saves a variant of an active product, sold out or not (that is what back-in-stock emails are for). */
    async save(tenant: TenantContext, sub: string, productId: string, variantId: string): Promise<void> {
      const [entries, products] = await Promise.all([deps.wishlists.list(tenant, sub), deps.carts.products(tenant, [productId])]);
      const product = products.get(productId);
      const variant = product?.variants.find((candidate) => candidate.id === variantId);
      if (product?.status !== 'active' || !variant?.active) throw new NotFoundError('No such product or variant in this store.');
      if (entries.some((entry) => entry.variantId === variantId)) return;
      if (entries.length >= MAX_WISHLIST_ITEMS) throw new ConflictError(`A wishlist holds at most ${MAX_WISHLIST_ITEMS} items; remove one first.`);
      await deps.wishlists.save(tenant, sub, { productId, variantId, savedAt: now().toISOString() });
    },

    async remove(tenant: TenantContext, sub: string, variantId: string): Promise<void> {
      if (!(await deps.wishlists.remove(tenant, sub, variantId))) throw new NotFoundError('This item is not on your wishlist.');
    },

    /** Puts one of a saved variant in the customer's cart, then takes it off the wishlist. */
    async moveToCart(tenant: TenantContext, sub: string, variantId: string, price?: PriceContext): Promise<{ count: number }> {
      const entry = (await deps.wishlists.list(tenant, sub)).find((candidate) => candidate.variantId === variantId);
      if (!entry) throw new NotFoundError('This item is not on your wishlist.');
      const added = await deps.cart.add(tenant, { kind: 'customer', sub }, { productId: entry.productId, variantId, quantity: 1 }, price);
      await deps.wishlists.remove(tenant, sub, variantId);
      return added;
    },
  };
}

export type WishlistService = ReturnType<typeof createWishlistService>;
