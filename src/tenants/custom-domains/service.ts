import { randomBytes } from 'node:crypto';
import { domainEvent, type EventType } from '../../events/event';
import { PlanLimitError } from '../../plans/errors';
import type { PlanLimits } from '../../plans/plans';
import { ConflictError, DependencyUnavailableError, NotFoundError, ValidationError } from '../../shared/errors';
import type { Page, PageRequest } from '../../shared/page';
import type { TenantRecord, TenantRegistry } from '../registry';
import type { TenantResolver } from '../resolver';
import { tenantContext, type TenantContext } from '../tenant';
import { verificationName, viewOf, type CustomDomain, type CustomDomainAdd, type CustomDomainList, type CustomDomainView } from './custom-domain';
import { DnsLookupError, type DnsResolver } from './dns';
import { DomainTakenError, StoreRecordChangedError } from './errors';
import type { DomainProvisioner } from './provisioner';
import type { CustomDomainRepository } from './repository';

/** A verified domain whose TXT record has been missing this long is removed by re-verification. */
export const DEFAULT_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

/** Who re-verification acts as, in events. */
export const CHECKS_ACTOR = 'platform:domain-checks';

export type CustomDomainService = ReturnType<typeof createCustomDomainService>;

/**
 * Custom domains (docs/custom-domains.md): add (a token and a certificate request), verify (the
 * token seen in DNS: the domain is claimed and serves the store), remove (it stops at once on this
 * instance, within the resolver's time to live elsewhere), and periodic re-verification.
 */
export function createCustomDomainService(deps: {
  repository: CustomDomainRepository;
  registry: Pick<TenantRegistry, 'get' | 'findByDomain' | 'list'>;
  resolver: Pick<TenantResolver, 'forget'>;
  dns: DnsResolver;
  provisioner: DomainProvisioner;
  limits: (tenant: TenantContext) => Pick<PlanLimits, 'customDomains'>;
  /** The platform's own names (its hosts, the stores' wildcard suffix): never a store's custom domain. */
  reserved: (domain: string) => boolean;
  now?: () => Date;
  token?: () => string;
  graceMs?: number;
  /** A certificate or endpoint left behind after a removal (a later sweep can retry). */
  onReleaseError?: (error: unknown, domain: string) => void;
  /** A domain whose periodic check failed (the next run tries again). */
  onCheckError?: (error: unknown, domain: string) => void;
}) {
  const now = deps.now ?? (() => new Date());
  const token = deps.token ?? (() => randomBytes(16).toString('hex'));
  const graceMs = deps.graceMs ?? DEFAULT_GRACE_MS;

  /** The provisioner is a cloud API: its failures are an outage of it (503), never the owner's fault. */
  async function provisioning<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new DependencyUnavailableError('domain-provisioner', { cause: error });
    }
  }

  const event = (tenant: TenantContext, type: EventType, actor: string, at: string, facts: Record<string, unknown>) =>
    domainEvent('platform.tenants', type, { tenantId: tenant.id, actor, occurredAt: at }, facts);

  async function storeRecord(tenant: TenantContext): Promise<TenantRecord> {
    const record = await deps.registry.get(tenant.id);
    if (!record) throw new NotFoundError(`No store ${tenant.id}.`);
    return record;
  }

  async function existing(tenant: TenantContext, domain: string): Promise<CustomDomain> {
    const record = await deps.repository.get(tenant, domain);
    if (!record) throw new NotFoundError(`${domain} is not one of this store's domains.`);
    return record;
  }

  /** Whether the ownership record holds the token; the failure to show when it does not. */
  async function txtCheck(record: CustomDomain): Promise<{ found: boolean; failure?: string }> {
    const name = verificationName(record.domain);
    try {
      const values = await deps.dns.txt(name);
      if (values.some((value) => value.trim() === record.token)) return { found: true };
      return {
        found: false,
        failure: values.length
          ? `${name} has TXT records, but none is this domain's token. Check for a typo or quotes around it.`
          : `No TXT record at ${name} yet. DNS changes can take up to an hour (the record's TTL) to be seen; check again later.`,
      };
    } catch (error) {
      if (error instanceof DnsLookupError) return { found: false, failure: `DNS did not answer for ${name} (${error.code}); check again in a few minutes.` };
      throw error;
    }
  }

  /** The certificate's progress, and the domain's endpoint once it is claimed and issued. */
  async function provisioned(record: CustomDomain): Promise<CustomDomain> {
    let next = record;
    if (next.certificateId && next.certificateStatus !== 'issued') {
      const id = next.certificateId;
      const certificate = await provisioning(() => deps.provisioner.certificate(id));
      next = { ...next, certificateStatus: certificate.status, certificateRecords: certificate.records.length ? certificate.records : next.certificateRecords };
    }
    if (next.status === 'verified' && next.certificateStatus === 'issued' && next.certificateId && !next.target) {
      const id = next.certificateId;
      const served = await provisioning(() => deps.provisioner.serve(next.domain, id));
      next = { ...next, target: served.target };
    }
    return next;
  }

  /** Checks one domain and records what was seen: a pending one found in DNS is claimed for the store. */
  async function check(tenant: TenantContext, record: CustomDomain, actor: string): Promise<CustomDomain> {
    const at = now().toISOString();
    const seen = await txtCheck(record);
    let next: CustomDomain = { ...record, checkedAt: at };
    if (record.status === 'pending') {
      if (seen.found) {
        next = { ...next, status: 'verified', verifiedAt: at };
        delete next.failure;
        const verified = next;
        await attachWithRetry(tenant, verified, at, [event(tenant, 'DomainVerified', actor, at, { domain: record.domain })]);
        deps.resolver.forget(tenant.id);
      } else next = { ...next, failure: seen.failure! };
    } else if (seen.found) {
      delete next.failure;
      delete next.failingSince;
    } else {
      next = { ...next, failure: seen.failure!, failingSince: record.failingSince ?? at };
    }
    next = await provisioned(next);
    await deps.repository.save(tenant, next);
    return next;
  }

  /** The store's record may change under the claim (a settings save): read it again once. */
  async function attachWithRetry(tenant: TenantContext, record: CustomDomain, at: string, events: ReturnType<typeof event>[]) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await deps.repository.attach(tenant, await storeRecord(tenant), record, at, events);
      } catch (error) {
        if (attempt > 0 || !(error instanceof StoreRecordChangedError)) throw error;
      }
    }
  }

  async function remove(tenant: TenantContext, record: CustomDomain, actor: string, reason: 'owner' | 'verification-lapsed') {
    const at = now().toISOString();
    const events = [event(tenant, 'DomainRemoved', actor, at, { domain: record.domain, reason, wasVerified: record.status === 'verified' })];
    for (let attempt = 0; ; attempt++) {
      try {
        await deps.repository.remove(tenant, await storeRecord(tenant), record, at, events);
        break;
      } catch (error) {
        if (attempt > 0 || !(error instanceof StoreRecordChangedError)) throw error;
      }
    }
    deps.resolver.forget(tenant.id);
    // After the commit, best effort: the domain no longer serves whatever happens here.
    await deps.provisioner
      .release(record.domain, record.certificateId, record.status === 'verified')
      .catch((error: unknown) => deps.onReleaseError?.(error, record.domain));
  }

  /**
   * Re-verification of one store (docs/custom-domains.md, "Re-verification"): pending domains
   * found in DNS are verified; a verified domain whose TXT record has been missing for longer
   * than the grace period is removed.
   */
  async function reverify(tenant: TenantContext): Promise<{ checked: number; verified: number; removed: number; failed: number }> {
    const summary = { checked: 0, verified: 0, removed: 0, failed: 0 };
    for (const record of await deps.repository.list(tenant)) {
      summary.checked++;
      // One domain's trouble (taken elsewhere, the provisioner down) never stops the others' checks.
      try {
        const next = await check(tenant, record, CHECKS_ACTOR);
        if (record.status === 'pending' && next.status === 'verified') summary.verified++;
        if (next.failingSince && now().getTime() - Date.parse(next.failingSince) > graceMs) {
          await remove(tenant, next, CHECKS_ACTOR, 'verification-lapsed');
          summary.removed++;
        }
      } catch (error) {
        summary.failed++;
        deps.onCheckError?.(error, record.domain);
      }
    }
    return summary;
  }

  return {
    reverify,

    async list(tenant: TenantContext): Promise<CustomDomainList> {
      const items = await deps.repository.list(tenant);
      // Those serving the store first, then those waiting; by name within each.
      items.sort((a, b) => (a.status === b.status ? a.domain.localeCompare(b.domain) : a.status === 'verified' ? -1 : 1));
      return { items: items.map(viewOf), limit: deps.limits(tenant).customDomains, used: items.length };
    },

    async add(tenant: TenantContext, actor: string, input: CustomDomainAdd): Promise<CustomDomainView> {
      const { domain } = input;
      if (deps.reserved(domain)) throw new ValidationError('The domain is invalid.', [{ path: 'domain', message: 'is one of the platform’s own names' }]);
      const holder = await deps.registry.findByDomain(domain);
      if (holder && holder.id !== tenant.id) throw new DomainTakenError(domain);
      if (holder) throw new ConflictError(`${domain} already serves this store.`, { extra: { field: 'domain' } });
      const current = await deps.repository.list(tenant);
      if (current.some((d) => d.domain === domain))
        throw new ConflictError(`${domain} is already one of this store's domains.`, { extra: { field: 'domain' } });
      const limit = deps.limits(tenant).customDomains;
      if (current.length >= limit) throw new PlanLimitError('customDomains', limit, current.length);
      const certificate = await provisioning(() => deps.provisioner.request(domain, tenant.id));
      const at = now().toISOString();
      const record: CustomDomain = {
        domain,
        status: 'pending',
        token: token(),
        certificateId: certificate.certificateId,
        certificateStatus: 'pending',
        certificateRecords: certificate.records,
        createdAt: at,
      };
      try {
        await deps.repository.add(tenant, record, [event(tenant, 'DomainAdded', actor, at, { domain })]);
      } catch (error) {
        await deps.provisioner.release(domain, certificate.certificateId, false).catch((e: unknown) => deps.onReleaseError?.(e, domain));
        throw error;
      }
      return viewOf(record);
    },

    /** The owner's "check now": verifies a pending domain, refreshes a verified one's certificate and target. */
    async verify(tenant: TenantContext, actor: string, domain: string): Promise<CustomDomainView> {
      return viewOf(await check(tenant, await existing(tenant, domain), actor));
    },

    async remove(tenant: TenantContext, actor: string, domain: string): Promise<void> {
      await remove(tenant, await existing(tenant, domain), actor, 'owner');
    },

    /** Every active store's domains, a page of stores at a time (the scheduled job's work). */
    async reverifyAll(pageSize = 100): Promise<{ stores: number; checked: number; verified: number; removed: number; failed: number }> {
      const total = { stores: 0, checked: 0, verified: 0, removed: 0, failed: 0 };
      let page: Page<TenantRecord> | undefined;
      do {
        const request: PageRequest = { limit: pageSize, ...(page?.nextCursor ? { cursor: page.nextCursor } : {}) };
        page = await deps.registry.list(request);
        for (const store of page.items.filter((s) => s.status === 'active')) {
          const one = await reverify(tenantContext(store));
          total.stores++;
          total.checked += one.checked;
          total.verified += one.verified;
          total.removed += one.removed;
          total.failed += one.failed;
        }
      } while (page.nextCursor);
      return total;
    },
  };
}
