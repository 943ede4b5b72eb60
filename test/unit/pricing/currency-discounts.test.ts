import { describe, expect, it } from 'vitest';
import type { Discount } from '../../../src/discounts/discount';
import { evaluate, type EvaluatedLine } from '../../../src/discounts/evaluate';
import { settingsIn } from '../../../src/pricing/checkout-currency';

/** Orders in another of the store's currencies (docs/pricing.md): what of discounts and shipping is an amount in the store's own currency stays there. */
const NOW = '2026-06-01T12:00:00.000Z';
const discount = (code: string, over: Partial<Discount>): Discount => ({
  id: `d-${code}`,
  title: code,
  method: 'code',
  code,
  effect: { type: 'percentage', percentBp: 1000 },
  target: { type: 'all' },
  minimum: { type: 'none' },
  startsAt: '2026-01-01T00:00:00.000Z',
  endsAt: null,
  usageLimit: null,
  perCustomerLimit: null,
  combinesWith: { product: true, order: true, shipping: true },
  createdAt: NOW,
  updatedAt: NOW,
  version: 1,
  ...over,
});
const lines: EvaluatedLine[] = [{ productId: 'p', variantId: 'v', unitPrice: 5000, quantity: 1, lineTotal: 5000, categoryIds: [], collectionIds: [] }];
const reasonsOf = (d: Discount, foreignCurrency: boolean) =>
  evaluate(lines, [d], { now: NOW, codes: [d.code!], shipping: 0, usage: new Map(), foreignCurrency }).rejected.map((r) => r.reason);

describe('discounts in another currency', () => {
  it('money amounts (a fixed amount off, a minimum subtotal) apply in the store’s currency only, and say so', () => {
    const fixed = discount('FIVE', { effect: { type: 'fixed', amount: 500, per: 'order' } });
    const minimum = discount('MIN', { minimum: { type: 'subtotal', amount: 1000 } });
    expect(reasonsOf(fixed, false)).toEqual([]);
    expect(reasonsOf(minimum, false)).toEqual([]);
    expect(reasonsOf(fixed, true)).toEqual(['store-currency-only']);
    expect(reasonsOf(minimum, true)).toEqual(['store-currency-only']);
    // A percentage is the same in any currency.
    expect(reasonsOf(discount('TEN', {}), true)).toEqual([]);
  });
});

describe('shipping in another currency', () => {
  const settings = {
    currency: 'EUR',
    shippingRates: [
      { id: 'standard', name: 'Standard', price: 495, minSubtotal: null, prices: { USD: 595 } },
      { id: 'eu', name: 'EU post', price: 300, minSubtotal: null },
      { id: 'free', name: 'Free over €50', price: 0, minSubtotal: 5000, prices: { USD: 0 } },
    ],
  };
  it('offers only the rates priced in it, at that price; a minimum subtotal is an amount in the store’s currency, so not offered', () => {
    expect(settingsIn(settings, 'EUR')).toBe(settings);
    expect(settingsIn(settings, 'USD')).toEqual({ currency: 'USD', shippingRates: [{ ...settings.shippingRates[0], price: 595 }] });
  });
});
