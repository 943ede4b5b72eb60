import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanAll } from '../support/dynamo';
import { tokenFor } from '../support/fake-verifier';
import { client } from '../support/platform';
import type { FaultMode } from './fault-proxy';
import { faultPlatform, sleep, VISITORS_CACHE_MS } from './fault-platform';

let h: Awaited<ReturnType<typeof faultPlatform>>;
let visitor: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;
let productId: string;
let query = 0;
/** A catalog query nobody asked before: the visitors' cache cannot answer it. */
const freshQuery = () => `/products?tag=t${++query}`;

const expectUnavailable = (response: { status: number; headers: Headers; body: unknown }) => {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('5');
  expect(response.body).toMatchObject({ type: '/problems/dependency-unavailable', status: 503 });
  // The dependency is named in the log, never to the client.
  expect(JSON.stringify(response.body)).not.toMatch(/dynamo|ECONN|127\.0\.0\.1|timed out/i);
};

beforeAll(async () => {
  h = await faultPlatform();
  visitor = client(h.faulty.app, 'alpha.test');
  admin = client(h.faulty.app, 'alpha.test', tokenFor('admin', 'alpha'));
  const created = await client(h.base.app, 'alpha.test', tokenFor('admin', 'alpha'))('POST', '/admin/products', {
    name: 'Boot',
    description: 'A boot',
    price: { amount: 100, currency: 'EUR' },
    sku: 'BOOT-1',
    status: 'active',
    stock: 3,
    tags: ['boots'],
  });
  productId = created.body.id;
  // The store is known to this process (resolved once while DynamoDB was up).
  expect((await visitor('GET', '/store')).status).toBe(200);
});

afterAll(() => h?.close());

describe('DynamoDB down: 503 with Retry-After, not 500', () => {
  for (const mode of ['refuse', 'reset', 'freeze'] as FaultMode[]) {
    it(`${mode}: catalog reads, the storefront page and an unknown store answer 503; liveness stays up, readiness names the table; all recover`, async () => {
      // Prepare
      await h.proxies.dynamo.mode(mode);
      try {
        // Act
        const [products, product, storefront, unknown, live, ready] = [
          await visitor('GET', freshQuery()),
          await visitor('GET', `/products/${productId}`),
          await visitor('GET', `/?q=nothing-${mode}`),
          await client(h.faulty.app, `nobody-${mode}.test`)('GET', '/store'),
          await visitor('GET', '/health'),
          await visitor('GET', '/health/ready'),
        ];
        // Assess
        expectUnavailable(products);
        expectUnavailable(product);
        expectUnavailable(storefront);
        expectUnavailable(unknown);
        expect(live).toMatchObject({ status: 200, body: { status: 'ok' } });
        expect(ready.status).toBe(503);
        expect(ready.headers.get('retry-after')).toBe('5');
        expect(ready.body).toEqual({ status: 'unavailable', checks: { table: 'failing', pool: 'ok', bucket: 'ok' }, failing: ['table'] });
      } finally {
        await h.proxies.dynamo.mode('pass');
      }
      // Recovery, with nothing restarted.
      expect((await visitor('GET', freshQuery())).status).toBe(200);
      expect((await visitor('GET', '/health/ready')).body).toEqual({ status: 'ready', checks: { table: 'ok', pool: 'ok', bucket: 'ok' } });
      expect((await client(h.faulty.app, `nobody-${mode}.test`)('GET', '/store')).status).toBe(404);
    });
  }

  it('a frozen table ends inside the shrunk budget, not at the test timeout', async () => {
    await h.proxies.dynamo.mode('freeze');
    try {
      const started = performance.now();
      expectUnavailable(await visitor('GET', freshQuery()));
      // 2 attempts × (0.3 s connect + 0.5 s idle) at most, plus backoff and slack for a busy machine.
      expect(performance.now() - started).toBeLessThan(4_000);
    } finally {
      await h.proxies.dynamo.mode('pass');
    }
  });
});

describe('DynamoDB down: honest degradation', () => {
  it('visitors get the last good catalog page and product, marked stale; pages too', async () => {
    // Prepare: read once while up, then let the visitors' cache expire
    const pageUp = await visitor('GET', '/products?tag=boots');
    expect(pageUp.body.items.map((p: { sku: string }) => p.sku)).toEqual(['BOOT-1']);
    expect(pageUp.body.stale).toBeUndefined();
    expect((await visitor('GET', `/products/${productId}`)).status).toBe(200);
    expect((await visitor('GET', '/?tag=boots')).status).toBe(200);
    await sleep(VISITORS_CACHE_MS + 50);
    await h.proxies.dynamo.mode('refuse');
    try {
      // Act
      const page = await visitor('GET', '/products?tag=boots');
      const product = await visitor('GET', `/products/${productId}`);
      const storefront = await visitor('GET', '/?tag=boots');
      // Assess
      expect(page).toMatchObject({ status: 200, body: { items: [{ sku: 'BOOT-1' }], stale: true } });
      expect(page.headers.get('x-cache')).toBe('stale');
      expect(product).toMatchObject({ status: 200, body: { id: productId, stale: true } });
      expect(product.headers.get('x-cache')).toBe('stale');
      expect(storefront.status).toBe(200);
      expect(storefront.headers.get('x-cache')).toBe('stale');
      expect(storefront.body).toContain('Boot');
    } finally {
      await h.proxies.dynamo.mode('pass');
    }
    // Fresh again once it is back.
    await sleep(VISITORS_CACHE_MS + 50);
    const back = await visitor('GET', '/products?tag=boots');
    expect(back.status).toBe(200);
    expect(back.body.stale).toBeUndefined();
    expect(back.headers.get('x-cache')).toBeNull();
  });

  it('writes are refused with a 503 and leave nothing behind', async () => {
    const before = await scanAll(h.base.table.tableName);
    await h.proxies.dynamo.mode('reset');
    try {
      expectUnavailable(
        await admin('POST', '/admin/products', {
          name: 'Lost',
          description: 'x',
          price: { amount: 1, currency: 'EUR' },
          sku: 'LOST-1',
          status: 'active',
          stock: 1,
        }),
      );
      expectUnavailable(await admin('PATCH', `/admin/products/${productId}`, { name: 'Renamed' }));
    } finally {
      await h.proxies.dynamo.mode('pass');
    }
    const after = await scanAll(h.base.table.tableName);
    expect(after.filter((item) => JSON.stringify(item).includes('LOST-1'))).toEqual([]);
    expect((await visitor('GET', `/products/${productId}`)).body.name).toBe('Boot');
    expect(after.length).toBe(before.length);
  });
});
