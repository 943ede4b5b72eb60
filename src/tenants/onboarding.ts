import * as v from 'valibot';
import { domainEvent } from '../events/event';
import { usernameFor, type IdentityProvider } from '../identity/provider';
import type { UserDirectory } from '../identity/directory';
import type { UserRecord } from '../identity/account';
import { createReclaiming } from '../identity/reclaim';
import { ConflictError, NotFoundError } from '../shared/errors';
import type { PageRequest } from '../shared/page';
import { defaultSettings } from '../settings/store-settings';
import { TenantManifestSchema } from './manifest';
import { TenantRecordSchema, type TenantRecord, type TenantRegistry } from './registry';
import type { TenantResolver } from './resolver';
import { tenantContext, type TenantContext, type TenantTier } from './tenant';
import { RESERVED_SLUGS } from '../signup/slug-rules';
import type { SlugClaims } from '../signup/slug-claims';

/** A store its owner opens by signing up: the owner's pool account exists (confirmed) already. */
export type OwnerOpening = { slug: string; name: string; domain: string; tier: TenantTier; owner: { userId: string; email: string; name: string } };

/** What an operator sends to open a store: a manifest without demo products. */
export const OnboardingSchema = v.omit(TenantManifestSchema, ['seedProducts']);
export type Onboarding = v.InferOutput<typeof OnboardingSchema>;

/** The answer to an onboarding: the store, and its first admin's temporary password (shown once). */
export const OnboardedSchema = v.strictObject({
  tenant: TenantRecordSchema,
  firstAdmin: v.strictObject({ userId: v.string(), email: v.string(), temporaryPassword: v.string() }),
});

export type OnboardingService = ReturnType<typeof createOnboardingService>;

/**
 * Store onboarding by an operator: the store, its domains (unique across the platform) and its
 * first admin, who gets a temporary password to change at first sign-in. The admin is created
 * before the store goes live and removed again if registering the store fails, so a failed
 * onboarding leaves nothing behind.
 */
export function createOnboardingService(deps: {
  registry: TenantRegistry;
  resolver: TenantResolver;
  provider: IdentityProvider;
  directory: UserDirectory;
  /** The slugs ever used (src/signup/slug-claims.ts): onboarding marks its slug used too. Optional for tests that predate it. */
  slugs?: SlugClaims | undefined;
  now?: () => Date;
}) {
  const { registry, provider, directory, slugs } = deps;
  const now = deps.now ?? (() => new Date());

  async function setStatus(actor: string, id: string, status: TenantRecord['status']) {
    const current = await registry.get(id);
    if (!current) throw new NotFoundError(`No store ${id}.`);
    // A closing store comes back only by its restore, which ends its offboarding too (docs/offboarding.md).
    if (current.status === 'closing') throw new ConflictError(`The store ${id} is closing: restore it instead.`);
    const at = now().toISOString();
    const events = (next: TenantRecord) => [
      domainEvent(
        'platform.tenants',
        status === 'suspended' ? 'TenantSuspended' : 'TenantResumed',
        { tenantId: id, actor, occurredAt: at },
        { status: next.status },
      ),
    ];
    const next = await registry.setStatus(id, status, at, events);
    deps.resolver.forget(id);
    return next;
  }

  /**
   * The store's first admin in its directory with the pool's admin group, then the store itself
   * with its `TenantOnboarded` event; on any failure the admin's record and pool account go again.
   */
  async function goLive(actor: string, record: TenantRecord, tenant: TenantContext, username: string, admin: UserRecord) {
    const event = domainEvent(
      'platform.tenants',
      'TenantOnboarded',
      { tenantId: tenant.id, actor, occurredAt: record.createdAt },
      { slug: record.id, name: record.name, domains: record.domains, tier: record.tier, firstAdminUserId: admin.userId },
    );
    try {
      await provider.setRole(username, 'admin');
      await directory.create(tenant, admin);
      await registry.create(record, [event]);
    } catch (error) {
      await directory.discardOnboarding(tenant, admin).catch(() => undefined);
      await provider.deleteUser(username).catch(() => undefined);
      throw error;
    }
  }

  const newRecord = (input: { slug: string; name: string; domains: string[]; tier: TenantTier; settings?: Onboarding['settings'] }): TenantRecord => {
    const at = now().toISOString();
    return {
      id: input.slug,
      name: input.name,
      domains: input.domains,
      tier: input.tier,
      status: 'active',
      settings: defaultSettings(input.settings),
      createdAt: at,
      updatedAt: at,
    };
  };

  return {
    /**
     * A store its owner signed up for: their confirmed account becomes its first admin (with the
     * password they chose). The slug must be held by them and turns used here; if the store cannot
     * open, the hold comes back and the account goes (they may sign up again), nothing is left.
     */
    async openForOwner(input: OwnerOpening) {
      const record = newRecord({ slug: input.slug, name: input.name, domains: [input.domain], tier: input.tier });
      const tenant = tenantContext(record);
      const username = usernameFor(tenant, input.owner.email);
      const admin = { ...input.owner, role: 'admin' as const, createdAt: record.createdAt, updatedAt: record.createdAt };
      if (slugs && !(await slugs.markUsed(input.slug, record.createdAt, input.owner.email.toLowerCase()))) {
        await provider.deleteUser(username).catch(() => undefined);
        throw new ConflictError(`The slug ${input.slug} is no longer held for this sign-up; sign up again.`, { extra: { field: 'slug' } });
      }
      try {
        // The owner opens their own store: the event names them, as actors are named (their username).
        await goLive(username, record, tenant, username, admin);
      } catch (error) {
        await slugs?.release(input.slug, input.owner.email.toLowerCase()).catch(() => undefined);
        throw error;
      }
      return record;
    },

    async onboard(actor: string, input: Onboarding) {
      if (RESERVED_SLUGS.has(input.slug)) throw new ConflictError(`The slug ${input.slug} is reserved.`, { extra: { field: 'slug' } });
      if (await registry.get(input.slug)) throw new ConflictError(`A store with slug ${input.slug} already exists.`, { extra: { field: 'slug' } });
      const claim = await slugs?.get(input.slug);
      if (claim && (claim.state === 'used' || claim.heldUntil > now().toISOString()))
        throw new ConflictError(`The slug ${input.slug} is ${claim.state === 'used' ? 'used by a store (now or before)' : 'held by a sign-up'}.`, {
          extra: { field: 'slug' },
        });
      for (const domain of input.domains) {
        if (await registry.findByDomain(domain)) throw new ConflictError(`Domain ${domain} already belongs to another store.`, { extra: { field: 'domains' } });
      }
      const record = newRecord(input);
      const at = record.createdAt;
      const tenant = tenantContext(record);

      const username = usernameFor(tenant, input.firstAdmin.email);
      // The store does not exist yet, so whatever holds its first admin's name is a stray: taken back.
      const created = await createReclaiming({ provider, directory }, tenant, { username, email: input.firstAdmin.email, claimant: 'vouched' }, () =>
        provider.createUser({ username, email: input.firstAdmin.email, name: input.firstAdmin.name, tenantId: tenant.id }),
      );
      const admin = {
        userId: created.userId,
        email: input.firstAdmin.email,
        name: input.firstAdmin.name,
        role: 'admin' as const,
        createdAt: at,
        updatedAt: at,
      };
      await goLive(actor, record, tenant, username, admin);
      // Used for good from now on; a sign-up that held it meanwhile finds the store there and stops.
      await slugs?.markUsed(record.id, at);
      return { tenant: record, firstAdmin: { userId: admin.userId, email: admin.email, temporaryPassword: created.temporaryPassword } };
    },

    suspend: (actor: string, id: string) => setStatus(actor, id, 'suspended'),
    resume: (actor: string, id: string) => setStatus(actor, id, 'active'),

    async get(id: string) {
      const record = await registry.get(id);
      if (!record) throw new NotFoundError(`No store ${id}.`);
      return record;
    },
    list: (page: PageRequest, search?: string) => registry.list(page, search),
  };
}
