import { Hono, type Context } from 'hono';
import type { AppEnv, TenantEnv } from '../http/env';
import { allow, everyone, type Guard } from '../http/middleware/access';
import { problem } from '../http/problem';
import { jsonBody } from '../http/request';
import { accessCookie, clearSessionCookies, pagesOnly, refreshCookie, setSessionCookies } from '../http/session-cookie';
import { UnauthorizedError } from '../shared/errors';
import type { TenantContext } from '../tenants/tenant';
import { LogInSchema, MfaChallengeSchema, NewPasswordSchema, PageMfaVerifySchema, type LogInResult, type Tokens } from './account';
import type { IdentityService } from './service';

/**
 * The browser pages' sign-in: the same identity service calls as the JSON API's `/auth/login`
 * family, but the tokens go into HttpOnly cookies (session-cookie.ts) and never into the body.
 * Only this site's own pages may call these (CSRF header and `Sec-Fetch-Site: same-origin`), so
 * another site cannot sign a visitor in to an account of its choosing, nor out.
 *
 *   POST <base>                {email, password}               → {signedIn: true} or {challenge, session}
 *   POST <base>/new-password   {email, session, newPassword}   → {signedIn: true}
 *   POST <base>/mfa            {email, session, code}          → {signedIn: true} (the authenticator's code)
 *   POST <base>/mfa/setup      (signed in)                     → {secret, otpauthUri}
 *   POST <base>/mfa/verify     {code} (signed in)              → 204, enrolled
 *   POST <base>/refresh        (refresh cookie)                → 204, a new ID token cookie
 *   POST <base>/logout         (cookies)                       → 204, session ended, cookies cleared
 *
 * `<base>` is `/auth/session` on a store's domain and `/platform/auth/session` for operators.
 */
type Space = TenantContext | 'platform';

function signedIn(c: Context, tokens: Tokens) {
  setSessionCookies(c, tokens);
  return c.json({ signedIn: true as const });
}

function answer(c: Context, result: LogInResult) {
  if (result.kind === 'tokens') return signedIn(c, result);
  return c.json({ challenge: result.kind === 'mfa-required' ? ('SOFTWARE_TOKEN_MFA' as const) : ('NEW_PASSWORD_REQUIRED' as const), session: result.session });
}

function sessionRoutes(base: string, identity: IdentityService, spaceOf: (c: Context) => Space, member: Guard) {
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
    .post(`${base}/mfa`, everyone, async (c) => {
      const input = await jsonBody(c, MfaChallengeSchema);
      return signedIn(c, await identity.answerMfa(spaceOf(c), input.email, input.session, input.code));
    })
    .post(`${base}/mfa/setup`, member, async (c) => {
      const claims = c.var.claims;
      const access = accessCookie(c);
      if (!claims || !access) throw new UnauthorizedError('Sign in again to set up an authenticator app.');
      return c.json(await identity.setUpMfa(spaceOf(c), claims, access));
    })
    .post(`${base}/mfa/verify`, member, async (c) => {
      const claims = c.var.claims;
      const access = accessCookie(c);
      if (!claims || !access) throw new UnauthorizedError('Sign in again to set up an authenticator app.');
      const input = await jsonBody(c, PageMfaVerifySchema);
      await identity.verifyMfa(spaceOf(c), claims, access, input.code);
      return c.body(null, 204);
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
      // Without a valid ID token cookie (expired, say) the refresh cookie still names the session.
      const refresh = refreshCookie(c);
      if (claims) await identity.logOut(spaceOf(c), claims, refresh);
      else if (refresh) await identity.logOutByRefreshToken(spaceOf(c), refresh);
      clearSessionCookies(c);
      return c.body(null, 204);
    });
}

/** A store's customers and staff: the store is the Host's, as for every store route. */
export const storeSessionRoutes = (identity: IdentityService) =>
  sessionRoutes('/auth/session', identity, (c) => (c as Context<TenantEnv>).get('tenant'), allow('customer', 'clerk', 'admin'));

/** Operators, on the platform's hosts only (app.ts). */
export const platformSessionRoutes = (identity: IdentityService) => sessionRoutes('/platform/auth/session', identity, () => 'platform', allow('operator'));
