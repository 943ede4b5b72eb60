import { beforeAll, describe, expect, it } from 'vitest';
import { createDynamoJobRepository } from '../../../src/adapters/dynamodb/job-repository';
import { createJobService, JobInputError, type JobHandler } from '../../../src/jobs/service';
import { tenantContext } from '../../../src/tenants/tenant';
import { createTestTable, type TestTable } from '../../support/dynamo';

const tenant = tenantContext({ id: 'jobs', name: 'Jobs', tier: 'basic', status: 'active' });
let table: TestTable;

beforeAll(async () => {
  table = await createTestTable();
}, 60_000);

/** A job of ten units that checkpoints after each; `crashAt` throws once when reaching that unit. */
function countingHandler(done: number[], crashAt?: number): JobHandler {
  let crashed = false;
  return async (run) => {
    const from = (run.job.checkpoint?.next as number | undefined) ?? 0;
    for (let unit = from; unit < 10; unit++) {
      if (unit === crashAt && !crashed) {
        crashed = true;
        throw new Error('the runner died');
      }
      done.push(unit);
      if (unit % 2 === 1) run.error({ line: unit, subject: null, message: `odd ${unit}` });
      await run.checkpoint(unit + 1, 10, { next: unit + 1 });
    }
    return { units: 10 };
  };
}

const service = (handler: JobHandler, leaseMs?: number) =>
  createJobService({
    jobs: createDynamoJobRepository({ clients: () => table.client, tableName: table.tableName }),
    handlers: { 'catalog-export': handler },
    ...(leaseMs === undefined ? {} : { leaseMs }),
  });

describe('job port', () => {
  it('records a queued job with its JobRequested outbox record in one write', async () => {
    const jobs = service(countingHandler([]));
    const job = await jobs.start(tenant, 'user-1', 'catalog-export', {});
    expect(job).toMatchObject({ state: 'queued', attempts: 0, progress: { done: 0, total: null } });
    expect(await jobs.get(tenant, job.id)).toEqual(job);
    await expect(jobs.start(tenant, 'user-1', 'catalog-export', {}, { id: job.id })).rejects.toThrow(/already been started/);
  });

  it('resumes a run that died from its last checkpoint: no unit is done twice, errors are kept', async () => {
    const done: number[] = [];
    const jobs = service(countingHandler(done, 6));
    const job = await jobs.start(tenant, 'user-1', 'catalog-export', {});
    await expect(jobs.run(tenant, job.id)).rejects.toThrow('the runner died');
    expect(await jobs.get(tenant, job.id)).toMatchObject({ state: 'running', progress: { done: 6, total: 10 }, errorCount: 3 });
    // The queue delivers again: the lease was given back, so the retry claims it at once.
    expect(await jobs.run(tenant, job.id)).toBe('done');
    expect(done).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const finished = await jobs.get(tenant, job.id);
    expect(finished).toMatchObject({ state: 'succeeded', attempts: 2, progress: { done: 10, total: 10 }, errorCount: 5, result: { units: 10 } });
    expect(finished.errors.map((e) => e.line)).toEqual([1, 3, 5, 7, 9]);
  });

  it('runs a job once however often it is delivered: a held job is busy, a finished one is never run again', async () => {
    const done: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: JobHandler = async (run) => {
      await gate;
      return countingHandler(done)(run);
    };
    const jobs = service(slow);
    const job = await jobs.start(tenant, 'user-1', 'catalog-export', {});
    const first = jobs.run(tenant, job.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await jobs.run(tenant, job.id)).toBe('busy');
    release();
    expect(await first).toBe('done');
    expect(await jobs.run(tenant, job.id)).toBe('busy');
    expect(done).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await jobs.run(tenant, 'no-such-job')).toBe('missing');
  });

  it('lets another runner take over a job whose runner outlived its lease; the old one can no longer write', async () => {
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => {
      resume = resolve;
    });
    const stalled: JobHandler = async (run) => {
      await paused;
      await run.checkpoint(1, 1, { next: 1 });
      return {};
    };
    const jobs = service(stalled, 1);
    const job = await jobs.start(tenant, 'user-1', 'catalog-export', {});
    const old = jobs.run(tenant, job.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const done: number[] = [];
    expect(await service(countingHandler(done)).run(tenant, job.id)).toBe('done');
    resume();
    expect(await old).toBe('lost');
    expect((await jobs.get(tenant, job.id)).state).toBe('succeeded');
  });

  it('fails a job whose input is unusable at once, and a job that keeps failing after its attempts', async () => {
    const refused = service(async () => {
      throw new JobInputError('The file is empty.', 1);
    });
    const job = await refused.start(tenant, 'user-1', 'catalog-export', {});
    expect(await refused.run(tenant, job.id)).toBe('done');
    expect(await refused.get(tenant, job.id)).toMatchObject({ state: 'failed', attempts: 1, errors: [{ line: 1, message: 'The file is empty.' }] });

    const broken = service(async () => {
      throw new Error('always');
    });
    const doomed = await broken.start(tenant, 'user-1', 'catalog-export', {});
    // MAX_JOB_ATTEMPTS (3): two deliveries are given back to the queue, the third ends the job.
    for (let i = 0; i < 2; i++) await expect(broken.run(tenant, doomed.id)).rejects.toThrow('always');
    expect(await broken.run(tenant, doomed.id)).toBe('done');
    expect(await broken.get(tenant, doomed.id)).toMatchObject({ state: 'failed', attempts: 3 });
  });
});
