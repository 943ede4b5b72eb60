import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanAll } from '../support/dynamo';
import { tokenFor } from '../support/fake-verifier';
import { testPlatform, type TestPlatform } from '../support/platform';

/**
 * Every route, fed garbage: arbitrary JSON, wrong types, huge strings, deep nesting, invalid
 * UTF-8, oversized bodies, odd ids and cursors. Only 4xx problem+json may come back, and the
 * table must be exactly as it was.
 */
let p: TestPlatform;
let productId: string;

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const bodyArb = fc.oneof(
  fc.anything({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'undefined'),
  fc.json(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(deep(10_000), `{"a":${'{"a":'.repeat(5000)}1${'}'.repeat(5001)}`, '"' + 'x'.repeat(100_000) + '"', ''),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Uint8Array.from([0xff, 0xfe, ...bytes])),
  fc.record({ name: fc.string(), price: fc.anything(), sku: fc.anything(), delta: fc.anything(), reason: fc.string(), stock: fc.anything() }).map((v) => JSON.stringify(v)),
);
const segmentArb = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('%00', '..', '%2e%2e', 'a#b', '🙂', 'x'.repeat(300)));
const queryArb = fc.oneof(
  fc.constant(''),
  fc.record({ limit: fc.oneof(fc.integer().map(String), fc.string()), cursor: fc.oneof(fc.string(), fc.base64String(), fc.json().map((j) => Buffer.from(j).toString('base64url'))) }).map(
    ({ limit, cursor }) => `?limit=${encodeURIComponent(limit)}&cursor=${encodeURIComponent(cursor)}`,
  ),
);

beforeAll(async () => {
  p = await testPlatform();
  const created = await p.app.request('/admin/products', {
    method: 'POST',
    headers: { host: 'alpha.test', authorization: `Bearer ${tokenFor('admin', 'alpha')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Target', sku: 'T-1', price: { amount: 1, currency: 'EUR' }, status: 'active', stock: 3 }),
  });
  productId = ((await created.json()) as { id: string }).id;
  // The operator's first request records its session (as its sign-in would have), before the snapshot.
  await p.app.request('/platform/tenants', { headers: { host: 'platform.test', authorization: `Bearer ${tokenFor('operator')}` } });
});

describe('bad input on every route', () => {
  it('never answers 5xx, always problem+json, and leaves the table as it was', async () => {
    const before = await scanAll(p.table.tableName);
    // app.routes lists each handler of a route (guard, then handler): one entry per method and path.
    // Logging out needs no body (`{}` is a valid request) and would end the fuzzer's own session.
    const routes = [...new Map(p.app.routes.filter((r) => r.method !== 'ALL' && !r.path.endsWith('/logout')).map((r) => [`${r.method} ${r.path}`, r])).values()];
    let requests = 0;
    const statuses = new Map<number, number>();

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(fc.constant(productId), segmentArb),
        queryArb,
        bodyArb,
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', undefined),
        async (route, id, query, body, contentType) => {
          // DELETE takes no body: aimed at the real product it would rightly succeed.
          const target = route.method === 'DELETE' && id === productId ? 'not-the-product' : id;
          const path = route.path.replace(':id', encodeURIComponent(target)) + query;
          const response = await p.app.request(path, {
            method: route.method,
            headers: {
              // Platform routes exist on the platform's hosts only.
              host: route.path.startsWith('/platform') ? 'platform.test' : 'alpha.test',
              // Operators for platform routes, so garbage reaches their validation too.
              authorization: `Bearer ${route.path.startsWith('/platform') ? tokenFor('operator') : tokenFor('admin', 'alpha')}`,
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
          const pagePath = (p: string) => p === '/' || p === '/account' || p === '/admin' || p === '/platform' || /^\/p\/[^/]+$/.test(p);
          const rawPath = path.split('?')[0]!;
          const dotted = new URL(path, 'http://x').pathname !== rawPath;
          const expected = dotted ? /^(text\/html|application\/problem\+json)/ : pagePath(rawPath) ? /^text\/html/ : /^application\/problem\+json$/;
          if (response.status >= 400) expect(response.headers.get('content-type'), `${route.method} ${path} → ${response.status}`).toMatch(expected);
        },
      ),
      { numRuns: 1500, seed: 424242 },
    );

    // Oversized bodies, with and without a Content-Length.
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      const big = 'x'.repeat(200 * 1024);
      const sized = await p.app.request(route.path.replace(':id', productId), { method: route.method, headers: { host: 'alpha.test', authorization: `Bearer ${tokenFor('admin', 'alpha')}`, 'content-type': 'application/json' }, body: big });
      expect(sized.status).toBe(413);
      const streamed = await p.app.request(route.path.replace(':id', productId), {
        method: route.method,
        headers: { host: 'alpha.test', authorization: `Bearer ${tokenFor('admin', 'alpha')}`, 'content-type': 'application/json' },
        body: new ReadableStream({ start: (c) => { c.enqueue(new TextEncoder().encode(big)); c.close(); } }),
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
      requests += 2;
    }

    // Rate counters are the one thing bad input is meant to leave: every attempt at an account route counts.
    const after = (await scanAll(p.table.tableName)).filter((item) => item.type !== 'rate');
    const sortKey = (i: Record<string, unknown>) => `${i.PK}|${i.SK}`;
    expect(after.sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual(before.sort((a, b) => sortKey(a).localeCompare(sortKey(b))));
    console.log(`bad input: ${requests} requests over ${routes.length} routes, 0 server errors, table unchanged; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  }, 300_000);
});
