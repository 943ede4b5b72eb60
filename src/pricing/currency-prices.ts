import * as v from 'valibot';
import type { Product } from '../catalog/product';
import { AmountSchema } from '../catalog/product';
import { domainEvent, type DomainEvent, type EventMeta } from '../events/event';
import { ConflictError, ValidationError } from '../shared/errors';
import type { StoreSettings } from '../settings/store-settings';
import type { PriceChange } from './price-events';
import { otherCurrencies } from './other-currencies';

/**
 * Body of PUT /admin/products/:id/prices/:currency: the product's whole price list in one of the
 * store's other currencies, variant by variant, at the product `version` it was read at. A variant
 * left out is not sold in that currency (no exchange rates); an empty list stops selling the
 * product in it.
 */
export const CurrencyPricesUpdateSchema = v.strictObject({
  prices: v.pipe(
    v.record(
      v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be the id of one of the product’s variants')),
      v.strictObject({ price: AmountSchema, compareAtPrice: v.optional(v.nullable(AmountSchema), null) }),
    ),
    v.check((prices) => Object.keys(prices).length <= 250, 'must list at most 250 variants'),
  ),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
});
export type CurrencyPricesUpdate = v.InferOutput<typeof CurrencyPricesUpdateSchema>;

// The cookie needs only this, at every cold start (./other-currencies.ts).
export { otherCurrencies };

/**
 * The product's `currencyPrices` with `currency`'s list replaced by `input`: a 422 when the store
 * does not sell in that currency or a variant is not the product's, a 409 when the product changed
 * since `input.version`. A compare-at not above its price is no sale, and is dropped.
 */
export function withCurrencyPrices(
  previous: Product,
  settings: Pick<StoreSettings, 'currency' | 'currencies'>,
  currency: string,
  input: CurrencyPricesUpdate,
): Pick<Product, 'currencyPrices'> {
  if (!otherCurrencies(settings).includes(currency))
    throw new ValidationError(`This store does not sell in ${currency}; enable it in the store's settings first.`, [
      { path: 'currency', message: `must be one of the store's other currencies (${otherCurrencies(settings).join(', ') || 'none yet'})` },
    ]);
  if (input.version !== previous.version)
    throw new ConflictError(`The product changed since version ${input.version} was read (it is at ${previous.version}); read it again.`, {
      extra: { currentVersion: previous.version },
    });
  const ids = new Set(previous.variants.map((variant) => variant.id));
  const unknown = Object.keys(input.prices).filter((id) => !ids.has(id));
  if (unknown.length > 0)
    throw new ValidationError(
      'Some prices are for variants this product does not have.',
      unknown.map((id) => ({ path: `prices.${id}`, message: 'is not a variant of this product' })),
    );
  const list = Object.fromEntries(
    Object.entries(input.prices).map(([variantId, { price, compareAtPrice }]) => [
      variantId,
      { price, compareAtPrice: compareAtPrice !== null && compareAtPrice > price ? compareAtPrice : null },
    ]),
  );
  return { currencyPrices: { ...previous.currencyPrices, [currency]: list } };
}

/**
 * PriceChanged for each currency list that a write changed (list `currency:<CUR>`), written in the
 * product's own transaction like the base list's (src/pricing/price-events.ts). A variant gaining
 * or losing its price in a currency is a change from or to null.
 */
export function currencyPriceChangedEvents(meta: EventMeta, previous: Product, next: Product): DomainEvent[] {
  const currencies = new Set([...Object.keys(previous.currencyPrices ?? {}), ...Object.keys(next.currencyPrices ?? {})]);
  const events: DomainEvent[] = [];
  for (const currency of currencies) {
    const before = previous.currencyPrices?.[currency] ?? {};
    const after = next.currencyPrices?.[currency] ?? {};
    const changes: (Omit<PriceChange, 'previous' | 'current'> & { previous: PriceChange['previous'] | null; current: PriceChange['current'] | null })[] = [];
    for (const variant of next.variants) {
      const old = before[variant.id] ?? null;
      const now = after[variant.id] ?? null;
      if (old?.price === now?.price && old?.compareAtPrice === now?.compareAtPrice) continue;
      changes.push({ variantId: variant.id, sku: variant.sku, previous: old, current: now });
    }
    if (changes.length > 0)
      events.push(domainEvent('catalog.pricing', 'PriceChanged', meta, { productId: next.id, currency, list: `currency:${currency}`, changes }));
  }
  return events;
}
