import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { AppEnv, TenantEnv } from '../http/env';
import { everyone } from '../http/middleware/access';
import { requestHost } from '../http/middleware/platform-host';
import { jsonBody } from '../http/request';
import { requirePageRequest, setSessionCookies } from '../http/session-cookie';
import type { SignUpService } from './service';
import { HandoffRedeemSchema, StoreSignUpConfirmSchema, StoreSignUpSchema } from './signup';
import type { SignUpThrottle } from './throttle';

/**
 * The store console's address on a store's platform subdomain, as the owner's browser reaches
 * the platform now: the request's scheme and port (`http://tea.localhost:3000/admin` locally,
 * `https://tea.<platform domain>/admin` behind API Gateway).
 */
export function consoleUrlFor(c: Context) {
  const protocol = new URL(c.req.url).protocol;
  const port = /:(\d+)$/.exec(requestHost(c))?.[1];
  return (domain: string) => `${protocol}//${domain}${port ? `:${port}` : ''}/admin`;
}

// In a small module of its own: app.ts needs it at start-up, this file loads with the sign-up's first request.
export { anonymousCaller } from '../http/anonymous-caller';

/**
 * Self-service sign-up, on the platform's hosts only (app.ts mounts `platformHostOnly` on
 * `/signup` and `/signup/*`):
 *
 *   GET  /signup/slugs/:slug   → {slug, available, reason?, suggestions}, as the owner types
 *   POST /signup               {storeName, slug, plan, email, password} → 202, the code is emailed
 *   POST /signup/confirm       {email, slug, code, password?} → 201, the store is open
 *
 * `POST /signup` takes an Idempotency-Key (its answer holds nothing secret). The confirmation does
 * not record its answer, like the account routes: it can carry a sign-in hand-off, which must
 * never be stored; a retry after it succeeded is a 409 that says where to sign in.
 */
export function signUpRoutes(signUps: SignUpService, throttle: SignUpThrottle, idempotent: MiddlewareHandler<AppEnv>) {
  return new Hono<AppEnv>()
    .get('/signup/slugs/:slug', everyone, async (c) => {
      c.header('cache-control', 'no-store');
      await throttle.check(c.get('clientAddress'));
      return c.json(await signUps.availability(c.req.param('slug').toLowerCase().slice(0, 63)));
    })
    .post('/signup', everyone, idempotent, async (c) => {
      const input = await jsonBody(c, StoreSignUpSchema);
      await throttle.before(input.email, c.get('clientAddress'));
      return c.json(await signUps.signUp(input), 202);
    })
    .post('/signup/confirm', everyone, async (c) => {
      const input = await jsonBody(c, StoreSignUpConfirmSchema);
      return c.json(await signUps.confirm(input, consoleUrlFor(c)), 201);
    });
}

/**
 * On the new store's host: the console trades the sign-up's hand-off code for the session's
 * cookies, once. A page's call only (CSRF header, same-origin), like every cookie sign-in.
 */
export function handoffRoutes(signUps: SignUpService) {
  return new Hono<TenantEnv>().post('/auth/session/handoff', everyone, async (c) => {
    requirePageRequest(c);
    const input = await jsonBody(c, HandoffRedeemSchema);
    setSessionCookies(c, await signUps.redeemHandoff(c.get('tenant'), input.code));
    return c.json({ signedIn: true as const });
  });
}
