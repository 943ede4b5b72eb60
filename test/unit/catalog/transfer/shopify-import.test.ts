import { describe, expect, it } from 'vitest';
import { CsvFileError, planImport } from '../../../../src/catalog/transfer/shopify-import';
import { formatMoneyText, parseMoneyText } from '../../../../src/catalog/transfer/money-text';
import { shopifyCsv } from '../../../../src/catalog/transfer/shopify-export';
import type { Product } from '../../../../src/catalog/product';

const HEADER =
  'Handle,Title,Body (HTML),Vendor,Product Category,Type,Tags,Published,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant SKU,Variant Grams,Variant Inventory Qty,Variant Price,Variant Compare At Price,Image Src,Image Position,Status,Gift Card';

describe('Shopify product CSV, read', () => {
  it('groups lines by Handle into products with options, variants, images and a category path', () => {
    const csv = [
      HEADER,
      'tee,Tee,<p>Soft</p>,Acme,Apparel > Shirts,Shirt,"Cotton, Summer",TRUE,Size,S,Colour,Red,TEE-S-R,200,5,19.99,24.99,https://img.example/1.png,1,active,FALSE',
      'tee,,,,,,,,,M,,Red,TEE-M-R,210,3,19.99,,https://img.example/2.png,2,,',
      'tee,,,,,,,,,,,,,,,,,https://img.example/3.png,3,,',
      'mug,Mug,,,,,,FALSE,Title,Default Title,,,MUG-1,,7,8,,,,,',
    ].join('\n');
    const plan = planImport(csv, 'EUR');
    expect(plan.errors).toEqual([]);
    expect(plan.ignoredColumns).toEqual(['Gift Card']);
    expect(plan.notStored).toEqual(['Vendor', 'Type']);
    const [tee, mug] = plan.products;
    expect(tee).toMatchObject({
      handle: 'tee',
      line: 2,
      name: 'Tee',
      status: 'active',
      tags: ['cotton', 'summer'],
      category: ['Apparel', 'Shirts'],
      options: [
        { name: 'Size', values: ['S', 'M'] },
        { name: 'Colour', values: ['Red'] },
      ],
    });
    expect(tee!.variants.map((v) => [v.line, v.sku, v.optionValues, v.price, v.compareAtPrice, v.weightGrams, v.stock])).toEqual([
      [2, 'TEE-S-R', ['S', 'Red'], 1999, 2499, 200, 5],
      [3, 'TEE-M-R', ['M', 'Red'], 1999, null, 210, 3],
    ]);
    expect(tee!.images.map((i) => i.line)).toEqual([2, 3, 4]);
    // "Title / Default Title" is Shopify's product without options.
    expect(mug).toMatchObject({ handle: 'mug', status: 'draft', options: [], variants: [{ sku: 'MUG-1', optionValues: [], price: 800, stock: 7 }] });
  });

  it('leaves out a product with a bad line whole, naming each line and reason, and keeps the others', () => {
    const csv = [
      HEADER,
      'good,Good,,,,,,TRUE,Title,Default Title,,,G-1,,1,5.00,,,,,',
      'bad,Bad,,,,,,TRUE,Size,S,,,B-S,,1,abc,,,,,',
      'bad,,,,,,,,,M,,,B-M,,-1,5,,,,,',
      'Bad Handle,X,,,,,,TRUE,Title,Default Title,,,X-1,,1,1,,,,,',
      ',Orphan,,,,,,,,,,,O-1,,1,1,,,,,',
      'cheap,Cheap,,,,,,TRUE,Title,Default Title,,,C-1,,1,5,4,,,,',
    ].join('\n');
    const plan = planImport(csv, 'EUR');
    expect(plan.products.map((p) => p.handle)).toEqual(['good']);
    expect(plan.errors.map((e) => [e.line, e.subject, e.message])).toEqual([
      [3, 'bad', 'Variant Price must be an amount such as 19.99 in EUR'],
      [4, 'bad', 'Variant Inventory Qty must be a whole number, 0 or more'],
      [5, 'Bad Handle', expect.stringContaining('Handle must be lowercase')],
      [6, null, 'Handle is empty'],
      [7, 'cheap', 'Variant Compare At Price must be more than Variant Price (or empty)'],
    ]);
  });

  it('counts lines as the file has them: quoted line breaks and blank lines included', () => {
    const csv = [HEADER, 'a,A,"two', 'lines",,,,,TRUE,Title,Default Title,,,A-1,,1,x,,,,,', '', 'b,B,,,,,,TRUE,Title,Default Title,,,B-1,,1,y,,,,,'].join('\n');
    expect(planImport(csv, 'EUR').errors.map((e) => e.line)).toEqual([2, 5]);
  });

  it('refuses a file that is not CSV, or not a product CSV, as a whole', () => {
    expect(() => planImport('Handle,Title\n"open,quote\n', 'EUR')).toThrow(CsvFileError);
    expect(() => planImport('Name,Price\nx,1\n', 'EUR')).toThrow(/no Handle column/);
    expect(() => planImport('', 'EUR')).toThrow(/empty/);
  });

  it('checks the catalog’s own rules and ties them to lines (a tag the store refuses)', () => {
    const csv = [HEADER, 'tagged,Tagged,,,,,"ok, not/ok",TRUE,Title,Default Title,,,T-1,,1,1,,,,,'].join('\n');
    expect(planImport(csv, 'EUR').errors).toEqual([{ line: 2, subject: 'tagged', message: expect.stringMatching(/^Tags: /) }]);
  });
});

describe('prices as text', () => {
  it('moves digits, never through a float, per the currency’s minor unit', () => {
    expect(parseMoneyText('19.99', 'EUR')).toBe(1999);
    expect(parseMoneyText('0.1', 'EUR')).toBe(10);
    expect(parseMoneyText('20.00', 'JPY')).toBe(20);
    expect(parseMoneyText('20.5', 'JPY')).toBeUndefined();
    expect(parseMoneyText('1.2345', 'BHD')).toBeUndefined();
    expect(parseMoneyText('-1', 'EUR')).toBeUndefined();
    expect(parseMoneyText('1e3', 'EUR')).toBeUndefined();
    expect(formatMoneyText(1999, 'EUR')).toBe('19.99');
    expect(formatMoneyText(5, 'EUR')).toBe('0.05');
    expect(formatMoneyText(500, 'JPY')).toBe('500');
    for (const amount of [0, 1, 99, 100, 123456789]) expect(parseMoneyText(formatMoneyText(amount, 'EUR'), 'EUR')).toBe(amount);
  });
});

describe('Shopify product CSV, written', () => {
  const product = (handle: string, extra: Partial<Product> = {}): Product => ({
    id: `id-${handle}`,
    handle,
    name: handle.toUpperCase(),
    description: 'Says "hi", twice',
    status: 'active',
    tags: ['a', 'b'],
    images: [],
    options: [],
    variants: [
      {
        id: 'v1',
        sku: `${handle}-1`,
        optionValues: [],
        price: 1999,
        compareAtPrice: null,
        lowStockThreshold: null,
        weightGrams: 100,
        barcode: null,
        imageIds: [],
        active: true,
      },
    ],
    stock: { v1: { onHand: 4, reserved: 1 } },
    listedPrice: 1999,
    listedCompareAt: null,
    available: true,
    variantCount: 1,
    createdAt: '',
    updatedAt: '',
    version: 1,
    ...extra,
  });

  it('writes products sorted by handle, reads back to the same products', () => {
    const csv = shopifyCsv(
      [
        { product: product('zed'), category: [], imageUrls: [] },
        { product: product('abc', { status: 'draft' }), category: ['Home', 'Kitchen'], imageUrls: ['https://cdn.example/1.png', 'https://cdn.example/2.png'] },
      ],
      'EUR',
    );
    const lines = csv.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^abc,ABC,"Says ""hi"", twice",,Home > Kitchen,,"a, b",FALSE,Title,Default Title,/);
    const plan = planImport(csv, 'EUR');
    expect(plan.errors).toEqual([]);
    expect(plan.products.map((p) => [p.handle, p.status, p.category, p.images.length, p.variants[0]!.price, p.variants[0]!.stock])).toEqual([
      ['abc', 'draft', ['Home', 'Kitchen'], 2, 1999, 4],
      ['zed', 'active', [], 0, 1999, 4],
    ]);
  });
});
