import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError } from '../shared/errors';
import type { PageRequest } from '../shared/page';
import type { TenantContext } from '../tenants/tenant';
import type { CreateUser, LogInResult, SignUp, TenantRole, Tokens, UserRecord } from './account';
import type { TokenVerifier, VerifiedClaims } from './claims';
import { otpauthUri } from './mfa';
import type { OperatorDirectory } from './operators';
import type { UserDirectory } from './directory';
import { usernameFor, type IdentityProvider } from './provider';
import { createReclaiming } from './reclaim';
import type { RevocationList } from './revocation';

export type IdentityDeps = {
  provider: IdentityProvider;
  directory: UserDirectory;
  revocations: RevocationList;
  operators: OperatorDirectory;
  /** Checks the access tokens that MFA enrolment is made with. */
  accessTokens: Pick<TokenVerifier, 'verifyAccessToken'>;
  /** Local development: confirm sign-ups at once instead of waiting for the emailed code. */
  autoConfirmSignUps?: boolean;
  now?: () => Date;
};

export type IdentityService = ReturnType<typeof createIdentityService>;
type Space = TenantContext | 'platform';

/**
 * Accounts of a store's customers and staff, and of platform operators. Each operation that
 * spans the user pool and the store's user directory undoes its first half when the second
 * fails, so no account is left half-created.
 */
export function createIdentityService(deps: IdentityDeps) {
  const { provider, directory, revocations, operators } = deps;
  const now = deps.now ?? (() => new Date());

  // A store user's signed-out session is kept with the store's users, so one read checks both.
  const signOut = (space: Space, claims: VerifiedClaims) =>
    space === 'platform' ? revocations.revoke(claims.sessionId, claims.expiresAt) : directory.signOut(space, claims.sessionId, claims.expiresAt);

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

    logIn: (space: Space, email: string, password: string): Promise<LogInResult> => provider.logIn(usernameFor(space, email), password),

    completeNewPassword: (space: Space, email: string, session: string, newPassword: string): Promise<Tokens> =>
      provider.completeNewPassword(usernameFor(space, email), session, newPassword),

    refresh: (refreshToken: string) => provider.refresh(refreshToken),

    /** The second step of a sign-in that asked for the authenticator app's code. */
    answerMfa: (space: Space, email: string, session: string, code: string): Promise<Tokens> => provider.answerMfa(usernameFor(space, email), session, code),

    /** A TOTP secret for the signed-in user's authenticator app; in force once `verifyMfa` checks a code. */
    async setUpMfa(space: Space, claims: VerifiedClaims, accessToken: string) {
      const secret = await provider.associateTotp(await ownAccessToken(claims, accessToken));
      const account = claims.username.slice(claims.username.indexOf(':') + 1);
      const issuer = space === 'platform' ? 'Catalog platform' : `Catalog ${space.name}`;
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
    async enrolWithPassword(space: Space, email: string, password: string, codeOf: (secret: string) => string, knownSecret?: string): Promise<string | undefined> {
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

    /** Ends the refresh token at the pool and denies the presented session until it would expire. */
    async logOut(space: Space, claims: VerifiedClaims, refreshToken: string | undefined) {
      if (refreshToken) await provider.revoke(refreshToken);
      await signOut(space, claims);
    },

    /** Operators' sessions; a store user's is checked with their record (`requireCurrentUser`). */
    isRevoked: (sessionId: string) => revocations.isRevoked(sessionId),

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
      await undoing(() => provider.setRole(username, 'operator'), () => provider.deleteUser(username));
    },

    listUsers: (tenant: TenantContext, page: PageRequest) => directory.list(tenant, page),

    /** Takes effect on the user's next token, and at once for data-changing requests (re-checked). */
    async changeRole(tenant: TenantContext, userId: string, role: TenantRole) {
      const previous = await userOf(tenant, userId);
      const next = await directory.setRole(tenant, previous, role, now().toISOString());
      await undoing(
        () => provider.setRole(usernameFor(tenant, previous.email), role),
        () => directory.setRole(tenant, next, previous.role, now().toISOString()),
      );
      return next;
    },

    async removeUser(tenant: TenantContext, actor: VerifiedClaims, userId: string) {
      const previous = await userOf(tenant, userId);
      // The directory enforces "not the last admin" before anything is deleted at the pool.
      await directory.remove(tenant, previous);
      await undoing(
        () => provider.deleteUser(usernameFor(tenant, previous.email)),
        () => directory.create(tenant, previous),
      );
      if (actor.sub === userId) await signOut(tenant, actor);
    },

    /** For data-changing requests: a signed-out session or a removed user's still-valid token must not act. */
    async requireCurrentUser(tenant: TenantContext, claims: VerifiedClaims): Promise<UserRecord> {
      const { user, signedOut } = await directory.standing(tenant, claims.sub, claims.sessionId);
      if (signedOut) throw new UnauthorizedError('This session has been signed out; sign in again.');
      if (!user) throw new UnauthorizedError('This account no longer exists in this store.');
      return user;
    },
  };
}
