import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { tenantContext } from '../../../src/tenants/tenant';
import { tokenFor, userIdFor } from '../../support/fake-verifier';
import { recordDynamoCalls } from '../../support/dynamo-calls';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

/**
 * The cart through the API (docs/architecture.md, "Cart and wishlist"): guest carts by cookie,
 * customer carts by sub, re-checked reads with notices, the round trips, merging, expiry, and what
 * checkout consumes.
 */
let p: TestPlatform;
let admin: ReturnType<typeof client>;
let visitor: ReturnType<typeof client>;
let customer: ReturnType<typeof client>;
let dynamo: ReturnType<typeof recordDynamoCalls>;
const alpha = tenantContext({ id: 'alpha', name: 'Alpha Store', tier: 'basic', status: 'active' });
const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** A product with sizes S and M (stock each), answering its id and variant ids. */
async function newProduct(sku: string, stock: [number, number], price = 1000) {
  const created = await admin('POST', '/admin/products', {
    name: `Tee ${sku}`,
    status: 'active',
    options: [{ name: 'Size', values: ['S', 'M'] }],
    variants: [
      { sku: `${sku}-S`, optionValues: ['S'], price: eur(price), stock: stock[0] },
      { sku: `${sku}-M`, optionValues: ['M'], price: eur(price), stock: stock[1] },
    ],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id as string, s: created.body.variants[0].id as string, m: created.body.variants[1].id as string, version: created.body.version };
}

const cookieOf = (headers: Headers) => /(?:^|;\s*)cart=([^;]+)/.exec(headers.get('set-cookie') ?? '')?.[1];
/** A guest: their cookie is set by the first addition and sent after. */
function guest() {
  let cookie: string | undefined;
  return {
    get cookie() {
      return cookie;
    },
    async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const answer = await visitor(method, path, body, { ...(cookie ? { cookie: `cart=${cookie}` } : {}), ...headers });
      cookie = cookieOf(answer.headers) ?? cookie;
      return answer;
    },
  };
}

beforeAll(async () => {
  p = await testPlatform();
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  customer = client(p.app, 'alpha.test', tokenFor('customer', 'alpha'));
  visitor = client(p.app, 'alpha.test');
  dynamo = recordDynamoCalls(p.table.client);
  await customer('GET', '/cart/summary');
});

describe('a guest cart', () => {
  it('starts with an opaque HttpOnly, SameSite=Lax cookie on the first addition; answers are never cached', async () => {
    const { id, s } = await newProduct('G1', [5, 5]);
    const shopper = guest();
    const empty = await shopper.send('GET', '/cart/lines');
    expect(empty.body).toMatchObject({ lines: [], count: 0, subtotal: eur(0) });
    expect(empty.headers.get('set-cookie')).toBeNull();
    const added = await shopper.send('POST', '/cart/lines', { productId: id, variantId: s, quantity: 2 });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body).toEqual({ count: 2 });
    const setCookie = added.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^cart=[A-Za-z0-9_-]{22}; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax$/);
    // Not Secure over http (a local store); https answers add it (the cookie helper reads the scheme).
    expect(added.headers.get('cache-control')).toBe('private, no-store');
    const read = await shopper.send('GET', '/cart/lines');
    expect(read.headers.get('cache-control')).toBe('private, no-store');
    expect(read.body).toMatchObject({ count: 2, subtotal: eur(2000), notices: [], maxLines: 25 });
    expect(read.body.lines).toEqual([
      expect.objectContaining({ productId: id, variantId: s, name: 'Tee G1', variant: 'Size: S', sku: 'G1-S', quantity: 2, unitPrice: eur(1000) }),
    ]);
    expect((await shopper.send('GET', '/cart/summary')).body).toEqual({ count: 2 });
    // Each addition keeps the cookie as long as the cart; reads leave it alone.
    expect((await shopper.send('GET', '/cart/lines')).headers.get('set-cookie')).toBeNull();
    const again = await shopper.send('POST', '/cart/lines', { productId: id, variantId: s });
    expect(again.headers.get('set-cookie')).toBe(setCookie);
  });

  it('is read in two round trips (the cart, then its products in one BatchGetItem); an addition is two as well', async () => {
    const { id, s, m } = await newProduct('RT', [5, 5]);
    const shopper = guest();
    await shopper.send('POST', '/cart/lines', { productId: id, variantId: s });
    dynamo.reset();
    expect((await shopper.send('POST', '/cart/lines', { productId: id, variantId: m })).status).toBe(200);
    expect(dynamo.counts()).toEqual({ BatchGetItem: 1, PutItem: 1 });
    dynamo.reset();
    expect((await shopper.send('GET', '/cart/lines')).body.count).toBe(2);
    expect(dynamo.counts()).toEqual({ GetItem: 1, BatchGetItem: 1 });
    expect(JSON.stringify(dynamo.calls[0]!.input)).toContain('TENANT#alpha#CART#guest-');
  });

  it('refuses more than is available, an unknown or inactive variant, and a bad body: clear 4xx answers', async () => {
    const { id, s, m } = await newProduct('RF', [2, 0]);
    const shopper = guest();
    const tooMany = await shopper.send('POST', '/cart/lines', { productId: id, variantId: s, quantity: 3 });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.detail).toBe('Only 2 available.');
    expect((await shopper.send('POST', '/cart/lines', { productId: id, variantId: m })).body.detail).toBe('This item is sold out.');
    expect((await shopper.send('POST', '/cart/lines', { productId: id, variantId: 'nope' })).status).toBe(422);
    expect((await shopper.send('POST', '/cart/lines', { productId: id, variantId: s, quantity: 0 })).status).toBe(422);
    expect((await shopper.send('POST', '/cart/lines', '{not json')).status).toBe(400);
    expect((await shopper.send('PUT', '/cart/lines/nope', { quantity: 1 })).status).toBe(404);
  });

  it('re-checks every read: a new price, less stock, an archived product each give a notice once, and the cart follows', async () => {
    const priced = await newProduct('RC1', [5, 5]);
    const scarce = await newProduct('RC2', [5, 5]);
    const archived = await newProduct('RC3', [5, 5]);
    const shopper = guest();
    await shopper.send('POST', '/cart/lines', { productId: priced.id, variantId: priced.s });
    await shopper.send('POST', '/cart/lines', { productId: scarce.id, variantId: scarce.s, quantity: 4 });
    await shopper.send('POST', '/cart/lines', { productId: archived.id, variantId: archived.s });
    const variants = (sku: string, price: number) => [
      { id: priced.s, sku: `${sku}-S`, optionValues: ['S'], price: eur(price) },
      { id: priced.m, sku: `${sku}-M`, optionValues: ['M'], price: eur(price) },
    ];
    expect((await admin('PATCH', `/admin/products/${priced.id}`, { variants: variants('RC1', 1250) })).status).toBe(200);
    expect((await admin('PUT', `/admin/products/${scarce.id}/variants/${scarce.s}/inventory`, { stock: 2 })).status).toBe(200);
    expect((await admin('PATCH', `/admin/products/${archived.id}`, { status: 'archived' })).status).toBe(200);
    const read = await shopper.send('GET', '/cart/lines');
    expect(read.body.notices.map((n: { message: string }) => n.message)).toEqual([
      'Tee RC1: price changed from €10.00 to €12.50.',
      'Only 2 left of Tee RC2, quantity lowered.',
      'Tee RC3 is no longer available, removed from your cart.',
    ]);
    expect(read.body.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([
      ['RC1-S', 1],
      ['RC2-S', 2],
    ]);
    expect(read.body.subtotal).toEqual(eur(1250 + 2000));
    expect((await shopper.send('GET', '/cart/lines')).body.notices).toEqual([]);
  });

  it('changes and removes lines by variant', async () => {
    const { id, s, m } = await newProduct('CH', [5, 5]);
    const shopper = guest();
    await shopper.send('POST', '/cart/lines', { productId: id, variantId: s });
    await shopper.send('POST', '/cart/lines', { productId: id, variantId: m });
    expect((await shopper.send('PUT', `/cart/lines/${s}`, { quantity: 4 })).body.count).toBe(5);
    expect((await shopper.send('PUT', `/cart/lines/${s}`, { quantity: 6 })).status).toBe(422);
    const removed = await shopper.send('DELETE', `/cart/lines/${m}`);
    expect(removed.body.lines.map((l: { variantId: string }) => l.variantId)).toEqual([s]);
    expect((await shopper.send('PUT', `/cart/lines/${s}`, { quantity: 0 })).body).toMatchObject({ lines: [], count: 0 });
  });

  it('names no cart with a cookie of the wrong shape or of another store, and an abandoned cart is gone', async () => {
    const { id, s } = await newProduct('EX', [5, 5]);
    const shopper = guest();
    await shopper.send('POST', '/cart/lines', { productId: id, variantId: s });
    const forged = await visitor('GET', '/cart/lines', undefined, { cookie: 'cart=customer-customer-alpha' });
    expect(forged.body.count).toBe(0);
    const elsewhere = await client(p.app, 'beta.test')('GET', '/cart/lines', undefined, { cookie: `cart=${shopper.cookie}` });
    expect(elsewhere.body.count).toBe(0);
    // Abandoned: past its expiry, the table's TTL may take days to remove it; reads do not wait.
    await p.table.client.send(
      new UpdateCommand({
        TableName: p.table.tableName,
        Key: { PK: `TENANT#alpha#CART#guest-${shopper.cookie}`, SK: '#CART' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    expect((await shopper.send('GET', '/cart/lines')).body.count).toBe(0);
    expect((await shopper.send('GET', '/cart/summary')).body.count).toBe(0);
    // And a new addition starts afresh over it.
    expect((await shopper.send('POST', '/cart/lines', { productId: id, variantId: s })).body.count).toBe(1);
  });

  it('works without a script: the page’s form adds, updates and removes, then shows the cart again', async () => {
    const { id, s } = await newProduct('FORM', [3, 3]);
    const shopper = guest();
    const form = (fields: Record<string, string>) =>
      shopper.send('POST', '/cart', new URLSearchParams(fields).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    const added = await form({ action: 'add', productId: id, variantId: s, quantity: '2' });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe('/cart');
    expect((await form({ action: 'update', variantId: s, quantity: '9' })).headers.get('location')).toBe('/cart?error=stock');
    const page = await shopper.send('GET', '/cart?error=stock', undefined, { accept: 'text/html' });
    expect(page.body).toContain('Not that many are available.');
    expect(page.body).toContain('Tee FORM');
    expect(page.body).toContain('href="/checkout"');
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect((await form({ action: 'remove', variantId: s })).headers.get('location')).toBe('/cart');
    expect((await shopper.send('GET', '/cart/summary')).body.count).toBe(0);
    // A form of no page's shape, or not a form at all: a problem, not a page.
    expect((await form({ action: 'nonsense' })).status).toBe(422);
    expect((await shopper.send('POST', '/cart', { action: 'add' })).status).toBe(415);
  });

  it('takes an Idempotency-Key: a retried addition adds once', async () => {
    const { id, s } = await newProduct('IDEM', [5, 5]);
    const shopper = guest();
    await shopper.send('POST', '/cart/lines', { productId: id, variantId: s });
    const key = { 'idempotency-key': 'add-once' };
    expect((await shopper.send('POST', '/cart/lines', { productId: id, variantId: s }, key)).body.count).toBe(2);
    const replay = await shopper.send('POST', '/cart/lines', { productId: id, variantId: s }, key);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await shopper.send('GET', '/cart/summary')).body.count).toBe(2);
  });
});

describe('a customer cart', () => {
  it('is read in two round trips too: the cart joins the caller’s re-check (one BatchGetItem), then its products', async () => {
    const { id, s } = await newProduct('CRT', [5, 5]);
    await customer('POST', '/cart/lines', { productId: id, variantId: s });
    dynamo.reset();
    const read = await customer('GET', '/cart/lines');
    expect(read.body.lines.some((l: { variantId: string }) => l.variantId === s)).toBe(true);
    expect(dynamo.counts()).toEqual({ BatchGetItem: 2 });
    expect(JSON.stringify(dynamo.calls[0]!.input)).toContain(`TENANT#alpha#CART#customer-${userIdFor('customer', 'alpha')}`);
    dynamo.reset();
    await customer('GET', '/cart/summary');
    expect(dynamo.counts()).toEqual({ BatchGetItem: 1 });
    await customer('DELETE', `/cart/lines/${s}`);
  });

  it('is the customer’s by their sub; a guest cart they still hold joins it on sign-in (quantities summed, capped by stock)', async () => {
    const { id, s, m } = await newProduct('MG', [4, 5]);
    expect((await customer('POST', '/cart/lines', { productId: id, variantId: s, quantity: 3 })).body.count).toBe(3);
    const shopper = guest();
    await shopper.send('POST', '/cart/lines', { productId: id, variantId: s, quantity: 2 });
    await shopper.send('POST', '/cart/lines', { productId: id, variantId: m, quantity: 1 });
    const merged = await customer('GET', '/cart/summary', undefined, { cookie: `cart=${shopper.cookie}` });
    // 3 + 2 of S capped at the 4 available, and the guest's M.
    expect(merged.body.count).toBe(5);
    expect(merged.headers.get('set-cookie')).toMatch(/^cart=; Max-Age=0; Path=\//);
    // The guest cart is gone: its cookie names nothing any more.
    expect((await shopper.send('GET', '/cart/summary')).body.count).toBe(0);
    const lines = await p.carts.cartLines(alpha, { kind: 'customer', sub: userIdFor('customer', 'alpha') });
    expect(lines).toEqual(
      expect.arrayContaining([
        { productId: id, variantId: s, quantity: 4, unitPrice: 1000 },
        { productId: id, variantId: m, quantity: 1, unitPrice: 1000 },
      ]),
    );
    // After an order, checkout empties it.
    await p.carts.clearCart(alpha, { kind: 'customer', sub: userIdFor('customer', 'alpha') });
    expect((await customer('GET', '/cart/summary')).body.count).toBe(0);
  });
});
