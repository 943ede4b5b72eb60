import type { StoreSettings } from '../settings/store-settings';
import type { PricedLine, Totals } from './order';

/**
 * Money of a checkout, pure integer arithmetic in minor units (docs/architecture.md, "Checkout
 * totals"). Tax is computed once on the whole order (goods and shipping, both taxed at the store's
 * one rate), not per line, so it never drifts by a cent per line; halves round up.
 * - Prices include tax: the tax is the part of the gross total that is tax,
 *   round(gross · rate / (10 000 + rate)), and the total is the gross.
 * - Prices exclude tax: tax = round(net · rate / 10 000), added to the total.
 */
export function divideRoundingHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

export function taxOf(amount: number, rateBp: number, inclusive: boolean): number {
  if (rateBp === 0 || amount === 0) return 0;
  const a = BigInt(amount);
  const r = BigInt(rateBp);
  return Number(inclusive ? divideRoundingHalfUp(a * r, 10_000n + r) : divideRoundingHalfUp(a * r, 10_000n));
}

export function totalsOf(lines: readonly PricedLine[], shipping: number, settings: Pick<StoreSettings, 'currency' | 'taxRate' | 'pricesIncludeTax'>): Totals {
  const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
  const taxed = subtotal + shipping;
  const tax = taxOf(taxed, settings.taxRate, settings.pricesIncludeTax);
  return {
    currency: settings.currency,
    subtotal,
    shipping,
    tax,
    total: settings.pricesIncludeTax ? taxed : taxed + tax,
    taxRate: settings.taxRate,
    pricesIncludeTax: settings.pricesIncludeTax,
  };
}

/** The store's flat rates this subtotal may use: a rate with `minSubtotal` only from that subtotal on. */
export function shippingChoices(settings: Pick<StoreSettings, 'shippingRates'>, subtotal: number) {
  return settings.shippingRates
    .filter((rate) => rate.minSubtotal === null || rate.minSubtotal === undefined || subtotal >= rate.minSubtotal)
    .map((rate) => ({ id: rate.id, name: rate.name, price: rate.price }));
}
