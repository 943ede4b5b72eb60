import { beforeAll, describe, expect, it } from 'vitest';
import { createListingConsumer } from '../../../src/catalog/listing-consumer';
import { tenantContext } from '../../../src/tenants/tenant';
import type { DomainEvent } from '../../../src/events/event';
import { recordDynamoCalls } from '../../support/dynamo-calls';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

let p: TestPlatform;
let admin: ReturnType<typeof client>;
let clerk: ReturnType<typeof client>;
let visitor: ReturnType<typeof client>;
let consumer: ReturnType<typeof createListingConsumer>;
const runs: Promise<unknown>[] = [];
const consumed: DomainEvent[] = [];

beforeAll(async () => {
  p = await testPlatform();
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  clerk = client(p.app, 'alpha.test', tokenFor('clerk', 'alpha'));
  visitor = client(p.app, 'alpha.test');
  // The listing consumer on the bus, as npm start runs it (an EventBridge rule's target on AWS).
  consumer = createListingConsumer({ registry: p.registry, sync: p.groupings.sync });
  p.bus.subscribe({}, (event) => {
    consumed.push(event);
    const run = consumer.handle(event);
    runs.push(run);
    return run.then(() => undefined);
  });
});

const tenantOf = (id: string) => tenantContext({ id, name: id, tier: 'basic', status: 'active' });

/** Everything committed so far published, and every consumer run it caused finished. */
async function settle() {
  await p.streams.drain();
  await Promise.all(runs.splice(0));
}

let skus = 0;
async function product(name: string, extra: Record<string, unknown> = {}) {
  const created = await admin('POST', '/admin/products', {
    name,
    sku: `CAT-${++skus}`,
    price: { amount: 1000 + skus, currency: 'EUR' },
    status: 'active',
    stock: 5,
    ...extra,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; version: number };
}

async function category(name: string, slug: string, parentId: string | null = null) {
  const created = await admin('POST', '/admin/categories', { name, slug, parentId });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; version: number; slug: string };
}

const countOf = async (slug: string) => (await visitor('GET', `/categories/${slug}`)).body.group.productCount as number;
const namesOn = async (path: string) => ((await visitor('GET', `${path}?limit=100`)).body.items as { name: string }[]).map((c) => c.name);

describe('the category tree', () => {
  it('nests categories, shows breadcrumbs, and refuses cycles, depth past 5, taken slugs and stale versions', async () => {
    const shoes = await category('Shoes', 'tree-shoes');
    const running = await category('Running', 'tree-running', shoes.id);
    const trail = await category('Trail', 'tree-trail', running.id);

    const page = await visitor('GET', '/categories/tree-trail');
    expect(page.status).toBe(200);
    expect(page.body.breadcrumbs.map((b: { slug: string }) => b.slug)).toEqual(['tree-shoes', 'tree-running', 'tree-trail']);
    const tree = await visitor('GET', '/categories');
    const root = tree.body.items.find((n: { slug: string }) => n.slug === 'tree-shoes');
    expect(root.children[0].children[0].slug).toBe('tree-trail');

    // Under its own descendant: never a cycle.
    const cycle = await admin('PATCH', `/admin/categories/${shoes.id}`, { version: shoes.version, parentId: trail.id });
    expect(cycle.status).toBe(422);
    expect(cycle.body.errors[0].path).toBe('parentId');
    expect((await admin('PATCH', `/admin/categories/${shoes.id}`, { version: shoes.version, parentId: shoes.id })).status).toBe(422);

    // Five levels at most.
    const four = await category('Four', 'tree-four', trail.id);
    const five = await category('Five', 'tree-five', four.id);
    expect((await admin('POST', '/admin/categories', { name: 'Six', slug: 'tree-six', parentId: five.id })).status).toBe(422);

    expect((await admin('POST', '/admin/categories', { name: 'Again', slug: 'tree-shoes' })).status).toBe(409);
    const renamed = await admin('PATCH', `/admin/categories/${five.id}`, { version: five.version, name: 'Fifth' });
    expect(renamed.status).toBe(200);
    expect((await admin('PATCH', `/admin/categories/${five.id}`, { version: five.version, name: 'Stale' })).status).toBe(409);

    // Removing a category with children is refused; a leaf goes, and its slug is free again.
    expect((await admin('DELETE', `/admin/categories/${four.id}`)).status).toBe(409);
    expect((await admin('DELETE', `/admin/categories/${five.id}`)).status).toBe(204);
    expect((await visitor('GET', '/categories/tree-five')).status).toBe(404);
    await category('Five again', 'tree-five', four.id);

    // A move to a valid place keeps its subtree.
    const moved = await admin('PATCH', `/admin/categories/${trail.id}`, { version: trail.version, parentId: null });
    expect(moved.status).toBe(200);
    expect((await visitor('GET', '/categories/tree-five')).body.breadcrumbs.map((b: { slug: string }) => b.slug)).toEqual([
      'tree-trail',
      'tree-four',
      'tree-five',
    ]);
    expect((await clerk('GET', '/admin/categories')).status).toBe(200);
    expect((await clerk('POST', '/admin/categories', { name: 'No', slug: 'tree-no' })).status).toBe(403);
  });
});

describe('counts and cards', () => {
  it('counts active products exactly after assignments, status changes and deletions, and redeliveries count nothing twice', async () => {
    const boots = await category('Boots', 'count-boots');
    const a = await product('Alder boot');
    const b = await product('Birch boot', { status: 'draft' });
    const c = await product('Cedar boot');
    for (const x of [a, b, c]) {
      const set = await admin('PUT', `/admin/products/${x.id}/categories`, { categoryIds: [boots.id] });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
    }
    expect(await countOf('count-boots')).toBe(2);
    expect(await namesOn('/categories/count-boots')).toEqual(['Alder boot', 'Cedar boot']);
    expect((await admin('GET', `/admin/products/${b.id}/categories`)).body.categoryIds).toEqual([boots.id]);

    // Published: the event's consumer adds its card.
    await admin('PATCH', `/admin/products/${b.id}`, { status: 'active' });
    await settle();
    expect(await countOf('count-boots')).toBe(3);
    expect(await namesOn('/categories/count-boots')).toEqual(['Alder boot', 'Birch boot', 'Cedar boot']);

    // Renamed: the card moves to its new place in the name order.
    await admin('PATCH', `/admin/products/${a.id}`, { name: 'Zelkova boot' });
    await admin('PATCH', `/admin/products/${a.id}`, { status: 'archived' });
    await admin('DELETE', `/admin/products/${c.id}`);
    await settle();
    expect(await countOf('count-boots')).toBe(1);
    await admin('PATCH', `/admin/products/${a.id}`, { status: 'active' });
    await settle();
    expect(await namesOn('/categories/count-boots')).toEqual(['Birch boot', 'Zelkova boot']);

    // Every event delivered again, in reverse order: nothing changes.
    for (const event of [...consumed].reverse()) await consumer.handle(event);
    expect(await countOf('count-boots')).toBe(2);

    // Stock changes reach the card.
    await admin('PUT', `/admin/products/${b.id}/inventory`, { stock: 0 });
    await settle();
    const cards = (await visitor('GET', '/categories/count-boots')).body.items;
    expect(cards.find((x: { productId: string }) => x.productId === b.id).inStock).toBe(false);

    // Taken out; and the category removed takes the rest with it.
    await admin('PUT', `/admin/products/${b.id}/categories`, { categoryIds: [] });
    expect(await countOf('count-boots')).toBe(1);
    expect((await admin('DELETE', `/admin/categories/${boots.id}`)).status).toBe(204);
    expect((await admin('GET', `/admin/products/${a.id}/categories`)).body.categoryIds).toEqual([]);
  });

  it('stays exact when assignments, status changes and event deliveries race', async () => {
    const race = await category('Race', 'count-race');
    const items = await Promise.all(['Ra', 'Rb', 'Rc', 'Rd', 'Re', 'Rf'].map((name) => product(`${name} item`)));
    // Assignments, status flips and renames at once, each product's consumer runs interleaved with the rest.
    await Promise.all(
      items.flatMap((x, i) => [
        admin('PUT', `/admin/products/${x.id}/categories`, { categoryIds: [race.id] }),
        admin('PATCH', `/admin/products/${x.id}`, { status: i % 2 ? 'draft' : 'active' }),
        admin('PATCH', `/admin/products/${x.id}`, { name: `R${i} renamed` }),
        p.groupings.sync(tenantOf('alpha'), x.id),
      ]),
    );
    await settle();
    // And every event once more, all at once.
    await Promise.all(consumed.map((event) => consumer.handle(event)));
    const active = (await Promise.all(items.map((x) => admin('GET', `/admin/products/${x.id}`)))).filter((r) => r.body.status === 'active');
    expect(await countOf('count-race')).toBe(active.length);
    expect((await namesOn('/categories/count-race')).sort()).toEqual(active.map((r) => r.body.name).sort());
  });

  it('pages a category in one Query once the tree is warm, with cursors that open only for that listing', async () => {
    const hats = await category('Hats', 'page-hats');
    const other = await category('Caps', 'page-caps');
    for (const name of ['Hat 1', 'Hat 2', 'Hat 3']) {
      const x = await product(name);
      await admin('PUT', `/admin/products/${x.id}/categories`, { categoryIds: [hats.id, other.id] });
    }
    const first = await visitor('GET', '/categories/page-hats?limit=2');
    expect(first.body.items.map((x: { name: string }) => x.name)).toEqual(['Hat 1', 'Hat 2']);
    const calls = recordDynamoCalls(p.table.client);
    const second = await visitor('GET', `/categories/page-hats?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((x: { name: string }) => x.name)).toEqual(['Hat 3']);
    expect(second.body.nextCursor).toBeNull();
    const mine = calls.calls.filter((c) => c.input.TableName === p.table.tableName);
    expect(mine.map((c) => c.command)).toEqual(['Query']);
    calls.reset();

    // Another category's cursor, or a changed one, is a 400.
    expect((await visitor('GET', `/categories/page-caps?limit=2&cursor=${first.body.nextCursor}`)).status).toBe(400);
    expect((await visitor('GET', `/categories/page-hats?limit=2&cursor=${first.body.nextCursor}x`)).status).toBe(400);
    // A browser is sent to the page.
    const html = await visitor('GET', '/categories/page-hats', undefined, { accept: 'text/html' });
    expect(html.status).toBe(303);
    expect(html.headers.get('location')).toBe('/category/page-hats');
  });
});

describe('collections', () => {
  it('keeps the hand-made order, reorders and moves, and counts active products', async () => {
    const [x, y, z] = [await product('Xylo'), await product('Yew'), await product('Zinnia', { status: 'draft' })];
    const created = await admin('POST', '/admin/collections', { name: 'Picks', slug: 'picks', productIds: [y.id, z.id, x.id] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.productCount).toBe(2);
    expect(await namesOn('/collections/picks')).toEqual(['Yew', 'Xylo']);

    const reordered = await admin('PUT', `/admin/collections/${created.body.id}/products`, { version: created.body.version, productIds: [x.id, z.id, y.id] });
    expect(reordered.status, JSON.stringify(reordered.body)).toBe(200);
    expect(await namesOn('/collections/picks')).toEqual(['Xylo', 'Yew']);
    const moved = await admin('PUT', `/admin/collections/${created.body.id}/products`, {
      version: reordered.body.version,
      move: { productId: y.id, position: 0 },
    });
    expect(moved.body.productIds).toEqual([y.id, x.id, z.id]);
    expect(await namesOn('/collections/picks')).toEqual(['Yew', 'Xylo']);
    // Stale version.
    expect((await admin('PUT', `/admin/collections/${created.body.id}/products`, { version: 1, productIds: [] })).status).toBe(409);

    await admin('PATCH', `/admin/products/${z.id}`, { status: 'active' });
    await settle();
    expect((await visitor('GET', '/collections')).body.items.find((c: { slug: string }) => c.slug === 'picks').productCount).toBe(3);
    const dropped = await admin('PUT', `/admin/collections/${created.body.id}/products`, { version: moved.body.version, productIds: [z.id] });
    expect(dropped.body.productCount).toBe(1);
    expect(await namesOn('/collections/picks')).toEqual(['Zinnia']);
    expect((await admin('DELETE', `/admin/collections/${created.body.id}`)).status).toBe(204);
    expect((await visitor('GET', '/collections/picks')).status).toBe(404);
  });
});

describe('storefront pages and the demo seed', () => {
  it('shows the menu, breadcrumbs, counts and cards of a category page, and seeds a small tree and a collection', async () => {
    const manifest = {
      slug: 'delta',
      name: 'Delta Store',
      domains: ['delta.test'],
      tier: 'basic' as const,
      firstAdmin: { email: 'd@delta.test', name: 'D' },
      settings: {},
      seedProducts: [
        {
          name: 'Oak chair',
          sku: 'D-1',
          price: { amount: 100, currency: 'EUR' },
          status: 'active' as const,
          stock: 1,
          description: '',
          lowStockThreshold: null,
          tags: [],
        },
        {
          name: 'Pine table',
          sku: 'D-2',
          price: { amount: 200, currency: 'EUR' },
          status: 'active' as const,
          stock: 0,
          description: '',
          lowStockThreshold: null,
          tags: [],
        },
      ],
      seedCategories: [
        { name: 'Furniture', slug: 'furniture', products: ['D-1'] },
        { name: 'Tables', slug: 'tables', parent: 'furniture', products: ['D-2'] },
      ],
      seedCollections: [{ name: 'New in', slug: 'new-in', description: '', products: ['D-2', 'D-1'] }],
    };
    const { seedTenants } = await import('../../../src/tenants/seed');
    const { silentLogger } = await import('../../support/platform');
    await seedTenants([manifest], { registry: p.registry, catalog: p.catalog, groupings: p.groupings, logger: silentLogger });
    const delta = client(p.app, 'delta.test');
    const tree = (await delta('GET', '/categories')).body.items;
    expect(tree.map((n: { slug: string; productCount: number }) => [n.slug, n.productCount])).toEqual([['furniture', 1]]);
    expect(tree[0].children.map((n: { slug: string; productCount: number }) => [n.slug, n.productCount])).toEqual([['tables', 1]]);
    expect(((await delta('GET', '/collections/new-in')).body.items as { name: string }[]).map((c) => c.name)).toEqual(['Pine table', 'Oak chair']);

    const page = await p.app.request('/category/tables', { headers: { host: 'delta.test' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('aria-label="Categories"');
    expect(html).toContain('href="/category/furniture"');
    expect(html).toMatch(/<span aria-current="page">Tables<\/span>/);
    expect(html).toContain('Pine table');
    expect(html).toContain('Out of stock');
    expect(html).toContain('href="/collection/new-in"');
    expect((await p.app.request('/category/nothing-here', { headers: { host: 'delta.test' } })).status).toBe(404);
    expect((await p.app.request('/category/tables?cursor=forged', { headers: { host: 'delta.test' } })).status).toBe(400);
    // The home page carries the same menu.
    expect(await (await p.app.request('/', { headers: { host: 'delta.test' } })).text()).toContain('href="/category/tables"');
  });
});
