import type { Context, Next } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { VerifiedClaims } from '../../identity/claims';
import type { IdentityService } from '../../identity/service';
import { mfaGuarded, mustEnrolMfa } from '../../identity/mfa-rules';
import { MfaEnrolmentRequiredError, UnauthorizedError } from '../../shared/errors';
import type { AppEnv, TenantEnv } from '../env';
import { READ_ONLY_METHODS } from '../methods';
import { clearSessionCookies } from '../session-cookie';
import { jsonForReadAhead, type ReadAheadPlan } from './read-ahead';

/**
 * A page's cookie whose session has ended (signed out elsewhere, user removed) makes a page read
 * as signed out, not a JSON 401: the claims go, the dead cookies are cleared, and the page shows
 * its sign-in. A bearer token, or a cookie trying to change something, still gets the 401.
 */
async function signedOutIfDeadCookie<E extends AppEnv, T>(c: Context<E>, check: () => Promise<T>): Promise<T | undefined> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof UnauthorizedError) || c.get('credential') !== 'cookie' || !READ_ONLY_METHODS.has(c.req.method)) throw error;
    c.set('claims', undefined);
    c.set('credential', undefined);
    clearSessionCookies(c);
    return undefined;
  }
}

/**
 * A signed JWT stays valid until it expires whatever happens meanwhile, so every request that
 * carries a token, reads included, asks first whether the API still stands by it. This is the
 * operators' check: one consistent read of the token's link to its session. A store user's
 * token is checked below, in the same read as their record. Anonymous requests read nothing.
 */
export function refuseRevokedSessions(identity: IdentityService) {
  return createMiddleware<AppEnv>(function refuseRevokedSessions(c, next) {
    const claims = c.get('claims');
    // Visitors and store users pass straight through: no promise of this middleware's own.
    if (!claims || claims.tenantId !== undefined) return next();
    return signedOutIfDeadCookie(c, () => identity.requireOperatorSession(claims)).then(() => next());
  });
}

const mfaEnrolmentRequired = () => new MfaEnrolmentRequiredError('Enrol an authenticator app first: POST /auth/mfa/setup, then /auth/mfa/verify.');

/**
 * For a store's users, one consistent BatchGetItem of the user's record and of the token's link
 * to its session: a signed-out session or a removed user can neither read nor act, and the role
 * that counts is the store's current one, not the one frozen in the token. Items the route
 * declared it reads first (`readsAhead`) join that read; the handler, which runs only after this
 * answered and the guard admitted the re-checked role, finds them in `readAhead`.
 */
export function recheckStoreUser(identity: IdentityService, plan: ReadAheadPlan) {
  return createMiddleware<TenantEnv>(function recheckStoreUser(c, next) {
    const claims = c.get('claims');
    // A visitor: nothing to re-check, and no promise of this middleware's own on the way through.
    if (claims?.tenantId === undefined) return next();
    return recheck(c, next, claims);
  });

  async function recheck(c: Context<TenantEnv>, next: Next, claims: VerifiedClaims) {
    const body = plan.readsBody(c.req.method, c.req.path) ? await jsonForReadAhead(c) : undefined;
    const keys = plan.keysFor(c.req.method, c.req.path, claims, body);
    const standing = await signedOutIfDeadCookie(c, () => identity.requireCurrentUser(c.get('tenant'), claims, keys));
    if (!standing) return next();
    const record = standing.user;
    // The same read says whether an admin has enrolled TOTP yet: no extra round trip.
    if (mustEnrolMfa(record.role) && record.mfa !== 'totp' && mfaGuarded(c.req.path)) throw mfaEnrolmentRequired();
    // The customer group too: the record's, read here anyway, is current; the token's claim may be
    // up to a token's lifetime old (docs/pricing.md, "Customer groups").
    c.set('claims', { ...claims, roles: [record.role], priceGroup: record.role === 'customer' ? record.priceGroup : undefined });
    c.set('readAhead', standing.readAhead);
    await next();
  }
}
