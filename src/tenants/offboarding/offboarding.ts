import * as v from 'valibot';
import { TenantStatusSchema } from '../tenant';

/** The grace period's default (docs/offboarding.md): the environment's OFFBOARDING_GRACE_DAYS overrides it. */
export const DEFAULT_GRACE_DAYS = 30;
/** A day in milliseconds: the grace period is set in days. */
export const DAY_MS = 24 * 60 * 60 * 1000;
/** How long an export's download link lives. */
export const EXPORT_LINK_SECONDS = 300;
/** Where a store's offboarding export is written: the platform's prefix, never the store's (that one is purged). */
export const exportPrefix = (tenantId: string, jobId: string) => `platform/offboarding/${tenantId}/${jobId}/`;

/** The purge's steps, in order; each is safe to repeat, so a killed run resumes at its step. */
export const PURGE_PHASES = ['domains', 'users', 'files', 'items', 'registry'] as const;
export type PurgePhase = (typeof PURGE_PHASES)[number];

const ExportSchema = v.object({ jobId: v.string(), prefix: v.string(), files: v.array(v.string()) });

/**
 * A store's offboarding, kept on the platform (`PLATFORM#OFFBOARDING#<id>`): it outlives the store.
 * `closing` during the grace period, `restored` if brought back, `purging` once the purge began
 * (no way back), `purged` when nothing of the store is left but its slug, this and its audit.
 */
export const OffboardingSchema = v.object({
  tenantId: v.string(),
  state: v.picklist(['closing', 'restored', 'purging', 'purged']),
  /** Who closed it: its owner from the console, or an operator. */
  by: v.picklist(['owner', 'operator']),
  actor: v.string(),
  /** What the store was before closing (restore returns it there). */
  previousStatus: TenantStatusSchema,
  startedAt: v.string(),
  purgeAfter: v.string(),
  exportJobId: v.string(),
  /** The finished export, copied here when the purge starts (the job's own item is purged). */
  export: v.optional(ExportSchema),
  /** Where a purge run resumes: its phase and, in `items`, the table scan's next start key. */
  checkpoint: v.optional(v.object({ phase: v.picklist(PURGE_PHASES), scanStart: v.optional(v.record(v.string(), v.unknown())), erased: v.number() })),
  failures: v.optional(v.number()),
  completedAt: v.optional(v.string()),
  updatedAt: v.string(),
});
export type Offboarding = v.InferOutput<typeof OffboardingSchema>;

/** One line of the platform's audit trail of a store: who did what, when. */
export type AuditRecord = { id: string; tenantId: string; at: string; actor: string; action: string; detail: Record<string, unknown> };

/** What the owner types to close: the store's slug, so a store is never closed by a stray click. */
export const CloseStoreSchema = v.strictObject({ confirm: v.pipe(v.string(), v.trim(), v.maxLength(100)) });
export type CloseStore = v.InferOutput<typeof CloseStoreSchema>;

/** The answer of the offboarding routes: where it stands and, once written, the export's links. */
export const OffboardingViewSchema = v.strictObject({
  tenantId: v.string(),
  state: v.picklist(['closing', 'restored', 'purging', 'purged']),
  by: v.picklist(['owner', 'operator']),
  startedAt: v.string(),
  purgeAfter: v.string(),
  export: v.strictObject({
    jobId: v.string(),
    state: v.picklist(['queued', 'running', 'succeeded', 'failed', 'unknown']),
    files: v.array(v.strictObject({ name: v.string(), url: v.string(), expiresAt: v.string() })),
  }),
  completedAt: v.optional(v.string()),
});
export type OffboardingView = v.InferOutput<typeof OffboardingViewSchema>;
