import { createMiddleware } from 'hono/factory';
import { mfaGuarded } from '../../identity/mfa-rules';
import type { IdentityService } from '../../identity/service';
import { MfaEnrolmentRequiredError } from '../../shared/errors';
import type { AppEnv } from '../env';

/**
 * Operators must have enrolled TOTP before any operator route answers (enrolment, sign-out
 * excepted). Operators have no store record read per request, so this is one consistent GetItem
 * of their platform record per operator request; operators are few.
 */
export function requireOperatorMfa(identity: IdentityService) {
  return createMiddleware<AppEnv>(function requireOperatorMfa(c, next) {
    const claims = c.get('claims');
    // Anyone but an operator on a guarded path passes straight through, with no promise of its own.
    if (!claims || claims.tenantId !== undefined || !claims.roles.includes('operator') || !mfaGuarded(c.req.path)) return next();
    return identity.operatorHasMfa(claims).then((enrolled) => {
      if (!enrolled) throw new MfaEnrolmentRequiredError('Enrol an authenticator app first: POST /platform/auth/mfa/setup, then /platform/auth/mfa/verify.');
      return next();
    });
  });
}
