import fc from 'fast-check';
import type { Context } from 'hono';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { scanAll } from '../support/dynamo';
import { tokenFor } from '../support/fake-verifier';
import { testPlatform, type TestPlatform } from '../support/platform';
import { EXPECTED_ACCESS } from '../support/route-access';
import { fillPath, storeFixtures, type RouteIds } from '../support/route-fixtures';

/** How many requests of each route got as far as reading and validating their body (`jsonBody`). */
const reached = vi.hoisted(() => new Map<string, number>());
vi.mock('../../src/http/request', async (original) => {
  const actual = await original<typeof import('../../src/http/request')>();
  return {
    ...actual,
    jsonBody: (c: Context, schema: Parameters<typeof actual.jsonBody>[1]) => {
      const route = `${c.req.method} ${c.req.routePath}`;
      reached.set(route, (reached.get(route) ?? 0) + 1);
      return actual.jsonBody(c, schema);
    },
    // The pages' script-less forms (the cart's and wishlist's) read theirs here.
    formBody: (c: Context, schema: Parameters<typeof actual.formBody>[1]) => {
      const route = `${c.req.method} ${c.req.routePath}`;
      reached.set(route, (reached.get(route) ?? 0) + 1);
      return actual.formBody(c, schema);
    },
  };
});

/**
 * Every route, fed garbage: arbitrary JSON, wrong types, huge strings, deep nesting, invalid
 * UTF-8, oversized bodies, odd ids and cursors. Every path parameter is filled with a real id of
 * its kind (or, sometimes, garbage), by every role's token, so the body reaches the route's
 * validation; a route that takes a body and was never reached fails the test. Only 4xx
 * problem+json may come back, and the table must be exactly as it was.
 */
let p: TestPlatform;
let ids: RouteIds;
/** Routes that read no body: what the fuzzer sends them is never parsed. */
const NO_BODY = new Set([
  'POST /platform/tenants/:slug/suspend',
  'POST /platform/tenants/:slug/resume',
  // An operator's offboarding and restore, and the owner's restore: the slug, or the store, says which.
  'POST /platform/tenants/:slug/offboard',
  'POST /platform/tenants/:slug/restore',
  'POST /admin/offboarding/restore',
  // A domain's check reads DNS, never its body.
  'POST /admin/domains/:domain/verify',
  // The pages' enrolment start and refresh read their cookies only.
  'POST /auth/session/mfa/setup',
  'POST /auth/session/refresh',
  'POST /platform/auth/session/mfa/setup',
  'POST /platform/auth/session/refresh',
  // Moving a saved variant to the cart: the path names it.
  'POST /wishlist/items/:variantId/cart',
  // Reporting a review: the path names it.
  'PUT /products/:id/reviews/:reviewId/report',
  // Marking an order delivered takes no body; the payment webhook's body is refused by its signature before any parsing.
  'POST /admin/orders/:orderId/deliver',
  'POST /platform/payments/webhook',
  // The checkout page's form is a form (parseBody), not JSON; its fields are checked by PlaceOrderSchema.
  'POST /checkout',
]);
const CALLERS = ['visitor', 'customer', 'clerk', 'admin', 'operator'] as const;
type Caller = (typeof CALLERS)[number];

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const bodyArb = fc.oneof(
  fc.anything({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'undefined'),
  fc.json(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(deep(10_000), `{"a":${'{"a":'.repeat(5000)}1${'}'.repeat(5001)}`, `"${'x'.repeat(100_000)}"`, ''),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Uint8Array.from([0xff, 0xfe, ...bytes])),
  fc
    .record({ name: fc.string(), price: fc.anything(), sku: fc.anything(), delta: fc.anything(), reason: fc.string(), stock: fc.anything() })
    .map((v) => JSON.stringify(v)),
);
const segmentArb = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('%00', '..', '%2e%2e', 'a#b', '🙂', 'x'.repeat(300)));
const queryArb = fc.oneof(
  fc.constant(''),
  fc
    .record({
      limit: fc.oneof(fc.integer().map(String), fc.string()),
      cursor: fc.oneof(
        fc.string(),
        fc.base64String(),
        fc.json().map((j) => Buffer.from(j).toString('base64url')),
      ),
    })
    .map(({ limit, cursor }) => `?limit=${encodeURIComponent(limit)}&cursor=${encodeURIComponent(cursor)}`),
);

beforeAll(async () => {
  // Account routes count every attempt per address: a limit the fuzzer would hit long before it had reached them all.
  const generous = { limit: 1_000_000, windowSeconds: 300 };
  p = await testPlatform({ authLimits: { perAddress: generous, accountFailures: generous, accountMessages: generous } });
  ids = await storeFixtures(p, 'alpha', 'alpha.test');
  // Each role's first request records its session (as its sign-in would have), before the snapshot.
  await p.app.request('/platform/tenants', { headers: { host: 'platform.test', authorization: `Bearer ${tokenFor('operator')}` } });
  for (const role of ['customer', 'clerk', 'admin'] as const)
    await p.app.request('/auth/me', { headers: { host: 'alpha.test', authorization: `Bearer ${tokenFor(role, 'alpha')}` } });
});

describe('bad input on every route', () => {
  it('never answers 5xx, always problem+json, and leaves the table as it was', async () => {
    // Rate counters are the one thing bad input is meant to leave: every attempt at an account route counts.
    // And usage: every request counts to its store's day (the meter may write it out at any time, so on neither side).
    const kept = (items: Record<string, unknown>[]) => items.filter((item) => item.type !== 'rate' && item.type !== 'usage-day');
    const before = kept(await scanAll(p.table.tableName));
    // app.routes lists each handler of a route (guard, then handler): one entry per method and path.
    // Logging out needs no body (`{}` is a valid request) and would end the fuzzer's own session.
    const routes = [
      ...new Map(p.app.routes.filter((r) => r.method !== 'ALL' && !r.path.endsWith('/logout')).map((r) => [`${r.method} ${r.path}`, r])).values(),
    ];
    let requests = 0;
    const statuses = new Map<number, number>();
    const sent = new Map<string, number>();
    // Real ids everywhere, except where a request with no body would rightly succeed (deleting, suspending).
    const harmless: RouteIds = {
      ...ids,
      product: 'not-the-product',
      user: 'not-the-user',
      image: 'not-the-image',
      slug: 'no-such-store',
      category: 'not-the-category',
      collection: 'not-the-collection',
      domain: 'not-the-domain.example',
      order: 'not-the-order',
      priceChange: 'not-the-price-change',
      discount: 'not-the-discount',
      review: 'not-the-review',
      customerGroup: 'not-the-customer-group',
    };
    const callersOf = (route: string): Caller[] => {
      const rule = EXPECTED_ACCESS[route]!;
      return rule === 'public' ? [...CALLERS] : CALLERS.filter((c) => c !== 'visitor' && rule.includes(c));
    };

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: segmentArb }),
        fc.nat(),
        fc.boolean(),
        queryArb,
        bodyArb,
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', undefined),
        async (route, garbage, pick, anyCaller, query, body, contentType) => {
          const key = `${route.method} ${route.path}`;
          const real = route.method === 'DELETE' || NO_BODY.has(key) ? harmless : ids;
          // Mostly a real id of each kind; sometimes garbage in every parameter.
          const path = (garbage === null ? fillPath(route.path, real) : route.path.replace(/:\w+/g, encodeURIComponent(garbage))) + query;
          // Mostly a caller the route admits (every such role in turn), sometimes anyone.
          const callers = anyCaller && pick % 4 === 0 ? [...CALLERS] : callersOf(key);
          const caller = callers[pick % callers.length]!;
          const token = caller === 'visitor' ? undefined : caller === 'operator' ? tokenFor('operator') : tokenFor(caller, 'alpha');
          sent.set(key, (sent.get(key) ?? 0) + 1);
          const response = await p.app.request(path, {
            method: route.method,
            headers: {
              // Platform routes exist on the platform's hosts only.
              host: route.path.startsWith('/platform') || route.path.startsWith('/signup') ? 'platform.test' : 'alpha.test',
              ...(token ? { authorization: `Bearer ${token}` } : {}),
              // The browser session routes answer this site's own pages only.
              // and the pages' verify step reads its body only once it has the access-token cookie.
              ...(route.path.includes('/auth/session')
                ? { 'x-csrf': '1', 'sec-fetch-site': 'same-origin', ...(token ? { cookie: `__Host-access=access:${token}` } : {}) }
                : {}),
              ...(contentType ? { 'content-type': contentType } : {}),
            },
            ...(route.method === 'GET' ? {} : { body }),
          });
          requests++;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          expect(response.status, `${route.method} ${path}`).toBeLessThan(500);
          if (route.method !== 'GET') expect(response.status, `${route.method} ${path} accepted garbage`).toBeGreaterThanOrEqual(400);
          // Storefront pages answer people with an HTML page; the API answers with problem details.
          // A path with dot segments may reach either, depending on who normalises it (the URL
          // parser resolves `%2e%2e`, the router does not), so both answers are fine there.
          const pagePath = (p: string) =>
            p === '/' ||
            p === '/account' ||
            p === '/admin' ||
            p === '/platform' ||
            p === '/checkout' ||
            p === '/account/orders' ||
            /^\/p\/[^/]+$/.test(p) ||
            /^\/(category|collection)\/[^/]+$/.test(p);
          const rawPath = path.split('?')[0]!;
          const dotted = new URL(path, 'http://x').pathname !== rawPath;
          // The checkout, invoice and order-status forms answer pages, but what runs before them (the body limit, an Idempotency-Key) answers problem details.
          const form = route.method === 'POST' && ['/checkout', '/invoice', '/order-status'].includes(rawPath);
          const expected = dotted || form ? /^(text\/html|application\/problem\+json)/ : pagePath(rawPath) ? /^text\/html/ : /^application\/problem\+json$/;
          if (response.status >= 400) expect(response.headers.get('content-type'), `${route.method} ${path} → ${response.status}`).toMatch(expected);
        },
      ),
      { numRuns: 3000, seed: 424242 },
    );

    // Every route that reads a body had garbage reach its validation.
    const bodyRoutes = routes.map((r) => `${r.method} ${r.path}`).filter((r) => !r.startsWith('GET ') && !r.startsWith('DELETE ') && !NO_BODY.has(r));
    const report = Object.fromEntries(
      routes
        .map((r) => `${r.method} ${r.path}`)
        .sort()
        .map((r) => [r, `${reached.get(r) ?? 0}/${sent.get(r) ?? 0}`]),
    );
    console.log(`bad input: requests that reached body validation / requests sent, per route: ${JSON.stringify(report, null, 1)}`);
    expect(
      bodyRoutes.filter((r) => !reached.get(r)),
      'routes taking a body that the fuzzer never got to validate one',
    ).toEqual([]);
    // The count is of real validation: a route that reads no body never shows up in it.
    expect([...reached.keys()].filter((r) => !bodyRoutes.includes(r))).toEqual([]);

    // Oversized bodies, with and without a Content-Length.
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      const big = 'x'.repeat(200 * 1024);
      const target = fillPath(route.path, route.method === 'DELETE' || NO_BODY.has(`${route.method} ${route.path}`) ? harmless : ids);
      const sized = await p.app.request(target, {
        method: route.method,
        headers: { host: 'alpha.test', authorization: `Bearer ${tokenFor('admin', 'alpha')}`, 'content-type': 'application/json' },
        body: big,
      });
      expect(sized.status).toBe(413);
      const streamed = await p.app.request(target, {
        method: route.method,
        headers: { host: 'alpha.test', authorization: `Bearer ${tokenFor('admin', 'alpha')}`, 'content-type': 'application/json' },
        body: new ReadableStream({
          start: (c) => {
            c.enqueue(new TextEncoder().encode(big));
            c.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
      requests += 2;
    }

    const after = kept(await scanAll(p.table.tableName));
    const sortKey = (i: Record<string, unknown>) => `${i.PK}|${i.SK}`;
    expect(after.sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual(before.sort((a, b) => sortKey(a).localeCompare(sortKey(b))));
    console.log(
      `bad input: ${requests} requests over ${routes.length} routes, 0 server errors, table unchanged; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
  }, 300_000);
});
