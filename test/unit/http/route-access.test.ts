import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { CatalogService } from '../../../src/catalog/service';
import { createApp } from '../../../src/http/app';
import { isGuard } from '../../../src/http/middleware/access';
import type { IdentityService } from '../../../src/identity/service';
import type { InventoryService } from '../../../src/inventory/service';
import type { OnboardingService } from '../../../src/tenants/onboarding';
import type { SettingsService } from '../../../src/settings/service';
import type { TenantResolver } from '../../../src/tenants/resolver';
import { createAuthThrottle } from '../../../src/identity/throttle';
import { memoryRateLimiter } from '../../../src/shared/rate-limit/memory';
import { fakeVerifier } from '../../support/fake-verifier';
import { EXPECTED_ACCESS as EXPECTED } from '../../support/route-access';

const app = createApp({
  logger: pino({ level: 'silent' }),
  verifier: fakeVerifier,
  tenants: {} as TenantResolver,
  catalog: {} as CatalogService,
  inventory: {} as InventoryService,
  identity: {} as IdentityService,
  onboarding: {} as OnboardingService,
  settings: {} as SettingsService,
  maxBodyBytes: 1024,
  // Mounted off AWS only; listed so its rule is reviewed like every other route's.
  publicMedia: { readProductImage: async () => undefined },
  throttle: createAuthThrottle(memoryRateLimiter()),
  platformHosts: ['localhost'],
  assets: { entries: { admin: '/assets/a.js', operator: '/assets/o.js', account: '/assets/u.js', style: '/assets/s.css' }, files: [] },
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
