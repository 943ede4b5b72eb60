import { describe, expect, it } from 'vitest';
import { deserialiseIndex, indexOf, putDoc, searchIndex, serialiseIndex, suggestFromIndex, type SearchRequest } from '../../../src/search/engine';
import { sampleDoc, sampleDocs, sampleProduct } from '../../support/search-catalog';

const request = (overrides: Partial<SearchRequest> = {}): SearchRequest => ({
  q: '',
  filters: { options: [] },
  page: 1,
  pageSize: 24,
  audience: 'public',
  ...overrides,
});

describe('search engine', () => {
  it('finds a product by a prefix of its name, a typo, its SKU, an option value and its category', async () => {
    const index = await indexOf([sampleDoc(1, { name: 'Merino Turtleneck Sweater' }), ...sampleDocs(50).slice(2)]);
    const first = (q: string) => searchIndex(index, request({ q })).items[0]?.productId;
    expect(first('turtlen')).toBe('p1');
    expect(first('merrino turtleneck')).toBe('p1');
    expect(first('SKU-1-10')).toBe('p1');
    expect(searchIndex(index, request({ q: 'merino navy' })).items.map((i) => i.productId)).toEqual([]);
    expect(searchIndex(index, request({ q: 'merino red' })).items.map((i) => i.productId)).toEqual([]);
    // Product 1's colours are Blue and Grey (sample rule), its category Trousers.
    expect(first('merino blue')).toBe('p1');
    expect(first('merino trousers')).toBe('p1');
  });

  it('shows visitors active products only; staff see drafts', async () => {
    const index = await indexOf([sampleDoc(1, { status: 'draft', name: 'Secret Draft Jacket' }), sampleDoc(2)]);
    expect(searchIndex(index, request({ q: 'secret' })).total).toBe(0);
    expect(searchIndex(index, request({ q: 'secret', audience: 'staff' })).items).toMatchObject([{ productId: 'p1', status: 'draft' }]);
  });

  it('filters by category, option, price band and stock, with disjunctive facet counts', async () => {
    const index = await indexOf(sampleDocs(400));
    const all = searchIndex(index, request());
    expect(all.total).toBe(400);
    expect(all.facets.category.reduce((n, f) => n + f.count, 0)).toBe(400);
    const shirts = all.facets.category.find((f) => f.value === 'shirts')!;
    const red = searchIndex(index, request({ filters: { category: 'shirts', options: [['Colour', 'Red']] } }));
    for (const item of red.items) expect(item.name).toContain('Shirt');
    // Choosing a category leaves the category facet's counts as they were (disjunctive)…
    expect(red.facets.category.find((f) => f.value === 'shirts')?.count).toBeLessThanOrEqual(shirts.count);
    // …and the colour facet still offers the other colours within shirts.
    expect(red.facets.options.find((o) => o.name === 'Colour')!.values.length).toBeGreaterThan(1);
    const inStock = searchIndex(index, request({ filters: { options: [], inStock: true } }));
    expect(inStock.total).toBe(all.facets.inStock.count);
    expect(inStock.items.every((i) => i.inStock)).toBe(true);
    const band = all.facets.price[0]!;
    const [min, max] = band.value.split('-').map((x) => (x === '' ? null : Number(x)));
    const priced = searchIndex(index, request({ filters: { options: [], price: { min: min!, max: max ?? null } } }));
    expect(priced.total).toBe(band.count);
  });

  it('filters "N stars and up" by the exact average and counts the rating facet over what the other filters leave', async () => {
    const rated = (n: number, count: number, total: number, available = true) =>
      sampleDoc(n, { rating: { count, total, stars: [0, 0, 0, 0, 0] }, available, name: `Rated ${n}` });
    const index = await indexOf([
      rated(1, 2, 10), // 5.0
      rated(2, 3, 12), // 4.0 exactly: in "4 and up"
      rated(3, 3, 11), // 3.67
      rated(4, 1, 3, false), // 3.0, out of stock
      rated(5, 4, 11), // 2.75
      sampleDoc(6), // no reviews
      rated(7, 0, 0), // its only review went
    ]);
    const ids = (r: ReturnType<typeof searchIndex>) => r.items.map((i) => i.productId).sort();
    const all = searchIndex(index, request());
    expect(all.facets.rating).toEqual([
      { value: '4', label: '4 stars and up', count: 2 },
      { value: '3', label: '3 stars and up', count: 4 },
    ]);
    const four = searchIndex(index, request({ filters: { options: [], minRating: 4 } }));
    expect(ids(four)).toEqual(['p1', 'p2']);
    // Disjunctive: choosing a floor leaves the rating facet's counts; the other facets count the chosen floor's products.
    expect(four.facets.rating).toEqual(all.facets.rating);
    expect(four.facets.inStock.count).toBe(2);
    expect(ids(searchIndex(index, request({ filters: { options: [], minRating: 3 } })))).toEqual(['p1', 'p2', 'p3', 'p4']);
    const inStock = searchIndex(index, request({ filters: { options: [], inStock: true } }));
    expect(inStock.facets.rating.find((f) => f.value === '3')?.count).toBe(3);
    // Words and a floor together.
    expect(ids(searchIndex(index, request({ q: 'rated', filters: { options: [], minRating: 4 } })))).toEqual(['p1', 'p2']);
  });

  it('replaces and removes a product’s document', async () => {
    const index = await indexOf(sampleDocs(10));
    putDoc(index, 'p3', sampleDoc(3, { name: 'Renamed Raincoat' }));
    expect(searchIndex(index, request({ q: 'raincoat' })).items.map((i) => i.productId)).toEqual(['p3']);
    putDoc(index, 'p3', undefined);
    expect(searchIndex(index, request({ q: 'raincoat' })).total).toBe(0);
    expect(searchIndex(index, request()).total).toBe(9);
  });

  it('survives its stored form unchanged', async () => {
    const index = await indexOf(sampleDocs(100));
    const loaded = await deserialiseIndex(serialiseIndex(index));
    expect(searchIndex(loaded, request({ q: 'linen' }))).toEqual(searchIndex(index, request({ q: 'linen' })));
  });

  it('suggests active products for the words typed so far', async () => {
    const index = await indexOf([sampleDoc(1, { name: 'Waxed Field Jacket' }), sampleDoc(2, { name: 'Waxed Cap', status: 'draft' })]);
    expect(suggestFromIndex(index, 'wax', 6).map((s) => s.name)).toEqual(['Waxed Field Jacket']);
  });

  it('puts the 5 products that match among 100,000 on the first page', { timeout: 240_000 }, async () => {
    const docs = sampleDocs(100_000);
    const needles = [7, 20_011, 45_678, 77_777, 99_998];
    for (const n of needles) docs[n] = sampleDoc(n, { name: `Quokka Print Tee ${n}`, variants: [{ ...sampleProduct(n).variants[0]! }] });
    const index = await indexOf(docs);
    const page = searchIndex(index, request({ q: 'quokka' }));
    expect(page.total).toBe(5);
    expect(page.items.map((i) => i.productId).sort()).toEqual(needles.map((n) => `p${n}`).sort());
  });
});

describe('search words', () => {
  it('finds a hyphenated name by its whole and its parts, and a SKU whole or by its start', async () => {
    const index = await indexOf([
      sampleDoc(1, { name: 'Retro T-Shirt', variants: [{ ...sampleProduct(1).variants[0]!, sku: 'TS-RED-M' }] }),
      ...sampleDocs(30).slice(2),
    ]);
    const ids = (q: string) => searchIndex(index, request({ q })).items.map((i) => i.productId);
    expect(ids('t-shirt')).toEqual(['p1']);
    expect(ids('retro shirt')).toEqual(['p1']);
    expect(ids('TS-RED-M')).toEqual(['p1']);
    expect(ids('ts-red')).toEqual(['p1']);
    expect(ids('retro, t-shirt.')).toEqual(['p1']);
  });
});
