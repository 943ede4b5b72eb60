/**
 * The tenant-resolution middleware and the role guards on a bare Hono app, with a resolver that
 * only knows what each test tells it: what they decide, and with what status and message, without
 * a table behind them (the API suites check the same through the whole app).
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv, TenantEnv } from '../../../src/http/env';
import { allow, everyone, isGuard } from '../../../src/http/middleware/access';
import { resolveTenant } from '../../../src/http/middleware/resolve-tenant';
import type { VerifiedClaims } from '../../../src/identity/claims';
import type { Role } from '../../../src/identity/roles';
import { DomainError } from '../../../src/shared/errors';
import type { TenantResolver } from '../../../src/tenants/resolver';
import { tenantContext, type TenantStatus } from '../../../src/tenants/tenant';

const store = (id: string, status: TenantStatus = 'active') => tenantContext({ id, name: `Store ${id}`, tier: 'basic', status });
const stores = { 'alpha.test': store('alpha'), 'beta.test': store('beta'), 'shut.test': store('shut', 'suspended') };
const resolver: TenantResolver = {
  byHost: async (host) => stores[host as keyof typeof stores],
  byId: async (id) => Object.values(stores).find((s) => s.id === id),
  forget: () => undefined,
};

function app(claims: Partial<VerifiedClaims> | undefined, ...mw: (MiddlewareHandler<TenantEnv> | MiddlewareHandler<AppEnv>)[]) {
  const a = new Hono<TenantEnv>();
  a.onError((error, c) => (error instanceof DomainError ? c.json({ detail: error.message }, error.status) : c.json({ detail: String(error) }, 500)));
  a.use(async (c, next) => {
    c.set('claims', claims === undefined ? undefined : ({ sub: 's', username: 'u', roles: [], tokenId: 't', expiresAt: 0, ...claims } as VerifiedClaims));
    await next();
  });
  for (const m of mw) a.use(m as MiddlewareHandler<TenantEnv>);
  a.get('/x', (c) => c.json({ tenant: c.get('tenant')?.id ?? null }));
  return a;
}
const call = async (a: Hono<TenantEnv>, host = 'alpha.test') => {
  const r = await a.request('/x', { headers: { host } });
  return { status: r.status, body: (await r.json()) as { tenant?: string | null; detail?: string } };
};

describe('resolveTenant', () => {
  const resolving = (claims?: Partial<VerifiedClaims>) => app(claims, resolveTenant(resolver));

  it('takes the store from the host for visitors and for that store’s users', async () => {
    expect(await call(resolving())).toEqual({ status: 200, body: { tenant: 'alpha' } });
    expect(await call(resolving({ tenantId: 'alpha' }))).toEqual({ status: 200, body: { tenant: 'alpha' } });
  });

  it('refuses a token of another store on a store’s host with 403, whichever is asked', async () => {
    expect(await call(resolving({ tenantId: 'beta' }))).toEqual({ status: 403, body: { detail: 'This token belongs to another store.' } });
    expect(await call(resolving({ tenantId: 'alpha' }), 'beta.test')).toMatchObject({ status: 403 });
    // A token naming a store that does not exist is no better.
    expect(await call(resolving({ tenantId: 'nobody' }))).toMatchObject({ status: 403 });
  });

  it('takes the store from the token on a host no store owns (the platform’s own host)', async () => {
    expect(await call(resolving({ tenantId: 'beta' }), 'platform.test')).toEqual({ status: 200, body: { tenant: 'beta' } });
  });

  it('answers 404 "unknown store" with neither, or with a token of an unknown store', async () => {
    expect(await call(resolving(), 'nowhere.test')).toEqual({ status: 404, body: { detail: 'Unknown store: no store is served at this address.' } });
    expect(await call(resolving({}), 'nowhere.test')).toMatchObject({ status: 404 });
    expect(await call(resolving({ tenantId: 'nobody' }), 'nowhere.test')).toMatchObject({ status: 404 });
  });

  it('looks a store up by id only for a token that names one', async () => {
    let byId = 0;
    const counting: TenantResolver = {
      ...resolver,
      byId: async (id) => {
        byId++;
        return resolver.byId(id);
      },
    };
    expect((await call(app(undefined, resolveTenant(counting)), 'nowhere.test')).status).toBe(404);
    expect((await call(app({}, resolveTenant(counting)), 'nowhere.test')).status).toBe(404);
    expect(byId).toBe(0);
    expect((await call(app({ tenantId: 'beta' }, resolveTenant(counting)), 'nowhere.test')).status).toBe(200);
    expect(byId).toBe(1);
  });

  it('answers 403 for a suspended store, by host or by token', async () => {
    expect(await call(resolving(), 'shut.test')).toEqual({ status: 403, body: { detail: 'The store Store shut is suspended.' } });
    expect(await call(resolving({ tenantId: 'shut' }), 'platform.test')).toMatchObject({ status: 403 });
  });
});

describe('role guards', () => {
  const guarded = (claims: Partial<VerifiedClaims> | undefined, ...roles: Role[]) => app(claims, allow(...roles));

  it('let through a user holding any one of the roles', async () => {
    expect((await call(guarded({ roles: ['clerk'] }, 'admin', 'clerk'))).status).toBe(200);
    expect((await call(guarded({ roles: ['customer', 'admin'] }, 'admin'))).status).toBe(200);
  });

  it('answer 401 without a token and 403 without the role, naming the roles', async () => {
    expect(await call(guarded(undefined, 'admin'))).toEqual({ status: 401, body: { detail: 'Sign in to do this.' } });
    expect(await call(guarded({ roles: ['customer'] }, 'admin', 'clerk'))).toEqual({
      status: 403,
      body: { detail: 'This needs one of the roles: admin, clerk.' },
    });
    expect((await call(guarded({ roles: [] }, 'admin'))).status).toBe(403);
  });

  it('say what they allow, and only guards say so', async () => {
    expect(everyone.access).toBe('public');
    expect(allow('admin', 'clerk').access).toEqual(['admin', 'clerk']);
    expect((await call(app(undefined, everyone))).status).toBe(200);
    expect(isGuard(everyone)).toBe(true);
    expect(isGuard(allow('admin'))).toBe(true);
    expect(isGuard(async () => undefined)).toBe(false);
    expect(isGuard({ access: 'public' })).toBe(false);
  });
});
