import { ConflictError, NotFoundError, UnauthorizedError } from '../shared/errors';
import type { PageRequest } from '../shared/page';
import type { TenantContext } from '../tenants/tenant';
import type { CreateUser, LogInResult, SignUp, TenantRole, Tokens, UserRecord } from './account';
import type { VerifiedClaims } from './claims';
import type { UserDirectory } from './directory';
import { usernameFor, type IdentityProvider } from './provider';
import { createReclaiming } from './reclaim';
import type { RevocationList } from './revocation';

export type IdentityDeps = {
  provider: IdentityProvider;
  directory: UserDirectory;
  revocations: RevocationList;
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
  const { provider, directory, revocations } = deps;
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
