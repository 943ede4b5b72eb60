import type { Product } from '../catalog/product';
import type { ReadAhead } from '../shared/read-ahead';
import { retrying } from '../shared/retry';
import { NotFoundError, ValidationError } from '../shared/errors';
import type { TenantContext } from '../tenants/tenant';
import {
  addToCart,
  CartLineError,
  cartIdOf,
  cartView,
  countOf,
  emptyCart,
  guestExpiry,
  isExpired,
  mergeCarts,
  productIdsOf,
  reconcile,
  setLineQuantity,
  type AddLine,
  type CartRef,
  type CartView,
  type CheckoutLine,
  type StoredCart,
} from './cart';
import { CartChangedError, type CartRepository } from './cart-repository';
import type { PriceContext } from '../pricing/price-context';
import { createPricedReads, type PricedReads } from '../pricing/priced-reads';
import { pricedProduct, pricedProducts } from '../pricing/price-resolver';
import { inCurrency } from '../pricing/cart-currency';

export type CartDeps = {
  carts: CartRepository;
  /** A product image's URL from its object key (the media store's). */
  imageUrl?: (key: string) => string;
  now?: () => Date;
  attempts?: number;
  /** Prices for the shopper's context (src/pricing/priced-reads.ts); absent: no group prices. */
  pricedReads?: PricedReads;
};

/** A refused line change, as the API's 422 (with the field it is about and why, for the pages). */
export class CartRefusedError extends ValidationError {
  constructor(
    readonly reason: CartLineError['reason'],
    message: string,
  ) {
    super(message, [{ path: reason === 'too-many-lines' ? 'variantId' : 'quantity', message }]);
  }
}
const refused = (error: CartLineError) => new CartRefusedError(error.reason, error.message);

/**
 * The cart's use cases (docs/architecture.md, "Cart and wishlist"). Reads re-check every line
 * against today's products (cart GetItem + one BatchGetItem) and save what changed, so each notice
 * is told once; changes read the cart and the product together and save on the version read,
 * redoing the change when another request saved first.
 */
export function createCartService(deps: CartDeps) {
  const { carts } = deps;
  const now = deps.now ?? (() => new Date());
  const pricedReads = deps.pricedReads ?? createPricedReads();
  /** Whose prices, in which currency (src/pricing/): the store's own unless the request says. */
  const contextOf = (tenant: TenantContext, price: PriceContext | undefined): PriceContext => price ?? { currency: tenant.settings.currency };

  /** The stored cart, or an empty one in its place (never stored, or abandoned: a guest cart past its expiry is gone). */
  const live = (stored: StoredCart | undefined, cartId: string, at: Date): StoredCart =>
    !stored ? emptyCart(cartId) : isExpired(stored, at) ? { ...emptyCart(cartId), version: stored.version } : stored;

  /** A save stamps the time and, for guests, pushes the abandonment date out again. */
  const stamped = (cart: StoredCart, ref: CartRef, at: Date): StoredCart => {
    const { expiresAt: _previous, ...rest } = cart;
    return { ...rest, updatedAt: at.toISOString(), ...(ref.kind === 'guest' ? { expiresAt: guestExpiry(at) } : {}) };
  };

  const redoOnRace = <T>(attempt: () => Promise<T>) =>
    retrying(attempt, { retryable: (error) => error instanceof CartChangedError, attempts: deps.attempts ?? 8, baseMs: 5, capMs: 50 });

  /** Today's cart: lines re-checked, what changed saved (once), the notices of this read. */
  async function current(tenant: TenantContext, ref: CartRef, readAhead?: ReadAhead, price?: PriceContext) {
    const context = contextOf(tenant, price);
    return redoOnRace(async () => {
      const at = now();
      const cartId = cartIdOf(ref);
      // The copy read ahead serves the first attempt only (it is handed out once): a redo reads afresh.
      const stored = live(await carts.get(tenant, cartId, readAhead), cartId, at);
      const ids = productIdsOf(stored);
      const products =
        stored.lines.length > 0
          ? await pricedReads.withResolver(tenant, context, ids, () => carts.products(tenant, ids)).then(([read, resolve]) => pricedProducts(read, resolve))
          : new Map();
      // A cart last priced in another currency takes today's prices in this one without a "price changed" notice.
      const cart = inCurrency(stored, products, context.currency, tenant.settings.currency);
      const checked = reconcile(cart, products, context.currency);
      const saved = checked.changed || cart !== stored ? await carts.save(tenant, stamped(checked.cart, ref, at)) : checked.cart;
      return { cart: saved, products, notices: checked.notices };
    });
  }

  /** Reads the cart and the product, applies `change`, saves; undefined from `change`: nothing to save. */
  async function change(
    tenant: TenantContext,
    ref: CartRef,
    productId: string,
    apply: (cart: StoredCart, product: Product | undefined, at: Date) => StoredCart,
    price?: PriceContext,
  ) {
    const context = contextOf(tenant, price);
    return redoOnRace(async () => {
      const at = now();
      const cartId = cartIdOf(ref);
      const [read, resolve] = await pricedReads.withResolver(tenant, context, [productId], () => carts.getWithProduct(tenant, cartId, productId));
      const product = read.product && pricedProduct(read.product, resolve);
      const cart = live(read.cart, cartId, at);
      // Marked in this currency only when its other lines are too: otherwise the next read retakes them all in it (cart-currency.ts).
      const sameCurrency = cart.lines.length === 0 || (cart.currency ?? tenant.settings.currency) === context.currency;
      const next = { ...apply(cart, product, at), ...(sameCurrency ? { currency: context.currency } : {}) };
      return carts.save(tenant, stamped(next, ref, at));
    });
  }

  /** `readAhead`: a signed-in caller's cart, read with their re-check (then the read is that and one BatchGetItem). */
  async function view(tenant: TenantContext, ref: CartRef, readAhead?: ReadAhead, price?: PriceContext): Promise<CartView> {
    const { cart, products, notices } = await current(tenant, ref, readAhead, price);
    return cartView(cart, products, notices, contextOf(tenant, price).currency, deps.imageUrl);
  }

  return {
    view,

    /** The mini cart's number: the cart item alone (one GetItem), not re-checked. */
    async count(tenant: TenantContext, ref: CartRef, readAhead?: ReadAhead): Promise<number> {
      const cartId = cartIdOf(ref);
      return countOf(live(await carts.get(tenant, cartId, readAhead), cartId, now()));
    },

    /** Adds a variant (to its line if there is one): two round trips, the read of cart and product and the conditional save. */
    async add(tenant: TenantContext, ref: CartRef, input: AddLine, price?: PriceContext): Promise<{ count: number }> {
      try {
        const saved = await change(tenant, ref, input.productId, (cart, product, at) => addToCart(cart, product, input, at), price);
        return { count: countOf(saved) };
      } catch (error) {
        if (error instanceof CartLineError) throw refused(error);
        throw error;
      }
    },

    /** Sets a line's quantity (0 removes it) and answers the re-checked cart. */
    async setQuantity(tenant: TenantContext, ref: CartRef, variantId: string, quantity: number, price?: PriceContext): Promise<CartView> {
      const cartId = cartIdOf(ref);
      const stored = await carts.get(tenant, cartId);
      const line = live(stored, cartId, now()).lines.find((candidate) => candidate.variantId === variantId);
      if (!line) throw new NotFoundError('This item is not in your cart.');
      try {
        await change(
          tenant,
          ref,
          line.productId,
          (cart, product) => {
            const next = setLineQuantity(cart, product, variantId, quantity);
            if (!next) throw new NotFoundError('This item is not in your cart.');
            return next;
          },
          price,
        );
      } catch (error) {
        if (error instanceof CartLineError) throw refused(error);
        throw error;
      }
      return view(tenant, ref, undefined, price);
    },

    removeLine(tenant: TenantContext, ref: CartRef, variantId: string, price?: PriceContext) {
      return this.setQuantity(tenant, ref, variantId, 0, price);
    },

    /**
     * For checkout: the lines to order, re-checked against today's products (prices, stock,
     * availability; what changed is saved, as on any read). Unit prices in minor units of the
     * store's currency.
     */
    async cartLines(tenant: TenantContext, ref: CartRef, price?: PriceContext): Promise<CheckoutLine[]> {
      const { cart } = await current(tenant, ref, undefined, price);
      return cart.lines.map(({ productId, variantId, quantity, unitPrice }) => ({ productId, variantId, quantity, unitPrice }));
    },

    /** Empties the cart once its order is placed. */
    async clearCart(tenant: TenantContext, ref: CartRef): Promise<void> {
      await carts.remove(tenant, cartIdOf(ref));
    },

    /**
     * A guest who signed in: their guest cart joins the customer's (same variants' quantities
     * summed, capped by stock and limits) and is removed, in one transaction. Nothing to merge
     * (no guest cart, an empty or abandoned one): the guest cart is simply dropped.
     */
    async mergeGuest(tenant: TenantContext, guestId: string, sub: string): Promise<void> {
      const guestRef: CartRef = { kind: 'guest', id: guestId };
      const customerRef: CartRef = { kind: 'customer', sub };
      await redoOnRace(async () => {
        const at = now();
        const guest = await carts.get(tenant, cartIdOf(guestRef));
        if (!guest) return;
        if (isExpired(guest, at) || guest.lines.length === 0) {
          await carts.remove(tenant, guest.cartId);
          return;
        }
        const customerId = cartIdOf(customerRef);
        const mine = live(await carts.get(tenant, customerId), customerId, at);
        const products = await carts.products(tenant, productIdsOf(mine, guest));
        await carts.saveMerged(tenant, stamped(mergeCarts(mine, guest, products), customerRef, at), guest);
      });
    },
  };
}

export type CartService = ReturnType<typeof createCartService>;
