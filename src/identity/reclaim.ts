import { ConflictError } from '../shared/errors';
import type { TenantContext } from '../tenants/tenant';
import type { UserDirectory } from './directory';
import type { IdentityProvider } from './provider';

/**
 * Who is asking for a name that a pool account already holds:
 * - `owner`: the address's owner signing up. Only an account the store does not know AND that
 *   nobody confirmed, or whose email attribute is not the username's, is a stray to replace; a
 *   confirmed account, or one of our sign-ups waiting for its code, stays (409).
 * - `vouched`: a store admin adding staff, or an operator onboarding a store's first admin. They
 *   vouch for the address, so also an unconfirmed sign-up of the store is taken back (its record
 *   removed with it); only a confirmed account of the store with its own email stays (409).
 */
export type Claimant = 'owner' | 'vouched';

/**
 * Before the pre-sign-up trigger, anyone holding the public client id could create
 * `<store>:<victim's email>` with an email attribute of their own and confirm it; the trigger stops
 * new ones, and this takes back what is left (or what a half-failed operation left behind).
 * Runs `create`; on a name clash, replaces the holder when `claimant` may, and runs it once more.
 */
export async function createReclaiming<T>(
  deps: { provider: IdentityProvider; directory: UserDirectory },
  tenant: TenantContext,
  target: { username: string; email: string; claimant: Claimant },
  create: () => Promise<T>,
): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const existing = await deps.provider.findUser(target.username);
    if (!existing) throw error;
    const record = await deps.directory.get(tenant, existing.userId);
    const foreignEmail = (existing.email ?? '').toLowerCase() !== target.email.toLowerCase();
    const replaceable = target.claimant === 'owner' ? !record && (!existing.confirmed || foreignEmail) : !record || !existing.confirmed || foreignEmail;
    if (!replaceable) throw error;
    if (record) await deps.directory.remove(tenant, record);
    await deps.provider.deleteUser(target.username);
    return create();
  }
}
