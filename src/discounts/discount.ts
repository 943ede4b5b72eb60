import * as v from 'valibot';
import { MAX_TRANSACTION_ITEMS } from '../catalog/variants';
import { MAX_ORDER_LINES } from '../shopping/limits';

/**
 * Discounts (docs/discounts.md): codes a shopper enters and automatic promotions, as Shopify's.
 * Every amount is an integer in the store currency's minor unit; percentages are basis points
 * (10 000 = 100 %), so no float ever touches money.
 */

/** Most discounts one order may carry (codes entered plus automatic ones): four transaction items each, see limits. */
export const MAX_DISCOUNTS_PER_ORDER = 5;
/**
 * Every discount of an order is four items of its placing transaction (a condition on the discount,
 * two counters, DiscountRedeemed) and three of a cancellation (two counters, DiscountReleased).
 * Cancelling a whole order moves three items a line (product, trail entry, InventoryChanged) plus
 * the order and its event, so that is the larger: 3 · 25 + 2 + 3 · 5 = 92 ≤ 100 (docs/discounts.md).
 */
if (3 * MAX_ORDER_LINES + 2 + 3 * MAX_DISCOUNTS_PER_ORDER > MAX_TRANSACTION_ITEMS) throw new Error('an order’s discounts do not fit its transaction');

/** Most codes a shopper may enter at once. */
export const MAX_CODES = MAX_DISCOUNTS_PER_ORDER;
/** Most discounts a store keeps: checkout reads the automatic ones in one Query. */
export const MAX_DISCOUNTS = 200;

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an id'));
const Ids = v.pipe(v.array(Id), v.minLength(1, 'must name at least one'), v.maxLength(100));
const Money = v.pipe(v.number(), v.integer('must be a whole number of minor units'), v.minValue(0), v.maxValue(100_000_000));
const Count = (min: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(1_000_000));
const Bp = v.pipe(
  v.number(),
  v.integer('must be whole basis points'),
  v.minValue(1, 'must be at least 1 (0.01 %)'),
  v.maxValue(10_000, 'must be at most 10000 (100 %)'),
);
const Instant = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp'));

/** Codes are matched without regard to case or surrounding spaces: stored upper-case. */
export const CodeSchema = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/, 'must be 2 to 40 letters, digits, dashes or underscores'),
  v.toUpperCase(),
);

/** What a discount applies to (and, for buy X get Y, what must be bought). A category target includes its subcategories (src/discounts/memberships.ts). */
export const TargetSchema = v.variant('type', [
  v.strictObject({ type: v.literal('all') }),
  v.strictObject({ type: v.literal('categories'), ids: Ids }),
  v.strictObject({ type: v.literal('collections'), ids: Ids }),
  v.strictObject({ type: v.literal('products'), ids: Ids }),
  v.strictObject({ type: v.literal('variants'), ids: Ids }),
]);
export type Target = v.InferOutput<typeof TargetSchema>;

/** What it takes off. */
export const EffectSchema = v.variant('type', [
  v.strictObject({ type: v.literal('percentage'), percentBp: Bp }),
  /** `order`: the amount once, spread over the targeted lines; `item`: the amount off every targeted unit. */
  v.strictObject({ type: v.literal('fixed'), amount: v.pipe(Money, v.minValue(1)), per: v.picklist(['order', 'item']) }),
  v.strictObject({ type: v.literal('free-shipping') }),
  /** Buy `buyQuantity` units of the target, get `getQuantity` units of `getTarget` at `percentBp` off (10000: free); cheapest units first. */
  v.strictObject({
    type: v.literal('buy-x-get-y'),
    buyQuantity: Count(1),
    getQuantity: Count(1),
    getTarget: TargetSchema,
    percentBp: Bp,
    /** How many times one order may use it; null: as often as the cart allows. */
    maxApplications: v.nullable(Count(1)),
  }),
]);
export type Effect = v.InferOutput<typeof EffectSchema>;

export const MinimumSchema = v.variant('type', [
  v.strictObject({ type: v.literal('none') }),
  /** Of the targeted lines, before any discount. */
  v.strictObject({ type: v.literal('subtotal'), amount: v.pipe(Money, v.minValue(1)) }),
  v.strictObject({ type: v.literal('quantity'), quantity: Count(1) }),
]);
export type Minimum = v.InferOutput<typeof MinimumSchema>;

/** Shopify's three classes: each discount says with which classes it combines. */
export const DISCOUNT_CLASSES = ['product', 'order', 'shipping'] as const;
export type DiscountClass = (typeof DISCOUNT_CLASSES)[number];
export const CombinesWithSchema = v.strictObject({ product: v.boolean(), order: v.boolean(), shipping: v.boolean() });

const Title = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(120));

const discountEntries = {
  title: Title,
  /** `code`: applies when the shopper enters `code`; `automatic`: applies by itself when its conditions are met. */
  method: v.picklist(['code', 'automatic']),
  code: v.nullable(CodeSchema),
  effect: EffectSchema,
  target: TargetSchema,
  minimum: MinimumSchema,
  startsAt: Instant,
  endsAt: v.nullable(Instant),
  /** Uses over all orders; null: unlimited. */
  usageLimit: v.nullable(Count(1)),
  /** Uses per customer (a signed-in customer's id, a guest's email); null: unlimited. */
  perCustomerLimit: v.nullable(Count(1)),
  combinesWith: CombinesWithSchema,
};

/** Body of POST /admin/discounts and PUT /admin/discounts/:discountId. */
export const DiscountInputSchema = v.pipe(
  v.strictObject(discountEntries),
  v.forward(
    v.check((d) => (d.method === 'code') === (d.code !== null), 'a code discount needs a code; an automatic one has none'),
    ['code'],
  ),
  v.forward(
    v.check((d) => d.endsAt === null || d.endsAt > d.startsAt, 'must be after startsAt'),
    ['endsAt'],
  ),
);
export type DiscountInput = v.InferOutput<typeof DiscountInputSchema>;

/** The discount as stored and as staff see it (without its usage, which lives on counter items). */
export const DiscountSchema = v.strictObject({
  id: v.string(),
  ...discountEntries,
  code: v.nullable(v.string()),
  createdAt: v.string(),
  updatedAt: v.string(),
  version: v.number(),
});
export type Discount = v.InferOutput<typeof DiscountSchema>;

/** The discount with how often it was used, as the console lists it. */
export const DiscountViewSchema = v.strictObject({ ...DiscountSchema.entries, uses: v.number() });
export type DiscountView = v.InferOutput<typeof DiscountViewSchema>;

/** Which class a discount is in: free shipping is shipping; an amount off everything is off the order; the rest off products. */
export function classOf(d: Pick<Discount, 'effect' | 'target'>): DiscountClass {
  if (d.effect.type === 'free-shipping') return 'shipping';
  if (d.effect.type === 'buy-x-get-y') return 'product';
  return d.target.type === 'all' ? 'order' : 'product';
}

/** The codes a shopper entered, in a quote or an order: at most MAX_CODES, repeats dropped by the service. */
export const DiscountCodesSchema = v.optional(v.pipe(v.array(v.pipe(v.string(), v.trim(), v.toUpperCase(), v.maxLength(40))), v.maxLength(MAX_CODES)));

export const REJECTION_REASONS = [
  'unknown',
  'not-started',
  'expired',
  'minimum-not-met',
  'not-for-these-products',
  'used-up',
  'does-not-combine',
  'no-shipping',
  'store-currency-only',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Why an entered code takes nothing off, in words a shopper understands. */
export const REJECTION_MESSAGES: Record<RejectionReason, string> = {
  unknown: 'This code does not exist in this store.',
  'not-started': 'This code is not valid yet.',
  expired: 'This code has expired.',
  'minimum-not-met': 'The order does not meet this code’s minimum yet.',
  'not-for-these-products': 'This code does not apply to the products in this order.',
  'used-up': 'This code has been used up.',
  'does-not-combine': 'This code cannot be combined with the other discounts of this order.',
  'no-shipping': 'This order has no shipping to take off yet.',
  'store-currency-only': 'This code is for orders in the store’s own currency.',
};

export const RejectionSchema = v.strictObject({ code: v.string(), reason: v.picklist(REJECTION_REASONS), message: v.string() });
export type Rejection = v.InferOutput<typeof RejectionSchema>;

/** One discount as applied to an order: what it took off each line (by variant) and off shipping. Stored on the order. */
export const AppliedDiscountSchema = v.strictObject({
  discountId: v.string(),
  code: v.nullable(v.string()),
  title: v.string(),
  class: v.picklist(DISCOUNT_CLASSES),
  amount: v.number(),
  lines: v.array(v.strictObject({ variantId: v.string(), amount: v.number() })),
  shipping: v.number(),
});
export type AppliedDiscount = v.InferOutput<typeof AppliedDiscountSchema>;

/** The discounts of a quote or order: each applied one, their total, and why entered codes did not apply. */
export const OrderDiscountsSchema = v.strictObject({
  applied: v.array(AppliedDiscountSchema),
  total: v.number(),
  rejected: v.array(RejectionSchema),
});
export type OrderDiscounts = v.InferOutput<typeof OrderDiscountsSchema>;
