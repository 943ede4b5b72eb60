import * as v from 'valibot';
import listed from '../../docs/prices.json';

/**
 * AWS list prices (docs/prices.json), the one source every cost figure in docs/ and in the
 * owner's usage page is computed from, so a price changes in one place and each figure follows.
 */
const PriceSchema = v.strictObject({
  usd: v.pipe(v.number(), v.minValue(0)),
  per: v.pipe(v.number(), v.minValue(1)),
  unit: v.string(),
  source: v.pipe(v.string(), v.url()),
});

export const PriceBookSchema = v.object({
  region: v.string(),
  currency: v.literal('USD'),
  recorded: v.pipe(v.string(), v.isoDate()),
  prices: v.record(v.string(), PriceSchema),
});

export type PriceBook = v.InferOutput<typeof PriceBookSchema>;
export type PriceName = keyof typeof listed.prices;

export const PRICES: PriceBook = v.parse(PriceBookSchema, listed);

/** What `quantity` units of `name` cost in US dollars, e.g. `costOf('lambda.requests', 2_000_000)` → 0.4. */
export function costOf(name: PriceName, quantity: number, book: PriceBook = PRICES): number {
  const price = book.prices[name];
  if (!price) throw new Error(`no price named ${name} in the price book`);
  return (price.usd * quantity) / price.per;
}
