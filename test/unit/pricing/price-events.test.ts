import { describe, expect, it } from 'vitest';
import type { Product, Variant } from '../../../src/catalog/product';
import { priceChangedEvents, priceChanges } from '../../../src/pricing/price-events';

const variant = (id: string, price: number, compareAtPrice: number | null = null): Variant => ({
  id,
  sku: `SKU-${id}`,
  optionValues: [],
  price,
  compareAtPrice,
  lowStockThreshold: null,
  weightGrams: null,
  barcode: null,
  imageIds: [],
  active: true,
});
const product = (...variants: Variant[]) => ({ id: 'p1', variants }) as Product;
const meta = { tenantId: 't1', actor: 'admin-1', occurredAt: '2026-12-07T03:00:00.000Z' };

describe('price change events', () => {
  it('names each variant whose price or compare-at changed, with both prices', () => {
    const changes = priceChanges(
      product(variant('a', 1000), variant('b', 2000), variant('c', 3000)),
      product(variant('a', 900, 1000), variant('b', 2000), variant('c', 3000, 4000)),
    );
    expect(changes).toEqual([
      { variantId: 'a', sku: 'SKU-a', previous: { price: 1000, compareAtPrice: null }, current: { price: 900, compareAtPrice: 1000 } },
      { variantId: 'c', sku: 'SKU-c', previous: { price: 3000, compareAtPrice: null }, current: { price: 3000, compareAtPrice: 4000 } },
    ]);
  });

  it('ignores new and removed variants, and writes no event when no price changed', () => {
    expect(priceChanges(product(variant('a', 1000)), product(variant('b', 500)))).toEqual([]);
    expect(priceChangedEvents(meta, product(variant('a', 1000)), product(variant('a', 1000)), 'EUR')).toEqual([]);
  });

  it('is one PriceChanged event of catalog.pricing per write, with the currency and the list', () => {
    const [event, ...rest] = priceChangedEvents(meta, product(variant('a', 1000)), product(variant('a', 1200)), 'EUR');
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      source: 'catalog.pricing',
      detailType: 'PriceChanged',
      detail: { tenantId: 't1', actor: 'admin-1', productId: 'p1', currency: 'EUR', list: 'base', changes: [{ variantId: 'a' }] },
    });
    expect(event!.detail.eventId).toEqual(expect.any(String));
  });
});
