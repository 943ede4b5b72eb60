import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareAtField, saleLabel, saleOf, saleText } from '../../../src/pricing/sale';

describe('sale prices', () => {
  it('is a sale only when the compare-at price is above the price', () => {
    expect(saleOf(7500, 10000)).toEqual({ compareAt: 10000, percentOff: 25 });
    expect(saleOf(7500, null)).toBeNull();
    expect(saleOf(7500, undefined)).toBeNull();
    expect(saleOf(7500, 7500)).toBeNull();
    expect(saleOf(7500, 7000)).toBeNull();
  });

  it('rounds the percentage down (never promises more than is off) and shows at least 1 %', () => {
    expect(saleOf(6667, 10000)?.percentOff).toBe(33);
    expect(saleOf(9999, 10000)?.percentOff).toBe(1);
    expect(saleOf(0, 500)?.percentOff).toBe(100);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), (price, above) => {
        const sale = saleOf(price, price + above)!;
        expect(sale.percentOff).toBeGreaterThanOrEqual(1);
        expect(sale.percentOff).toBeLessThanOrEqual(100);
        // The price shown off is never more than what is really taken off.
        if (sale.percentOff > 1) expect(((price + above) * sale.percentOff) / 100).toBeLessThanOrEqual(above);
      }),
    );
  });

  it('labels the badge and carries the compare-at only on sale', () => {
    expect(saleLabel({ compareAt: 2000, percentOff: 50 })).toBe('Sale −50 %');
    expect(saleText(1000, 2000)).toBe('Sale −50 %');
    expect(saleText(1000, null)).toBeNull();
    expect(compareAtField(1000, 2000)).toEqual({ compareAtPrice: 2000 });
    expect(compareAtField(1000, 900)).toEqual({});
  });
});
