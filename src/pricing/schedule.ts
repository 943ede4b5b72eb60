import * as v from 'valibot';
import { MoneySchema } from '../catalog/product';
import type { FieldError } from '../shared/errors';

/**
 * Scheduled price changes (docs/pricing.md): an admin sets a variant's price (and compare-at)
 * from `startsAt`, optionally until `endsAt`. The scheduled job applies a change when it is due
 * through the catalog service (so the listed price, the listing cards, the search index and the
 * PriceChanged event follow as for any edit); a change with an end leaves a `revert` change due at
 * the end, holding the prices the variant had just before: the sale ends by itself.
 */
const InstantSchema = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 date and time such as 2026-12-24T00:00:00Z'));
const IdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an id'));

/** Body of POST /admin/price-changes. */
export const PriceChangeCreateSchema = v.strictObject({
  productId: IdSchema,
  variantId: IdSchema,
  price: MoneySchema,
  compareAtPrice: v.optional(v.nullable(MoneySchema), null),
  startsAt: InstantSchema,
  endsAt: v.optional(v.nullable(InstantSchema), null),
});
export type PriceChangeCreate = v.InferOutput<typeof PriceChangeCreateSchema>;

export const PRICE_CHANGE_KINDS = ['start', 'revert'] as const;

/** As stored: prices in minor units of the store's currency; `dueAt` is when the job applies it. */
export const PriceChangeSchema = v.object({
  id: v.string(),
  kind: v.picklist(PRICE_CHANGE_KINDS),
  productId: v.string(),
  variantId: v.string(),
  price: v.number(),
  compareAtPrice: v.nullable(v.number()),
  dueAt: v.string(),
  /** A start's end: when its revert becomes due; null for none (and for a revert itself). */
  endsAt: v.nullable(v.string()),
  /** The start a revert undoes (its id); null for a start. */
  revertOf: v.nullable(v.string()),
  actor: v.string(),
  createdAt: v.string(),
});
export type PriceChange = v.InferOutput<typeof PriceChangeSchema>;

const ShownMoneySchema = v.strictObject({ amount: v.number(), currency: v.string() });

/** A pending change as admins read it. */
export const PriceChangeViewSchema = v.strictObject({
  id: v.string(),
  kind: v.picklist(PRICE_CHANGE_KINDS),
  productId: v.string(),
  variantId: v.string(),
  price: ShownMoneySchema,
  compareAtPrice: v.nullable(ShownMoneySchema),
  dueAt: v.string(),
  endsAt: v.nullable(v.string()),
  revertOf: v.nullable(v.string()),
  createdAt: v.string(),
});
export type PriceChangeView = v.InferOutput<typeof PriceChangeViewSchema>;

export const PriceChangePageSchema = v.strictObject({ items: v.array(PriceChangeViewSchema), nextCursor: v.optional(v.string()) });

export function priceChangeView(change: PriceChange, currency: string): PriceChangeView {
  return {
    id: change.id,
    kind: change.kind,
    productId: change.productId,
    variantId: change.variantId,
    price: { amount: change.price, currency },
    compareAtPrice: change.compareAtPrice === null ? null : { amount: change.compareAtPrice, currency },
    dueAt: change.dueAt,
    endsAt: change.endsAt,
    revertOf: change.revertOf,
    createdAt: change.createdAt,
  };
}

/** What is wrong with a schedule request, given the store's currency and the time it arrives. */
export function scheduleIssues(input: PriceChangeCreate, currency: string, now: Date): FieldError[] {
  const issues: FieldError[] = [];
  if (input.price.currency !== currency) issues.push({ path: 'price.currency', message: `must be the store’s currency, ${currency}` });
  if (input.compareAtPrice && input.compareAtPrice.currency !== currency)
    issues.push({ path: 'compareAtPrice.currency', message: `must be the store’s currency, ${currency}` });
  if (input.compareAtPrice && input.compareAtPrice.amount <= input.price.amount)
    issues.push({ path: 'compareAtPrice', message: 'must be more than the price (or null)' });
  if (input.endsAt) {
    if (Date.parse(input.endsAt) <= Date.parse(input.startsAt)) issues.push({ path: 'endsAt', message: 'must be after startsAt' });
    else if (Date.parse(input.endsAt) <= now.getTime()) issues.push({ path: 'endsAt', message: 'must be in the future' });
  }
  return issues;
}

/** Instants as stored and compared: UTC ISO with milliseconds, so text order is time order. */
export const instant = (text: string) => new Date(text).toISOString();

/** The change a start leaves behind when it has an end: back to what the variant had just before. */
export function revertFor(start: PriceChange, before: { price: number; compareAtPrice: number | null }, at: string): PriceChange | undefined {
  if (start.kind !== 'start' || start.endsAt === null) return undefined;
  return {
    id: `${start.id}-revert`,
    kind: 'revert',
    productId: start.productId,
    variantId: start.variantId,
    price: before.price,
    compareAtPrice: before.compareAtPrice,
    dueAt: start.endsAt,
    endsAt: null,
    revertOf: start.id,
    actor: start.actor,
    createdAt: at,
  };
}
