import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PricedLine } from '../../../src/orders/order';
import { shippingChoices, taxOf, totalsOf } from '../../../src/orders/totals';

const line = (unitPrice: number, quantity: number): PricedLine => ({
  productId: 'p',
  variantId: 'v',
  sku: 'S',
  name: 'N',
  optionValues: [],
  unitPrice,
  quantity,
  lineTotal: unitPrice * quantity,
});

describe('checkout totals', () => {
  it('inclusive prices: the total is what the shelf says, the tax the part of it that is tax, halves rounded up', () => {
    // 119.00 gross at 19 %: exactly 19.00 of it is tax.
    expect(totalsOf([line(11_900, 1)], 0, { currency: 'EUR', taxRate: 1900, pricesIncludeTax: true })).toMatchObject({
      subtotal: 11_900,
      tax: 1_900,
      total: 11_900,
    });
    // 1 cent at 100 %: half of it, 0.5, rounds up.
    expect(taxOf(1, 10_000, true)).toBe(1);
  });

  it('exclusive prices: tax on goods and shipping is added to the total', () => {
    expect(totalsOf([line(1_000, 3)], 500, { currency: 'USD', taxRate: 825, pricesIncludeTax: false })).toEqual({
      currency: 'USD',
      subtotal: 3_000,
      shipping: 500,
      // 3 500 · 8.25 % = 288.75 → 289.
      tax: 289,
      total: 3_789,
      taxRate: 825,
      pricesIncludeTax: false,
    });
  });

  it('for any order, amounts are integers, the tax never exceeds the rate’s share, and the total adds up', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 99 })), { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.boolean(),
        (lines, shipping, taxRate, pricesIncludeTax) => {
          const totals = totalsOf(
            lines.map(([price, qty]) => line(price, qty)),
            shipping,
            { currency: 'EUR', taxRate, pricesIncludeTax },
          );
          const taxed = totals.subtotal + totals.shipping;
          for (const amount of [totals.subtotal, totals.tax, totals.total]) expect(Number.isInteger(amount)).toBe(true);
          expect(totals.total).toBe(pricesIncludeTax ? taxed : taxed + totals.tax);
          const exact = pricesIncludeTax ? (taxed * taxRate) / (10_000 + taxRate) : (taxed * taxRate) / 10_000;
          expect(Math.abs(totals.tax - exact)).toBeLessThanOrEqual(0.5 + 1e-6);
        },
      ),
    );
  });

  it('a rate with a minimum subtotal is offered only from it on', () => {
    const rates = {
      shippingRates: [
        { id: 'standard', name: 'Standard', price: 495, minSubtotal: null },
        { id: 'free', name: 'Free', price: 0, minSubtotal: 5_000 },
      ],
    };
    expect(shippingChoices(rates, 4_999).map((r) => r.id)).toEqual(['standard']);
    expect(shippingChoices(rates, 5_000).map((r) => r.id)).toEqual(['standard', 'free']);
  });
});
