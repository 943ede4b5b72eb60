import { domainEvent, type DomainEvent, type EventType } from '../../events/event';
import type { UserDirectory } from '../../identity/directory';
import { usernameFor, type IdentityProvider } from '../../identity/provider';
import type { JobService } from '../../jobs/service';
import { ConflictError, DependencyUnavailableError, NotFoundError, ValidationError } from '../../shared/errors';
import type { CustomDomainRepository } from '../custom-domains/repository';
import type { DomainProvisioner } from '../custom-domains/provisioner';
import type { SlugClaims } from '../../signup/slug-claims';
import type { TenantRecord, TenantRegistry } from '../registry';
import type { TenantResolver } from '../resolver';
import { tenantContext, tenantObjectPrefix, type TenantContext } from '../tenant';
import type { PlatformFiles } from './files';
import {
  DAY_MS,
  DEFAULT_GRACE_DAYS,
  EXPORT_LINK_SECONDS,
  PURGE_PHASES,
  type AuditRecord,
  type Offboarding,
  type OffboardingView,
  type PurgePhase,
} from './offboarding';
import type { OffboardingRepository, TenantItemEraser } from './repository';

// Kept here too for callers that import it from the service.
export { DAY_MS };
/** Who the scheduled purge acts as, in events and the audit trail. */
export const PURGE_ACTOR = 'platform:offboarding-purge';

export type PurgeOutcome = 'purged' | 'incomplete' | 'waiting-for-export' | 'export-failed';

/** `maxPages` ends a run after that many pages of the items' scan (a stand-in for a run that dies); `readLimit` sizes the pages. */
export type PurgeOptions = { maxPages?: number; readLimit?: number };

export type OffboardingService = ReturnType<typeof createOffboardingService>;

/**
 * Closing, restoring and purging a store (docs/offboarding.md). Closing records the offboarding,
 * turns the store `closing` (visitors get "store closed") and starts its export; within the grace
 * period a restore brings everything back as it was; after it the purge erases the store's items,
 * files, pool users and domain claims, resumably, and removes it from the registry. Its slug stays
 * used for good (src/signup/slug-claims.ts never releases a used slug).
 */
export function createOffboardingService(deps: {
  registry: Pick<TenantRegistry, 'get'>;
  resolver: Pick<TenantResolver, 'forget'>;
  records: OffboardingRepository;
  eraser: TenantItemEraser;
  jobs: Pick<JobService, 'start' | 'get'>;
  /** Absent: the environment has no platform file access, and closing answers 503. */
  files?: PlatformFiles | undefined;
  directory: Pick<UserDirectory, 'list'>;
  provider: Pick<IdentityProvider, 'deleteUser'>;
  domains: Pick<CustomDomainRepository, 'list'>;
  provisioner: Pick<DomainProvisioner, 'release'>;
  /** The slugs ever used: closing marks the store's used for good (stores opened before claims existed have none). */
  slugs?: Pick<SlugClaims, 'markUsed'> | undefined;
  graceMs?: number;
  now?: () => Date;
  newId?: () => string;
}) {
  const { records, registry } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const graceMs = deps.graceMs ?? DEFAULT_GRACE_DAYS * DAY_MS;

  const event = (type: EventType, tenantId: string, actor: string, at: string, detail: Record<string, unknown> = {}): DomainEvent =>
    domainEvent('platform.tenants', type, { tenantId, actor, occurredAt: at }, { tenantId, ...detail });
  const audit = (tenantId: string, actor: string, at: string, action: string, detail: Record<string, unknown> = {}): AuditRecord => ({
    id: newId(),
    tenantId,
    at,
    actor,
    action,
    detail,
  });

  async function storeRecord(id: string): Promise<TenantRecord> {
    const record = await registry.get(id);
    if (!record) throw new NotFoundError(`No store ${id}.`);
    return record;
  }

  async function view(record: Offboarding): Promise<OffboardingView> {
    let state: OffboardingView['export']['state'] = 'unknown';
    let files: { jobId: string; prefix: string; files: string[] } | undefined = record.export;
    if (files) state = 'succeeded';
    else if (record.state === 'closing' || record.state === 'restored') {
      const job = await deps.jobs
        .get(tenantContext({ id: record.tenantId, name: record.tenantId, tier: 'basic', status: 'closing' }), record.exportJobId)
        .catch(() => undefined);
      if (job) {
        state = job.state;
        if (job.state === 'succeeded' && job.result) files = { jobId: job.id, prefix: String(job.result.prefix), files: job.result.files as string[] };
      }
    }
    const links = [];
    if (files && deps.files) for (const name of files.files) links.push({ name, ...(await deps.files.presign(`${files.prefix}${name}`, EXPORT_LINK_SECONDS)) });
    return {
      tenantId: record.tenantId,
      state: record.state,
      by: record.by,
      startedAt: record.startedAt,
      purgeAfter: record.purgeAfter,
      export: { jobId: record.exportJobId, state, files: links },
      ...(record.completedAt ? { completedAt: record.completedAt } : {}),
    };
  }

  async function close(actor: string, id: string, by: Offboarding['by'], confirm?: string) {
    if (!deps.files) throw new DependencyUnavailableError('platform-files');
    if (by === 'owner' && confirm !== id)
      throw new ValidationError('Type the store’s slug to close it.', [{ path: 'confirm', message: `must be the store's slug, ${id}` }]);
    const current = await storeRecord(id);
    if (current.status === 'closing') throw new ConflictError(`The store ${id} is closing already.`);
    const at = now().toISOString();
    const jobId = newId();
    const offboarding: Offboarding = {
      tenantId: id,
      state: 'closing',
      by,
      actor,
      previousStatus: current.status,
      startedAt: at,
      purgeAfter: new Date(now().getTime() + graceMs).toISOString(),
      exportJobId: jobId,
      updatedAt: at,
    };
    const next: TenantRecord = { ...current, status: 'closing', updatedAt: at };
    // False when used already: either way it can never be issued again.
    await deps.slugs?.markUsed(id, at);
    await records.transition({
      current,
      next,
      offboarding,
      audit: audit(id, actor, at, 'offboarding-started', { by, purgeAfter: offboarding.purgeAfter, exportJobId: jobId }),
      events: [event('OffboardingStarted', id, actor, at, { by, purgeAfter: offboarding.purgeAfter, exportJobId: jobId })],
    });
    deps.resolver.forget(id);
    // Export first: the job is recorded with its JobRequested event; the runner writes the files.
    await deps.jobs.start(tenantContext(next), actor, 'offboarding-export', {}, { id: jobId });
    return view(offboarding);
  }

  async function restore(actor: string, id: string) {
    const current = await storeRecord(id);
    const offboarding = await records.get(id);
    if (current.status !== 'closing' || !offboarding || offboarding.state !== 'closing') throw new ConflictError(`The store ${id} is not closing.`);
    const at = now().toISOString();
    if (at >= offboarding.purgeAfter) throw new ConflictError(`The grace period of ${id} ended at ${offboarding.purgeAfter}: it can no longer be restored.`);
    const next: TenantRecord = { ...current, status: offboarding.previousStatus, updatedAt: at };
    const restored: Offboarding = { ...offboarding, state: 'restored', updatedAt: at };
    await records.transition({
      current,
      next,
      offboarding: restored,
      audit: audit(id, actor, at, 'store-restored'),
      events: [event('StoreRestored', id, actor, at, { status: next.status })],
    });
    deps.resolver.forget(id);
    return next;
  }

  async function status(id: string): Promise<OffboardingView> {
    const record = await records.get(id);
    if (!record) throw new NotFoundError(`The store ${id} has never been closed.`);
    return view(record);
  }

  /** Deletes the store's pool users, page by page (a user already gone is no error). */
  async function deleteUsers(tenant: TenantContext) {
    let cursor: string | undefined;
    do {
      const page = await deps.directory.list(tenant, { limit: 100, cursor });
      for (const user of page.items) {
        await deps.provider.deleteUser(usernameFor(tenant, user.email)).catch((error: unknown) => {
          if (!(error instanceof NotFoundError) && !/NotFound/.test((error as Error).name ?? '')) throw error;
        });
      }
      cursor = page.nextCursor;
    } while (cursor);
  }

  /**
   * One purge run: resumes at the checkpoint's phase (and scan position), saves progress after
   * every step. `maxPages` bounds the items phase (a test's stand-in for a run that dies).
   */
  async function purge(store: TenantRecord, started: Offboarding, options: PurgeOptions = {}): Promise<PurgeOutcome> {
    const tenant = tenantContext(store);
    let record = started;
    if (record.state === 'closing') {
      if (!record.export) {
        const job = await deps.jobs.get(tenant, record.exportJobId).catch(() => undefined);
        if (job?.state === 'failed') return 'export-failed';
        if (job?.state !== 'succeeded' || !job.result) return 'waiting-for-export';
        record = { ...record, export: { jobId: job.id, prefix: String(job.result.prefix), files: job.result.files as string[] } };
      }
      record = { ...record, state: 'purging', checkpoint: { phase: 'domains', erased: 0 }, updatedAt: now().toISOString() };
      await records.save(record);
    }
    let checkpoint = record.checkpoint ?? { phase: 'domains' as PurgePhase, erased: 0 };
    const advance = async (phase: PurgePhase, extra: Partial<NonNullable<Offboarding['checkpoint']>> = {}) => {
      checkpoint = { phase, erased: checkpoint.erased, ...extra };
      record = { ...record, checkpoint, updatedAt: now().toISOString() };
      await records.save(record);
    };
    const from = PURGE_PHASES.indexOf(checkpoint.phase);
    if (from <= 0) {
      for (const domain of await deps.domains.list(tenant)) await deps.provisioner.release(domain.domain, domain.certificateId, domain.status === 'verified');
      for (const domain of store.domains) await deps.eraser.releaseDomain(domain, store.id);
      await advance('users');
    }
    if (from <= 1) {
      await deleteUsers(tenant);
      await advance('files');
    }
    if (from <= 2) {
      await deps.files?.removePrefix(tenantObjectPrefix(tenant));
      await advance('items');
    }
    if (from <= 3) {
      let start = checkpoint.scanStart;
      let pages = 0;
      do {
        if (options.maxPages !== undefined && pages >= options.maxPages) return 'incomplete';
        const page = await deps.eraser.erasePage(store.id, start, options.readLimit);
        start = page.next;
        pages++;
        checkpoint = { ...checkpoint, erased: checkpoint.erased + page.erased };
        if (start) await advance('items', { scanStart: start });
      } while (start);
      await advance('registry');
    }
    const at = now().toISOString();
    const done: Offboarding = { ...record, state: 'purged', completedAt: at, updatedAt: at };
    await records.transition({
      current: store,
      next: 'removed',
      offboarding: done,
      audit: audit(store.id, PURGE_ACTOR, at, 'offboarding-completed', { erased: checkpoint.erased }),
      events: [event('OffboardingCompleted', store.id, PURGE_ACTOR, at, { erasedItems: checkpoint.erased })],
    });
    deps.resolver.forget(store.id);
    return 'purged';
  }

  async function failed(id: string, reason: string) {
    const at = now().toISOString();
    await records.note(audit(id, PURGE_ACTOR, at, 'offboarding-failed', { reason }), [event('OffboardingFailed', id, PURGE_ACTOR, at, { reason })]);
  }

  return {
    close,
    restore,
    status,
    /** The store's audit trail on the platform. */
    auditTrail: (id: string) => records.auditTrail(id),

    /**
     * The scheduled run: every closing store whose grace period ended is purged (or resumed where
     * a killed run stopped). One store's failure is recorded (`OffboardingFailed`, an audit record)
     * and never stops the others; the next run resumes it from its checkpoint.
     */
    async purgeDue(stores: AsyncIterable<TenantContext>, options: PurgeOptions = {}) {
      const summary = { due: 0, purged: 0, incomplete: 0, waiting: 0, failed: 0 };
      const at = now().toISOString();
      for await (const tenant of stores) {
        if (tenant.status !== 'closing') continue;
        const record = await records.get(tenant.id);
        if (!record || (record.state !== 'closing' && record.state !== 'purging') || record.purgeAfter > at) continue;
        summary.due++;
        try {
          const outcome = await purge(await storeRecord(tenant.id), record, options);
          if (outcome === 'purged') summary.purged++;
          else if (outcome === 'incomplete') summary.incomplete++;
          else if (outcome === 'waiting-for-export') summary.waiting++;
          else {
            summary.failed++;
            await failed(tenant.id, 'the export failed: the store is kept until an operator restarts its offboarding');
          }
        } catch (error) {
          summary.failed++;
          await failed(tenant.id, error instanceof Error ? error.message : String(error)).catch(() => undefined);
        }
      }
      return summary;
    },
  };
}
