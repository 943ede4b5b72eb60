import * as v from 'valibot';
import { DomainSchema } from '../src/tenants/tenant';

const AccountId = v.pipe(v.string(), v.regex(/^\d{12}$/, 'must be a 12-digit AWS account id'));
const Zone = v.strictObject({ name: DomainSchema, id: v.pipe(v.string(), v.regex(/^Z[A-Z0-9]{1,31}$/, 'must be a Route 53 hosted zone id')) });

/** Per-environment settings, validated before anything is synthesized. */
export const EnvironmentSchema = v.strictObject({
  name: v.picklist(['dev', 'staging', 'prod']),
  region: v.pipe(v.string(), v.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1')),
  /** When set, the provider refuses to apply in any other account (a prod plan against the dev account fails). */
  accountId: v.optional(AccountId),
  /**
   * Who may assume the team roles (with MFA): an account id (its IAM users and SSO roles) or one
   * principal ARN. Unset: the account being deployed to.
   */
  teamPrincipal: v.optional(v.union([AccountId, v.pipe(v.string(), v.regex(/^arn:aws:(iam|sts)::\d{12}:\S+$/, 'must be an IAM principal ARN'))])),
  lambdaMemoryMb: v.pipe(v.number(), v.integer(), v.minValue(128), v.maxValue(10240)),
  /** Reserved concurrency of the API function: a ceiling (cost, downstream protection) and, in prod, a guaranteed floor. */
  reservedConcurrency: v.pipe(v.number(), v.integer(), v.minValue(1)),
  logRetentionDays: v.picklist([7, 14, 30, 90, 180, 365]),
  deletionProtection: v.boolean(),
  apiThrottle: v.strictObject({ burstLimit: v.pipe(v.number(), v.integer(), v.minValue(1)), rateLimit: v.pipe(v.number(), v.minValue(1)) }),
  /**
   * The edge's WAF (stacks/edge.ts): requests per minute one Host (one store's domain) and one
   * client address may make before WAF blocks them for the rest of the minute. A ceiling above
   * every plan's own limit (the app enforces those), there to stop a flood before it costs
   * Lambda time; WAF's least is 10.
   */
  edgeLimits: v.strictObject({
    perStorePerMinute: v.pipe(v.number(), v.integer(), v.minValue(10)),
    perAddressPerMinute: v.pipe(v.number(), v.integer(), v.minValue(10)),
  }),
  /**
   * `manifests`: every real domain of `tenants/*.json` gets a certificate and an API Gateway custom
   * domain here. Only one environment can serve a given domain, so that is prod; the others reach
   * their stores through `platformDomain`.
   */
  storeDomains: v.picklist(['manifests', 'none']),
  /** A wildcard `*.<name>` custom domain (zone ours): any store onboarded as `<slug>.<name>` is served at once. */
  platformDomain: v.optional(v.strictObject({ name: DomainSchema, zoneId: Zone.entries.id })),
  /** Route 53 zones we own: store domains under one get their validation and alias records automatically. */
  hostedZones: v.optional(v.array(Zone), []),
  alarmEmail: v.optional(v.pipe(v.string(), v.email())),
  /**
   * The address store notices (and later password-reset and order emails) are sent from: an SES
   * email identity the stack creates, which its owner verifies by clicking SES's link
   * (docs/deploy.md, "Email"). `CATALOG_<ENV>_EMAIL_FROM` overrides the placeholder.
   */
  emailFrom: v.pipe(v.string(), v.email()),
  /** The platform's own hosts (operator console and API); none: the API's execute-api host. */
  platformHosts: v.optional(v.array(DomainSchema), []),
  /**
   * The store as a dimension of the API's request metrics (a custom metric per store and metric,
   * billed) or only a property of the EMF line (Logs Insights): docs/architecture.md, "Metrics".
   * `CATALOG_<ENV>_METRICS_PER_STORE=false` turns it off.
   */
  metricsPerStore: v.optional(v.boolean(), true),
  /**
   * IAM Identity Center instance (`arn:aws:sso:::instance/ssoins-…`): when set, each team role is
   * also a permission set (same policy), the first way in; the plain IAM roles stay as the second.
   */
  identityCenterInstanceArn: v.optional(
    v.pipe(v.string(), v.regex(/^arn:aws:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/, 'must be an IAM Identity Center instance ARN')),
  ),
  /** Account-level detective controls, each off unless switched on (an organisation may run them centrally). */
  security: v.optional(v.strictObject({ organizationTrail: v.boolean(), guardDuty: v.boolean(), securityHub: v.boolean() }), {
    organizationTrail: false,
    guardDuty: false,
    securityHub: false,
  }),
  /**
   * Remote state: S3 with locking, either Terraform's own lock file next to the state (Terraform
   * 1.10+) or a DynamoDB lock table. Omitted locally so synth needs no AWS account.
   */
  state: v.optional(
    v.strictObject({
      bucket: v.pipe(v.string(), v.minLength(3)),
      key: v.pipe(v.string(), v.minLength(1)),
      region: v.string(),
      lock: v.variant('type', [
        v.strictObject({ type: v.literal('lockfile') }),
        v.strictObject({ type: v.literal('dynamodb'), table: v.pipe(v.string(), v.minLength(3)) }),
      ]),
    }),
  ),
});

export type Environment = v.InferOutput<typeof EnvironmentSchema>;
export type EnvironmentName = Environment['name'];

/** What is the same in every deployment of this repository: sizes, limits, retention. */
const BASE: Record<EnvironmentName, v.InferInput<typeof EnvironmentSchema>> = {
  dev: {
    name: 'dev',
    region: 'eu-west-1',
    lambdaMemoryMb: 512,
    reservedConcurrency: 10,
    logRetentionDays: 7,
    deletionProtection: false,
    apiThrottle: { burstLimit: 50, rateLimit: 25 },
    edgeLimits: { perStorePerMinute: 1_500, perAddressPerMinute: 600 },
    storeDomains: 'none',
    emailFrom: 'notices@dev.catalog.example',
  },
  staging: {
    name: 'staging',
    region: 'eu-west-1',
    lambdaMemoryMb: 1024,
    reservedConcurrency: 25,
    logRetentionDays: 30,
    deletionProtection: false,
    apiThrottle: { burstLimit: 200, rateLimit: 100 },
    edgeLimits: { perStorePerMinute: 6_000, perAddressPerMinute: 1_200 },
    storeDomains: 'none',
    emailFrom: 'notices@staging.catalog.example',
  },
  prod: {
    name: 'prod',
    region: 'eu-west-1',
    lambdaMemoryMb: 1024,
    reservedConcurrency: 200,
    logRetentionDays: 365,
    deletionProtection: true,
    apiThrottle: { burstLimit: 2000, rateLimit: 1000 },
    edgeLimits: { perStorePerMinute: 30_000, perAddressPerMinute: 3_000 },
    storeDomains: 'manifests',
    emailFrom: 'notices@catalog.example',
  },
};

/** `shop.example.com=Z123,example.org=Z456` → zones. */
const zones = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const [name = '', id = ''] = pair.split('=');
      return { name: name.trim(), id: id.trim() };
    });

/**
 * What differs per deployment (accounts, zones, state bucket, e-mail) comes from environment
 * variables, so a clean clone synthesizes with none of them set (docs/deploy.md lists them).
 * `CATALOG_<ENV>_…` names are per environment, e.g. `CATALOG_PROD_ACCOUNT_ID`.
 */
export function environments(vars: Record<string, string | undefined> = process.env): Environment[] {
  return (Object.keys(BASE) as EnvironmentName[]).map((name) => {
    const own = (key: string) => vars[`CATALOG_${name.toUpperCase()}_${key}`] || undefined;
    const platform = own('PLATFORM_DOMAIN');
    // One bucket per account when environments have accounts of their own (docs/deploy.md, "Accounts").
    const stateBucket = own('STATE_BUCKET') ?? (vars.TF_STATE_BUCKET || undefined);
    const input = {
      ...BASE[name],
      ...(own('ACCOUNT_ID') ? { accountId: own('ACCOUNT_ID') } : {}),
      ...((own('TEAM_PRINCIPAL') ?? vars.TEAM_PRINCIPAL) ? { teamPrincipal: own('TEAM_PRINCIPAL') ?? vars.TEAM_PRINCIPAL } : {}),
      ...(own('ALARM_EMAIL') ? { alarmEmail: own('ALARM_EMAIL') } : {}),
      ...(own('EMAIL_FROM') ? { emailFrom: own('EMAIL_FROM') } : {}),
      ...((own('IDENTITY_CENTER_INSTANCE_ARN') ?? vars.IDENTITY_CENTER_INSTANCE_ARN)
        ? { identityCenterInstanceArn: own('IDENTITY_CENTER_INSTANCE_ARN') ?? vars.IDENTITY_CENTER_INSTANCE_ARN }
        : {}),
      security: {
        organizationTrail: own('ORGANIZATION_TRAIL') === 'true',
        guardDuty: own('GUARDDUTY') === 'true',
        securityHub: own('SECURITY_HUB') === 'true',
      },
      hostedZones: zones(own('HOSTED_ZONES')),
      platformHosts: (own('PLATFORM_HOSTS') ?? '')
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean),
      ...(own('METRICS_PER_STORE') ? { metricsPerStore: own('METRICS_PER_STORE') !== 'false' } : {}),
      // `<name>=<zone id>`, like a hosted zone.
      ...(platform ? { platformDomain: { name: zones(platform)[0]?.name, zoneId: zones(platform)[0]?.id } } : {}),
      ...(stateBucket
        ? {
            state: {
              bucket: stateBucket,
              key: `catalog-platform/${name}.tfstate`,
              region: vars.TF_STATE_REGION || BASE[name].region,
              lock: vars.TF_STATE_LOCK_TABLE ? { type: 'dynamodb', table: vars.TF_STATE_LOCK_TABLE } : { type: 'lockfile' },
            },
          }
        : {}),
    };
    const result = v.safeParse(EnvironmentSchema, input);
    if (!result.success) {
      const details = result.issues.map((issue) => `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`).join('; ');
      throw new Error(`Invalid configuration for environment ${name}: ${details}`);
    }
    return result.output;
  });
}
