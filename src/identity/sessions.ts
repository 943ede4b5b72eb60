import type { TenantContext } from '../tenants/tenant';

/** Where a session lives: a store's users under the store's keys, operators under the platform's. */
export type SessionSpace = TenantContext | 'platform';

/** One ID token the API handed out: its `jti`, and when it expires (epoch seconds). */
export type IssuedToken = { tokenId: string; expiresAt: number };

/**
 * Sign-ins the API issued. A signed JWT stays valid until it expires whatever Cognito is told,
 * and cognito-local has neither `origin_jti` nor GlobalSignOut, so the API keeps its own record:
 * each sign-in is a session, each ID token handed out for it (login, new password, refresh, MFA)
 * is linked to it by its `jti`, and a request's token counts only while its link is live. Ending
 * a session ends every link at once; a token the API never handed out has no link at all.
 */
export interface SessionStore {
  /** A new session with its first token. */
  start(space: SessionSpace, session: { sessionId: string; userId: string; expiresAt: number }, token: IssuedToken): Promise<void>;
  /** Links one more token to a live session; refuses (UnauthorizedError) once the session ended. */
  link(space: SessionSpace, sessionId: string, token: IssuedToken): Promise<void>;
  /** The session as it stands now (consistent read). */
  find(space: SessionSpace, sessionId: string): Promise<{ userId: string; ended: boolean } | undefined>;
  /** The session a token was handed out for, if the API handed it out. */
  sessionOfToken(space: SessionSpace, tokenId: string): Promise<string | undefined>;
  /** Whether the token was handed out by the API for a session not ended since (consistent read). */
  isTokenLive(space: SessionSpace, tokenId: string): Promise<boolean>;
  /** Ends the session and every token linked to it; ending an ended or unknown session does nothing. */
  end(space: SessionSpace, sessionId: string): Promise<void>;
  /** Ends every session of the user (sign out everywhere). */
  endAllOf(space: SessionSpace, userId: string): Promise<void>;
}
