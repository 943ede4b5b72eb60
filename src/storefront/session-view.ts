import type { Context } from 'hono';
import { refreshCookie } from '../http/session-cookie';
import type { VerifiedClaims } from '../identity/claims';

/**
 * What a page shows of the session: the signed-in user's email (the account's username is
 * `<store or platform>:<email>`, already verified by authenticate), their roles, and whether a
 * refresh cookie could bring back a session whose ID token cookie has expired.
 */
export function sessionView(c: Context, claims: VerifiedClaims | undefined) {
  return {
    email: claims ? claims.username.slice(claims.username.indexOf(':') + 1) : undefined,
    roles: claims?.roles ?? [],
    refreshable: !claims && refreshCookie(c) !== undefined,
  };
}
