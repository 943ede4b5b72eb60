import { beforeAll, describe, expect, it } from 'vitest';
import { ImageFetchError, type ImageFetcher } from '../../../src/catalog/transfer/image-fetch';
import { createLocalJobRunner } from '../../../src/jobs/consumer';
import { tokenFor } from '../../support/fake-verifier';
import { client, testManifests, testPlatform, type TestPlatform } from '../../support/platform';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** The network's stand-in: https://img.test/ serves a PNG, anything else is unreachable. */
const fetched: string[] = [];
const images: ImageFetcher = {
  async fetch(url) {
    fetched.push(url);
    if (url.startsWith('https://img.test/')) return { body: new Uint8Array(PNG), contentType: 'image/png' };
    throw new ImageFetchError('unreachable (getaddrinfo ENOTFOUND)');
  },
};

let p: TestPlatform;
let runner: ReturnType<typeof createLocalJobRunner>;
const admin = (store: string) => client(p.app, `${store}.test`, tokenFor('admin', store));

beforeAll(async () => {
  // Delta stays empty until the round trip imports into it.
  const delta = { ...testManifests[1]!, slug: 'delta', name: 'Delta Store', domains: ['delta.test'], firstAdmin: { email: 'd@delta.test', name: 'D' } };
  p = await testPlatform({ imageFetcher: images, manifests: [...testManifests, delta] });
  runner = createLocalJobRunner(p.bus, p.jobConsumer);
}, 120_000);

/** Publishes what was committed (the JobRequested event) and waits for the local runner's runs. */
async function settle() {
  await p.streams.drain();
  await runner.idle();
}

async function importCsv(store: string, csv: string) {
  const api = admin(store);
  const body = Buffer.from(csv, 'utf8');
  const ticket = await api('POST', '/admin/imports/uploads', { size: body.length });
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
  const put = await fetch(ticket.body.url, { method: 'PUT', headers: ticket.body.headers, body });
  expect(put.ok).toBe(true);
  const started = await api('POST', '/admin/imports', { uploadId: ticket.body.uploadId });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  expect(started.body).toMatchObject({ id: ticket.body.uploadId, type: 'catalog-import', state: 'queued' });
  await settle();
  const job = await api('GET', `/admin/jobs/${started.body.id}`);
  expect(job.status).toBe(200);
  return job.body;
}

async function exportCsv(store: string): Promise<string> {
  const api = admin(store);
  const started = await api('POST', '/admin/exports', {});
  expect(started.status).toBe(202);
  await settle();
  const job = await api('GET', `/admin/jobs/${started.body.id}`);
  expect(job.body.state, JSON.stringify(job.body)).toBe('succeeded');
  expect(job.body.download.url).toContain(`tenants/${store}/exports/${started.body.id}.csv`);
  const file = await fetch(job.body.download.url);
  expect(file.ok).toBe(true);
  return file.text();
}

const HEADER =
  'Handle,Title,Body (HTML),Vendor,Product Category,Type,Tags,Published,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant SKU,Variant Grams,Variant Inventory Qty,Variant Price,Variant Compare At Price,Variant Barcode,Image Src,Image Position,Image Alt Text,SEO Title,SEO Description,Status,Variant Tax Code';

const CATALOG = [
  HEADER,
  // Line 2-3: a product with two options and two variants, its images, a two-level category.
  'trail-tee,Trail Tee,<p>Light</p>,Acme,Apparel > Shirts,,"run, summer",TRUE,Size,S,Colour,Red,TT-S-RED,180,5,19.99,24.99,4006381333931,https://img.test/tee-1.png,1,Front,,,active,X1',
  'trail-tee,,,,,,,,,M,,Red,TT-M-RED,190,2,19.99,,,https://img.test/tee-2.png,2,Back,,,,',
  // Line 4: a product without options, in a category that is a sibling of the first.
  'camp-mug,Camp Mug,,,Home > Kitchen,,,FALSE,Title,Default Title,,,MUG-1,350,12,8.50,,,,,,,,draft,',
  // Line 5-6: a bad price on the second variant: the whole product is left out.
  'wool-sock,Wool Sock,,,,,,TRUE,Size,S,,,SOCK-S,,1,6,,,,,,,,active,',
  'wool-sock,,,,,,,,,M,,,SOCK-M,,1,six,,,,,,,,,',
  // Line 7: its image cannot be fetched: left out, with the line and the reason.
  'lost-cap,Lost Cap,,,,,,TRUE,Title,Default Title,,,CAP-1,,1,12,,,https://unreachable.example/cap.png,1,,,,active,',
  // Line 8: a SKU another product of this file already took: refused by the catalog.
  'dup-sku,Dup,,,,,,TRUE,Title,Default Title,,,MUG-1,,1,1,,,,,,,,active,',
].join('\n');

describe('catalog import (Shopify product CSV)', () => {
  let first: Record<string, any>;

  beforeAll(async () => {
    first = await importCsv('gamma', CATALOG);
  });

  it('imports products with variants, images and categories; reports each bad line with its number and reason', async () => {
    expect(first).toMatchObject({
      state: 'succeeded',
      // Progress counts the products the catalog was asked for (the file's checks left one out).
      progress: { done: 4, total: 4 },
      result: { created: 2, updated: 0, unchanged: 0, skipped: 3, rows: 7, products: 5, ignoredColumns: ['Variant Tax Code'] },
      errorCount: 3,
    });
    expect(first.result.notStored).toEqual(['Vendor', 'Image Alt Text']);
    expect(first.errors).toEqual([
      { line: 6, subject: 'wool-sock', message: 'Variant Price must be an amount such as 19.99 in EUR' },
      { line: 7, subject: 'lost-cap', message: expect.stringContaining('https://unreachable.example/cap.png: unreachable') },
      { line: 8, subject: 'dup-sku', message: expect.stringMatching(/MUG-1/) },
    ]);
    const api = admin('gamma');
    const list = (await api('GET', '/admin/products?limit=50')).body.items as any[];
    const tee = list.find((product) => product.handle === 'trail-tee');
    expect(tee).toMatchObject({
      name: 'Trail Tee',
      description: '<p>Light</p>',
      status: 'active',
      tags: ['run', 'summer'],
      options: [
        { name: 'Size', values: ['S', 'M'] },
        { name: 'Colour', values: ['Red'] },
      ],
    });
    expect(tee.variants.map((v: any) => [v.sku, v.optionValues, v.price.amount, v.compareAtPrice?.amount ?? null, v.weightGrams, v.barcode, v.onHand])).toEqual(
      [
        ['TT-S-RED', ['S', 'Red'], 1999, 2499, 180, '4006381333931', 5],
        ['TT-M-RED', ['M', 'Red'], 1999, null, 190, null, 2],
      ],
    );
    expect(tee.images).toHaveLength(2);
    expect(list.some((product) => ['wool-sock', 'lost-cap', 'dup-sku'].includes(product.handle))).toBe(false);
    // Categories by path: created where missing, siblings under one root.
    const categories = (await api('GET', '/admin/categories')).body.items as any[];
    const named = (name: string) => categories.find((c) => c.name === name);
    expect(named('Shirts').parentId).toBe(named('Apparel').id);
    expect(named('Kitchen').parentId).toBe(named('Home').id);
    expect((await api('GET', `/admin/products/${tee.id}/categories`)).body.categoryIds).toEqual([named('Shirts').id]);
  });

  it('is idempotent: the same file again updates nothing and duplicates nothing', async () => {
    const before = (await admin('gamma')('GET', '/admin/products?limit=50')).body.items as any[];
    const fetches = fetched.length;
    const again = await importCsv('gamma', CATALOG);
    expect(again.result).toMatchObject({ created: 0, updated: 0, unchanged: 2, skipped: 3 });
    const after = (await admin('gamma')('GET', '/admin/products?limit=50')).body.items as any[];
    expect(after.map((product) => [product.id, product.version, product.images.length])).toEqual(
      before.map((product) => [product.id, product.version, product.images.length]),
    );
    // Images already there (same URL) are not fetched again; only the unreachable one is retried.
    expect(fetched.slice(fetches)).toEqual(['https://unreachable.example/cap.png']);
    expect((await admin('gamma')('GET', '/admin/categories')).body.items).toHaveLength(4);
  });

  it('updates by handle: a changed price and stock, a new variant; kept variants keep their ids', async () => {
    const api = admin('gamma');
    const tee = ((await api('GET', '/admin/products?limit=50')).body.items as any[]).find((product) => product.handle === 'trail-tee');
    const changed = [
      HEADER,
      'trail-tee,Trail Tee,<p>Light</p>,,Apparel > Shirts,,"run, summer",TRUE,Size,S,Colour,Red,TT-S-RED,180,9,17.50,24.99,4006381333931,https://img.test/tee-1.png,1,,,,active,',
      'trail-tee,,,,,,,,,M,,Red,TT-M-RED,190,2,19.99,,,https://img.test/tee-2.png,2,,,,,',
      'trail-tee,,,,,,,,,L,,Red,TT-L-RED,200,4,21.00,,,,,,,,,',
    ].join('\n');
    const job = await importCsv('gamma', changed);
    expect(job.result).toMatchObject({ created: 0, updated: 1, skipped: 0 });
    const after = (await api('GET', `/admin/products/${tee.id}`)).body;
    expect(after.variants.map((v: any) => [v.sku, v.price.amount, v.onHand])).toEqual([
      ['TT-S-RED', 1750, 9],
      ['TT-M-RED', 1999, 2],
      ['TT-L-RED', 2100, 4],
    ]);
    expect(after.variants.slice(0, 2).map((v: any) => v.id)).toEqual(tee.variants.map((v: any) => v.id));
  });

  it('applies the store’s plan: a product over its variant limit is left out with the reason', async () => {
    // Alpha is on Basic: at most 10 variants per product.
    const lines = Array.from({ length: 11 }, (_, i) => `big,${i === 0 ? 'Big' : ''},,,,,,TRUE,${i === 0 ? 'Size' : ''},S${i},,,BIG-${i},,1,1,,,,,,,,active,`);
    const job = await importCsv('alpha', [HEADER, ...lines].join('\n'));
    expect(job.result).toMatchObject({ created: 0, skipped: 1 });
    expect(job.errors).toEqual([{ line: 2, subject: 'big', message: expect.stringMatching(/variant/i) }]);
  });

  it('fails a file that is not CSV as a whole, and refuses to start without an upload', async () => {
    const job = await importCsv('alpha', 'Handle,Title\n"never closed,x\n');
    expect(job.state).toBe('failed');
    expect(job.errors[0].message).toMatch(/not valid CSV/);
    const missing = await admin('alpha')('POST', '/admin/imports', { uploadId: crypto.randomUUID() });
    expect(missing.status).toBe(422);
  });
});

describe('catalog export', () => {
  it('round-trips: export, import into an empty store, export again gives the same file', async () => {
    const catalog = [
      HEADER,
      'b-shirt,B Shirt,"Soft, ""organic"" cotton",,Apparel > Shirts,,cotton,TRUE,Size,S,,,BS-S,150,3,20.00,25.00,123-456,,,,,,active,',
      'b-shirt,,,,,,,,,M,,,BS-M,160,0,20.00,,,,,,,,,',
      'a-mug,A Mug,,,Home,,,FALSE,Title,Default Title,,,AM-1,,7,9.99,,,,,,,,archived,',
    ].join('\n');
    // Beta's catalog from a file; delta is empty.
    expect((await importCsv('beta', catalog)).result).toMatchObject({ created: 2, skipped: 0 });
    const exported = await exportCsv('beta');
    expect(exported.split('\n')[0]).toBe(
      'Handle,Title,Body (HTML),Vendor,Product Category,Type,Tags,Published,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,Variant SKU,Variant Grams,Variant Inventory Qty,Variant Price,Variant Compare At Price,Variant Barcode,Image Src,Image Position,Image Alt Text,SEO Title,SEO Description,Status',
    );
    expect(exported).toContain('a-mug,A Mug,,,Home,,,FALSE,Title,Default Title,,,,,AM-1,,7,9.99,,,,,,,,archived');
    expect((await importCsv('delta', exported)).result).toMatchObject({ created: 2, skipped: 0 });
    expect(await exportCsv('delta')).toBe(exported);
  });
});
