import { describe, expect, it } from 'vitest';
import type { Product, Variant } from '../../../src/catalog/product';
import { planStockWrite, shortfalls } from '../../../src/orders/stock-moves';

const variant = (id: string, active = true): Variant => ({
  id,
  sku: id.toUpperCase(),
  optionValues: [id],
  price: 100,
  compareAtPrice: null,
  lowStockThreshold: null,
  weightGrams: null,
  barcode: null,
  imageIds: [],
  active,
});

const product = (stock: Product['stock'], variants = [variant('s'), variant('m')]): Product => ({
  id: 'p1',
  handle: 'p1',
  name: 'P',
  description: '',
  status: 'active',
  tags: [],
  images: [],
  options: [{ name: 'Size', values: ['s', 'm'] }],
  variants,
  stock,
  listedPrice: 100,
  listedCompareAt: null,
  available: true,
  variantCount: variants.length,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 3,
});

describe('planning a product’s stock write', () => {
  it('a reservation that leaves the variant sellable conditions on that variant’s counts and the version only', () => {
    const plan = planStockWrite(product({ s: { onHand: 5, reserved: 1 }, m: { onHand: 0, reserved: 0 } }), [{ variantId: 's', onHand: 0, reserved: 2 }]);
    expect(plan).toEqual({ productId: 'p1', version: 3, variants: [{ variantId: 's', read: { onHand: 5, reserved: 1 }, next: { onHand: 5, reserved: 3 } }] });
    expect(shortfalls(plan)).toEqual([]);
  });

  it('one that sells a variant out recomputes availability from the whole map read, which becomes part of the condition', () => {
    const stock = { s: { onHand: 2, reserved: 0 }, m: { onHand: 0, reserved: 0 } };
    const plan = planStockWrite(product(stock), [{ variantId: 's', onHand: 0, reserved: 2 }]);
    expect(plan.available).toEqual({ value: false, stockRead: stock });
    // Another variant still for sale: available stays true, but it was worked out from the whole map.
    const other = planStockWrite(product({ ...stock, m: { onHand: 1, reserved: 0 } }), [{ variantId: 's', onHand: 0, reserved: 2 }]);
    expect(other.available?.value).toBe(true);
  });

  it('repeats of a variant add up; more than is left is a shortfall naming what is left', () => {
    const plan = planStockWrite(product({ s: { onHand: 3, reserved: 1 }, m: { onHand: 1, reserved: 0 } }), [
      { variantId: 's', onHand: 0, reserved: 1 },
      { variantId: 's', onHand: 0, reserved: 2 },
    ]);
    expect(plan.variants).toEqual([{ variantId: 's', read: { onHand: 3, reserved: 1 }, next: { onHand: 3, reserved: 4 } }]);
    expect(shortfalls(plan)).toEqual([{ variantId: 's', available: 2 }]);
  });

  it('releasing stock of a sold-out variant makes the product available again', () => {
    const plan = planStockWrite(product({ s: { onHand: 2, reserved: 2 }, m: { onHand: 0, reserved: 0 } }), [{ variantId: 's', onHand: 0, reserved: -2 }]);
    expect(plan.available?.value).toBe(true);
  });
});
