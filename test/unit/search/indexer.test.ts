import { describe, expect, it } from 'vitest';
import type { Product } from '../../../src/catalog/product';
import type { DomainEvent } from '../../../src/events/event';
import { deserialiseIndex, searchIndex } from '../../../src/search/engine';
import { memorySearchIndexStore } from '../../../src/search/index-store';
import { createSearchIndexer } from '../../../src/search/indexer';
import { tenantContext } from '../../../src/tenants/tenant';
import { SAMPLE_CATEGORIES, sampleProduct } from '../../support/search-catalog';

const alpha = tenantContext({ id: 'alpha', name: 'Alpha', tier: 'basic', status: 'active' });

function setUp(initial: Product[]) {
  const catalog = new Map(initial.map((p) => [p.id, p]));
  const store = memorySearchIndexStore();
  const indexer = createSearchIndexer({
    registry: { get: async (id: string) => (id === 'alpha' ? ({ id, name: 'Alpha', tier: 'basic', status: 'active' } as never) : undefined) },
    store,
    catalog: {
      product: async (_tenant, id) => ({ product: catalog.get(id), categoryIds: [SAMPLE_CATEGORIES[0]!.id] }),
      categories: async () => SAMPLE_CATEGORIES,
      everything: async function* () {
        for (const product of catalog.values()) yield { product, categoryIds: [] };
      },
    },
  });
  const names = async () => {
    const stored = store.objects.get('alpha');
    if (!stored) return [];
    const index = await deserialiseIndex(stored.bytes);
    return searchIndex(index, { q: '', filters: { options: [] }, page: 1, pageSize: 50, audience: 'staff' }).items.map((i) => i.name);
  };
  return { catalog, store, indexer, names };
}

const event = (productId: string, tenantId = 'alpha', detailType: DomainEvent['detailType'] = 'ProductUpdated') =>
  ({
    source: 'catalog.products',
    detailType,
    detail: { eventId: `${productId}-${Math.random()}`, tenantId, occurredAt: '', actor: 'x', productId },
  }) as DomainEvent;

describe('search index writer', () => {
  it('builds a store’s first index from its whole catalog, then applies events to it', async () => {
    const { catalog, indexer, names } = setUp([sampleProduct(1, { name: 'Alder Mug' }), sampleProduct(2, { name: 'Birch Bowl' })]);
    expect(await indexer.handle(event('p1'))).toBe('indexed');
    expect((await names()).sort()).toEqual(['Alder Mug', 'Birch Bowl']);
    catalog.set('p3', sampleProduct(3, { name: 'Cedar Cup' }));
    catalog.delete('p1');
    await indexer.handleBatch([event('p3', 'alpha', 'ProductCreated'), event('p1', 'alpha', 'ProductDeleted')]);
    expect((await names()).sort()).toEqual(['Birch Bowl', 'Cedar Cup']);
  });

  it('writes a burst of one store’s events in one save, and ignores other events and unknown stores', async () => {
    const { indexer, store } = setUp([sampleProduct(1), sampleProduct(2), sampleProduct(3)]);
    await indexer.handle(event('p1'));
    const puts = store.calls.put;
    const outcomes = await Promise.all([indexer.handle(event('p1')), indexer.handle(event('p2')), indexer.handle(event('p3'))]);
    expect(outcomes).toEqual(['indexed', 'indexed', 'indexed']);
    expect(store.calls.put - puts).toBe(1);
    expect(await indexer.handle(event('p1', 'nobody'))).toBe('no-store');
    expect(await indexer.handle({ ...event('p1'), source: 'platform.tenants', detailType: 'TenantOnboarded' } as DomainEvent)).toBe('ignored');
  });

  it('builds a missing index on start-up once, and leaves an existing one alone', async () => {
    const { indexer, store, names } = setUp([sampleProduct(1, { name: 'Alder Mug' })]);
    expect(await indexer.ensure(alpha)).toBe(true);
    expect(await names()).toEqual(['Alder Mug']);
    expect(await indexer.ensure(alpha)).toBe(false);
    expect(store.calls.put).toBe(1);
  });
});
