import { beforeAll, describe, expect, it } from 'vitest';
import { FORWARDED_HOST_HEADER } from '../../../src/http/edge/cache-rules';
import { ORIGIN_VERIFY_HEADER } from '../../../src/http/edge/origin';
import { PERSONAL } from '../../../src/http/edge/cache-control';
import { tokenFor } from '../../support/fake-verifier';
import { localEdge } from '../../support/local-edge';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

const SECRET = 'edge-origin-verify-secret-for-the-tests-0123456789';
const API_HOST = 'abc123.execute-api.eu-west-1.amazonaws.com';
let p: TestPlatform;

beforeAll(async () => {
  p = await testPlatform({ originVerifySecret: SECRET });
  const alpha = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  expect(
    (
      await alpha('POST', '/admin/products', {
        sku: 'EDGE-1',
        name: 'Edge mug',
        description: 'A mug',
        price: { amount: 1200, currency: 'EUR' },
        status: 'active',
        stock: 3,
      })
    ).status,
  ).toBe(201);
});

describe('the store behind the edge: the forwarded Host', () => {
  it('names the store when the edge’s secret comes with it', async () => {
    const store = await client(p.app, API_HOST)('GET', '/store', undefined, { [FORWARDED_HOST_HEADER]: 'alpha.test', [ORIGIN_VERIFY_HEADER]: SECRET });
    expect(store.status).toBe(200);
    expect(store.body.id).toBe('alpha');
  });

  it('is ignored without the secret: calling API Gateway directly cannot pose as another store', async () => {
    const spoofed = await client(p.app, API_HOST)('GET', '/store', undefined, { [FORWARDED_HOST_HEADER]: 'alpha.test' });
    expect(spoofed.status).toBe(404);
    const wrong = await client(p.app, API_HOST)('GET', '/store', undefined, { [FORWARDED_HOST_HEADER]: 'alpha.test', [ORIGIN_VERIFY_HEADER]: 'guessed' });
    expect(wrong.status).toBe(404);
    // On a store's own domain, the header changes nothing: beta stays beta.
    const beta = await client(p.app, 'beta.test')('GET', '/store', undefined, { [FORWARDED_HOST_HEADER]: 'alpha.test' });
    expect(beta.body.id).toBe('beta');
    // Nor does it open the platform's routes on a store's domain.
    const platform = await client(p.app, 'alpha.test', tokenFor('operator'))('GET', '/platform/tenants', undefined, {
      [FORWARDED_HOST_HEADER]: 'platform.test',
    });
    expect(platform.status).toBe(404);
  });
});

describe('Cache-Control from the app', () => {
  it('public reads are public for a short time; the same read with a token is private and unstored', async () => {
    const anonymous = await client(p.app, 'alpha.test')('GET', '/products');
    expect(anonymous.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=60');
    const signedIn = await client(p.app, 'alpha.test', tokenFor('customer', 'alpha'))('GET', '/products');
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('cache-control')).toBe(PERSONAL);
    const admin = await client(p.app, 'alpha.test', tokenFor('admin', 'alpha'))('GET', '/admin/products');
    expect(admin.headers.get('cache-control')).toBe(PERSONAL);
    const page = await p.app.request('/', { headers: { host: 'alpha.test', cookie: '__Host-session=x' } });
    expect(page.headers.get('cache-control')).toBe(PERSONAL);
  });
});

describe('the local stand-in of the edge in front of the app', () => {
  it('serves a store’s public reads from its cache, per store, and sends everything personal to the origin', async () => {
    const edge = localEdge(p.app, { secret: SECRET });
    const visitor = (host: string, token?: string) => client(edge, host, token);

    const first = await visitor('alpha.test')('GET', '/products');
    const second = await visitor('alpha.test')('GET', '/products');
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(edge.seen).toEqual({ origin: 1, hits: 1 });

    // Another store's domain never gets alpha's answer.
    const beta = await visitor('beta.test')('GET', '/products');
    expect(beta.body.items.map((i: { sku: string }) => i.sku)).not.toContain('EDGE-1');
    expect(edge.seen.origin).toBe(2);

    // A signed-in customer, an admin, a page with the session cookie: all to the origin, every time.
    for (let i = 0; i < 2; i++) {
      expect((await visitor('alpha.test', tokenFor('customer', 'alpha'))('GET', '/products')).status).toBe(200);
      expect((await visitor('alpha.test', tokenFor('admin', 'alpha'))('GET', '/admin/products')).status).toBe(200);
    }
    expect(edge.seen).toEqual({ origin: 6, hits: 1 });
  });

  it('keeps a page and the JSON of one path apart (a browser is sent to the page, an API client gets JSON)', async () => {
    const edge = localEdge(p.app, { secret: SECRET });
    const id = (await client(p.app, 'alpha.test')('GET', '/products')).body.items[0].id;
    const browser = await edge.request(`/products/${id}`, {
      headers: { host: 'alpha.test', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      redirect: 'manual',
    });
    expect(browser.status).toBe(303);
    const api = await client(edge, 'alpha.test')('GET', `/products/${id}`);
    expect(api.status).toBe(200);
    expect(api.body.id).toBe(id);
    expect(edge.seen.origin).toBe(2);
  });
});
