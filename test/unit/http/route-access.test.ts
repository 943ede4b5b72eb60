import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { CatalogService } from '../../../src/catalog/service';
import { createApp } from '../../../src/http/app';
import { isGuard } from '../../../src/http/middleware/access';
import type { IdentityService } from '../../../src/identity/service';
import type { InventoryService } from '../../../src/inventory/service';
import type { OnboardingService } from '../../../src/tenants/onboarding';
import type { TenantResolver } from '../../../src/tenants/resolver';
import { fakeVerifier } from '../../support/fake-verifier';

/**
 * Who may call what. A route added without a line here, or whose guard disagrees with its line,
 * fails this test: access rules are reviewed, not inherited by accident.
 */
const EXPECTED: Record<string, 'public' | string[]> = {
  'GET /health': 'public',
  'GET /store': 'public',
  'GET /products': 'public',
  'GET /products/:id': 'public',
  'GET /admin/products': ['admin', 'clerk'],
  'POST /admin/products': ['admin'],
  'GET /admin/products/:id': ['admin', 'clerk'],
  'PATCH /admin/products/:id': ['admin'],
  'DELETE /admin/products/:id': ['admin'],
  'POST /admin/products/:id/inventory/adjustments': ['admin', 'clerk'],
  'PUT /admin/products/:id/inventory': ['admin', 'clerk'],
  'GET /admin/products/:id/inventory/history': ['admin', 'clerk'],
  'POST /auth/signup': 'public',
  'POST /auth/confirm': 'public',
  'POST /auth/login': 'public',
  'POST /auth/new-password': 'public',
  'POST /auth/refresh': 'public',
  'POST /auth/logout': ['customer', 'clerk', 'admin'],
  'GET /auth/me': ['customer', 'clerk', 'admin'],
  'GET /admin/users': ['admin'],
  'POST /admin/users': ['admin'],
  'PUT /admin/users/:userId/role': ['admin'],
  'DELETE /admin/users/:userId': ['admin'],
  'POST /platform/auth/login': 'public',
  'POST /platform/auth/logout': ['operator'],
  'GET /platform/tenants': ['operator'],
  'POST /platform/tenants': ['operator'],
  'GET /platform/tenants/:slug': ['operator'],
  'POST /platform/tenants/:slug/suspend': ['operator'],
  'POST /platform/tenants/:slug/resume': ['operator'],
};

const app = createApp({
  logger: pino({ level: 'silent' }),
  verifier: fakeVerifier,
  tenants: {} as TenantResolver,
  catalog: {} as CatalogService,
  inventory: {} as InventoryService,
  identity: {} as IdentityService,
  onboarding: {} as OnboardingService,
  maxBodyBytes: 1024,
});

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
});
