import type { Page, PageRequest } from '../shared/page';
import type { ReadAhead, ReadAheadKey } from '../shared/read-ahead';
import type { TenantContext } from '../tenants/tenant';
import type { TenantRole, UserRecord } from './account';

/**
 * The tenant's own record of its users and their roles: listed by admins, and re-read on every
 * signed-in request so a removed or demoted user loses rights at once, not at token expiry.
 * Writes that could leave a store without an admin are refused (LastAdminError).
 */
export interface UserDirectory {
  get(tenant: TenantContext, userId: string): Promise<UserRecord | undefined>;
  /**
   * What a signed-in request must know about its caller, in one consistent read: the user's
   * current record (undefined once removed) and whether the token is one the API handed out for
   * a session not signed out since (see SessionStore). The same read fetches the items the
   * request's route declared it reads first (`readAhead`), so the route needs no read of its own.
   */
  standing(
    tenant: TenantContext,
    userId: string,
    tokenId: string,
    readAhead?: readonly ReadAheadKey[],
  ): Promise<{ user: UserRecord | undefined; tokenLive: boolean; readAhead: ReadAhead }>;
  list(tenant: TenantContext, page: PageRequest): Promise<Page<UserRecord>>;
  /**
   * Every admin of the store (whom store notices go to). Reads the store's user list with a
   * filter: fine for stores of thousands of users, a sparse admins index past that.
   */
  admins(tenant: TenantContext): Promise<UserRecord[]>;
  create(tenant: TenantContext, record: UserRecord): Promise<void>;
  setRole(tenant: TenantContext, previous: UserRecord, role: TenantRole, at: string): Promise<UserRecord>;
  remove(tenant: TenantContext, previous: UserRecord): Promise<void>;
  /** Records that the user enrolled TOTP; NotFoundError if they are not the store's user (any more). */
  markMfaEnrolled(tenant: TenantContext, userId: string, at: string): Promise<void>;
  /** Undoes the first admin of a store whose onboarding failed: no last-admin rule, no store yet. */
  discardOnboarding(tenant: TenantContext, record: UserRecord): Promise<void>;
}
