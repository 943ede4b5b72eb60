/**
 * The accounts route group (docs/architecture.md, "Lazy route groups"): a store's and the
 * platform's sign-in by token, a store's user management, self-service sign-up and its hand-off.
 * As in ./shopping.ts, each function stands for the route file of the same name.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import type { IdentityService } from '../../identity/service';
import type { SignUpService } from '../../signup/service';
import type { SignUpThrottle } from '../../signup/throttle';
import type { AppEnv, TenantEnv } from '../env';
import { lazyRouteGroup } from '../lazy-handler';
import { allow, everyone, type Guard } from '../middleware/access';
import { pagesOnly } from '../session-cookie';

const MEMBERS = ['customer', 'clerk', 'admin'] as const;

export function storeAuthRoutes(identity: IdentityService) {
  return lazyRouteGroup<TenantEnv>('store sign-in', async () => (await import('../../identity/routes')).storeAuthRoutes(identity))
    .post('/auth/password/forgot', everyone)
    .post('/auth/password/reset', everyone)
    .post('/auth/signup', everyone)
    .post('/auth/confirm', everyone)
    .post('/auth/login', everyone)
    .post('/auth/new-password', everyone)
    .post('/auth/mfa/challenge', everyone)
    .post('/auth/mfa/setup', allow(...MEMBERS))
    .post('/auth/mfa/verify', allow(...MEMBERS))
    .post('/auth/refresh', everyone)
    .post('/auth/logout', allow(...MEMBERS))
    .get('/auth/me', allow(...MEMBERS)).routes;
}

export function userAdminRoutes(identity: IdentityService, idempotent: MiddlewareHandler<TenantEnv>) {
  return lazyRouteGroup<TenantEnv>('store users', async () => (await import('../../identity/routes')).userAdminRoutes(identity, idempotent))
    .get('/admin/users', allow('admin', 'support'))
    .post('/admin/users', allow('admin'), idempotent)
    .put('/admin/users/:userId/role', allow('admin'))
    .delete('/admin/users/:userId', allow('admin')).routes;
}

export function platformAuthRoutes(identity: IdentityService) {
  return lazyRouteGroup<AppEnv>('platform sign-in', async () => (await import('../../identity/routes')).platformAuthRoutes(identity))
    .post('/platform/auth/password/forgot', everyone)
    .post('/platform/auth/password/reset', everyone)
    .post('/platform/auth/login', everyone)
    .post('/platform/auth/refresh', everyone)
    .post('/platform/auth/mfa/challenge', everyone)
    .post('/platform/auth/mfa/setup', allow('operator'))
    .post('/platform/auth/mfa/verify', allow('operator'))
    .post('/platform/auth/logout', allow('operator')).routes;
}

export function signUpRoutes(signUps: SignUpService, throttle: SignUpThrottle, idempotent: MiddlewareHandler<AppEnv>) {
  return lazyRouteGroup<AppEnv>('sign-up', async () => (await import('../../signup/routes')).signUpRoutes(signUps, throttle, idempotent))
    .get('/signup/slugs/:slug', everyone)
    .post('/signup', everyone, idempotent)
    .post('/signup/confirm', everyone).routes;
}

export function handoffRoutes(signUps: SignUpService) {
  return lazyRouteGroup<TenantEnv>('sign-up hand-off', async () => (await import('../../signup/routes')).handoffRoutes(signUps)).post(
    '/auth/session/handoff',
    everyone,
  ).routes;
}

/** Cookie sessions for pages (src/identity/session-routes.ts), under `base`; page requests only on every method there. */
function sessionRoutes<E extends AppEnv>(name: string, base: string, member: Guard, load: () => Promise<Hono<E>>) {
  return lazyRouteGroup<E>(name, load)
    .use(base, pagesOnly)
    .use(`${base}/*`, pagesOnly)
    .post(base, everyone)
    .post(`${base}/new-password`, everyone)
    .post(`${base}/mfa`, everyone)
    .post(`${base}/mfa/setup`, member)
    .post(`${base}/mfa/verify`, member)
    .post(`${base}/refresh`, everyone)
    .post(`${base}/logout`, everyone).routes;
}

export const storeSessionRoutes = (identity: IdentityService) =>
  sessionRoutes<AppEnv>('store page sessions', '/auth/session', allow(...MEMBERS), async () =>
    (await import('../../identity/session-routes')).storeSessionRoutes(identity),
  );

export const platformSessionRoutes = (identity: IdentityService) =>
  sessionRoutes<AppEnv>('platform page sessions', '/platform/auth/session', allow('operator'), async () =>
    (await import('../../identity/session-routes')).platformSessionRoutes(identity),
  );
