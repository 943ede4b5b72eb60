import { beforeAll, describe, expect, it } from 'vitest';
import { tokenFor, userIdFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';
import { EXPECTED_ACCESS } from '../../support/route-access';

/**
 * Every route × every kind of caller, through the real middleware: a caller the rule admits is
 * never answered 401/403, one it does not admit always is. The rule table is the one the unit test
 * holds the app to, so a new route without a rule fails there, and one with a wrong rule here.
 */
const CALLERS = ['visitor', 'customer', 'clerk', 'admin', 'operator'] as const;

let p: TestPlatform;
let productId: string;
let userId: string;

beforeAll(async () => {
  p = await testPlatform();
  const admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  productId = (await admin('POST', '/admin/products', { name: 'R', sku: 'R-1', price: { amount: 1, currency: 'EUR' }, status: 'active', stock: 100 })).body.id;
  userId = userIdFor('customer', 'alpha');
});

const bodies: Record<string, unknown> = {
  'POST /admin/products': { name: 'N', sku: 'N-1', price: { amount: 1, currency: 'EUR' } },
  'PATCH /admin/products/:id': { description: 'd' },
  'POST /admin/products/:id/inventory/adjustments': { delta: 1, reason: 'restock' },
  'PUT /admin/products/:id/inventory': { stock: 50 },
  'PUT /admin/users/:userId/role': { role: 'customer' },
  'POST /admin/users': { email: 'nobody@alpha.test', name: 'N', role: 'customer' },
  'POST /auth/logout': {},
  'POST /platform/auth/logout': {},
};

describe('route × role', () => {
  for (const [route, rule] of Object.entries(EXPECTED_ACCESS)) {
    for (const caller of CALLERS) {
      const admitted = rule === 'public' || (caller !== 'visitor' && rule.includes(caller));
      it(`${route} as ${caller}: ${admitted ? 'admitted' : 'refused'}`, async () => {
        const [method, pattern] = route.split(' ') as [string, string];
        // Deleting is checked on a product or user that does not exist, so the table keeps its fixtures.
        const path = pattern
          .replace(':id', method === 'DELETE' ? 'not-there' : productId)
          .replace(':userId', method === 'DELETE' ? 'not-there' : userId)
          .replace(':slug', 'alpha');
        // A session of its own per call: the logout routes end theirs.
        const session = crypto.randomUUID();
        const token = caller === 'visitor' ? undefined : caller === 'operator' ? tokenFor('operator', '', session) : tokenFor(caller, 'alpha', session);
        const host = pattern.startsWith('/platform') ? 'platform.test' : 'alpha.test';
        // The browser session routes answer this site's own pages only (session-cookie.ts).
        const pageHeaders: Record<string, string> = pattern.includes('/auth/session') ? { 'x-csrf': '1', 'sec-fetch-site': 'same-origin' } : {};
        const response = await client(p.app, host, token)(method, path, bodies[route] ?? (method === 'GET' || method === 'DELETE' ? undefined : {}), pageHeaders);
        // Refreshing needs the refresh cookie, which no caller here has: a 401 that says so, not a guard's refusal.
        if (admitted && pattern.endsWith('/auth/session/refresh')) expect(response.body.detail).toMatch(/No session to refresh/);
        // So does enrolling from a page: it needs the access-token cookie, which no caller here has.
        else if (admitted && /\/auth\/session\/mfa\/(setup|verify)$/.test(pattern)) expect(response.body.detail).toMatch(/Sign in again to set up/);
        else if (admitted) expect([401, 403], JSON.stringify(response.body)).not.toContain(response.status);
        else expect(response.status).toBe(caller === 'visitor' ? 401 : 403);
      });
    }
  }
});
