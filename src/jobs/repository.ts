import type { DomainEvent } from '../events/event';
import type { IdempotentCommit } from '../shared/idempotency';
import type { TenantContext } from '../tenants/tenant';
import { ConflictError } from '../shared/errors';
import type { Job, JobError } from './job';

/** What a checkpoint or the finish writes: progress, the handler's resume point, new errors. */
export type JobProgress = {
  progress: Job['progress'];
  checkpoint: Record<string, unknown> | null;
  /** The first MAX_KEPT_ERRORS errors met so far, and how many there were in all. */
  errors: readonly JobError[];
  errorCount: number;
};

/**
 * Tenant-scoped job records. `claim` is the one door into running a job: conditional, so two
 * deliveries of the same request never run it at once, and a finished job is never run again.
 */
export interface JobRepository {
  /** The job and its `JobRequested` outbox record in one transaction; JobExistsError when the id is taken. */
  create(tenant: TenantContext, job: Job, events: readonly DomainEvent[], commit?: IdempotentCommit): Promise<void>;
  get(tenant: TenantContext, id: string): Promise<Job | undefined>;
  /**
   * Takes the job for `owner` until `leaseUntil`, if it is queued, or running with an ended lease
   * (its runner died). Undefined when finished, held by a live runner, or missing.
   */
  claim(tenant: TenantContext, id: string, owner: string, now: number, leaseUntil: number): Promise<Job | undefined>;
  /** Records progress while `owner` still holds the job (LeaseLostError otherwise). */
  checkpoint(tenant: TenantContext, id: string, owner: string, update: JobProgress & { leaseUntil: number }): Promise<void>;
  /** Ends the job (succeeded or failed) with its result, while `owner` holds it. */
  finish(
    tenant: TenantContext,
    id: string,
    owner: string,
    update: JobProgress & { state: 'succeeded' | 'failed'; result: Record<string, unknown> },
  ): Promise<void>;
}

export class JobExistsError extends ConflictError {
  constructor(readonly jobId: string) {
    super(`Job ${jobId} has already been started.`);
  }
}

/** Another invocation took the job over (ours outlived its lease): this one stops writing. */
export class LeaseLostError extends Error {
  constructor(readonly jobId: string) {
    super(`job ${jobId} is no longer held by this runner`);
    this.name = 'LeaseLostError';
  }
}
