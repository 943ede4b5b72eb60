import * as v from 'valibot';
import type { DomainEvent } from '../events/event';
import type { TenantRegistry } from '../tenants/registry';
import { tenantContext, type TenantContext } from '../tenants/tenant';
import { MAX_JOB_ATTEMPTS, type RunOutcome } from './service';

/** The event that starts a runner: written with the job, published by the outbox. */
export const JOB_REQUESTED = { source: 'platform.jobs', detailType: 'JobRequested' } as const;

const JobRequestedDetail = v.looseObject({ tenantId: v.string(), jobId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/)) });

/**
 * Turns a `JobRequested` event into a run of its job: the same on AWS (the job function behind its
 * queue) and locally (the local runner on the in-process bus). The store comes from the registry,
 * never from the event alone; duplicates are harmless (the run's claim refuses them).
 */
export function createJobConsumer(deps: { registry: Pick<TenantRegistry, 'get'>; run: (tenant: TenantContext, jobId: string) => Promise<RunOutcome> }) {
  return {
    async handle(event: DomainEvent): Promise<RunOutcome | 'ignored' | 'no-store'> {
      if (event.source !== JOB_REQUESTED.source || event.detailType !== JOB_REQUESTED.detailType) return 'ignored';
      const detail = v.safeParse(JobRequestedDetail, event.detail);
      if (!detail.success) return 'ignored';
      const store = await deps.registry.get(detail.output.tenantId);
      if (!store) return 'no-store';
      return deps.run(tenantContext(store), detail.output.jobId);
    },
  };
}

export type JobConsumer = ReturnType<typeof createJobConsumer>;

/**
 * The local runner (`npm start`, tests): the consumer subscribed to the in-process bus, each run
 * in the background of the same process. `idle()` waits for the runs started so far (tests).
 */
export function createLocalJobRunner(
  bus: { subscribe(pattern: { source?: string; detailType?: string }, handler: (event: DomainEvent) => Promise<void>): void },
  consumer: JobConsumer,
) {
  const running = new Set<Promise<unknown>>();
  // A run that throws is delivered again, as the job queue does on AWS: it resumes from its checkpoint.
  const deliver = async (event: DomainEvent) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await consumer.handle(event);
      } catch (error) {
        if (attempt >= MAX_JOB_ATTEMPTS) throw error;
      }
    }
  };
  bus.subscribe(JOB_REQUESTED, async (event) => {
    const run = deliver(event);
    running.add(run);
    try {
      await run;
    } finally {
      running.delete(run);
    }
  });
  return {
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
