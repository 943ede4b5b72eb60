import { domainEvent, type DomainEvent } from '../events/event';
import type { VerifiedClaims } from '../identity/claims';
import type { UserDirectory } from '../identity/directory';
import type { LogInResult } from '../identity/account';
import type { AuthThrottle } from '../identity/throttle';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../shared/errors';
import type { TenantContext } from '../tenants/tenant';
import type { CustomerDataSource, DataSubject } from './data-sources';

export type PrivacyDeps = {
  /** Every module's share of a customer's data (src/privacy/sources.ts). */
  sources: readonly CustomerDataSource[];
  directory: Pick<UserDirectory, 'get'>;
  /** The identity module's sign-in: a deletion is confirmed with the account's password. */
  logIn: (tenant: TenantContext, email: string, password: string) => Promise<LogInResult>;
  /** Removes the account: the store's record, the pool's user, every session. */
  removeUser: (tenant: TenantContext, userId: string) => Promise<void>;
  /**
   * The sign-in throttle's account counters: a wrong password here counts as a failed sign-in of
   * the account, and an account over its limit is refused here too, so the deletion's password
   * check is no way around the sign-in's lockout.
   */
  throttle?: Pick<AuthThrottle, 'before' | 'failed'> | undefined;
  /** The store's outbox, for `CustomerDeleted`. */
  events: { record(tenant: TenantContext, event: DomainEvent): Promise<boolean> };
  now?: () => Date;
};

/**
 * A signed-in customer's own data (docs/privacy.md): the export of everything the store holds of
 * them (`GET /me/data`), and the deletion of their account (`POST /me/delete`), confirmed with
 * their password like any sensitive change of an account.
 */
export function createPrivacyService(deps: PrivacyDeps) {
  const now = deps.now ?? (() => new Date());

  async function subjectOf(tenant: TenantContext, claims: VerifiedClaims): Promise<{ subject: DataSubject; account: Record<string, unknown> }> {
    const user = await deps.directory.get(tenant, claims.sub);
    if (!user) throw new NotFoundError('This account no longer exists in this store.');
    return {
      subject: { userId: user.userId, username: claims.username, email: user.email },
      account: { userId: user.userId, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt },
    };
  }

  return {
    async exportData(tenant: TenantContext, claims: VerifiedClaims) {
      const { subject, account } = await subjectOf(tenant, claims);
      const parts = await Promise.all(deps.sources.map(async (source) => [source.name, await source.export(tenant, subject)] as const));
      return { format: 'customer-data/1', exportedAt: now().toISOString(), store: { id: tenant.id, name: tenant.name }, account, ...Object.fromEntries(parts) };
    },

    /**
     * Deletes the account after checking its password: every source erased first (orders kept,
     * anonymised), then the account, then `CustomerDeleted`. A failure part-way leaves the
     * account, so its owner can ask again; each step is safe to repeat.
     */
    async deleteAccount(tenant: TenantContext, claims: VerifiedClaims, password: string) {
      const { subject } = await subjectOf(tenant, claims);
      await deps.throttle?.before(tenant, 'sign-in', subject.email, undefined);
      try {
        // Tokens or an MFA challenge: either way the password was right. The session it opens ends with the account.
        await deps.logIn(tenant, subject.email, password);
      } catch (error) {
        if (!(error instanceof UnauthorizedError)) throw error;
        await deps.throttle?.failed(tenant, 'sign-in', subject.email);
        throw new ForbiddenError('That is not this account’s password.');
      }
      const erased: Record<string, number> = {};
      for (const source of deps.sources) erased[source.name] = await source.erase(tenant, subject);
      await deps.removeUser(tenant, subject.userId);
      const at = now().toISOString();
      await deps.events.record(
        tenant,
        domainEvent(
          'shop.customers',
          'CustomerDeleted',
          { tenantId: tenant.id, actor: 'customer:erased', occurredAt: at },
          { customerId: subject.userId, erased },
        ),
      );
      return erased;
    },
  };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;
