import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import { ForbiddenError } from '../shared/errors';

/**
 * The browser pages' session: the ID token and the refresh token in two cookies the page's
 * scripts cannot read (HttpOnly), sent only over HTTPS (Secure; browsers treat http://localhost
 * and *.localhost as secure), only to the host that set them (`__Host-`: no Domain, Path=/) and
 * not on cross-site subresource requests or POSTs (SameSite=Lax). JSON API clients keep bearer
 * tokens and never see these.
 */
export const SESSION_COOKIE = '__Host-session';
export const REFRESH_COOKIE = '__Host-refresh';
/** The access token: only the pages' MFA enrolment needs it (Cognito's software-token calls take no other). */
export const ACCESS_COOKIE = '__Host-access';

/** Matches the user pool client's refresh token validity (stacks/platform-stack.ts: 30 days). */
const REFRESH_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

const ATTRIBUTES: CookieOptions = { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' };

/** The header pages send on every call that changes something; a cross-site form or image cannot. */
export const CSRF_HEADER = 'x-csrf';

export type SessionTokens = { idToken: string; accessToken?: string | undefined; refreshToken?: string | undefined; expiresIn: number };

export function setSessionCookies(c: Context, tokens: SessionTokens) {
  const maxAge = Math.max(0, Math.floor(tokens.expiresIn));
  setCookie(c, SESSION_COOKIE, tokens.idToken, { ...ATTRIBUTES, maxAge });
  if (tokens.accessToken) setCookie(c, ACCESS_COOKIE, tokens.accessToken, { ...ATTRIBUTES, maxAge });
  if (tokens.refreshToken) setCookie(c, REFRESH_COOKIE, tokens.refreshToken, { ...ATTRIBUTES, maxAge: REFRESH_MAX_AGE_SECONDS });
}

export function clearSessionCookies(c: Context) {
  deleteCookie(c, SESSION_COOKIE, ATTRIBUTES);
  deleteCookie(c, REFRESH_COOKIE, ATTRIBUTES);
  deleteCookie(c, ACCESS_COOKIE, ATTRIBUTES);
}

export const sessionCookie = (c: Context) => getCookie(c, SESSION_COOKIE) || undefined;
export const refreshCookie = (c: Context) => getCookie(c, REFRESH_COOKIE) || undefined;
export const accessCookie = (c: Context) => getCookie(c, ACCESS_COOKIE) || undefined;

/** An HTML form's own submission (a script's JSON call is neither): it cannot carry a custom header. */
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/**
 * A request that acts on the cookie's authority must come from one of this site's own pages: a
 * custom header (which another site cannot add without a CORS preflight we never grant) and the
 * browser's own word that the request is same-origin. Anything else is refused, absent included.
 * The storefront's plain forms (checkout, the cart without a script) cannot add a header: a form
 * submission stands on `Sec-Fetch-Site: same-origin` alone, which the browser sets and no page can
 * (a cross-site form arrives as `cross-site`; a browser that sends none is refused).
 */
export function requirePageRequest(c: Context) {
  if (c.req.header(CSRF_HEADER) !== '1' && !FORM_TYPES.test(c.req.header('content-type') ?? '')) {
    throw new ForbiddenError(`A request carrying the session cookie must send the ${CSRF_HEADER.toUpperCase()}: 1 header.`);
  }
  if (c.req.header('sec-fetch-site') !== 'same-origin') {
    throw new ForbiddenError('A request carrying the session cookie must come from this site’s own pages (Sec-Fetch-Site: same-origin).');
  }
}

/** Page-session routes answer browser pages only (`requirePageRequest`), on every method under their base. */
export const pagesOnly = createMiddleware(async function pagesOnly(c, next) {
  requirePageRequest(c);
  await next();
});
