import * as v from 'valibot';

/**
 * The job port (docs/jobs.md): long work a request starts and a runner finishes later, one job
 * per item `TENANT#<id>#JOB#<jobId>`. Generic on purpose: a job is a type, an input and a
 * checkpoint; what a type does lives in its handler (src/jobs/service.ts, `JobHandlers`).
 */
export const JOB_TYPES = ['catalog-import', 'catalog-export', 'offboarding-export'] as const;
export const JobTypeSchema = v.picklist(JOB_TYPES);
export type JobType = v.InferOutput<typeof JobTypeSchema>;

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** One problem the job met, tied to the line of its input when there is one. */
export const JobErrorSchema = v.strictObject({
  line: v.nullable(v.number()),
  /** What the line was about (an import: the product's Handle). */
  subject: v.nullable(v.string()),
  message: v.string(),
});
export type JobError = v.InferOutput<typeof JobErrorSchema>;

/** How many errors the job item keeps (its 400 KB limit); `errorCount` counts them all. */
export const MAX_KEPT_ERRORS = 200;

const JsonRecord = v.record(v.string(), v.unknown());

export const JobSchema = v.object({
  id: v.string(),
  type: JobTypeSchema,
  state: v.picklist(JOB_STATES),
  /** What the job works on (an import: the uploaded file's key). */
  input: JsonRecord,
  /** Units done of `total` (an import: products); total is null until known. */
  progress: v.object({ done: v.number(), total: v.nullable(v.number()) }),
  errors: v.array(JobErrorSchema),
  errorCount: v.number(),
  /** The handler's own resume point and running tallies; null until its first checkpoint. */
  checkpoint: v.nullable(JsonRecord),
  /** What a finished job produced (counts, the export's key). */
  result: v.nullable(JsonRecord),
  /** Invocations that claimed it: more than one means a runner died or timed out and another resumed. */
  attempts: v.number(),
  /** The running invocation holds the job until then (epoch ms); another claims it only after. */
  leaseUntil: v.number(),
  /** Which invocation holds it; checkpoints are conditional on it. */
  owner: v.nullable(v.string()),
  actor: v.string(),
  createdAt: v.string(),
  updatedAt: v.string(),
});
export type Job = v.InferOutput<typeof JobSchema>;

/** A job as staff read it: no lease, no owner, no checkpoint internals; an export's link when ready. */
export const JobViewSchema = v.strictObject({
  id: v.string(),
  type: JobTypeSchema,
  state: v.picklist(JOB_STATES),
  progress: v.strictObject({ done: v.number(), total: v.nullable(v.number()) }),
  errors: v.array(JobErrorSchema),
  errorCount: v.number(),
  result: v.nullable(JsonRecord),
  attempts: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
  /** A finished export: a short-lived link to its file. */
  download: v.optional(v.strictObject({ url: v.string(), expiresAt: v.string() })),
});
export type JobView = v.InferOutput<typeof JobViewSchema>;

export function jobView(job: Job): JobView {
  return {
    id: job.id,
    type: job.type,
    state: job.state,
    progress: job.progress,
    errors: job.errors,
    errorCount: job.errorCount,
    result: job.result,
    attempts: job.attempts,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
}
