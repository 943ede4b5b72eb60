import * as v from 'valibot';

/** Per-environment settings, validated before anything is synthesized. */
export const EnvironmentSchema = v.strictObject({
  name: v.picklist(['dev', 'staging', 'prod']),
  region: v.string(),
  /** The AWS account allowed to assume the team roles (its IAM users/SSO roles, MFA required). */
  teamAccountId: v.pipe(v.string(), v.regex(/^\d{12}$/)),
  lambdaMemoryMb: v.pipe(v.number(), v.integer(), v.minValue(128), v.maxValue(10240)),
  /** Reserved concurrency of the API function: a ceiling per environment, and a floor in prod. */
  reservedConcurrency: v.pipe(v.number(), v.integer(), v.minValue(1)),
  logRetentionDays: v.picklist([7, 14, 30, 90, 180, 365]),
  deletionProtection: v.boolean(),
  apiThrottle: v.strictObject({ burstLimit: v.number(), rateLimit: v.number() }),
  /** Route 53 zone for the stores' domains, when the zone is ours. */
  hostedZoneId: v.optional(v.string()),
  alarmEmail: v.optional(v.pipe(v.string(), v.email())),
  /** Remote state; omitted locally so synth needs no AWS account. */
  state: v.optional(v.strictObject({ bucket: v.string(), key: v.string(), region: v.string(), dynamodbTable: v.string() })),
});

export type Environment = v.InferOutput<typeof EnvironmentSchema>;

const TEAM_ACCOUNT = process.env.TEAM_ACCOUNT_ID ?? '111111111111';
const stateFor = (name: string) =>
  process.env.TF_STATE_BUCKET
    ? { bucket: process.env.TF_STATE_BUCKET, key: `catalog/${name}.tfstate`, region: process.env.TF_STATE_REGION ?? 'eu-west-1', dynamodbTable: process.env.TF_STATE_LOCK_TABLE ?? 'terraform-locks' }
    : undefined;

export const ENVIRONMENTS: Environment[] = [
  { name: 'dev', region: 'eu-west-1', teamAccountId: TEAM_ACCOUNT, lambdaMemoryMb: 512, reservedConcurrency: 10, logRetentionDays: 7, deletionProtection: false, apiThrottle: { burstLimit: 50, rateLimit: 25 } },
  { name: 'staging', region: 'eu-west-1', teamAccountId: TEAM_ACCOUNT, lambdaMemoryMb: 1024, reservedConcurrency: 25, logRetentionDays: 30, deletionProtection: false, apiThrottle: { burstLimit: 200, rateLimit: 100 } },
  { name: 'prod', region: 'eu-west-1', teamAccountId: TEAM_ACCOUNT, lambdaMemoryMb: 1024, reservedConcurrency: 200, logRetentionDays: 365, deletionProtection: true, apiThrottle: { burstLimit: 2000, rateLimit: 1000 }, alarmEmail: 'oncall@example.com' },
].map((env) => v.parse(EnvironmentSchema, { ...env, ...(stateFor(env.name) ? { state: stateFor(env.name) } : {}) }));
