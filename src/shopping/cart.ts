import * as v from 'valibot';
import type { Product } from '../catalog/product';
import { availableOf, imageIdOfKey } from '../catalog/variants';
import { saleOf } from '../pricing/sale';
import { formatPrice } from '../storefront/format';
import { GUEST_CART_TTL_SECONDS, MAX_LINE_QUANTITY, MAX_ORDER_LINES } from './limits';

/**
 * The cart (docs/architecture.md, "Cart and wishlist"): one item per cart, its lines by variant.
 * Everything here is a pure function of the stored cart and the products it names, so every rule
 * (prices re-checked, stock capped, notices, merging) is tested without a table.
 */

// Whose cart and its id (./cart-ref.ts): the cookie and the middleware need only these, at every cold start.
export { cartIdOf, GuestCartIdSchema, type CartRef } from './cart-ref';

/** A line as stored: the price is the one the shopper last saw, so a change can be told. */
export const StoredLineSchema = v.object({
  productId: v.string(),
  variantId: v.string(),
  quantity: v.number(),
  unitPrice: v.number(),
  addedAt: v.string(),
});
export type StoredLine = v.InferOutput<typeof StoredLineSchema>;

export const StoredCartSchema = v.object({
  cartId: v.string(),
  lines: v.array(StoredLineSchema),
  /** Optimistic concurrency: every save is conditioned on the version read. */
  version: v.number(),
  updatedAt: v.string(),
  /** Guest carts only: epoch seconds after which the cart is abandoned (the table's TTL attribute). */
  expiresAt: v.optional(v.number()),
  /** The currency its lines' prices were taken in (src/pricing/cart-currency.ts); absent: the store's own. */
  currency: v.optional(v.string()),
});
export type StoredCart = v.InferOutput<typeof StoredCartSchema>;

export const NOTICE_KINDS = ['price-changed', 'quantity-lowered', 'removed'] as const;
export const CartNoticeSchema = v.strictObject({
  kind: v.picklist(NOTICE_KINDS),
  productId: v.string(),
  variantId: v.string(),
  message: v.string(),
});
export type CartNotice = v.InferOutput<typeof CartNoticeSchema>;

const MoneySchema = v.strictObject({ amount: v.number(), currency: v.string() });

export const CartLineViewSchema = v.strictObject({
  productId: v.string(),
  variantId: v.string(),
  name: v.string(),
  /** The variant in words ("Size: 40, Colour: Red"); empty for a product without options. */
  variant: v.string(),
  sku: v.string(),
  quantity: v.number(),
  unitPrice: MoneySchema,
  /** The variant's "was" price while it is on sale (src/pricing/sale.ts); absent otherwise. */
  compareAtPrice: v.optional(MoneySchema),
  lineTotal: MoneySchema,
  /** The variant's first picture (else the product's), as a URL. */
  image: v.nullable(v.string()),
});
export type CartLineView = v.InferOutput<typeof CartLineViewSchema>;

/** What a cart read answers: its lines at today's prices and stock, what changed since, the subtotal. */
export const CartViewSchema = v.strictObject({
  lines: v.array(CartLineViewSchema),
  notices: v.array(CartNoticeSchema),
  /** Units in the cart (the mini cart's number). */
  count: v.number(),
  subtotal: MoneySchema,
  maxLines: v.number(),
});
export type CartView = v.InferOutput<typeof CartViewSchema>;

export const CartSummarySchema = v.strictObject({ count: v.number() });

const QuantitySchema = v.pipe(
  v.number(),
  v.integer('must be a whole number'),
  v.minValue(1, 'must be at least 1'),
  v.maxValue(MAX_LINE_QUANTITY, `must be at most ${MAX_LINE_QUANTITY}`),
);
const IdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an id'));

export const AddLineSchema = v.strictObject({ productId: IdSchema, variantId: IdSchema, quantity: v.optional(QuantitySchema, 1) });
export type AddLine = v.InferOutput<typeof AddLineSchema>;
/** 0 removes the line. */
export const SetQuantitySchema = v.strictObject({
  quantity: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0, 'must not be negative'), v.maxValue(MAX_LINE_QUANTITY)),
});

/** The lines checkout consumes (`cartLines`): at today's price, in minor units of the store's currency. */
export type CheckoutLine = { productId: string; variantId: string; quantity: number; unitPrice: number };

export const emptyCart = (cartId: string): StoredCart => ({ cartId, lines: [], version: 0, updatedAt: '' });

/** A guest cart past its `expiresAt` is gone, whether or not the table's TTL has removed it yet (that can take days). */
export const isExpired = (cart: StoredCart, now: Date) => cart.expiresAt !== undefined && cart.expiresAt * 1000 <= now.getTime();

export const guestExpiry = (now: Date) => Math.floor(now.getTime() / 1000) + GUEST_CART_TTL_SECONDS;

type Sellable = { ok: true; price: number; available: number } | { ok: false };

/** Whether a variant can go in a cart at all, and at what price with how many available. */
export function sellable(product: Product | undefined, variantId: string): Sellable {
  if (product?.status !== 'active') return { ok: false };
  const variant = product.variants.find((candidate) => candidate.id === variantId);
  if (!variant?.active) return { ok: false };
  return { ok: true, price: variant.price, available: Math.max(0, availableOf(product.stock[variantId])) };
}

const nameOf = (product: Product | undefined) => product?.name ?? 'An item';

/**
 * The cart against today's products: a line whose product or variant is gone, inactive or sold out
 * is removed; a quantity above what is available is lowered to it; a changed price is taken, and
 * each says so once in a notice. `changed`: the stored cart differs from what is shown (save it,
 * so the same notice is not shown again).
 */
export function reconcile(cart: StoredCart, products: ReadonlyMap<string, Product>, currency: string) {
  const money = (amount: number) => formatPrice({ amount, currency });
  const lines: StoredLine[] = [];
  const notices: CartNotice[] = [];
  for (const line of cart.lines) {
    const product = products.get(line.productId);
    const state = sellable(product, line.variantId);
    const about = { productId: line.productId, variantId: line.variantId };
    if (!state.ok || state.available === 0) {
      notices.push({ ...about, kind: 'removed', message: `${nameOf(product)} is no longer available, removed from your cart.` });
      continue;
    }
    let { quantity } = line;
    if (quantity > state.available) {
      quantity = state.available;
      notices.push({ ...about, kind: 'quantity-lowered', message: `Only ${state.available} left of ${nameOf(product)}, quantity lowered.` });
    }
    if (state.price !== line.unitPrice) {
      notices.push({ ...about, kind: 'price-changed', message: `${nameOf(product)}: price changed from ${money(line.unitPrice)} to ${money(state.price)}.` });
    }
    lines.push({ ...line, quantity: Math.min(quantity, MAX_LINE_QUANTITY), unitPrice: state.price });
  }
  return { cart: { ...cart, lines }, notices, changed: notices.length > 0 };
}

/** Refused additions: the route answers 422 with the reason. */
export class CartLineError extends Error {
  constructor(
    readonly reason: 'unavailable' | 'insufficient-stock' | 'too-many-lines',
    message: string,
  ) {
    super(message);
    this.name = 'CartLineError';
  }
}

/**
 * Adds `quantity` of a variant (to its line if it has one). Refused when the variant cannot be
 * sold, when the cart would hold more of it than is available, or a new line would pass
 * MAX_ORDER_LINES. The price stored is today's.
 */
export function addToCart(cart: StoredCart, product: Product | undefined, input: AddLine, now: Date): StoredCart {
  const state = sellable(product, input.variantId);
  if (!state.ok || product?.id !== input.productId) throw new CartLineError('unavailable', 'This product or variant is not available.');
  const existing = cart.lines.find((line) => line.variantId === input.variantId);
  const wanted = (existing?.quantity ?? 0) + input.quantity;
  if (wanted > MAX_LINE_QUANTITY) throw new CartLineError('insufficient-stock', `At most ${MAX_LINE_QUANTITY} of one item per order.`);
  if (wanted > state.available) {
    throw new CartLineError(
      'insufficient-stock',
      state.available === 0
        ? 'This item is sold out.'
        : `Only ${state.available} available${existing ? `; your cart already holds ${existing.quantity}` : ''}.`,
    );
  }
  if (!existing && cart.lines.length >= MAX_ORDER_LINES)
    throw new CartLineError('too-many-lines', `A cart holds at most ${MAX_ORDER_LINES} different items; check out or remove one first.`);
  const lines = existing
    ? cart.lines.map((line) => (line === existing ? { ...line, quantity: wanted, unitPrice: state.price } : line))
    : [...cart.lines, { productId: input.productId, variantId: input.variantId, quantity: input.quantity, unitPrice: state.price, addedAt: now.toISOString() }];
  return { ...cart, lines };
}

/** Sets a line's quantity (0 removes it); more than is available is refused. Unknown line: undefined. */
export function setLineQuantity(cart: StoredCart, product: Product | undefined, variantId: string, quantity: number): StoredCart | undefined {
  const existing = cart.lines.find((line) => line.variantId === variantId);
  if (!existing) return undefined;
  if (quantity === 0) return { ...cart, lines: cart.lines.filter((line) => line !== existing) };
  const state = sellable(product, variantId);
  if (!state.ok) throw new CartLineError('unavailable', 'This product or variant is no longer available; remove it from your cart.');
  if (quantity > state.available)
    throw new CartLineError('insufficient-stock', state.available === 0 ? 'This item is sold out.' : `Only ${state.available} available.`);
  return { ...cart, lines: cart.lines.map((line) => (line === existing ? { ...line, quantity, unitPrice: state.price } : line)) };
}

/**
 * A guest's cart joined into the customer's when they sign in: quantities of the same variant
 * summed, capped by what is available and MAX_LINE_QUANTITY; new lines appended while there is
 * room (MAX_ORDER_LINES). Lines that cannot be sold are left for `reconcile` to remove and tell.
 */
export function mergeCarts(customer: StoredCart, guest: StoredCart, products: ReadonlyMap<string, Product>): StoredCart {
  const lines = [...customer.lines];
  for (const line of guest.lines) {
    const state = sellable(products.get(line.productId), line.variantId);
    const cap = state.ok ? Math.min(state.available, MAX_LINE_QUANTITY) : MAX_LINE_QUANTITY;
    const at = lines.findIndex((mine) => mine.variantId === line.variantId);
    if (at >= 0) {
      const mine = lines[at]!;
      lines[at] = { ...mine, quantity: Math.max(mine.quantity, Math.min(mine.quantity + line.quantity, cap)) };
    } else if (lines.length < MAX_ORDER_LINES) {
      lines.push({ ...line, quantity: Math.min(line.quantity, Math.max(cap, 1)) });
    }
  }
  return { ...customer, lines };
}

/** The cart as shown: lines with names and totals, the notices of this read, the count and subtotal. */
export function cartView(
  cart: StoredCart,
  products: ReadonlyMap<string, Product>,
  notices: readonly CartNotice[],
  currency: string,
  imageUrl: (key: string) => string = (key) => key,
): CartView {
  const lines: CartLineView[] = [];
  for (const line of cart.lines) {
    const product = products.get(line.productId);
    const variant = product?.variants.find((candidate) => candidate.id === line.variantId);
    if (!product || !variant) continue;
    const imageKey = product.images.find((key) => imageIdOfKey(key) === variant.imageIds[0]) ?? product.images[0];
    const sale = saleOf(line.unitPrice, variant.compareAtPrice);
    lines.push({
      productId: line.productId,
      variantId: line.variantId,
      name: product.name,
      variant: variant.optionValues.map((value, i) => `${product.options[i]?.name ?? 'Option'}: ${value}`).join(', '),
      sku: variant.sku,
      quantity: line.quantity,
      unitPrice: { amount: line.unitPrice, currency },
      ...(sale ? { compareAtPrice: { amount: sale.compareAt, currency } } : {}),
      lineTotal: { amount: line.unitPrice * line.quantity, currency },
      image: imageKey ? imageUrl(imageKey) : null,
    });
  }
  return {
    lines,
    notices: [...notices],
    count: countOf(cart),
    subtotal: { amount: lines.reduce((sum, line) => sum + line.lineTotal.amount, 0), currency },
    maxLines: MAX_ORDER_LINES,
  };
}

export const countOf = (cart: StoredCart) => cart.lines.reduce((sum, line) => sum + line.quantity, 0);

export const productIdsOf = (...carts: StoredCart[]) => [...new Set(carts.flatMap((cart) => cart.lines.map((line) => line.productId)))];
