import { timingSafeEqual } from 'node:crypto';
import type { TokenVerifier, VerifiedClaims } from '../../identity/claims';
import { UnauthorizedError } from '../../shared/errors';

/**
 * LOCAL DEVELOPMENT ONLY, until Cognito sign-in lands: one random token, printed at start-up,
 * that acts as an admin of whichever store the Host header names. Only `src/entry/local.ts`
 * imports this, so the Lambda bundle cannot contain it.
 */
export function createDevTokenVerifier(devToken: string): TokenVerifier {
  const expected = Buffer.from(devToken);
  const claims: VerifiedClaims = {
    sub: 'dev-admin',
    username: 'dev-admin',
    roles: ['admin'],
    sessionId: 'dev-admin',
    expiresAt: Number.MAX_SAFE_INTEGER,
  };
  return {
    async verify(token) {
      const given = Buffer.from(token);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new UnauthorizedError('The token is not valid.');
      }
      return claims;
    },
  };
}
