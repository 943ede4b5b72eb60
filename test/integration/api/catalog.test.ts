import { beforeAll, describe, expect, it } from 'vitest';
import { scanAll } from '../../support/dynamo';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

const shoe = (sku: string, extra: Record<string, unknown> = {}) => ({
  name: `Shoe ${sku}`,
  description: 'A shoe',
  price: { amount: 4999, currency: 'EUR' },
  sku,
  status: 'active',
  stock: 10,
  ...extra,
});

let p: TestPlatform;
let admin: ReturnType<typeof client>;
let visitor: ReturnType<typeof client>;

beforeAll(async () => {
  p = await testPlatform();
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  visitor = client(p.app, 'alpha.test');
});

describe('products: create, read, update, delete', () => {
  it('creates a product and reads it back, as staff and as a visitor', async () => {
    const created = await admin('POST', '/admin/products', shoe('CRUD-1', { tags: ['Running'] }));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/admin/products/${created.body.id}`);
    expect(created.body).toMatchObject({
      name: 'Shoe CRUD-1',
      price: { amount: 4999, currency: 'EUR' },
      sku: 'CRUD-1',
      status: 'active',
      stock: 10,
      tags: ['running'],
      version: 1,
      lowStockThreshold: null,
    });

    const staffView = await admin('GET', `/admin/products/${created.body.id}`);
    expect(staffView.body).toEqual(created.body);

    const publicView = await visitor('GET', `/products/${created.body.id}`);
    expect(publicView.status).toBe(200);
    expect(publicView.body).toMatchObject({ id: created.body.id, inStock: true });
    expect(publicView.body.version).toBeUndefined();
  });

  it('hides drafts and archived products from visitors but not from staff', async () => {
    const draft = await admin('POST', '/admin/products', shoe('DRAFT-1', { status: 'draft' }));
    expect((await visitor('GET', `/products/${draft.body.id}`)).status).toBe(404);
    expect((await admin('GET', `/admin/products/${draft.body.id}`)).status).toBe(200);
    const listed = await visitor('GET', '/products?limit=100');
    expect(listed.body.items.map((i: { id: string }) => i.id)).not.toContain(draft.body.id);

    // Publishing it puts it on the storefront.
    await admin('PATCH', `/admin/products/${draft.body.id}`, { status: 'active' });
    expect((await visitor('GET', `/products/${draft.body.id}`)).status).toBe(200);
  });

  it('updates only the fields named, and bumps the version', async () => {
    const created = await admin('POST', '/admin/products', shoe('PATCH-1'));
    const patched = await admin('PATCH', `/admin/products/${created.body.id}`, { name: 'Renamed', price: { amount: 100, currency: 'EUR' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'Renamed',
      price: { amount: 100, currency: 'EUR' },
      description: 'A shoe',
      sku: 'PATCH-1',
      stock: 10,
      version: 2,
    });
    expect((await admin('GET', `/admin/products/${created.body.id}`)).body.name).toBe('Renamed');
  });

  it('refuses a price in another currency than the store’s, saying which', async () => {
    const created = await admin('POST', '/admin/products', shoe('CUR-1'));
    const patched = await admin('PATCH', `/admin/products/${created.body.id}`, { price: { amount: 100, currency: 'USD' } });
    expect(patched.status).toBe(422);
    expect(patched.body.errors).toEqual([{ path: 'price.currency', message: 'must be the store’s currency, EUR' }]);
    const refused = await admin('POST', '/admin/products', shoe('CUR-2', { price: { amount: 100, currency: 'USD' } }));
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: 'price.currency', message: 'must be the store’s currency, EUR' }]);
  });

  it('moves the SKU claim when the SKU changes, freeing the old one', async () => {
    const created = await admin('POST', '/admin/products', shoe('MOVE-1'));
    expect((await admin('PATCH', `/admin/products/${created.body.id}`, { sku: 'MOVE-2' })).status).toBe(200);
    expect((await admin('POST', '/admin/products', shoe('MOVE-1'))).status).toBe(201);
    expect((await admin('POST', '/admin/products', shoe('move-2'))).status).toBe(409);
  });

  it('deletes a product, frees its SKU and answers 404 afterwards', async () => {
    const created = await admin('POST', '/admin/products', shoe('DEL-1'));
    expect((await admin('DELETE', `/admin/products/${created.body.id}`)).status).toBe(204);
    expect((await admin('GET', `/admin/products/${created.body.id}`)).status).toBe(404);
    expect((await admin('DELETE', `/admin/products/${created.body.id}`)).status).toBe(404);
    expect((await admin('POST', '/admin/products', shoe('DEL-1'))).status).toBe(201);
  });

  it('pages through a listing with an opaque cursor, newest first, without repeats or gaps', async () => {
    const fresh = await testPlatform();
    const staff = client(fresh.app, 'beta.test', tokenFor('admin', 'beta'));
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push((await staff('POST', '/admin/products', shoe(`PAGE-${i}`))).body.id);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client(fresh.app, 'www.beta.test')('GET', `/products?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
      cursor = page.body.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);

    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(25);
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(seen[0]).toBe(ids[24]);
  });
});

describe('products: bad input is refused whole', () => {
  it('answers problem+json with field paths and writes nothing', async () => {
    const before = (await scanAll(p.table.tableName)).length;
    const cases: [unknown, number, string?][] = [
      ['{"name": "broken', 400],
      [shoe('BAD-1', { price: { amount: -5, currency: 'EUR' } }), 422, 'price.amount'],
      [shoe('BAD-2', { price: { amount: 10.5, currency: 'EUR' } }), 422, 'price.amount'],
      [shoe('BAD-3', { price: { amount: 10, currency: 'euro' } }), 422, 'price.currency'],
      [shoe('BAD-4', { stock: '12' }), 422, 'stock'],
      [shoe('BAD-5', { colour: 'red' }), 422, 'colour'],
      [shoe('BAD-6', { status: 'published' }), 422, 'status'],
      [shoe('bad sku!'), 422, 'sku'],
      [{ ...shoe('BAD-7'), name: '' }, 422, 'name'],
      [[1, 2, 3], 422],
      ['null', 422],
    ];
    for (const [body, status, path] of cases) {
      const response = await admin('POST', '/admin/products', body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.body).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//), title: expect.any(String), detail: expect.any(String) });
      if (path) expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await scanAll(p.table.tableName)).length).toBe(before);
  });

  it('refuses bodies over the limit with 413', async () => {
    const response = await admin('POST', '/admin/products', shoe('BIG-1', { description: 'x'.repeat(70 * 1024) }));
    expect(response.status).toBe(413);
    expect(response.body.type).toBe('/problems/payload-too-large');
  });

  it('refuses a non-JSON content type with 415', async () => {
    const response = await admin('POST', '/admin/products', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
  });

  it('answers a SKU clash with 409 and keeps the first product', async () => {
    const first = await admin('POST', '/admin/products', shoe('CLASH-1'));
    const second = await admin('POST', '/admin/products', shoe('CLASH-1', { name: 'Impostor' }));
    expect(second.status).toBe(409);
    expect(second.body.field).toBe('sku');
    expect((await admin('GET', `/admin/products/${first.body.id}`)).body.name).toBe('Shoe CLASH-1');
  });

  it('refuses an empty or stock-changing patch', async () => {
    const created = await admin('POST', '/admin/products', shoe('PATCHBAD-1'));
    expect((await admin('PATCH', `/admin/products/${created.body.id}`, {})).status).toBe(422);
    const stock = await admin('PATCH', `/admin/products/${created.body.id}`, { stock: 99 });
    expect(stock.status).toBe(422);
    expect(stock.body.errors[0].path).toBe('stock');
  });

  it('validates paging parameters', async () => {
    expect((await visitor('GET', '/products?limit=0')).status).toBe(422);
    expect((await visitor('GET', '/products?limit=abc')).status).toBe(422);
    expect((await visitor('GET', '/products?limit=1000')).status).toBe(422);
    expect((await visitor('GET', '/products?cursor=%%%')).status).toBe(400);
  });

  it('answers odd ids and unknown routes with 404 problem details', async () => {
    expect((await visitor('GET', '/products/..%2F..%2Fetc')).status).toBe(404);
    expect((await visitor('GET', `/products/${'a'.repeat(100)}`)).status).toBe(404);
    const unknown = await visitor('GET', '/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('requests', () => {
  it('carry a request id on every response, errors included', async () => {
    const ok = await visitor('GET', '/products');
    const bad = await visitor('GET', '/products?limit=0');
    expect(ok.headers.get('x-request-id')).toMatch(/.+/);
    expect(bad.headers.get('x-request-id')).toMatch(/.+/);
    expect(ok.headers.get('x-request-id')).not.toBe(bad.headers.get('x-request-id'));
  });

  it('need a signed-in admin for writes', async () => {
    expect((await visitor('POST', '/admin/products', shoe('AUTH-1'))).status).toBe(401);
    expect((await client(p.app, 'alpha.test', tokenFor('customer', 'alpha'))('POST', '/admin/products', shoe('AUTH-1'))).status).toBe(403);
    expect((await client(p.app, 'alpha.test', tokenFor('clerk', 'alpha'))('POST', '/admin/products', shoe('AUTH-1'))).status).toBe(403);
    expect((await client(p.app, 'alpha.test', 'garbage')('GET', '/products')).status).toBe(401);
    expect((await visitor('GET', '/admin/products', undefined, { authorization: 'Basic abc' })).status).toBe(401);
  });
});

describe('visitors’ catalog cache', () => {
  it('shows an admin’s change and a stock adjustment to the next visitor, however recently the page was read', async () => {
    const created = await admin('POST', '/admin/products', shoe('CACHE-1', { stock: 1, tags: ['cached'] }));
    const listed = async () =>
      (await visitor('GET', '/products?tag=cached')).body.items.map((i: { price: { amount: number }; inStock: boolean }) => [i.price.amount, i.inStock]);
    expect(await listed()).toEqual([[4999, true]]);
    expect((await visitor('GET', `/products/${created.body.id}`)).body.price.amount).toBe(4999);

    await admin('PATCH', `/admin/products/${created.body.id}`, { price: { amount: 3999, currency: 'EUR' } });
    expect(await listed()).toEqual([[3999, true]]);
    expect((await visitor('GET', `/products/${created.body.id}`)).body.price.amount).toBe(3999);

    const clerk = client(p.app, 'alpha.test', tokenFor('clerk', 'alpha'));
    expect((await clerk('POST', `/admin/products/${created.body.id}/inventory/adjustments`, { delta: -1, reason: 'sale' })).status).toBe(201);
    expect(await listed()).toEqual([[3999, false]]);
    expect((await visitor('GET', '/products?tag=cached&inStock=true')).body.items).toEqual([]);

    await admin('DELETE', `/admin/products/${created.body.id}`);
    expect(await listed()).toEqual([]);
    expect((await visitor('GET', `/products/${created.body.id}`)).status).toBe(404);
  });
});
