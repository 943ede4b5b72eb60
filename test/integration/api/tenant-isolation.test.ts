import { beforeAll, describe, expect, it } from 'vitest';
import { scanAll } from '../../support/dynamo';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

let p: TestPlatform;
let alphaAdmin: ReturnType<typeof client>;
let betaAdmin: ReturnType<typeof client>;
let alphaProduct: { id: string; name: string; sku: string };

beforeAll(async () => {
  p = await testPlatform();
  alphaAdmin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  betaAdmin = client(p.app, 'beta.test', tokenFor('admin', 'beta'));
  alphaProduct = (
    await alphaAdmin('POST', '/admin/products', { name: 'Alpha secret', price: { amount: 1, currency: 'EUR' }, sku: 'SHARED-SKU', status: 'active', stock: 3 })
  ).body;
  for (let i = 0; i < 3; i++)
    await alphaAdmin('POST', '/admin/products', { name: `Alpha ${i}`, price: { amount: 1, currency: 'EUR' }, sku: `A-${i}`, status: 'active' });
});

describe('tenant resolution', () => {
  it('serves each store its own catalog by Host header', async () => {
    await betaAdmin('POST', '/admin/products', { name: 'Beta only', price: { amount: 2, currency: 'EUR' }, sku: 'B-1', status: 'active' });
    const alpha = await client(p.app, 'alpha.test')('GET', '/products');
    const beta = await client(p.app, 'www.beta.test')('GET', '/products');
    expect(alpha.body.items.map((i: { name: string }) => i.name)).toContain('Alpha secret');
    expect(alpha.body.items.map((i: { name: string }) => i.name)).not.toContain('Beta only');
    expect(beta.body.items.map((i: { name: string }) => i.name)).toEqual(['Beta only']);
    expect((await client(p.app, 'ALPHA.TEST:3000')('GET', '/store')).body).toMatchObject({ id: 'alpha', name: 'Alpha Store' });
  });

  it('answers 404 "unknown store" for a host no store owns, and 403 when token and host disagree', async () => {
    const unknown = await client(p.app, 'nobody.test')('GET', '/products');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toMatch(/unknown store/i);
    const mismatch = await client(p.app, 'beta.test', tokenFor('admin', 'alpha'))('GET', '/admin/products');
    expect(mismatch.status).toBe(403);
  });

  it('resolves the store from the token alone when the host is not a store domain', async () => {
    const viaToken = await client(p.app, 'api.execute-api.test', tokenFor('admin', 'alpha'))('GET', `/admin/products/${alphaProduct.id}`);
    expect(viaToken.status).toBe(200);
    expect(viaToken.body.name).toBe('Alpha secret');
  });

  it('never takes the tenant from the query string or body', async () => {
    const byQuery = await client(p.app, 'beta.test')('GET', `/products/${alphaProduct.id}?tenantId=alpha&tenant=alpha`);
    expect(byQuery.status).toBe(404);
    const byBody = await betaAdmin('POST', '/admin/products', { name: 'x', price: { amount: 1, currency: 'EUR' }, sku: 'X-1', tenantId: 'alpha' });
    expect(byBody.status).toBe(422);
  });

  it('answers 403 on every route of a suspended store', async () => {
    const fresh = await testPlatform();
    await fresh.registry.setStatus('gamma', 'suspended', new Date().toISOString());
    fresh.tenants.forget('gamma');
    expect((await client(fresh.app, 'gamma.test')('GET', '/products')).status).toBe(403);
    expect((await client(fresh.app, 'gamma.test', tokenFor('admin', 'gamma'))('GET', '/admin/products')).status).toBe(403);
    expect((await client(fresh.app, 'alpha.test')('GET', '/products')).status).toBe(200);
  });
});

describe("another store's products", () => {
  it('are 404 to read, change, adjust or delete, and stay untouched', async () => {
    const id = alphaProduct.id;
    const attempts = [
      await client(p.app, 'beta.test')('GET', `/products/${id}`),
      await betaAdmin('GET', `/admin/products/${id}`),
      await betaAdmin('PATCH', `/admin/products/${id}`, { name: 'hijacked' }),
      await betaAdmin('DELETE', `/admin/products/${id}`),
      await betaAdmin('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -3, reason: 'sale' }),
      await betaAdmin('PUT', `/admin/products/${id}/inventory`, { stock: 0 }),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(404);
      expect(JSON.stringify(response.body)).not.toContain('Alpha secret');
    }
    // Another store's product has no history here: 404 like every other product route, not an empty list.
    const history = await betaAdmin('GET', `/admin/products/${id}/inventory/history`);
    expect(history.status).toBe(404);
    expect((await alphaAdmin('GET', `/admin/products/${id}`)).body).toMatchObject({ name: 'Alpha secret', stock: 3, version: 1 });
  });

  it('SKUs are unique per store, not across stores', async () => {
    const response = await betaAdmin('POST', '/admin/products', { name: 'Same SKU', price: { amount: 1, currency: 'EUR' }, sku: 'SHARED-SKU' });
    expect(response.status).toBe(201);
  });

  it("refuses a cursor taken from another store's listing", async () => {
    const page = await client(p.app, 'alpha.test')('GET', '/products?limit=1');
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const reused = await client(p.app, 'beta.test')('GET', `/products?limit=1&cursor=${page.body.nextCursor}`);
    expect(reused.status).toBe(400);
    const staffCursor = await client(p.app, 'beta.test', tokenFor('admin', 'beta'))('GET', `/admin/products?limit=1&cursor=${page.body.nextCursor}`);
    expect(staffCursor.status).toBe(400);
  });

  it('every tenant item in the table is keyed under its own tenant', async () => {
    const items = await scanAll(p.table.tableName);
    for (const item of items) {
      const pk = String(item.PK);
      expect(pk.startsWith('TENANT#') || pk.startsWith('PLATFORM#')).toBe(true);
      // An index key lives in the same tenant (or platform) space as the item's own key.
      const space = pk.startsWith('TENANT#') ? `TENANT#${pk.split('#')[1]}#` : 'PLATFORM#';
      for (const index of ['GSI1PK', 'GSI2PK']) {
        if (item[index] !== undefined) expect(String(item[index]).startsWith(space)).toBe(true);
      }
    }
    const beta = items.filter((i) => String(i.PK).startsWith('TENANT#beta#'));
    expect(beta.some((i) => JSON.stringify(i).includes('Alpha secret'))).toBe(false);
  });
});
