import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { normaliseText } from '../../../src/catalog/browse';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

type Seed = { name: string; description: string; sku: string; price: number; stock: number; tags: string[]; status: 'active' | 'draft' };
const NAMES = [
  'Trail Runner',
  'Road Racer',
  'Crème Boot',
  'Beach Sandal',
  'Wool Slipper',
  'Alpine Hiker',
  'City Sneaker',
  'Rain Boot',
  'Track Spike',
  'Yoga Flat',
];
const seeds: Seed[] = Array.from({ length: 45 }, (_, i) => ({
  name: `${NAMES[i % NAMES.length]} ${i}`,
  description: i % 4 === 0 ? 'Waterproof leather for wet days' : 'Light and comfortable',
  sku: `SKU-${i}`,
  price: 1000 + ((i * 7919) % 9000),
  stock: i % 3 === 0 ? 0 : i,
  tags: [i % 2 ? 'running' : 'outdoor', ...(i % 5 === 0 ? ['sale'] : [])],
  status: i % 9 === 8 ? 'draft' : 'active',
}));

let p: TestPlatform;
let visitor: ReturnType<typeof client>;
const createdAt = new Map<string, string>();

beforeAll(async () => {
  p = await testPlatform();
  const admin = client(p.app, 'beta.test', tokenFor('admin', 'beta'));
  for (const s of seeds) {
    const r = await admin('POST', '/admin/products', {
      name: s.name,
      description: s.description,
      sku: s.sku,
      price: { amount: s.price, currency: 'EUR' },
      stock: s.stock,
      tags: s.tags,
      status: s.status,
    });
    createdAt.set(s.sku, r.body.createdAt + r.body.id);
  }
  visitor = client(p.app, 'beta.test');
});

type Query = {
  sort?: 'newest' | 'price-asc' | 'price-desc' | 'name';
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  tag?: string;
  q?: string;
  limit?: number;
};

/** What the answer must be, computed from the seeds directly. */
function model(q: Query): string[] {
  const terms = q.q
    ? normaliseText(q.q)
        .split(/[^\p{L}\p{N}-]+/u)
        .filter(Boolean)
    : [];
  const matches = seeds.filter(
    (s) =>
      s.status === 'active' &&
      (q.minPrice === undefined || s.price >= q.minPrice) &&
      (q.maxPrice === undefined || s.price <= q.maxPrice) &&
      (q.inStock === undefined || s.stock > 0 === q.inStock) &&
      (q.tag === undefined || s.tags.includes(q.tag)) &&
      terms.every((t) => normaliseText([s.name, s.description, s.sku, ...s.tags].join(' ')).includes(t)),
  );
  const sort = q.sort ?? 'newest';
  const by: Record<string, (a: Seed, b: Seed) => number> = {
    newest: (a, b) => createdAt.get(b.sku)!.localeCompare(createdAt.get(a.sku)!),
    'price-asc': (a, b) => a.price - b.price,
    'price-desc': (a, b) => b.price - a.price,
    name: (a, b) => normaliseText(a.name).localeCompare(normaliseText(b.name)),
  };
  return matches.sort(by[sort]).map((s) => s.sku);
}

const queryString = (q: Query, cursor?: string) =>
  '?' +
  new URLSearchParams(
    Object.entries({ ...q, ...(cursor ? { cursor } : {}) })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)] as [string, string]),
  ).toString();

async function walk(q: Query) {
  const skus: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await visitor('GET', `/products${queryString(q, cursor)}`);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(q.limit ?? 20);
    skus.push(...page.body.items.map((i: { sku: string }) => i.sku));
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor && ++pages < 100);
  return skus;
}

describe('storefront browsing', () => {
  it('sorts by price both ways, by name and by newest', async () => {
    for (const sort of ['price-asc', 'price-desc', 'name', 'newest'] as const) {
      expect(await walk({ sort, limit: 7 })).toEqual(model({ sort }));
    }
  });

  it('filters by price range, stock, tag and words, accents folded', async () => {
    expect(await walk({ sort: 'price-asc', minPrice: 3000, maxPrice: 6000 })).toEqual(model({ sort: 'price-asc', minPrice: 3000, maxPrice: 6000 }));
    expect(await walk({ minPrice: 3000, maxPrice: 6000 })).toEqual(model({ minPrice: 3000, maxPrice: 6000 }));
    expect(await walk({ inStock: true, tag: 'sale' })).toEqual(model({ inStock: true, tag: 'sale' }));
    const creme = await walk({ q: 'creme' });
    expect(creme.length).toBeGreaterThan(0);
    expect(creme).toEqual(model({ q: 'crème' }));
    expect(await walk({ q: 'waterproof boot' })).toEqual(model({ q: 'waterproof boot' }));
    expect(await walk({ q: 'sku-16' })).toEqual(['SKU-16']);
    expect(await walk({ q: 'sku-17' })).toEqual([]); // a draft
    expect(await walk({ q: 'nothing-like-this' })).toEqual([]);
  });

  it('matches a model of the catalog for any combination, across pages (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .record(
            {
              sort: fc.constantFrom('newest', 'price-asc', 'price-desc', 'name'),
              minPrice: fc.integer({ min: 0, max: 11000 }),
              maxPrice: fc.integer({ min: 0, max: 11000 }),
              inStock: fc.boolean(),
              tag: fc.constantFrom('running', 'outdoor', 'sale', 'none'),
              q: fc.constantFrom('boot', 'light', 'runner 1', 'wet', 'rain'),
              limit: fc.integer({ min: 1, max: 12 }),
            },
            { requiredKeys: ['limit'] },
          )
          .filter((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice),
        async (q) => {
          expect(await walk(q as Query)).toEqual(model(q as Query));
        },
      ),
      { numRuns: 40, seed: 99 },
    );
  }, 120_000);

  it('refuses bad parameters and cursors from another sort', async () => {
    expect((await visitor('GET', '/products?sort=random')).status).toBe(422);
    expect((await visitor('GET', '/products?minPrice=-1')).status).toBe(422);
    expect((await visitor('GET', '/products?minPrice=500&maxPrice=100')).status).toBe(422);
    expect((await visitor('GET', '/products?inStock=maybe')).status).toBe(422);
    const page = await visitor('GET', '/products?sort=price-asc&limit=2');
    expect((await visitor('GET', `/products?sort=name&cursor=${page.body.nextCursor}`)).status).toBe(400);
  });
});
