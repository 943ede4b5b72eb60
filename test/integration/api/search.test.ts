import { beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_EVENTS } from '../../../src/search/indexer';
import { searchIndexKey } from '../../../src/adapters/s3/search-index-store';
import { tenantContext } from '../../../src/tenants/tenant';
import { tokenFor } from '../../support/fake-verifier';
import { client, testManifests, testPlatform, type TestPlatform } from '../../support/platform';
import { HeadObjectCommand } from '@aws-sdk/client-s3';

let p: TestPlatform;
let admin: ReturnType<typeof client>;
let clerk: ReturnType<typeof client>;
let visitor: ReturnType<typeof client>;

beforeAll(async () => {
  // Alpha lets any signed-in customer review (the rating facet's products need reviews).
  p = await testPlatform({ manifests: testManifests.map((m) => (m.slug === 'alpha' ? { ...m, settings: { reviewsFrom: 'customers' as const } } : m)) });
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  clerk = client(p.app, 'alpha.test', tokenFor('clerk', 'alpha'));
  visitor = client(p.app, 'alpha.test');
  // The index writer on the bus, as npm start runs it (the FIFO queue's consumer on AWS).
  for (const pattern of SEARCH_EVENTS) p.bus.subscribe(pattern, (event) => p.search.indexer.handle(event).then(() => undefined));
});

/** Everything committed so far published and indexed. */
async function settle() {
  await p.streams.drain();
  await p.search.indexer.idle();
}

let skus = 0;
async function product(name: string, extra: Record<string, unknown> = {}, as = admin) {
  const created = await as('POST', '/admin/products', {
    name,
    sku: `SRCH-${++skus}`,
    price: { amount: 1000 + skus, currency: 'EUR' },
    status: 'active',
    stock: 5,
    ...extra,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; version: number };
}

const ids = (answer: { body: { items: { productId: string }[] } }) => answer.body.items.map((i) => i.productId);

describe('search API', () => {
  it('finds a product written a moment ago by a prefix, a typo and its SKU, and forgets it once deleted', async () => {
    const made = await product('Pangolin Lantern');
    await settle();
    expect(ids(await visitor('GET', '/search?q=pangol'))).toEqual([made.id]);
    expect(ids(await visitor('GET', '/search?q=pangolin%20lanter'))).toEqual([made.id]);
    expect(ids(await visitor('GET', '/search?q=pangloin'))).toEqual([made.id]);
    expect(ids(await visitor('GET', `/search?q=SRCH-${skus}`))).toContain(made.id);
    const found = await visitor('GET', '/search?q=pangolin');
    expect(found.body.items[0]).toMatchObject({ name: 'Pangolin Lantern', price: { currency: 'EUR' }, inStock: true });
    expect(found.body).toMatchObject({ total: 1, page: 1, pageCount: 1, nextPage: null });

    expect((await admin('DELETE', `/admin/products/${made.id}`)).status).toBe(204);
    await settle();
    expect(ids(await visitor('GET', '/search?q=pangolin'))).toEqual([]);
  });

  it('shows visitors active products only, and staff drafts too, each with its status', async () => {
    const draft = await product('Okapi Teapot', { status: 'draft' });
    await settle();
    expect(ids(await visitor('GET', '/search?q=okapi'))).toEqual([]);
    const staff = await clerk('GET', '/admin/search?q=okapi');
    expect(staff.status).toBe(200);
    expect(staff.body.items).toMatchObject([{ productId: draft.id, status: 'draft' }]);
    expect((await visitor('GET', '/admin/search?q=okapi')).status).toBe(401);
    expect((await client(p.app, 'alpha.test', tokenFor('customer', 'alpha'))('GET', '/admin/search?q=okapi')).status).toBe(403);
  });

  it('filters by option, price band and stock, and counts the facets', async () => {
    const options = [{ name: 'Colour', values: ['Ochre', 'Teal'] }];
    const variant = (colour: string, amount: number, stock: number) => ({
      sku: `SRCH-V-${++skus}`,
      optionValues: [colour],
      price: { amount, currency: 'EUR' },
      stock,
    });
    const cheap = await product('Narwhal Scarf', { sku: undefined, price: undefined, stock: undefined, options, variants: [variant('Ochre', 900, 3)] });
    const dear = await product('Narwhal Gloves', { sku: undefined, price: undefined, stock: undefined, options, variants: [variant('Teal', 3000, 0)] });
    await settle();
    const all = await visitor('GET', '/search?q=narwhal');
    expect(all.body.total).toBe(2);
    expect(all.body.facets.options).toEqual([
      {
        name: 'Colour',
        values: [
          { value: 'Ochre', label: 'Ochre', count: 1 },
          { value: 'Teal', label: 'Teal', count: 1 },
        ],
      },
    ]);
    expect(all.body.facets.inStock).toEqual({ count: 1 });
    expect(all.body.facets.price.map((b: { value: string }) => b.value)).toEqual(['0-1000', '2500-5000']);
    expect(ids(await visitor('GET', '/search?q=narwhal&option.Colour=Teal'))).toEqual([dear.id]);
    expect(ids(await visitor('GET', '/search?q=narwhal&price=0-1000'))).toEqual([cheap.id]);
    expect(ids(await visitor('GET', '/search?q=narwhal&inStock=true'))).toEqual([cheap.id]);
    expect(ids(await visitor('GET', '/search?q=narwhal&inStock=false'))).toEqual([dear.id]);
  });

  it('filters "N stars and up" by the published reviews’ average and counts the rating facet', async () => {
    const alpha = tenantContext((await p.registry.get('alpha'))!);
    const review = (rating: number) => ({ rating, title: `${rating} stars`, text: 'Worn daily.', authorName: '' });
    const loved = await product('Okapi Mittens');
    const liked = await product('Okapi Beanie');
    const unrated = await product('Okapi Scarf');
    await p.reviews.write(alpha, 'okapi-1', loved.id, review(5));
    await p.reviews.write(alpha, 'okapi-2', loved.id, review(4));
    await p.reviews.write(alpha, 'okapi-1', liked.id, review(4));
    await p.reviews.write(alpha, 'okapi-2', liked.id, review(2));
    await settle();
    const all = await visitor('GET', '/search?q=okapi');
    expect(all.body.total).toBe(3);
    expect(all.body.facets.rating).toEqual([
      { value: '4', label: '4 stars and up', count: 1 },
      { value: '3', label: '3 stars and up', count: 2 },
    ]);
    expect(ids(await visitor('GET', '/search?q=okapi&rating=4'))).toEqual([loved.id]);
    expect(ids(await visitor('GET', '/search?q=okapi&rating=3')).sort()).toEqual([loved.id, liked.id].sort());
    // A review removed moves the product out of its floor once the index has the change.
    await p.reviews.withdraw(alpha, 'okapi-2', liked.id);
    await settle();
    expect(ids(await visitor('GET', '/search?q=okapi&rating=4')).sort()).toEqual([loved.id, liked.id].sort());
    expect(ids(await visitor('GET', '/search?q=okapi&rating=3'))).not.toContain(unrated.id);
    expect((await visitor('GET', '/search?q=okapi&rating=5')).status).toBe(422);
    const page = await visitor('GET', '/find?q=okapi&rating=4', undefined, { accept: 'text/html' });
    expect(page.body).toContain('<legend>Rating</legend>');
    expect(page.body).toMatch(/name="rating" value="4" checked=""\/> 4 stars and up/);
    expect(page.body).toContain('Okapi Mittens');
    expect(page.body).not.toContain('Okapi Scarf');
  });

  it('answers bad parameters with a 422 naming them', async () => {
    for (const query of ['price=abc', 'price=500-100', 'page=0', 'page=101', 'inStock=maybe', 'category=Not%20A%20Slug', `q=${'x'.repeat(201)}`]) {
      const answer = await visitor('GET', `/search?${query}`);
      expect(answer.status, query).toBe(422);
    }
    expect((await visitor('GET', `/search?${Array.from({ length: 7 }, (_, i) => `option.O${i}=x`).join('&')}`)).status).toBe(422);
    expect((await visitor('GET', '/search/suggest')).status).toBe(422);
  });

  it('suggests active products while a visitor types', async () => {
    await product('Axolotl Mug');
    await product('Axolotl Poster', { status: 'draft' });
    await settle();
    const answer = await visitor('GET', '/search/suggest?q=axol');
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((s: { name: string }) => s.name)).toEqual(['Axolotl Mug']);
  });

  it('keeps each store’s index under its own private prefix, and never answers with another store’s products', async () => {
    const mine = await product('Quetzal Kite');
    const theirs = await product('Quetzal Kite', { sku: `BETA-SRCH-${++skus}` }, client(p.app, 'beta.test', tokenFor('admin', 'beta')));
    await settle();
    expect(ids(await visitor('GET', '/search?q=quetzal'))).toEqual([mine.id]);
    expect(ids(await client(p.app, 'beta.test')('GET', '/search?q=quetzal'))).toEqual([theirs.id]);
    const key = searchIndexKey(tenantContext({ id: 'beta', name: 'Beta', tier: 'basic', status: 'active' }));
    expect(key).toBe('tenants/beta/search/index.json.gz');
    await p.media.s3.send(new HeadObjectCommand({ Bucket: p.media.bucket, Key: key }));
  });

  it('builds a store’s first index from its whole catalog', async () => {
    const gamma = client(p.app, 'gamma.test', tokenFor('admin', 'gamma'));
    const first = await product('Tapir Clock', {}, gamma);
    const tenant = tenantContext({ id: 'gamma', name: 'Gamma', tier: 'basic', status: 'active' });
    // Rebuilt from the catalog rather than from events: a store that had products before search existed.
    expect(await p.search.indexer.rebuild(tenant)).toBeGreaterThanOrEqual(1);
    expect(ids(await client(p.app, 'gamma.test')('GET', '/search?q=tapir'))).toEqual([first.id]);
  });
});

describe('search results page', () => {
  it('renders results and facet filters as a form that works without script, dropping "Any"', async () => {
    await product('Ibex Rucksack');
    await product('Ibex Daypack', { stock: 0 });
    await settle();
    const page = await visitor('GET', '/find?q=ibex&category=&inStock=&price=', undefined, { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('Results for “ibex”');
    expect(page.body).toContain('2 products');
    expect(page.body).toContain('Ibex Rucksack');
    expect(page.body).toMatch(/name="inStock" value="true"/);
    const inStock = await visitor('GET', '/find?q=ibex&inStock=true', undefined, { accept: 'text/html' });
    expect(inStock.body).toContain('1 product');
    expect(inStock.body).not.toContain('Ibex Daypack');
    expect(inStock.body).toContain('Clear filters');
    // The header's box keeps the words.
    expect(inStock.body).toMatch(/<input id="site-search"[^>]*value="ibex"/);
  });

  it('says so when the filters are not valid', async () => {
    const page = await visitor('GET', '/find?q=ibex&price=oops', undefined, { accept: 'text/html' });
    expect(page.status).toBe(400);
    expect(page.body).toContain('not valid');
  });
});
