import { describe, expect, it } from 'vitest';
import type { Product, Variant } from '../../../src/catalog/product';
import { NotFoundError } from '../../../src/shared/errors';
import type { PriceChange } from '../../../src/pricing/schedule';
import type { PriceChangeRepository } from '../../../src/pricing/schedule-repository';
import { createPriceScheduleService, type PriceWriter } from '../../../src/pricing/schedule-service';
import { tenantContext } from '../../../src/tenants/tenant';

const tenant = tenantContext({ id: 'shop', name: 'Shop', tier: 'basic', status: 'active' });

/** The repository as a map (pending changes by id), due = dueAt ≤ now. */
function memoryChanges(): PriceChangeRepository & { all: Map<string, PriceChange> } {
  const all = new Map<string, PriceChange>();
  return {
    all,
    put: async (_t, change) => {
      if (all.has(change.id)) return false;
      all.set(change.id, change);
      return true;
    },
    get: async (_t, id) => all.get(id),
    list: async () => ({ items: [...all.values()].sort((a, b) => a.dueAt.localeCompare(b.dueAt)) }),
    due: async (_t, now) => [...all.values()].filter((c) => c.dueAt <= now.toISOString()).sort((a, b) => a.dueAt.localeCompare(b.dueAt)),
    remove: async (_t, id) => all.delete(id),
  };
}

/** One product with one variant whose prices the writer sets; `failNext` makes the next write throw (a run stopped there). */
function memoryCatalog(price: number) {
  const variant = { id: 'v1', sku: 'S-1', price, compareAtPrice: null } as Variant;
  let failNext = false;
  const writer: PriceWriter = {
    get: async (_t, id) => {
      if (id !== 'p1') throw new NotFoundError('no');
      return { id: 'p1', variants: [variant] } as unknown as Product;
    },
    setVariantPrice: async (_t, _a, _p, _v, prices) => {
      if (failNext) {
        failNext = false;
        throw new Error('stopped');
      }
      variant.price = prices.price;
      variant.compareAtPrice = prices.compareAtPrice;
    },
  };
  return { writer, variant, stopNextWrite: () => (failNext = true) };
}

describe('applying scheduled price changes', () => {
  it('a run stopped after writing the revert re-applies the start but keeps the first revert, so the end restores the price from before', async () => {
    const changes = memoryChanges();
    const catalog = memoryCatalog(2000);
    let now = new Date('2030-01-01T00:00:00Z');
    const service = createPriceScheduleService({ changes, catalog: catalog.writer, now: () => now, newId: () => 'c1' });
    await service.schedule(tenant, 'admin', {
      productId: 'p1',
      variantId: 'v1',
      price: { amount: 1500, currency: 'EUR' },
      compareAtPrice: { amount: 2000, currency: 'EUR' },
      startsAt: '2030-01-02T00:00:00Z',
      endsAt: '2030-01-03T00:00:00Z',
    });

    now = new Date('2030-01-02T00:00:01Z');
    catalog.stopNextWrite();
    await expect(service.applyDue(tenant)).rejects.toThrow('stopped');
    expect(catalog.variant.price).toBe(2000);
    expect(changes.all.get('c1-revert')).toMatchObject({ price: 2000, compareAtPrice: null });

    // The next run: the start applies, and the revert still holds the price from before the sale.
    expect(await service.applyDue(tenant)).toBe(1);
    expect(catalog.variant).toMatchObject({ price: 1500, compareAtPrice: 2000 });
    expect([...changes.all.keys()]).toEqual(['c1-revert']);
    expect(changes.all.get('c1-revert')).toMatchObject({ price: 2000, compareAtPrice: null, dueAt: '2030-01-03T00:00:00.000Z' });

    now = new Date('2030-01-03T00:00:01Z');
    expect(await service.applyDue(tenant)).toBe(1);
    expect(catalog.variant).toMatchObject({ price: 2000, compareAtPrice: null });
    expect(changes.all.size).toBe(0);
  });

  it('drops a change whose product is gone instead of failing every run', async () => {
    const changes = memoryChanges();
    const catalog = memoryCatalog(2000);
    await changes.put(tenant, {
      id: 'gone',
      kind: 'start',
      productId: 'p-deleted',
      variantId: 'v1',
      price: 1,
      compareAtPrice: null,
      dueAt: '2030-01-01T00:00:00.000Z',
      endsAt: null,
      revertOf: null,
      actor: 'admin',
      createdAt: '2029-12-01T00:00:00.000Z',
    });
    const service = createPriceScheduleService({ changes, catalog: catalog.writer, now: () => new Date('2030-01-02T00:00:00Z') });
    expect(await service.applyDue(tenant)).toBe(0);
    expect(changes.all.size).toBe(0);
  });
});
