import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Product, ProductOption, Variant, VariantStock } from '../../../src/catalog/product';
import {
  MAX_TRANSACTION_ITEMS,
  MAX_VARIANTS,
  availableOf,
  deriveListing,
  describeVariant,
  handleCandidate,
  handleFromName,
} from '../../../src/catalog/variants';
import { variantIssues, variantsForCreate, variantsForPatch } from '../../../src/catalog/variant-plans';
import { HandleSchema } from '../../../src/catalog/product';
import { ValidationError } from '../../../src/shared/errors';
import * as v from 'valibot';

const variant = (id: string, price: number, extra: Partial<Variant> = {}): Variant => ({
  id,
  sku: `SKU-${id}`,
  optionValues: [],
  price,
  compareAtPrice: null,
  lowStockThreshold: null,
  weightGrams: null,
  barcode: null,
  imageIds: [],
  active: true,
  ...extra,
});

const arbVariant = fc.record({
  id: fc.uuid(),
  price: fc.integer({ min: 0, max: 1_000_000 }),
  sale: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
  active: fc.boolean(),
  onHand: fc.integer({ min: 0, max: 50 }),
  reserved: fc.integer({ min: 0, max: 50 }),
});

describe('listing attributes', () => {
  it('listedPrice is the lowest ACTIVE variant’s price, listedCompareAt its compare-at, available iff an active variant has onHand − reserved > 0', () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbVariant, { minLength: 1, maxLength: 12, selector: (x) => x.id }), (drawn) => {
        const variants = drawn.map((d) => variant(d.id, d.price, { active: d.active, compareAtPrice: d.sale === null ? null : d.price + d.sale }));
        const stock: Record<string, VariantStock> = Object.fromEntries(drawn.map((d) => [d.id, { onHand: d.onHand, reserved: d.reserved }]));
        const listing = deriveListing(variants, stock);
        const active = variants.filter((x) => x.active);
        const pool = active.length ? active : variants;
        const lowest = Math.min(...pool.map((x) => x.price));
        expect(listing.listedPrice).toBe(lowest);
        const cheapest = pool.find((x) => x.price === lowest)!;
        expect(listing.listedCompareAt).toBe(cheapest.compareAtPrice);
        expect(listing.available).toBe(active.some((x) => stock[x.id]!.onHand - stock[x.id]!.reserved > 0));
        expect(listing.variantCount).toBe(variants.length);
      }),
    );
  });

  it('an inactive variant neither sets the price nor makes the product available', () => {
    const listing = deriveListing([variant('a', 100, { active: false }), variant('b', 500)], { a: { onHand: 9, reserved: 0 }, b: { onHand: 0, reserved: 0 } });
    expect(listing).toEqual({ listedPrice: 500, listedCompareAt: null, available: false, variantCount: 2 });
    expect(availableOf({ onHand: 5, reserved: 2 })).toBe(3);
    expect(availableOf(undefined)).toBe(0);
  });
});

describe('options and variants validation', () => {
  const size: ProductOption = { name: 'Size', values: ['40', '41'] };
  const colour: ProductOption = { name: 'Colour', values: ['Red', 'Blue'] };

  it('accepts every full grid of combinations, each once, and refuses any duplicate combination', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (dupFrom, dupTo) => {
        const grid = size.values.flatMap((s) => colour.values.map((c) => [s, c]));
        const variants = grid.map((values, i) => variant(`v${i}`, 100, { optionValues: values }));
        expect(variantIssues([size, colour], variants, [])).toEqual([]);
        if (dupFrom !== dupTo) {
          const duplicated = variants.map((x, i) => (i === dupTo ? { ...x, optionValues: variants[dupFrom]!.optionValues } : x));
          expect(variantIssues([size, colour], duplicated, []).map((issue) => issue.message)).toContain('another variant has the same option values');
        }
      }),
    );
  });

  it('finds each kind of mistake, at its path', () => {
    const paths = (options: ProductOption[], variants: Variant[], images: string[] = []) => variantIssues(options, variants, images).map((i) => i.path);
    expect(paths([size, { name: 'size', values: ['x'] }], [variant('a', 1, { optionValues: ['40', 'x'] })])).toContain('options.1.name');
    expect(paths([{ name: 'Size', values: ['40', '40'] }], [variant('a', 1, { optionValues: ['40'] })])).toContain('options.0.values.1');
    expect(paths([size], [variant('a', 1, { optionValues: ['39'] })])).toContain('variants.0.optionValues.0');
    expect(paths([size], [variant('a', 1, { optionValues: [] })])).toContain('variants.0.optionValues');
    expect(paths([], [variant('a', 1), variant('b', 1)])).toContain('variants');
    expect(paths([size], [variant('a', 1, { optionValues: ['40'], sku: 'X' }), variant('b', 1, { optionValues: ['41'], sku: 'x' })])).toContain(
      'variants.1.sku',
    );
    expect(paths([], [variant('a', 100, { compareAtPrice: 100 })])).toContain('variants.0.compareAtPrice');
    expect(paths([], [variant('a', 1, { imageIds: ['img-1'] })], ['img-2'])).toContain('variants.0.imageIds.0');
    expect(paths([], [variant('a', 1, { imageIds: ['img-1'] })], ['img-1'])).toEqual([]);
  });

  it('caps variants at what one create transaction holds: 2 items per variant + product, handle, outbox, plan counter, idempotency', () => {
    expect(2 * MAX_VARIANTS + 5).toBeLessThanOrEqual(MAX_TRANSACTION_ITEMS);
    expect(2 * (MAX_VARIANTS + 1) + 5).toBeGreaterThan(MAX_TRANSACTION_ITEMS);
    const values = Array.from({ length: 50 }, (_, i) => String(i));
    const many = values.map((value, i) => variant(`v${i}`, 1, { optionValues: [value] }));
    expect(variantIssues([{ name: 'N', values }], many.slice(0, MAX_VARIANTS), [])).toEqual([]);
    expect(variantIssues([{ name: 'N', values }], many.slice(0, MAX_VARIANTS + 1), []).map((i) => i.path)).toContain('variants');
  });
});

describe('request shapes', () => {
  let n = 0;
  const newId = () => `id-${++n}`;
  const base = { name: 'Trail Runner', description: '', status: 'active' as const, tags: [] };

  it('the shorthand makes one default variant; options + variants make theirs; both at once is refused', () => {
    const single = variantsForCreate({ ...base, sku: 'A-1', price: { amount: 100, currency: 'EUR' }, stock: 4 }, 'EUR', newId);
    expect(single.options).toEqual([]);
    expect(single.variants).toHaveLength(1);
    expect(single.variants[0]).toMatchObject({ sku: 'A-1', price: 100, optionValues: [] });
    expect(single.initialStock[single.variants[0]!.id]).toBe(4);

    const input = {
      sku: 'A-40',
      optionValues: ['40'],
      price: { amount: 100, currency: 'EUR' },
      compareAtPrice: null,
      lowStockThreshold: null,
      weightGrams: null,
      barcode: null,
      imageIds: [],
      active: true,
    };
    const multi = variantsForCreate(
      { ...base, options: [{ name: 'Size', values: ['40', '41'] }], variants: [input, { ...input, sku: 'A-41', optionValues: ['41'], stock: 3 }] },
      'EUR',
      newId,
    );
    expect(multi.variants.map((x) => x.optionValues)).toEqual([['40'], ['41']]);
    expect(Object.values(multi.initialStock)).toEqual([0, 3]);

    expect(() => variantsForCreate({ ...base, sku: 'A', price: { amount: 1, currency: 'EUR' }, variants: [input] }, 'EUR', newId)).toThrow(ValidationError);
    expect(() => variantsForCreate({ ...base }, 'EUR', newId)).toThrow(ValidationError);
    expect(() => variantsForCreate({ ...base, sku: 'A', price: { amount: 1, currency: 'USD' } }, 'EUR', newId)).toThrow(/invalid/);
  });

  it('a patch keeps known variant ids, adds new ones with their stock, refuses unknown ids and shorthand on several variants', () => {
    const previous = {
      images: [],
      options: [{ name: 'Size', values: ['40', '41'] }],
      variants: [variant('a', 100, { optionValues: ['40'] }), variant('b', 100, { optionValues: ['41'] })],
    } as unknown as Product;
    const keep = {
      id: 'a',
      sku: 'SKU-a',
      optionValues: ['40'],
      price: { amount: 90, currency: 'EUR' },
      compareAtPrice: null,
      lowStockThreshold: null,
      weightGrams: null,
      barcode: null,
      imageIds: [],
      active: true,
    };
    const plan = variantsForPatch(previous, { variants: [keep, { ...keep, id: undefined, sku: 'NEW', optionValues: ['41'], stock: 7 }] }, 'EUR', newId)!;
    expect(plan.variants.map((x) => x.id)[0]).toBe('a');
    expect(Object.values(plan.initialStock)).toEqual([7]);
    expect(() => variantsForPatch(previous, { variants: [{ ...keep, id: 'zzz' }] }, 'EUR', newId)).toThrow(ValidationError);
    expect(() => variantsForPatch(previous, { sku: 'X' }, 'EUR', newId)).toThrow(ValidationError);
    expect(variantsForPatch(previous, { name: 'only the name' }, 'EUR', newId)).toBeUndefined();
  });
});

describe('handles', () => {
  it('a handle made from any name is valid', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 10_000 }), (name, attempt) => {
        expect(v.is(HandleSchema, handleCandidate(handleFromName(name), attempt))).toBe(true);
      }),
    );
    expect(handleFromName('Crème Brûlée — 2 pots!')).toBe('creme-brulee-2-pots');
    expect(handleCandidate('trail-runner', 1)).toBe('trail-runner');
    expect(handleCandidate('trail-runner', 3)).toBe('trail-runner-3');
  });

  it('describes a variant by its SKU and option values', () => {
    expect(describeVariant({ options: [{ name: 'Size', values: ['42'] }] }, { sku: 'X', optionValues: ['42'] })).toBe('SKU X (Size: 42)');
    expect(describeVariant({ options: [] }, { sku: 'X', optionValues: [] })).toBe('SKU X');
  });
});
