import { describe, expect, it } from 'vitest';
import { MAX_CATEGORIES, type Category } from '../../../src/catalog/category';
import type { GroupingRepository } from '../../../src/catalog/grouping-repository';
import { createGroupingService } from '../../../src/catalog/grouping-service';
import { tenantContext } from '../../../src/tenants/tenant';

const shop = tenantContext({ id: 'shop', name: 'Shop', tier: 'basic', status: 'active' });
const category = (id: string, parentId: string | null = null): Category => ({
  id,
  name: id,
  slug: id,
  description: '',
  parentId,
  position: 0,
  productCount: 0,
  createdAt: 'x',
  updatedAt: 'x',
  version: 1,
});

/** A repository holding a fixed tree; what it is asked to write is recorded. */
function fixedTree(categories: Category[]) {
  const written: string[] = [];
  const repo = {
    tree: async () => ({ categories, version: 7 }),
    createCategory: async (_t: unknown, c: Category) => void written.push(`create ${c.id}`),
    updateCategory: async (_t: unknown, _p: Category, c: Category) => void written.push(`update ${c.id}`),
    deleteCategory: async (_t: unknown, c: Category) => void written.push(`delete ${c.id}`),
    members: async () => [],
  } as unknown as GroupingRepository;
  const service = createGroupingService({
    groupings: repo,
    products: { get: async () => undefined, rankByRating: async () => 'missing' as const },
    media: { publicUrl: (k) => k },
  });
  return { service, written };
}

describe('category rules in the service', () => {
  it(`refuses a category past ${MAX_CATEGORIES} in a store (409), and writes nothing`, async () => {
    const full = fixedTree(Array.from({ length: MAX_CATEGORIES }, (_, i) => category(`c${i}`)));
    await expect(full.service.createCategory(shop, { name: 'One more', slug: 'one-more', description: '', parentId: null })).rejects.toMatchObject({
      status: 409,
    });
    expect(full.written).toEqual([]);
    const roomy = fixedTree(Array.from({ length: MAX_CATEGORIES - 1 }, (_, i) => category(`c${i}`)));
    await roomy.service.createCategory(shop, { name: 'Last', slug: 'last', description: '', parentId: null });
    expect(roomy.written).toHaveLength(1);
  });

  it('refuses a move under the category’s own descendant (422) and removing a category with children (409)', async () => {
    const { service, written } = fixedTree([category('a'), category('b', 'a')]);
    await expect(service.updateCategory(shop, 'a', { version: 1, parentId: 'b' })).rejects.toMatchObject({ status: 422 });
    await expect(service.removeCategory(shop, 'a')).rejects.toMatchObject({ status: 409 });
    await expect(service.updateCategory(shop, 'b', { version: 2, name: 'stale' })).rejects.toMatchObject({ status: 409 });
    expect(written).toEqual([]);
    await service.removeCategory(shop, 'b');
    expect(written).toEqual(['delete b']);
  });
});

describe('category pages while the table is unavailable', () => {
  it('answer the last good tree and page, marked stale, and recover', async () => {
    const { createPublicCatalogCache } = await import('../../../src/catalog/public-cache');
    let clock = 0;
    let down = false;
    const card = { productId: 'p1', name: 'Clog', handle: 'p1', price: { amount: 1, currency: 'EUR' }, compareAt: null, inStock: true, image: null };
    const repo = {
      tree: async () => {
        if (down) throw new Error('down');
        return { categories: [category('clogs')], version: 1 };
      },
      cards: async () => {
        if (down) throw new Error('down');
        return { items: [card] };
      },
    } as unknown as GroupingRepository;
    const service = createGroupingService({
      groupings: repo,
      products: { get: async () => undefined, rankByRating: async () => 'missing' as const },
      media: { publicUrl: (k) => k },
      publicCache: createPublicCatalogCache({ ttlMs: 10, now: () => clock, serveStaleOn: (e) => (e as Error).message === 'down' }),
    });
    const fresh = await service.categoryPage(shop, 'clogs', { limit: 10 });
    expect(fresh.stale).toBeUndefined();
    down = true;
    clock = 100;
    const stale = await service.categoryPage(shop, 'clogs', { limit: 10 });
    expect(stale).toMatchObject({ stale: true, items: [{ name: 'Clog' }] });
    down = false;
    clock = 200;
    expect((await service.categoryPage(shop, 'clogs', { limit: 10 })).stale).toBeUndefined();
  });
});
