import * as v from 'valibot';
import { domainEvent } from '../events/event';
import { usernameFor, type IdentityProvider } from '../identity/provider';
import type { UserDirectory } from '../identity/directory';
import { createReclaiming } from '../identity/reclaim';
import { ConflictError, NotFoundError } from '../shared/errors';
import type { PageRequest } from '../shared/page';
import { defaultSettings } from '../settings/store-settings';
import { TenantManifestSchema } from './manifest';
import { TenantRecordSchema, type TenantRecord, type TenantRegistry } from './registry';
import type { TenantResolver } from './resolver';
import { tenantContext } from './tenant';

/** What an operator sends to open a store: a manifest without demo products. */
export const OnboardingSchema = v.omit(TenantManifestSchema, ['seedProducts']);
export type Onboarding = v.InferOutput<typeof OnboardingSchema>;

/** The answer to an onboarding: the store, and its first admin's temporary password (shown once). */
export const OnboardedSchema = v.strictObject({
  tenant: TenantRecordSchema,
  firstAdmin: v.strictObject({ userId: v.string(), email: v.string(), temporaryPassword: v.string() }),
});

/** `platform` is the operators' username space; no store may take that slug. */
const RESERVED_SLUGS = new Set(['platform', 'admin', 'api', 'www']);

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
  now?: () => Date;
}) {
  const { registry, provider, directory } = deps;
  const now = deps.now ?? (() => new Date());

  async function setStatus(actor: string, id: string, status: TenantRecord['status']) {
    if (!(await registry.get(id))) throw new NotFoundError(`No store ${id}.`);
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

  return {
    async onboard(actor: string, input: Onboarding) {
      if (RESERVED_SLUGS.has(input.slug)) throw new ConflictError(`The slug ${input.slug} is reserved.`, { extra: { field: 'slug' } });
      if (await registry.get(input.slug)) throw new ConflictError(`A store with slug ${input.slug} already exists.`, { extra: { field: 'slug' } });
      for (const domain of input.domains) {
        if (await registry.findByDomain(domain)) throw new ConflictError(`Domain ${domain} already belongs to another store.`, { extra: { field: 'domains' } });
      }
      const at = now().toISOString();
      const record: TenantRecord = {
        id: input.slug,
        name: input.name,
        domains: input.domains,
        tier: input.tier,
        status: 'active',
        settings: defaultSettings(input.settings),
        createdAt: at,
        updatedAt: at,
      };
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
      const event = domainEvent(
        'platform.tenants',
        'TenantOnboarded',
        { tenantId: tenant.id, actor, occurredAt: at },
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
      return { tenant: record, firstAdmin: { userId: admin.userId, email: admin.email, temporaryPassword: created.temporaryPassword } };
    },

    suspend: (actor: string, id: string) => setStatus(actor, id, 'suspended'),
    resume: (actor: string, id: string) => setStatus(actor, id, 'active'),

    async get(id: string) {
      const record = await registry.get(id);
      if (!record) throw new NotFoundError(`No store ${id}.`);
      return record;
    },
    list: (page: PageRequest) => registry.list(page),
  };
}
