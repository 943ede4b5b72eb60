import { createHash, randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError } from '../shared/errors';
import type { PageRequest } from '../shared/page';
import type { ReadAhead, ReadAheadKey } from '../shared/read-ahead';
import type { TenantContext } from '../tenants/tenant';
import type { CreateUser, LogInResult, SignUp, TenantRole, Tokens, UserRecord } from './account';
import type { TokenVerifier, VerifiedClaims } from './claims';
import type { OperatorDirectory } from './operators';
import type { UserDirectory } from './directory';
import { usernameFor, type IdentityProvider } from './provider';
import type { SessionSpace, SessionStore } from './sessions';

/** How long a session is kept: the app client's refresh-token validity (Cognito's default, 30 days). */
export const SESSION_LIFETIME_SECONDS = 30 * 24 * 3600;

/**
 * A session's id is a hash of its refresh token, so a refresh finds its session without a
 * lookup item and the token itself is never stored. (The pool does not rotate refresh tokens:
 * a refresh returns none, so the id holds for the session's life.)
 */
export const sessionIdOf = (refreshToken: string) => createHash('sha256').update(refreshToken).digest('base64url');
import { createReclaiming } from './reclaim';

export type IdentityDeps = {
  provider: IdentityProvider;
  directory: UserDirectory;
  sessions: SessionStore;
  operators: OperatorDirectory;
  /** Checks the access tokens that MFA enrolment is made with. */
  accessTokens: Pick<TokenVerifier, 'verifyAccessToken'>;
  /** Local development: confirm sign-ups at once instead of waiting for the emailed code. */
  autoConfirmSignUps?: boolean;
  now?: () => Date;
};

export type IdentityService = ReturnType<typeof createIdentityService>;
type Space = SessionSpace;

/**
 * Accounts of a store's customers and staff, and of platform operators. Each operation that
 * spans the user pool and the store's user directory undoes its first half when the second
 * fails, so no account is left half-created.
 */
export function createIdentityService(deps: IdentityDeps) {
  const { provider, directory, sessions, operators } = deps;
  const now = deps.now ?? (() => new Date());
  const spaceTenant = (space: Space) => (space === 'platform' ? undefined : space.id);

  /** Ends the session the presented token was handed out for. */
  async function signOut(space: Space, claims: VerifiedClaims) {
    const sessionId = await sessions.sessionOfToken(space, claims.tokenId);
    if (sessionId) await sessions.end(space, sessionId);
  }

  /**
   * Records a sign-in the API just completed, so its tokens are accepted at all: every path that
   * hands out tokens from a password, a new password or an MFA answer ends here. The pool's
   * token must be for the space it was asked about.
   */
  async function recordSession(space: Space, tokens: Tokens): Promise<Tokens> {
    if (tokens.issued.tenantId !== spaceTenant(space)) throw new UnauthorizedError('The identity provider issued a token for another store.');
    const sessionId = tokens.refreshToken ? sessionIdOf(tokens.refreshToken) : randomUUID();
    const expiresAt = Math.floor(now().getTime() / 1000) + SESSION_LIFETIME_SECONDS;
    await sessions.start(space, { sessionId, userId: tokens.issued.userId, expiresAt }, { tokenId: tokens.issued.tokenId, expiresAt: tokens.issued.expiresAt });
    return tokens;
  }

  async function undoing<T>(work: () => Promise<T>, undo: () => Promise<unknown>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      await undo().catch(() => undefined);
      throw error;
    }
  }

  /** Pool user + group + directory record, or nothing. */
  async function addUser(tenant: TenantContext, input: CreateUser & { password?: string | undefined }) {
    const username = usernameFor(tenant, input.email);
    const created = await createReclaiming({ provider, directory }, tenant, { username, email: input.email, claimant: 'vouched' }, () =>
      provider.createUser({ username, email: input.email, name: input.name, tenantId: tenant.id, password: input.password }),
    );
    const at = now().toISOString();
    const record: UserRecord = { userId: created.userId, email: input.email, name: input.name, role: input.role, createdAt: at, updatedAt: at };
    await undoing(
      async () => {
        await provider.setRole(username, input.role);
        await directory.create(tenant, record);
      },
      () => provider.deleteUser(username),
    );
    return { user: record, temporaryPassword: created.temporaryPassword };
  }

  /** The access token must be the bearer's own: one user cannot enrol an app on another's account. */
  async function ownAccessToken(claims: VerifiedClaims, accessToken: string) {
    const { sub } = await deps.accessTokens.verifyAccessToken(accessToken);
    if (sub !== claims.sub) throw new ForbiddenError('The access token belongs to another user than the bearer token.');
    return accessToken;
  }

  async function userOf(tenant: TenantContext, userId: string) {
    const record = await directory.get(tenant, userId);
    if (!record) throw new NotFoundError('No such user in this store.');
    return record;
  }

  /** A stray holding the name (see `createReclaiming`) is replaced; anything else stays a 409. */
  const signUpReclaiming = (tenant: TenantContext, username: string, input: SignUp) =>
    createReclaiming({ provider, directory }, tenant, { username, email: input.email, claimant: 'owner' }, () =>
      provider.signUp({ username, email: input.email, password: input.password, name: input.name, tenantId: tenant.id }),
    );

  return {
    async signUp(tenant: TenantContext, input: SignUp) {
      const username = usernameFor(tenant, input.email);
      const { userId } = await signUpReclaiming(tenant, username, input);
      const at = now().toISOString();
      const record: UserRecord = { userId, email: input.email, name: input.name ?? input.email, role: 'customer', createdAt: at, updatedAt: at };
      await undoing(
        async () => {
          await provider.setRole(username, 'customer');
          if (deps.autoConfirmSignUps) await provider.adminConfirm(username);
          await directory.create(tenant, record);
        },
        () => provider.deleteUser(username),
      );
      return { userId, email: input.email, confirmed: deps.autoConfirmSignUps === true };
    },

    confirm: (tenant: TenantContext, email: string, code: string) => provider.confirmSignUp(usernameFor(tenant, email), code),

    recordSession,

    /** The second step of a sign-in that asked for the authenticator app's code. */
    answerMfa: async (space: Space, email: string, session: string, code: string): Promise<Tokens> =>
      recordSession(space, await provider.answerMfa(usernameFor(space, email), session, code)),

    /** A TOTP secret for the signed-in user's authenticator app; in force once `verifyMfa` checks a code. */
    async setUpMfa(space: Space, claims: VerifiedClaims, accessToken: string) {
      const secret = await provider.associateTotp(await ownAccessToken(claims, accessToken));
      const account = claims.username.slice(claims.username.indexOf(':') + 1);
      const issuer = space === 'platform' ? 'Catalog platform' : `Catalog ${space.name}`;
      // otpauth is loaded by the first enrolment only, not by every cold start.
      const { otpauthUri } = await import('./mfa');
      return { secret, otpauthUri: otpauthUri(secret, issuer, account) };
    },

    /** Turns TOTP on at the pool and records the enrolment where the per-request check reads it. */
    async verifyMfa(space: Space, claims: VerifiedClaims, accessToken: string, code: string) {
      await provider.enableTotp(await ownAccessToken(claims, accessToken), code);
      const at = now().toISOString();
      if (space === 'platform') await operators.markMfaEnrolled(claims.sub, claims.username, at);
      else await directory.markMfaEnrolled(space, claims.sub, at);
    },

    /**
     * Seeding only: enrols an account whose password is known, computing the code with `codeOf`.
     * Returns the secret in force. An account enrolled earlier signs in with `knownSecret` (its
     * record is written again, in case the table was not kept); without it, undefined.
     */
    async enrolWithPassword(
      space: Space,
      email: string,
      password: string,
      codeOf: (secret: string) => string,
      knownSecret?: string,
    ): Promise<string | undefined> {
      const username = usernameFor(space, email);
      const first = await provider.logIn(username, password);
      let secret: string;
      let signedIn: Tokens;
      if (first.kind === 'mfa-required') {
        if (!knownSecret) return undefined;
        signedIn = await provider.answerMfa(username, first.session, codeOf(knownSecret));
        secret = knownSecret;
      } else if (first.kind === 'tokens') {
        signedIn = first;
        secret = await provider.associateTotp(signedIn.accessToken);
        await provider.enableTotp(signedIn.accessToken, codeOf(secret));
      } else {
        return undefined;
      }
      const { sub } = await deps.accessTokens.verifyAccessToken(signedIn.accessToken);
      const at = now().toISOString();
      if (space === 'platform') await operators.markMfaEnrolled(sub, usernameFor(space, email), at);
      else await directory.markMfaEnrolled(space, sub, at);
      await provider.revoke(signedIn.refreshToken ?? '').catch(() => undefined);
      return secret;
    },

    /** Operators have no store record; theirs is one platform item. */
    operatorHasMfa: (claims: VerifiedClaims) => operators.isMfaEnrolled(claims.sub),

    async logIn(space: Space, email: string, password: string): Promise<LogInResult> {
      const result = await provider.logIn(usernameFor(space, email), password);
      return result.kind === 'tokens' ? { kind: 'tokens', ...(await recordSession(space, result)) } : result;
    },

    completeNewPassword: async (space: Space, email: string, session: string, newPassword: string): Promise<Tokens> =>
      recordSession(space, await provider.completeNewPassword(usernameFor(space, email), session, newPassword)),

    /**
     * New tokens for a session of this space (the store of the request's Host, or the platform):
     * the refresh token must be one the API issued here, for a session not ended, and the pool's
     * new token must be the same user's in the same store. The new token joins the session.
     */
    async refresh(space: Space, refreshToken: string): Promise<Tokens> {
      const sessionId = sessionIdOf(refreshToken);
      const session = await sessions.find(space, sessionId);
      if (!session || session.ended) throw new UnauthorizedError('The refresh token is not valid here any more; sign in again.');
      const tokens = await provider.refresh(refreshToken);
      if (tokens.issued.tenantId !== spaceTenant(space) || tokens.issued.userId !== session.userId) {
        throw new UnauthorizedError('The refresh token is not valid here; sign in again.');
      }
      await sessions.link(space, sessionId, { tokenId: tokens.issued.tokenId, expiresAt: tokens.issued.expiresAt });
      return tokens;
    },

    /**
     * Ends the presented token's session (and with it every token handed out for it, refreshed
     * ones included) whether or not the client sends its refresh token; a refresh token sent
     * along is revoked at the pool too, and its session ended if it is the same user's.
     */
    async logOut(space: Space, claims: VerifiedClaims, refreshToken: string | undefined) {
      await signOut(space, claims);
      if (!refreshToken) return;
      const sessionId = sessionIdOf(refreshToken);
      if ((await sessions.find(space, sessionId))?.userId === claims.sub) await sessions.end(space, sessionId);
      await provider.revoke(refreshToken).catch((error: unknown) => {
        // Already dead at the pool: nothing left to revoke.
        if (!(error instanceof UnauthorizedError)) throw error;
      });
    },

    /**
     * A page's sign-out after its ID token cookie expired: the refresh token alone names the
     * session (and only a session of this space), which ends, and the pool revokes the token.
     */
    async logOutByRefreshToken(space: Space, refreshToken: string) {
      const sessionId = sessionIdOf(refreshToken);
      if (!(await sessions.find(space, sessionId))) return;
      await sessions.end(space, sessionId);
      await provider.revoke(refreshToken).catch((error: unknown) => {
        if (!(error instanceof UnauthorizedError)) throw error;
      });
    },

    /** Sends a reset code to the account's address; says nothing about whether the account exists. */
    forgotPassword: (space: Space, email: string) => provider.forgotPassword(usernameFor(space, email)),

    /** A reset is what people do after a compromise: every session of the account ends with it. */
    async resetPassword(space: Space, email: string, code: string, newPassword: string) {
      const username = usernameFor(space, email);
      await provider.confirmForgotPassword(username, code, newPassword);
      const user = await provider.findUser(username);
      if (user) await sessions.endAllOf(space, user.userId);
      await provider.signOutEverywhere(username);
    },

    /** An operator's request: the token must be one the API handed out, its session not ended. */
    async requireOperatorSession(claims: VerifiedClaims) {
      if (!(await sessions.isTokenLive('platform', claims.tokenId))) throw new UnauthorizedError('This session has been signed out; sign in again.');
    },

    /** The store's current word on a signed-in user: undefined once removed. */
    currentUser: (tenant: TenantContext, userId: string) => directory.get(tenant, userId),

    createUser: (tenant: TenantContext, input: CreateUser) => addUser(tenant, input),

    /** Demo seeding and onboarding: a user with a known permanent password, skipped if present. */
    async ensureUser(tenant: TenantContext, input: CreateUser & { password?: string }) {
      try {
        return await addUser(tenant, input);
      } catch (error) {
        if (error instanceof ConflictError) return undefined;
        throw error;
      }
    },

    async ensureOperator(input: { email: string; name: string; password: string }) {
      const username = usernameFor('platform', input.email);
      try {
        await provider.createUser({ username, email: input.email, name: input.name, password: input.password });
      } catch (error) {
        if (error instanceof ConflictError) return;
        throw error;
      }
      await undoing(
        () => provider.setRole(username, 'operator'),
        () => provider.deleteUser(username),
      );
    },

    listUsers: (tenant: TenantContext, page: PageRequest) => directory.list(tenant, page),

    /** Takes effect at once: every signed-in request re-reads the role (the token's is only a hint). */
    async changeRole(tenant: TenantContext, userId: string, role: TenantRole) {
      const previous = await userOf(tenant, userId);
      const next = await directory.setRole(tenant, previous, role, now().toISOString());
      await undoing(
        () => provider.setRole(usernameFor(tenant, previous.email), role),
        () => directory.setRole(tenant, next, previous.role, now().toISOString()),
      );
      return next;
    },

    async removeUser(tenant: TenantContext, userId: string) {
      const previous = await userOf(tenant, userId);
      // The directory enforces "not the last admin" before anything is deleted at the pool.
      await directory.remove(tenant, previous);
      await undoing(
        () => provider.deleteUser(usernameFor(tenant, previous.email)),
        () => directory.create(tenant, previous),
      );
      // Their tokens fail the re-check already (no record); ending the sessions also stops refreshes.
      await sessions.endAllOf(tenant, userId);
    },

    /**
     * For every signed-in request: a signed-out session or a removed user's still-valid token must
     * not read or act. The items in `readAhead` come back read in the same round trip, for the
     * route to use once the caller is known to be allowed.
     */
    async requireCurrentUser(
      tenant: TenantContext,
      claims: VerifiedClaims,
      readAhead: readonly ReadAheadKey[] = [],
    ): Promise<{ user: UserRecord; readAhead: ReadAhead }> {
      const standing = await directory.standing(tenant, claims.sub, claims.tokenId, readAhead);
      if (!standing.tokenLive) throw new UnauthorizedError('This session has been signed out; sign in again.');
      if (!standing.user) throw new UnauthorizedError('This account no longer exists in this store.');
      return { user: standing.user, readAhead: standing.readAhead };
    },
  };
}
