import { describe, expect, it } from 'vitest';
import { cardOf, shownCard } from '../../../src/catalog/listing-card';
import type { Product, Variant } from '../../../src/catalog/product';
import { createGroupCards } from '../../../src/pricing/group-cards';
import type { GroupPriceReader, ListPrice } from '../../../src/pricing/price-context';
import { tenantContext } from '../../../src/tenants/tenant';

const shop = tenantContext({ id: 'shop', name: 'Shop', tier: 'basic', status: 'active' });

const variant = (id: string, price: number): Variant => ({
  id,
  sku: `SKU-${id}`,
  optionValues: [id],
  price,
  compareAtPrice: null,
  lowStockThreshold: null,
  weightGrams: null,
  barcode: null,
  imageIds: [],
  active: true,
});

/** Two variants: `a` at 1000, `b` at 1500 (the store's currency); p1's `b` alone priced in USD (1900), p2 not sold in USD. */
const product = (id: string): Product => ({
  id,
  handle: id,
  name: id,
  description: '',
  status: 'active',
  tags: [],
  images: [],
  options: [{ name: 'Colour', values: ['a', 'b'] }],
  variants: [variant('a', 1000), variant('b', 1500)],
  stock: { a: { onHand: 3, reserved: 0 }, b: { onHand: 3, reserved: 0 } },
  listedPrice: 1000,
  listedCompareAt: null,
  available: true,
  variantCount: 2,
  ...(id === 'p1' ? { currencyPrices: { USD: { b: { price: 1900, compareAtPrice: null } } } } : {}),
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
});

/** The group's lists: p1's `b` at 800 (EUR, with a compare-at) and 1700 (USD); p2's `a` at 950 in USD only. */
const lists: Record<string, Map<string, Record<string, ListPrice>>> = {
  EUR: new Map<string, Record<string, ListPrice>>([['p1', { b: { price: 800, compareAtPrice: 1500 } }]]),
  USD: new Map<string, Record<string, ListPrice>>([
    ['p1', { b: { price: 1700 } }],
    ['p2', { a: { price: 950 } }],
  ]),
};
const reads: string[][] = [];
const groupPrices: GroupPriceReader = {
  async pricesFor(_tenant, _group, currency, ids) {
    reads.push([...ids]);
    return lists[currency] ?? new Map();
  },
};
const products = async (_tenant: unknown, ids: readonly string[]) => new Map(ids.map((id) => [id, product(id)]));
const forGroup = createGroupCards({ groupPrices, products });
const cardsIn = (currency: string) => ['p1', 'p2'].map((id) => shownCard(cardOf(product(id)), (key) => key, 'EUR', currency));

describe('a member’s cards (group prices on shared cards)', () => {
  it('lowers a card to its cheapest variant as the member pays it, compare-at with it; other cards stay as they are', async () => {
    const [p1, p2] = await forGroup(shop, { currency: 'EUR', groupId: 'trade' }, cardsIn('EUR'));
    expect(p1).toMatchObject({ price: { amount: 800, currency: 'EUR' }, compareAt: { amount: 1500, currency: 'EUR' } });
    expect(p2).toEqual(cardsIn('EUR')[1]);
    expect(reads.at(-1)).toEqual(['p1', 'p2']);
  });

  it('in another currency: the group’s price in it, and a card no longer marked "not sold in" it', async () => {
    const shown = cardsIn('USD');
    expect(shown[0]!.price).toEqual({ amount: 1900, currency: 'USD' });
    expect(shown[1]).toMatchObject({ price: { amount: 1000, currency: 'EUR' }, notSoldIn: 'USD' });
    const [p1, p2] = await forGroup(shop, { currency: 'USD', groupId: 'trade' }, shown);
    expect(p1).toMatchObject({ price: { amount: 1700, currency: 'USD' }, compareAt: null });
    expect(p2).toMatchObject({ price: { amount: 950, currency: 'USD' }, compareAt: null });
    expect(p2!.notSoldIn).toBeUndefined();
  });

  it('reads nothing without a group, and leaves the cards as given', async () => {
    const before = reads.length;
    const shown = cardsIn('EUR');
    expect(await forGroup(shop, { currency: 'EUR' }, shown)).toBe(shown);
    expect(await forGroup(shop, undefined, shown)).toBe(shown);
    expect(reads.length).toBe(before);
  });
});
