import type { TokenVerifier } from '../../src/identity/claims';
import type { Role } from '../../src/identity/roles';
import { UnauthorizedError } from '../../src/shared/errors';

/**
 * Test double for token verification: the token names its own claims, `role@tenant` (or
 * `operator@` for a platform user), optionally `~session` so a test can sign one session out
 * without ending the others. Real signature checks have their own tests.
 */
export const fakeVerifier: TokenVerifier = {
  async verify(token) {
    const match = /^(customer|clerk|admin|operator)@([a-z0-9-]*)(?:~[\w-]+)?$/.exec(token);
    if (!match) throw new UnauthorizedError('The token is not valid.');
    const role = match[1] as Role;
    const tenantId = match[2] || undefined;
    return { sub: userIdFor(role, match[2] ?? ''), username: `${tenantId ?? 'platform'}:${role}@example.com`, tenantId, roles: [role], sessionId: token, expiresAt: Date.now() / 1000 + 900 };
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
