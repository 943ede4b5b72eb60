import { describe, expect, it } from 'vitest';
import { groupPriceEvents, listCurrencies } from '../../../src/groups/service';
import { tenantContext } from '../../../src/tenants/tenant';
import { defaultSettings } from '../../../src/settings/store-settings';

const meta = { tenantId: 'acme', actor: 'admin', occurredAt: '2026-12-07T06:00:00.000Z' };
const entry = { groupId: 'wholesale', currency: 'EUR', productId: 'p1' };
const skus = new Map([
  ['v1', 'SKU-1'],
  ['v2', 'SKU-2'],
  ['v3', 'SKU-3'],
]);

describe('a group price list write’s PriceChanged', () => {
  it('lists every variant added, changed or taken out, under the group’s list', () => {
    const [event] = groupPriceEvents(
      meta,
      skus,
      entry,
      { v1: { price: 100, compareAtPrice: null }, v2: { price: 200, compareAtPrice: 250 }, v3: { price: 300, compareAtPrice: null } },
      { v1: { price: 100, compareAtPrice: null }, v2: { price: 190, compareAtPrice: 250 }, v4: { price: 50, compareAtPrice: null } },
    );
    expect(event).toMatchObject({ source: 'catalog.pricing', detailType: 'PriceChanged' });
    expect(event!.detail).toMatchObject({ tenantId: 'acme', actor: 'admin', productId: 'p1', currency: 'EUR', list: 'group:wholesale' });
    expect(event!.detail.changes).toEqual([
      { variantId: 'v2', sku: 'SKU-2', previous: { price: 200, compareAtPrice: 250 }, current: { price: 190, compareAtPrice: 250 } },
      { variantId: 'v3', sku: 'SKU-3', previous: { price: 300, compareAtPrice: null }, current: null },
      { variantId: 'v4', sku: null, previous: null, current: { price: 50, compareAtPrice: null } },
    ]);
  });

  it('is no event when nothing changed, compare-at included', () => {
    const same = { v1: { price: 100, compareAtPrice: 120 } };
    expect(groupPriceEvents(meta, skus, entry, same, { v1: { price: 100, compareAtPrice: 120 } })).toEqual([]);
    expect(groupPriceEvents(meta, skus, entry, same, { v1: { price: 100, compareAtPrice: null } })).toHaveLength(1);
  });
});

describe('the currencies a group may have lists in', () => {
  it('are the store’s own and those it enabled, read defensively', () => {
    const base = tenantContext({ id: 'acme', name: 'Acme', tier: 'basic', status: 'active', settings: { ...defaultSettings(), currency: 'GBP' } });
    expect(listCurrencies(base)).toEqual(['GBP']);
    const enabled = tenantContext({
      id: 'acme',
      name: 'Acme',
      tier: 'basic',
      status: 'active',
      settings: { ...defaultSettings(), currency: 'GBP', currencies: ['EUR', 'USD'] } as never,
    });
    expect(listCurrencies(enabled)).toEqual(['GBP', 'EUR', 'USD']);
  });
});
