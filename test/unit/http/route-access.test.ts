import { describe, expect, it } from 'vitest';
import { routeTableApp } from '../../support/route-table-app';
import { isGuard } from '../../../src/http/middleware/access';
import { EXPECTED_ACCESS as EXPECTED } from '../../support/route-access';
import { IDEMPOTENT_ROUTES } from '../../../src/http/idempotency';

const app = routeTableApp();

describe('route access rules', () => {
  const handlersByRoute = new Map<string, unknown[]>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue; // middleware
    const key = `${route.method} ${route.path}`;
    handlersByRoute.set(key, [...(handlersByRoute.get(key) ?? []), route.handler]);
  }

  it('every route has exactly the declared rule', () => {
    const actual: Record<string, unknown> = {};
    for (const [key, handlers] of handlersByRoute) {
      const guards = handlers.filter(isGuard);
      actual[key] = guards.length === 1 ? (guards[0]!.access === 'public' ? 'public' : [...guards[0]!.access].sort()) : `${guards.length} guards`;
    }
    const expected = Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, v === 'public' ? v : [...v].sort()]));
    expect(actual).toEqual(expected);
  });

  it('every POST that changes data takes an Idempotency-Key after its guard, the account routes (tokens) excepted', () => {
    const withKey = [...handlersByRoute]
      .filter(([, handlers]) => handlers.some((h) => typeof h === 'function' && h.name === 'idempotency'))
      .map(([key]) => key);
    expect(withKey.sort()).toEqual([...IDEMPOTENT_ROUTES].sort());
    // Every POST outside the account routes is in the list: a new one must be added or excluded here.
    // A store sign-up's confirmation is one of them too: its answer can carry a sign-in hand-off.
    const posts = [...handlersByRoute.keys()].filter((key) => key.startsWith('POST ') && !/^POST \/((platform\/)?auth\/|signup\/confirm$)/.test(key));
    expect(posts.sort()).toEqual([...IDEMPOTENT_ROUTES].sort());
    for (const route of IDEMPOTENT_ROUTES) {
      const handlers = handlersByRoute.get(route)!;
      // After the guard: an unauthorised caller never writes a record.
      expect(
        handlers.findIndex((h) => typeof h === 'function' && h.name === 'idempotency'),
        route,
      ).toBeGreaterThan(handlers.findIndex(isGuard));
    }
  });
});
