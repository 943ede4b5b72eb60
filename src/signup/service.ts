import type { UserDirectory } from '../identity/directory';
import { usernameFor, type IdentityProvider } from '../identity/provider';
import { createReclaiming } from '../identity/reclaim';
import type { SessionTokens } from '../http/session-cookie';
import { ConflictError, NotFoundError, UnauthorizedError } from '../shared/errors';
import type { OnboardingService } from '../tenants/onboarding';
import type { TenantRegistry, TenantRecord } from '../tenants/registry';
import type { TenantResolver } from '../tenants/resolver';
import { tenantContext, type TenantContext } from '../tenants/tenant';
import { handoffId, openHandoff, sealHandoff } from './handoff';
import type { SlugAvailability, SlugReason, StoreSignUp, StoreSignUpConfirm } from './signup';
import type { SlugClaims } from './slug-claims';
import { slugCandidates, slugProblem } from './slug-rules';

/** How long a sign-up keeps its slug from others while the owner finds the emailed code. */
export const HOLD_MINUTES = 30;

export type SignUpService = ReturnType<typeof createSignUpService>;

/**
 * Self-service sign-up on the platform's hosts: a store owner asks for a slug, a plan and an
 * account; the pool emails a code (the pre-sign-up ticket path, as every sign-up); the code opens
 * the store through the onboarding service, with the owner as its first admin, live at once at
 * `<slug>.<store domain suffix>`.
 */
export function createSignUpService(deps: {
  slugs: SlugClaims;
  registry: Pick<TenantRegistry, 'get' | 'findByDomain'>;
  resolver: Pick<TenantResolver, 'forget'>;
  provider: IdentityProvider;
  directory: UserDirectory;
  onboarding: Pick<OnboardingService, 'openForOwner'>;
  /** Signs the owner in to their new store (the identity service's `logIn`, which records the session). */
  logIn: (tenant: TenantContext, email: string, password: string) => Promise<{ kind: string } & Partial<SessionTokens>>;
  /** `<slug>.<STORE_DOMAIN_SUFFIX>`: the store's platform subdomain. Absent (no wildcard domain): sign-up is off, every call a 404. */
  storeDomain: ((slug: string) => string) | undefined;
  /**
   * Locally only: hands on the code the pool would have emailed (npm start prints it and puts it in
   * the dev mailbox; tests read it). On AWS Cognito emails it and this is absent.
   */
  deliverCode?: ((message: { username: string; email: string; slug: string }) => Promise<void>) | undefined;
  now?: () => Date;
}) {
  const { slugs, registry, provider } = deps;
  const now = deps.now ?? (() => new Date());
  const storeDomain = (slug: string) => {
    if (!deps.storeDomain) throw new NotFoundError('Self-service sign-up is not open on this platform (no STORE_DOMAIN_SUFFIX).');
    return deps.storeDomain(slug);
  };

  /** Why `slug` cannot be had by `email` (a hold of theirs is no obstacle to them), or nothing. */
  async function obstacle(slug: string, email?: string): Promise<SlugReason | undefined> {
    const problem = slugProblem(slug);
    if (problem) return problem;
    const [record, claim, domainOwner] = await Promise.all([registry.get(slug), slugs.get(slug), registry.findByDomain(storeDomain(slug))]);
    if (record || domainOwner) return 'taken';
    if (claim?.state === 'used') return 'retired';
    if (claim?.state === 'held' && claim.heldUntil > now().toISOString() && claim.email !== email) return 'held';
    return undefined;
  }

  async function suggestions(slug: string): Promise<string[]> {
    const found: string[] = [];
    for (const candidate of slugCandidates(slug, 6)) {
      if (!(await obstacle(candidate))) found.push(candidate);
      if (found.length === 3) break;
    }
    return found;
  }

  async function availability(slug: string, email?: string): Promise<SlugAvailability> {
    const reason = await obstacle(slug, email);
    if (!reason) return { slug, available: true, suggestions: [] };
    return { slug, available: false, reason, suggestions: reason === 'invalid' ? [] : await suggestions(slug) };
  }

  const refuse = (found: SlugAvailability) => {
    const why: Record<SlugReason, string> = {
      invalid: 'must be 1-40 lowercase letters, digits or single inner hyphens',
      reserved: 'is reserved for the platform',
      taken: 'is taken by another store',
      retired: 'was used by a store before and is never issued again',
      held: 'is being signed up for by someone else',
    };
    return new ConflictError(`The slug ${found.slug} ${why[found.reason!]}.`, {
      extra: { field: 'slug', reason: found.reason, suggestions: found.suggestions },
    });
  };

  /** The store as it will be called before it exists: its users' names are `<slug>:<email>`. */
  const spaceOf = (slug: string, name: string, tier: TenantRecord['tier']) => tenantContext({ id: slug, name, tier, status: 'active' });

  return {
    availability: (slug: string) => availability(slug),

    async signUp(input: StoreSignUp) {
      const found = await availability(input.slug, input.email);
      if (!found.available) throw refuse(found);
      const at = now();
      const heldUntil = new Date(at.getTime() + HOLD_MINUTES * 60_000).toISOString();
      if (!(await slugs.hold(input.slug, { email: input.email, storeName: input.storeName, tier: input.plan }, heldUntil, at.toISOString()))) {
        throw refuse(await availability(input.slug, input.email));
      }
      const tenant = spaceOf(input.slug, input.storeName, input.plan);
      const username = usernameFor(tenant, input.email);
      try {
        // A sign-up of theirs that was never confirmed (a lapsed hold, a second try) is replaced.
        await createReclaiming({ provider, directory: deps.directory }, tenant, { username, email: input.email, claimant: 'owner' }, () =>
          provider.signUp({ username, email: input.email, password: input.password, tenantId: tenant.id }),
        );
      } catch (error) {
        await slugs.release(input.slug, input.email).catch(() => undefined);
        throw error;
      }
      await deps.deliverCode?.({ username, email: input.email, slug: input.slug });
      return { slug: input.slug, email: input.email, plan: input.plan, heldUntil };
    },

    /**
     * The code confirms the account and opens the store; with the password, the owner is signed in
     * and a one-time hand-off carries the session to the store's host.
     */
    async confirm(input: StoreSignUpConfirm, consoleUrl: (domain: string) => string) {
      const claim = await slugs.get(input.slug);
      const domain = storeDomain(input.slug);
      if (claim?.state === 'used' && claim.email === input.email && (await registry.get(input.slug))) {
        throw new ConflictError('This store is open already: sign in to its console.', { extra: { field: 'code', consoleUrl: consoleUrl(domain) } });
      }
      if (claim?.state !== 'held' || claim.email !== input.email) throw new NotFoundError('No sign-up of this email for this slug is waiting; sign up again.');
      const tenant = spaceOf(input.slug, claim.storeName, claim.tier);
      const username = usernameFor(tenant, input.email);
      await provider.confirmSignUp(username, input.code);
      const account = await provider.findUser(username);
      if (!account) throw new NotFoundError('The sign-up is gone; sign up again.');
      const record = await deps.onboarding.openForOwner({
        slug: input.slug,
        name: claim.storeName,
        domain,
        tier: claim.tier,
        owner: { userId: account.userId, email: input.email, name: input.email },
      });
      deps.resolver.forget(record.id);
      const store = { slug: record.id, name: record.name, plan: record.tier, domains: record.domains };
      const url = consoleUrl(domain);
      if (input.password === undefined) return { store, consoleUrl: url };
      const signedIn = await deps.logIn(tenantContext(record), input.email, input.password).catch((error: unknown) => {
        // A wrong password here costs nothing: the store is open, and they sign in at its console.
        if (error instanceof UnauthorizedError) return undefined;
        throw error;
      });
      if (signedIn?.kind !== 'tokens' || !signedIn.idToken || signedIn.expiresIn === undefined) return { store, consoleUrl: url };
      const { code, record: sealed } = sealHandoff(
        { idToken: signedIn.idToken, accessToken: signedIn.accessToken, refreshToken: signedIn.refreshToken, expiresIn: signedIn.expiresIn },
        now(),
      );
      await slugs.putHandoff(record.id, sealed);
      return { store, consoleUrl: url, handoff: code };
    },

    /** The console's side of the hand-off, on the store's own host: the session, once. */
    async redeemHandoff(tenant: TenantContext, code: string): Promise<SessionTokens> {
      const sealed = await slugs.takeHandoff(tenant.id, handoffId(code), now().toISOString());
      const tokens = sealed === undefined ? undefined : openHandoff(code, sealed);
      if (!tokens) throw new UnauthorizedError('This sign-in link has been used or has expired; sign in with your email and password.');
      return tokens;
    },
  };
}
