import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, TenantEnv } from '../http/env';
import { everyone } from '../http/middleware/access';
import { problem } from '../http/problem';
import { jsonBody } from '../http/request';
import { clearSessionCookies, refreshCookie, requirePageRequest, setSessionCookies } from '../http/session-cookie';
import { UnauthorizedError } from '../shared/errors';
import type { TenantContext } from '../tenants/tenant';
import { LogInSchema, NewPasswordSchema, type LogInResult, type Tokens } from './account';
import type { IdentityService } from './service';

/**
 * The browser pages' sign-in: the same identity service calls as the JSON API's `/auth/login`
 * family, but the tokens go into HttpOnly cookies (session-cookie.ts) and never into the body.
 * Only this site's own pages may call these (CSRF header and `Sec-Fetch-Site: same-origin`), so
 * another site cannot sign a visitor in to an account of its choosing, nor out.
 *
 *   POST <base>                {email, password}               → {signedIn: true} or {challenge, session}
 *   POST <base>/new-password   {email, session, newPassword}   → {signedIn: true}
 *   POST <base>/refresh        (refresh cookie)                → 204, a new ID token cookie
 *   POST <base>/logout         (cookies)                       → 204, session ended, cookies cleared
 *
 * `<base>` is `/auth/session` on a store's domain and `/platform/auth/session` for operators.
 */
type Space = TenantContext | 'platform';

const pagesOnly = createMiddleware(async function pagesOnly(c, next) {
  requirePageRequest(c);
  await next();
});

function signedIn(c: Context, tokens: Tokens) {
  setSessionCookies(c, tokens);
  return c.json({ signedIn: true as const });
}

function answer(c: Context, result: LogInResult) {
  return result.kind === 'tokens' ? signedIn(c, result) : c.json({ challenge: 'NEW_PASSWORD_REQUIRED' as const, session: result.session });
}

function sessionRoutes(base: string, identity: IdentityService, spaceOf: (c: Context) => Space) {
  return new Hono<AppEnv>()
    .use(`${base}`, pagesOnly)
    .use(`${base}/*`, pagesOnly)
    .post(base, everyone, async (c) => {
      const input = await jsonBody(c, LogInSchema);
      return answer(c, await identity.logIn(spaceOf(c), input.email, input.password));
    })
    .post(`${base}/new-password`, everyone, async (c) => {
      const input = await jsonBody(c, NewPasswordSchema);
      return signedIn(c, await identity.completeNewPassword(spaceOf(c), input.email, input.session, input.newPassword));
    })
    .post(`${base}/refresh`, everyone, async (c) => {
      const token = refreshCookie(c);
      if (!token) return problem(c, 401, 'unauthorized', 'No session to refresh: sign in.');
      try {
        const tokens = await identity.refresh(spaceOf(c), token);
        setSessionCookies(c, { ...tokens, refreshToken: tokens.refreshToken ?? token });
        return c.body(null, 204);
      } catch (error) {
        if (!(error instanceof UnauthorizedError)) throw error;
        // A refresh token that no longer works never will: drop both cookies so pages stop trying.
        clearSessionCookies(c);
        return problem(c, 401, 'unauthorized', error.message);
      }
    })
    .post(`${base}/logout`, everyone, async (c) => {
      const claims = c.var.claims;
      // Without a valid ID token cookie there is no session to end here; the cookies go all the same.
      if (claims) await identity.logOut(spaceOf(c), claims, refreshCookie(c));
      clearSessionCookies(c);
      return c.body(null, 204);
    });
}

/** A store's customers and staff: the store is the Host's, as for every store route. */
export const storeSessionRoutes = (identity: IdentityService) =>
  sessionRoutes('/auth/session', identity, (c) => (c as Context<TenantEnv>).get('tenant'));

/** Operators, on the platform's hosts only (app.ts). */
export const platformSessionRoutes = (identity: IdentityService) => sessionRoutes('/platform/auth/session', identity, () => 'platform');
