import { createMiddleware } from 'hono/factory';
import type { IdentityService } from '../../identity/service';
import { MFA_ENROLMENT_PATHS, mustEnrolMfa } from '../../identity/mfa';
import { MfaEnrolmentRequiredError, UnauthorizedError } from '../../shared/errors';
import type { AppEnv, TenantEnv } from '../env';
import { READ_ONLY_METHODS } from '../methods';

/**
 * A signed JWT stays valid until it expires whatever happens meanwhile, so anything that changes
 * data asks first whether the session was signed out (deny list). This is the operators' check;
 * a store user's session is checked below, in the same read as their record.
 */
export function refuseRevokedSessions(identity: IdentityService) {
  return createMiddleware<AppEnv>(async function refuseRevokedSessions(c, next) {
    const claims = c.get('claims');
    if (claims && claims.tenantId === undefined && !READ_ONLY_METHODS.has(c.req.method) && (await identity.isRevoked(claims.sessionId))) {
      throw new UnauthorizedError('This session has been signed out; sign in again.');
    }
    await next();
  });
}

const mfaEnrolmentRequired = () =>
  new MfaEnrolmentRequiredError('Enrol an authenticator app first: POST /auth/mfa/setup, then /auth/mfa/verify.');

/**
 * For a store's users, one read of the user's record and of the session's sign-out: a signed-out
 * session or a removed user cannot act, and the role that counts is the store's current one,
 * not the one frozen in the token.
 */
export function recheckStoreUser(identity: IdentityService) {
  return createMiddleware<TenantEnv>(async function recheckStoreUser(c, next) {
    const claims = c.get('claims');
    if (claims?.tenantId !== undefined && !READ_ONLY_METHODS.has(c.req.method)) {
      const record = await identity.requireCurrentUser(c.get('tenant'), claims);
      // The same read says whether an admin has enrolled TOTP yet: no extra round trip.
      if (mustEnrolMfa(record.role) && record.mfa !== 'totp' && !MFA_ENROLMENT_PATHS.has(c.req.path)) throw mfaEnrolmentRequired();
      c.set('claims', { ...claims, roles: [record.role] });
    }
    await next();
  });
}
