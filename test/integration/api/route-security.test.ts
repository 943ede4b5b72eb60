import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantContext } from '../../../src/tenants/tenant';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';
import { EXPECTED_ACCESS } from '../../support/route-access';
import { fillPath, storeFixtures, storeScoped, type RouteIds } from '../../support/route-fixtures';

/**
 * One security suite that every route runs, generated from the route table (EXPECTED_ACCESS, which
 * the unit test holds equal to the app's routes, and the app's own routes here), so a new route
 * cannot skip it:
 * - every kind of caller: one the rule admits is never answered 401/403, one it does not always is
 *   (no token → 401, a wrong role → 403);
 * - a signed-out token → 401, on every route that needs one;
 * - another store's id in any store-scoped path parameter → 404 (existence is not revealed);
 * - every listing (a GET answering `nextCursor`) refuses a bad cursor with 400.
 */
const CALLERS = ['visitor', 'customer', 'clerk', 'admin', 'operator'] as const;
type Caller = (typeof CALLERS)[number];

let p: TestPlatform;
let own: RouteIds;
let foreign: RouteIds;
const listings = new Set<string>();

beforeAll(async () => {
  p = await testPlatform();
  [own, foreign] = await Promise.all([storeFixtures(p, 'alpha', 'alpha.test'), storeFixtures(p, 'beta', 'beta.test')]);
});

const bodies: Record<string, unknown> = {
  'POST /admin/products': { name: 'N', sku: 'N-1', price: { amount: 1, currency: 'EUR' } },
  'PATCH /admin/products/:id': { description: 'd' },
  'PUT /admin/products/:id/prices/:currency': { version: 1, prices: {} },
  'POST /admin/products/:id/inventory/adjustments': { delta: 1, reason: 'restock' },
  'PUT /admin/products/:id/inventory': { stock: 50 },
  'POST /admin/products/:id/variants/:variantId/inventory/adjustments': { delta: 1, reason: 'restock' },
  'PUT /admin/products/:id/variants/:variantId/inventory': { stock: 50 },
  'POST /admin/products/:id/images/uploads': { contentType: 'image/png', size: 10 },
  'PUT /admin/users/:userId/role': { role: 'customer' },
  'POST /admin/users': { email: 'nobody@alpha.test', name: 'N', role: 'customer' },
  'POST /admin/categories': { name: 'N', slug: 'route-n' },
  'PATCH /admin/categories/:categoryId': { version: 1, name: 'N' },
  'PUT /admin/products/:id/categories': { categoryIds: [] },
  'POST /admin/collections': { name: 'N', slug: 'route-n' },
  'PATCH /admin/collections/:collectionId': { version: 1, name: 'N' },
  'PUT /admin/collections/:collectionId/products': { version: 1, productIds: [] },
  'POST /admin/domains': { domain: 'route-n.example' },
  'PUT /cart/lines/:variantId': { quantity: 1 },
  'POST /cart/lines': { productId: 'not-there', variantId: 'not-there' },
  'POST /admin/orders/:orderId/fulfilments': { lines: [{ variantId: 'any', quantity: 1 }] },
  'POST /admin/orders/:orderId/cancel': { restock: true },
  'POST /admin/orders/:orderId/refund': { restock: true },
  'POST /admin/orders/:orderId/notes': { text: 'n' },
  'PUT /products/:id/review': { rating: 3, title: 'Route', text: 'Route check.' },
  'PUT /admin/reviews/:reviewId/status': { status: 'published', version: 1 },
  'PATCH /admin/customer-groups/:groupId': { name: 'Route' },
  'PUT /admin/customers/:userId/group': { groupId: null },
  'PUT /admin/customer-groups/:groupId/prices/:productId': { currency: 'EUR', prices: {} },
  'POST /auth/logout': {},
  'POST /platform/auth/logout': {},
};
const bodyOf = (route: string, method: string, ids: RouteIds) =>
  route === 'POST /admin/products/:id/images'
    ? { key: ids.imageKey }
    : route === 'PUT /wishlist/items/:variantId'
      ? { productId: ids.product }
      : (bodies[route] ?? (method === 'GET' || method === 'DELETE' ? undefined : {}));

const hostOf = (pattern: string, store: 'alpha' | 'beta' = 'alpha') => (pattern.startsWith('/platform') ? 'platform.test' : `${store}.test`);
// The browser session routes answer this site's own pages only (session-cookie.ts).
const pageHeaders = (pattern: string): Record<string, string> => (pattern.includes('/auth/session') ? { 'x-csrf': '1', 'sec-fetch-site': 'same-origin' } : {});
const tokenOf = (caller: Caller, store: string, session: string) =>
  caller === 'visitor' ? undefined : caller === 'operator' ? tokenFor('operator', '', session) : tokenFor(caller, store, session);

/** Deleting is checked on things that do not exist, so the fixtures survive the suite. */
const harmless = (method: string, ids: RouteIds): RouteIds =>
  method === 'DELETE'
    ? {
        ...ids,
        product: 'not-there',
        user: 'not-there',
        image: 'not-there',
        category: 'not-there',
        collection: 'not-there',
        domain: 'not-there.example',
        priceChange: 'not-there',
        customerGroup: 'not-there',
        review: 'not-there',
      }
    : ids;

describe('every route runs the security suite', () => {
  it('covers every route the app serves', () => {
    const served = new Set(p.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
    expect([...served].filter((r) => !(r in EXPECTED_ACCESS))).toEqual([]);
  });

  for (const [route, rule] of Object.entries(EXPECTED_ACCESS)) {
    const [method, pattern] = route.split(' ') as [string, string];
    const admits = (caller: Caller) => rule === 'public' || (caller !== 'visitor' && rule.includes(caller));
    const firstAdmitted = CALLERS.find(admits)!;
    const call = (caller: Caller, ids: RouteIds, store: 'alpha' | 'beta' = 'alpha', session = crypto.randomUUID(), path = fillPath(pattern, ids)) =>
      client(p.app, hostOf(pattern, store), tokenOf(caller, store, session))(method, path, bodyOf(route, method, ids), pageHeaders(pattern));

    describe(route, () => {
      for (const caller of CALLERS) {
        it(`as ${caller}: ${admits(caller) ? 'admitted' : 'refused'}`, async () => {
          const response = await call(caller, harmless(method, own));
          // Refreshing needs the refresh cookie, which no caller here has: a 401 that says so, not a guard's refusal.
          if (admits(caller) && pattern.endsWith('/auth/session/refresh')) expect(response.body.detail).toMatch(/No session to refresh/);
          // So does enrolling from a page: it needs the access-token cookie, which no caller here has.
          else if (admits(caller) && /\/auth\/session\/mfa\/(setup|verify)$/.test(pattern)) expect(response.body.detail).toMatch(/Sign in again to set up/);
          else if (admits(caller)) expect([401, 403], JSON.stringify(response.body)).not.toContain(response.status);
          else expect(response.status).toBe(caller === 'visitor' ? 401 : 403);
        });
      }

      if (rule !== 'public') {
        it('signed-out token → 401', async () => {
          const session = crypto.randomUUID();
          const token = tokenOf(firstAdmitted, 'alpha', session)!;
          // Its first use records its session, as its sign-in would have; then it signs out.
          const warmUp =
            firstAdmitted === 'operator'
              ? await client(p.app, 'platform.test', token)('GET', '/platform/tenants')
              : await client(p.app, 'alpha.test', token)('GET', '/auth/me');
          expect(warmUp.status).toBe(200);
          const space = firstAdmitted === 'operator' ? ('platform' as const) : tenantContext({ id: 'alpha', name: 'alpha', tier: 'basic', status: 'active' });
          await p.sessions.end(space, `fake-${token}`);
          const response = await call(firstAdmitted, harmless(method, own), 'alpha', session);
          expect(response.status, JSON.stringify(response.body)).toBe(401);
        });
      }

      if (storeScoped(pattern)) {
        it('another store’s id → 404', async () => {
          // Beta's caller the rule admits, on beta's host, naming alpha's product, image or user.
          const response = await call(firstAdmitted, own, 'beta', crypto.randomUUID(), fillPath(pattern, own));
          expect(response.status, JSON.stringify(response.body)).toBe(404);
          // And the same request with beta's own ids is not refused for its ids (so the 404 above means "not yours").
          if (method === 'GET') expect((await call(firstAdmitted, foreign, 'beta')).status).toBe(200);
        });
      }

      if (method === 'GET') {
        it('a listing refuses a bad cursor → 400', async () => {
          const first = await call(firstAdmitted, own);
          if (!(first.body && typeof first.body === 'object' && 'nextCursor' in first.body)) return;
          listings.add(route);
          const path = fillPath(pattern, own);
          for (const cursor of ['not-a-cursor', 'eyJQSyI6IlRFTkFOVCNiZXRhIn0', 'A'.repeat(400)]) {
            const response = await call(firstAdmitted, own, 'alpha', crypto.randomUUID(), `${path}?cursor=${cursor}`);
            expect(response.status, `${route} with cursor ${cursor.slice(0, 20)}`).toBe(400);
          }
        });
      }
    });
  }

  afterAll(() => {
    // The detection above found the listings there are; if it found none, it proved nothing.
    expect([...listings].sort()).toEqual(
      expect.arrayContaining([
        'GET /admin/products',
        'GET /admin/products/:id/inventory/history',
        'GET /admin/users',
        'GET /platform/tenants',
        'GET /products',
      ]),
    );
  });
});
