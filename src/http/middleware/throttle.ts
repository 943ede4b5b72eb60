import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AuthAction, AuthThrottle } from '../../identity/throttle';
import type { TenantContext } from '../../tenants/tenant';
import type { AppEnv } from '../env';

/** What counts as a failed attempt at an account route: wrong password or code, refused account. */
const FAILED = new Set([400, 401, 403]);

/** The account an auth request names (`email` in its JSON body), if it names one. */
async function accountOf(c: Context): Promise<string | undefined> {
  try {
    const body: unknown = JSON.parse(await c.req.text());
    const email = (body as { email?: unknown } | null)?.email;
    return typeof email === 'string' && email.length > 0 && email.length <= 320 ? email : undefined;
  } catch {
    // The route itself answers a malformed body; only the address is counted.
    return undefined;
  }
}

/**
 * Throttles one account route (see `AuthThrottle`): on a store's routes the counters are the
 * store's, elsewhere the platform's. Mounted by path in `createApp`, so a route added later under a
 * throttled path (the password-reset routes) is throttled from its first request.
 */
export function throttled(throttle: AuthThrottle, action: AuthAction): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async function throttled(c, next) {
    if (c.req.method !== 'POST') return next();
    const tenant = (c.var as { tenant?: TenantContext }).tenant;
    const scope = tenant ?? 'platform';
    const account = await accountOf(c);
    await throttle.before(scope, action, account, c.get('clientAddress'));
    await next();
    if (account !== undefined && FAILED.has(c.res.status)) await throttle.failed(scope, action, account);
  });
}
