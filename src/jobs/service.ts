import { domainEvent, type DomainEvent } from '../events/event';
import { NotFoundError } from '../shared/errors';
import type { IdempotentWrite } from '../shared/idempotency';
import type { TenantContext } from '../tenants/tenant';
import { MAX_KEPT_ERRORS, type Job, type JobError, type JobType } from './job';
import { LeaseLostError, type JobRepository } from './repository';

/** What a handler is given: the job as claimed (its checkpoint says where a retry resumes) and ways to report. */
export type JobRun = {
  readonly tenant: TenantContext;
  readonly job: Job;
  /** An error to report; written with the next checkpoint or the finish. */
  error(error: JobError): void;
  /** Saves progress and the resume point (and renews the lease): work before it is never redone. */
  checkpoint(done: number, total: number | null, checkpoint: Record<string, unknown>): Promise<void>;
};

/**
 * The job's input cannot be worked on (no file, not CSV): the job fails at once with this message,
 * never retried (a retry would read the same input).
 */
export class JobInputError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = 'JobInputError';
  }
}

/** A job type's work. Returns the result; throwing lets the runner retry it from the last checkpoint. */
export type JobHandler = (run: JobRun) => Promise<Record<string, unknown>>;
export type JobHandlers = Partial<Record<JobType, JobHandler>>;

/**
 * The longest one invocation may hold a job: past the job function's 15-minute timeout, so a live
 * runner never loses it, and a dead one blocks its job this long at most.
 */
export const JOB_LEASE_MS = 16 * 60 * 1000;
/** Invocations that may fail (throw) before the job is marked failed rather than retried again. */
export const MAX_JOB_ATTEMPTS = 3;

export type RunOutcome = 'done' | 'busy' | 'missing' | 'lost';

export type JobService = ReturnType<typeof createJobService>;

export function createJobService(deps: {
  jobs: JobRepository;
  handlers: JobHandlers;
  now?: () => Date;
  newId?: () => string;
  leaseMs?: number;
  onFailure?: (error: unknown, job: Job) => void;
}) {
  const { jobs, handlers } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const leaseMs = deps.leaseMs ?? JOB_LEASE_MS;

  return {
    /**
     * Records a queued job and its `JobRequested` event in one transaction: the runner is started by
     * the event (the outbox publishes it), so a job is never recorded without being requested.
     */
    async start(
      tenant: TenantContext,
      actor: string,
      type: JobType,
      input: Record<string, unknown>,
      options: { id?: string; idempotent?: IdempotentWrite<Job> | undefined } = {},
    ): Promise<Job> {
      const at = now().toISOString();
      const job: Job = {
        id: options.id ?? newId(),
        type,
        state: 'queued',
        input,
        progress: { done: 0, total: null },
        errors: [],
        errorCount: 0,
        checkpoint: null,
        result: null,
        attempts: 0,
        leaseUntil: 0,
        owner: null,
        actor,
        createdAt: at,
        updatedAt: at,
      };
      const events: DomainEvent[] = [
        domainEvent('platform.jobs', 'JobRequested', { tenantId: tenant.id, actor, occurredAt: at }, { jobId: job.id, jobType: type }),
      ];
      await jobs.create(tenant, job, events, options.idempotent?.commit(job));
      options.idempotent?.committed();
      return job;
    },

    async get(tenant: TenantContext, id: string): Promise<Job> {
      const job = await jobs.get(tenant, id);
      if (!job) throw new NotFoundError(`No job ${id} in this store.`);
      return job;
    },

    /**
     * Runs a job if it can be claimed: a duplicate delivery finds it held or finished and does
     * nothing; a retry after a crash resumes from its checkpoint. A handler's throw releases the
     * lease and is rethrown (the queue delivers again) until MAX_JOB_ATTEMPTS, then the job fails.
     */
    async run(tenant: TenantContext, id: string): Promise<RunOutcome> {
      const owner = newId();
      const claimed = await jobs.claim(tenant, id, owner, now().getTime(), now().getTime() + leaseMs);
      if (!claimed) return (await jobs.get(tenant, id)) ? 'busy' : 'missing';
      const errors = [...claimed.errors];
      let errorCount = claimed.errorCount;
      let progress = claimed.progress;
      let checkpoint = claimed.checkpoint;
      const snapshot = () => ({ progress, checkpoint, errors: [...errors], errorCount });
      const run: JobRun = {
        tenant,
        job: claimed,
        error(error) {
          errorCount++;
          if (errors.length < MAX_KEPT_ERRORS) errors.push(error);
        },
        async checkpoint(done, total, state) {
          progress = { done, total };
          checkpoint = state;
          await jobs.checkpoint(tenant, id, owner, { ...snapshot(), leaseUntil: now().getTime() + leaseMs });
        },
      };
      const handler = handlers[claimed.type];
      try {
        if (!handler) throw new Error(`no handler for job type ${claimed.type}`);
        const result = await handler(run);
        await jobs.finish(tenant, id, owner, { ...snapshot(), state: 'succeeded', result });
        return 'done';
      } catch (error) {
        if (error instanceof LeaseLostError) return 'lost';
        if (error instanceof JobInputError) {
          run.error({ line: error.line, subject: null, message: error.message });
          await jobs.finish(tenant, id, owner, { ...snapshot(), state: 'failed', result: {} });
          return 'done';
        }
        deps.onFailure?.(error, claimed);
        if (handler && claimed.attempts < MAX_JOB_ATTEMPTS) {
          // Let the next delivery claim it at once, from the last checkpoint.
          await jobs.checkpoint(tenant, id, owner, { ...snapshot(), leaseUntil: 0 });
          throw error;
        }
        run.error({ line: null, subject: null, message: 'The job stopped on an unexpected error; what it finished is kept.' });
        await jobs.finish(tenant, id, owner, { ...snapshot(), state: 'failed', result: {} });
        return 'done';
      }
    },
  };
}
