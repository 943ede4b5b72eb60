import type { TokenVerifier } from '../../src/identity/claims';
import type { Role } from '../../src/identity/roles';
import type { SessionStore } from '../../src/identity/sessions';
import { UnauthorizedError } from '../../src/shared/errors';
import { tenantContext } from '../../src/tenants/tenant';

/**
 * Test double for token verification: the token names its own claims, `role@tenant` (or
 * `operator@` for a platform user), optionally `~session` so a test can sign one session out
 * without ending the others. The token is its own id (`jti`). Real signature checks have their
 * own tests; `testPlatform` records a session for each fake token the first time it is seen,
 * as a sign-in through the API would have.
 */
export const fakeVerifier: TokenVerifier = {
  async verify(token) {
    const match = /^(customer|clerk|admin|support|operator)@([a-z0-9-]*)(?:~[\w-]+)?$/.exec(token);
    if (!match) throw new UnauthorizedError('The token is not valid.');
    const role = match[1] as Role;
    const tenantId = match[2] || undefined;
    return {
      sub: userIdFor(role, match[2] ?? ''),
      username: `${tenantId ?? 'platform'}:${role}@example.com`,
      tenantId,
      roles: [role],
      tokenId: token,
      expiresAt: Date.now() / 1000 + 900,
    };
  },
  /** `access:<a fake ID token>` is that user's access token. */
  async verifyAccessToken(token) {
    if (!token.startsWith('access:')) throw new UnauthorizedError('The token is not valid.');
    return { sub: (await fakeVerifier.verify(token.slice('access:'.length))).sub };
  },
};

export const tokenFor = (role: Role, tenantId = '', session?: string) => `${role}@${tenantId}${session ? `~${session}` : ''}`;

/** The user id (Cognito `sub`) of a fake token's user; testPlatform seeds a directory record for it. */
export const userIdFor = (role: Role, tenantId = '') => `${role}-${tenantId || 'platform'}`;

/**
 * The fake verifier, plus what a sign-in through the API would have done before the token was
 * ever used: record its session (once per token; concurrent first uses wait for the one write).
 * A token signed out stays signed out: it is never recorded again.
 */
export function issuingFakeVerifier(sessions: () => SessionStore): TokenVerifier {
  const recorded = new Map<string, Promise<void>>();
  return {
    async verify(token) {
      const claims = await fakeVerifier.verify(token);
      let once = recorded.get(token);
      if (!once) {
        const space = claims.tenantId ? tenantContext({ id: claims.tenantId, name: claims.tenantId, tier: 'basic', status: 'active' }) : 'platform';
        const expiresAt = Math.floor(claims.expiresAt) + 3600;
        once = sessions().start(space, { sessionId: `fake-${token}`, userId: claims.sub, expiresAt }, { tokenId: claims.tokenId, expiresAt });
        recorded.set(token, once);
      }
      await once;
      return claims;
    },
    verifyAccessToken: (token) => fakeVerifier.verifyAccessToken(token),
  };
}
