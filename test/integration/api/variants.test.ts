import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

let p: TestPlatform;
let admin: ReturnType<typeof client>;
let clerk: ReturnType<typeof client>;
let visitor: ReturnType<typeof client>;

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const sizeColour = (prefix: string, extra: Record<string, unknown> = {}) => ({
  name: `Runner ${prefix}`,
  status: 'active',
  options: [
    { name: 'Size', values: ['40', '41'] },
    { name: 'Colour', values: ['Red', 'Blue'] },
  ],
  variants: [
    { sku: `${prefix}-40-R`, optionValues: ['40', 'Red'], price: eur(9000), stock: 0 },
    { sku: `${prefix}-40-B`, optionValues: ['40', 'Blue'], price: eur(8000), compareAtPrice: eur(9500), stock: 2 },
    { sku: `${prefix}-41-R`, optionValues: ['41', 'Red'], price: eur(7000), active: false, stock: 5 },
  ],
  ...extra,
});
type Shown = { id: string; handle: string; version: number; variants: { id: string; sku: string; optionValues: string[]; onHand: number }[] } & Record<
  string,
  any
>;
const rawItem = async (id: string) =>
  (await p.table.client.send(new GetCommand({ TableName: p.table.tableName, Key: { PK: `TENANT#alpha#PRODUCT#${id}`, SK: '#PRODUCT' }, ConsistentRead: true })))
    .Item!;

beforeAll(async () => {
  p = await testPlatform();
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  clerk = client(p.app, 'alpha.test', tokenFor('clerk', 'alpha'));
  visitor = client(p.app, 'alpha.test');
});

describe('products with options and variants', () => {
  it('creates one, keeping listed price (lowest ACTIVE), compare-at, availability and stock per variant on the one item', async () => {
    const created = await admin('POST', '/admin/products', sizeColour('VC'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const body = created.body as Shown;
    expect(body).toMatchObject({ handle: 'runner-vc', variantCount: 3, listedPrice: eur(8000), listedCompareAt: eur(9500), available: true });
    expect(body.sku).toBeUndefined();
    expect(body.variants.map((variant) => [variant.sku, variant.onHand])).toEqual([
      ['VC-40-R', 0],
      ['VC-40-B', 2],
      ['VC-41-R', 5],
    ]);
    const item = await rawItem(body.id);
    expect(item.listedPrice).toBe(8000);
    expect(item.GSI3SK).toBe(`0000000008000#${body.id}`);
    expect(Object.values(item.stock as object)).toEqual(expect.arrayContaining([{ onHand: 2, reserved: 0 }]));

    const shown = await visitor('GET', `/products/${body.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ inStock: true, onSale: true, listedPrice: eur(8000) });
    // Visitors see active variants only, whether each can be bought, never counts.
    expect(shown.body.variants.map((variant: { sku: string; inStock: boolean }) => [variant.sku, variant.inStock])).toEqual([
      ['VC-40-R', false],
      ['VC-40-B', true],
    ]);
    expect(JSON.stringify(shown.body)).not.toMatch(/onHand|reserved|lowStockThreshold/);
  });

  it('refuses both request shapes at once, a bad grid, and a variant with another currency: 422 with paths', async () => {
    const both = await admin('POST', '/admin/products', sizeColour('BOTH', { sku: 'BOTH-1', price: eur(1) }));
    expect(both.status).toBe(422);
    expect(both.body.errors[0].message).toMatch(/either the single-variant shorthand .* or options and variants/);
    const grid = sizeColour('GRID');
    grid.variants[1]!.optionValues = ['40', 'Red'];
    expect((await admin('POST', '/admin/products', grid)).body.errors).toEqual([
      { path: 'variants.1.optionValues', message: 'another variant has the same option values' },
    ]);
    const currency = sizeColour('CUR');
    currency.variants[0]!.price = { amount: 1, currency: 'USD' };
    expect((await admin('POST', '/admin/products', currency)).body.errors).toEqual([
      { path: 'variants.0.price.currency', message: 'must be the store’s currency, EUR' },
    ]);
  });

  it('keeps SKUs unique across variants of different products, and frees a removed variant’s SKU', async () => {
    const first = (await admin('POST', '/admin/products', sizeColour('UNQ'))).body as Shown;
    const clash = await admin('POST', '/admin/products', { name: 'Other', sku: 'unq-40-b', price: eur(1) });
    expect(clash.status).toBe(409);
    expect(clash.body.detail).toMatch(/SKU unq-40-b/);

    // Replace the list without the 40/Blue variant: its SKU is free afterwards, the others kept their ids.
    const [red, , inactive] = first.variants;
    const patched = await admin('PATCH', `/admin/products/${first.id}`, {
      variants: [
        { id: red!.id, sku: red!.sku, optionValues: red!.optionValues, price: eur(9000) },
        { id: inactive!.id, sku: inactive!.sku, optionValues: inactive!.optionValues, price: eur(7000), active: true },
        { sku: 'UNQ-41-B', optionValues: ['41', 'Blue'], price: eur(6500), stock: 4 },
      ],
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.variants.map((variant: { id: string }) => variant.id).slice(0, 2)).toEqual([red!.id, inactive!.id]);
    expect(patched.body).toMatchObject({ listedPrice: eur(6500), listedCompareAt: null, variantCount: 3 });
    expect(patched.body.variants[2]).toMatchObject({ sku: 'UNQ-41-B', onHand: 4 });
    expect((await admin('POST', '/admin/products', { name: 'Takes the freed SKU', sku: 'UNQ-40-B', price: eur(1) })).status).toBe(201);
    const item = await rawItem(first.id);
    expect(Object.keys(item.stock as object).sort()).toEqual(patched.body.variants.map((variant: { id: string }) => variant.id).sort());
    // The new variant's trail starts at its creation.
    const history = await clerk('GET', `/admin/products/${first.id}/variants/${patched.body.variants[2].id}/inventory/history`);
    expect(history.body.items).toMatchObject([{ reason: 'initial', current: 4 }]);
  });

  it('derives handles from names (-2, -3 when taken), keeps them unique, and refuses a taken explicit handle', async () => {
    const a = await admin('POST', '/admin/products', { name: 'Same Name', sku: 'HAN-1', price: eur(1) });
    const b = await admin('POST', '/admin/products', { name: 'Same name!', sku: 'HAN-2', price: eur(1) });
    expect([a.body.handle, b.body.handle]).toEqual(['same-name', 'same-name-2']);
    const taken = await admin('POST', '/admin/products', { name: 'X', handle: 'same-name', sku: 'HAN-3', price: eur(1) });
    expect(taken.status).toBe(409);
    expect((await admin('PATCH', `/admin/products/${b.body.id}`, { handle: 'same-name' })).status).toBe(409);
    // Renaming the handle frees the old one.
    expect((await admin('PATCH', `/admin/products/${a.body.id}`, { handle: 'renamed-handle' })).status).toBe(200);
    expect((await admin('POST', '/admin/products', { name: 'X', handle: 'same-name', sku: 'HAN-4', price: eur(1) })).status).toBe(201);
  });
});

describe('stock per variant', () => {
  it('a stock change never bumps the version, so an edit read before it still applies; a stale version is still a 409', async () => {
    const product = (await admin('POST', '/admin/products', sizeColour('VER'))).body as Shown;
    const variant = product.variants[0]!;
    const adjusted = await clerk('POST', `/admin/products/${product.id}/variants/${variant.id}/inventory/adjustments`, { delta: 3, reason: 'restock' });
    expect(adjusted.status).toBe(201);
    expect(adjusted.body).toMatchObject({ productId: product.id, variantId: variant.id, previous: 0, current: 3 });
    const after = (await admin('GET', `/admin/products/${product.id}`)).body as Shown;
    expect(after.version).toBe(product.version);
    expect(after.variants[0]!.onHand).toBe(3);
    // The admin read version 1 before the stock change: the edit still applies.
    const edit = await admin('PATCH', `/admin/products/${product.id}`, { name: 'Renamed', version: product.version });
    expect(edit.status).toBe(200);
    expect(edit.body.variants[0].onHand).toBe(3);
    // Sent again with the version it read, now stale: 409, nothing changed.
    const stale = await admin('PATCH', `/admin/products/${product.id}`, { name: 'Again', version: product.version });
    expect(stale.status).toBe(409);
    expect((await admin('GET', `/admin/products/${product.id}`)).body.name).toBe('Renamed');
  });

  it('keeps `available` right as variants sell out and come back, and the storefront filter follows it', async () => {
    const product = (
      await admin('POST', '/admin/products', {
        name: 'Two sizes',
        status: 'active',
        options: [{ name: 'Size', values: ['S', 'M'] }],
        variants: [
          { sku: 'AV-S', optionValues: ['S'], price: eur(100), stock: 1 },
          { sku: 'AV-M', optionValues: ['M'], price: eur(100), stock: 0 },
        ],
      })
    ).body as Shown;
    const [s, m] = product.variants;
    expect((await rawItem(product.id)).available).toBe(true);
    await clerk('PUT', `/admin/products/${product.id}/variants/${s!.id}/inventory`, { stock: 0 });
    expect((await rawItem(product.id)).available).toBe(false);
    expect((await visitor('GET', `/products/${product.id}`)).body.inStock).toBe(false);
    await clerk('PUT', `/admin/products/${product.id}/variants/${m!.id}/inventory`, { stock: 2 });
    expect((await rawItem(product.id)).available).toBe(true);
    const level = await clerk('GET', `/admin/products/${product.id}/variants/${m!.id}/inventory`);
    expect(level.body).toEqual({ productId: product.id, variantId: m!.id, sku: 'AV-M', onHand: 2, reserved: 0, available: 2, lowStockThreshold: null });
  });

  it('answers 409 several-variants on the product-level inventory routes of a product with several, naming the variant routes', async () => {
    const product = (await admin('POST', '/admin/products', sizeColour('OLD'))).body as Shown;
    for (const [method, path, body] of [
      ['POST', 'inventory/adjustments', { delta: 1, reason: 'restock' }],
      ['PUT', 'inventory', { stock: 1 }],
      ['GET', 'inventory/history', undefined],
    ] as const) {
      const answer = await clerk(method, `/admin/products/${product.id}/${path}`, body);
      expect(answer.status, path).toBe(409);
      expect(answer.body.type).toBe('/problems/several-variants');
      expect(answer.body.detail).toContain(`/admin/products/${product.id}/variants/`);
    }
    expect((await clerk('GET', `/admin/products/${product.id}/variants/no-such-variant/inventory`)).status).toBe(404);
  });

  it('keeps each variant’s trail apart: a cursor of one variant’s history does not open another’s', async () => {
    const product = (await admin('POST', '/admin/products', sizeColour('TRL'))).body as Shown;
    const [a, b] = product.variants;
    for (let i = 0; i < 3; i++) await clerk('POST', `/admin/products/${product.id}/variants/${a!.id}/inventory/adjustments`, { delta: 1, reason: 'restock' });
    const page = await clerk('GET', `/admin/products/${product.id}/variants/${a!.id}/inventory/history?limit=2`);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items.every((entry: { variantId: string }) => entry.variantId === a!.id)).toBe(true);
    const foreign = await clerk('GET', `/admin/products/${product.id}/variants/${b!.id}/inventory/history?cursor=${page.body.nextCursor}`);
    expect(foreign.status).toBe(400);
    const rest = await clerk('GET', `/admin/products/${product.id}/variants/${a!.id}/inventory/history?cursor=${page.body.nextCursor}`);
    expect(rest.body.items.map((entry: { reason: string }) => entry.reason)).toEqual(['restock', 'initial']);
  });

  it('leaves attributes other writers own (categoryIds) untouched by edits and stock changes', async () => {
    const product = (await admin('POST', '/admin/products', { name: 'Owned', sku: 'OWN-1', price: eur(1), stock: 1 })).body as Shown;
    await p.table.client.send(
      new UpdateCommand({
        TableName: p.table.tableName,
        Key: { PK: `TENANT#alpha#PRODUCT#${product.id}`, SK: '#PRODUCT' },
        UpdateExpression: 'SET categoryIds = :c',
        ExpressionAttributeValues: { ':c': ['cat-1'] },
      }),
    );
    expect((await admin('PATCH', `/admin/products/${product.id}`, { name: 'Owned 2', price: eur(2) })).status).toBe(200);
    expect((await clerk('POST', `/admin/products/${product.id}/inventory/adjustments`, { delta: 1, reason: 'restock' })).status).toBe(201);
    const item = await rawItem(product.id);
    expect(item.categoryIds).toEqual(['cat-1']);
    expect(item).toMatchObject({ name: 'Owned 2', listedPrice: 2 });
  });
});
