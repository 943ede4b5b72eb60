import { describe, expect, it } from 'vitest';
import { cardOf, shownCard } from '../../../src/catalog/listing-card';
import type { Product, Variant } from '../../../src/catalog/product';
import { priceResolver, pricedProduct, soldInContext } from '../../../src/pricing/price-resolver';

const variant = (id: string, price: number, compareAtPrice: number | null = null): Variant => ({
  id,
  sku: `SKU-${id}`,
  optionValues: [id],
  price,
  compareAtPrice,
  lowStockThreshold: null,
  weightGrams: null,
  barcode: null,
  imageIds: [],
  active: true,
});

const product = (currencyPrices?: Product['currencyPrices']): Product => ({
  id: 'p1',
  handle: 'kettle',
  name: 'Kettle',
  description: '',
  status: 'active',
  tags: [],
  images: [],
  options: [{ name: 'Colour', values: ['a', 'b'] }],
  variants: [variant('a', 1000, 1200), variant('b', 1500)],
  stock: { a: { onHand: 3, reserved: 0 }, b: { onHand: 3, reserved: 0 } },
  listedPrice: 1000,
  listedCompareAt: 1200,
  available: true,
  variantCount: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  ...(currencyPrices ? { currencyPrices } : {}),
});

const wholesale = new Map([['p1', { a: { price: 700 } }]]);

describe('which price applies: group, then currency, then base', () => {
  it('the store’s own currency without a group: the variant’s own price, list base', () => {
    const resolve = priceResolver('EUR', { currency: 'EUR' });
    expect(resolve(product(), variant('a', 1000, 1200))).toEqual({ price: 1000, compareAtPrice: 1200, list: 'base' });
  });

  it('another currency: the explicit price in it, list currency:<CUR>; none there is not sold in it', () => {
    const p = product({ USD: { a: { price: 1100, compareAtPrice: null } } });
    const resolve = priceResolver('EUR', { currency: 'USD' });
    expect(resolve(p, p.variants[0]!)).toEqual({ price: 1100, compareAtPrice: null, list: 'currency:USD' });
    expect(resolve(p, p.variants[1]!)).toBeUndefined();
  });

  it('a group’s price first, in any currency; its variants without one fall back to the currency’s list', () => {
    const p = product({ USD: { b: { price: 1600, compareAtPrice: null } } });
    const resolve = priceResolver('EUR', { currency: 'USD', groupId: 'wholesale' }, wholesale);
    expect(resolve(p, p.variants[0]!)).toEqual({ price: 700, compareAtPrice: null, list: 'group:wholesale' });
    expect(resolve(p, p.variants[1]!)).toEqual({ price: 1600, compareAtPrice: null, list: 'currency:USD' });
  });

  it('group prices are ignored without a group in the context', () => {
    const resolve = priceResolver('EUR', { currency: 'EUR' }, wholesale);
    expect(resolve(product(), product().variants[0]!)?.list).toBe('base');
  });
});

describe('a product priced for a context', () => {
  it('reprices variants, makes unpriced ones inactive and derives the listed price again', () => {
    const original = product({ USD: { b: { price: 1600, compareAtPrice: 1900 } } });
    const priced = pricedProduct(original, priceResolver('EUR', { currency: 'USD' }));
    expect(priced.variants.map((v) => [v.id, v.price, v.active])).toEqual([
      ['a', 1000, false],
      ['b', 1600, true],
    ]);
    expect(priced).toMatchObject({ listedPrice: 1600, listedCompareAt: 1900 });
    expect(soldInContext(original, priced)).toBe(true);
  });

  it('nothing priced in the currency: not sold in it', () => {
    const original = product();
    expect(soldInContext(original, pricedProduct(original, priceResolver('EUR', { currency: 'USD' })))).toBe(false);
  });

  it('the store’s own currency: the very same product (no copy)', () => {
    const original = product();
    expect(pricedProduct(original, priceResolver('EUR', { currency: 'EUR' }))).toBe(original);
  });
});

describe('listing cards in any currency (category, collection and search pages)', () => {
  it('carry each currency’s listed price and show the shopper’s, or the store’s own marked not sold in theirs', () => {
    const card = cardOf(product({ USD: { b: { price: 1600, compareAtPrice: 1900 } } }));
    expect(card.prices).toEqual({ USD: { price: 1600, compareAt: 1900 } });
    const url = (key: string) => key;
    expect(shownCard(card, url, 'EUR')).toMatchObject({ price: { amount: 1000, currency: 'EUR' }, compareAt: { amount: 1200, currency: 'EUR' } });
    expect(shownCard(card, url, 'EUR', 'USD')).toMatchObject({ price: { amount: 1600, currency: 'USD' }, compareAt: { amount: 1900, currency: 'USD' } });
    expect(shownCard(card, url, 'EUR', 'USD').notSoldIn).toBeUndefined();
    expect(shownCard(card, url, 'EUR', 'GBP')).toMatchObject({ price: { amount: 1000, currency: 'EUR' }, notSoldIn: 'GBP' });
  });
});
