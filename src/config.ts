import * as v from 'valibot';
import { fieldErrors } from './shared/validation';

const optionalUrl = v.optional(v.pipe(v.string(), v.url()));
/** 32 random bytes, base64 (standard or url-safe); see docs/deploy.md for how each environment gets one. */
const cursorKey = v.optional(
  v.pipe(
    v.string(),
    v.regex(/^[A-Za-z0-9+/_-]{43}=?$/, 'must be 32 bytes, base64-encoded'),
    // Node's base64 decoder reads the url-safe alphabet too.
    v.transform((s) => Buffer.from(s, 'base64')),
    v.check((key) => key.length === 32, 'must be 32 bytes, base64-encoded'),
  ),
);
const intFromEnv = (fallback: number) => v.optional(v.pipe(v.string(), v.transform(Number), v.integer(), v.minValue(0)), String(fallback));

/**
 * Everything the platform reads from its environment, parsed once at start-up. An endpoint left
 * unset means "the real AWS service"; local start-up and tests set them to the stand-ins.
 */
export const ConfigSchema = v.object({
  STAGE: v.optional(v.string(), 'local'),
  AWS_REGION: v.optional(v.string(), 'us-east-1'),
  LOG_LEVEL: v.optional(v.picklist(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  /**
   * Per-request metrics as CloudWatch EMF lines on stdout (docs/architecture.md, "Metrics"). Unset:
   * on for the Lambda entry point, off for `npm start`.
   */
  METRICS: v.optional(
    v.pipe(
      v.picklist(['on', 'off']),
      v.transform((s) => s === 'on'),
    ),
  ),
  /**
   * The store as a metric dimension (a series per store and metric, each billed as a custom
   * metric) or, with `false`, only as a property of the line, queryable in Logs Insights.
   */
  METRICS_PER_STORE: v.optional(
    v.pipe(
      v.picklist(['true', 'false']),
      v.transform((s) => s === 'true'),
    ),
    'true',
  ),
  METRICS_NAMESPACE: v.optional(v.string(), 'CatalogPlatform'),

  TABLE_NAME: v.optional(v.string(), 'catalog-local'),
  DYNAMODB_ENDPOINT: optionalUrl,

  MEDIA_BUCKET: v.optional(v.string(), 'catalog-local-media'),
  S3_ENDPOINT: optionalUrl,
  /**
   * Where product images are public, as `<MEDIA_BASE_URL>/<key>`: the CloudFront distribution on
   * AWS (set by the stack), the app's own `/media` route locally (the default then).
   */
  MEDIA_BASE_URL: optionalUrl,

  EVENT_BUS_NAME: v.optional(v.string(), 'catalog-local'),
  EVENTBRIDGE_ENDPOINT: optionalUrl,

  /** The verified SES identity emails are sent from (the stack sets it per environment); SES_ENDPOINT for a stand-in. */
  EMAIL_FROM: v.optional(v.pipe(v.string(), v.email())),
  SES_ENDPOINT: optionalUrl,

  COGNITO_ENDPOINT: optionalUrl,
  USER_POOL_ID: v.optional(v.string()),
  USER_POOL_CLIENT_ID: v.optional(v.string()),
  JWT_ISSUER: optionalUrl,
  JWKS_URI: optionalUrl,

  /**
   * HMAC key of the sign-up tickets the API hands the pool's pre-sign-up trigger (both get it; see
   * docs/deploy.md). Required on AWS; `npm start` makes a random one per run when unset.
   */
  SIGNUP_TICKET_SECRET: v.optional(v.pipe(v.string(), v.minLength(32, 'must be at least 32 characters'))),

  /**
   * The secret CloudFront adds to every request it sends the API (X-Origin-Verify): with it, the
   * viewer's Host it forwards is believed (src/http/edge/origin.ts). Unset: never (no edge locally).
   * Two, comma-separated, while a rotation is under way: either is accepted.
   */
  ORIGIN_VERIFY_SECRET: v.optional(
    v.pipe(
      v.string(),
      v.check((value) => value.split(',').every((s) => s.trim().length >= 32), 'must be at least 32 characters (each, when two)'),
    ),
  ),

  /** When set (on AWS), tenant data is accessed with credentials confined to the tenant by IAM. */
  TENANT_ROLE_ARN: v.optional(v.string()),
  /**
   * On AWS: the HTTP API that stores' custom domains are mapped to (API Gateway custom domain
   * names, docs/custom-domains.md). Unset: the local provisioner stand-in.
   */
  CUSTOM_DOMAINS_API_ID: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9]{1,32}$/, 'must be an API Gateway API id'))),

  HOST: v.optional(v.string(), '127.0.0.1'),
  PORT: intFromEnv(3000),
  /** Ports of the stand-ins `npm start` runs (when their endpoints are not given). */
  LOCAL_DYNAMODB_PORT: intFromEnv(8000),
  LOCAL_COGNITO_PORT: intFromEnv(9229),
  LOCAL_S3_PORT: intFromEnv(4569),
  TENANT_CACHE_TTL_MS: intFromEnv(30_000),
  /** Visitors' catalog reads are kept this long per store and instance; writes here drop them at once. */
  CATALOG_CACHE_TTL_MS: intFromEnv(2_000),
  MAX_BODY_BYTES: intFromEnv(64 * 1024),
  /** How many days a closed store can be restored before it is purged (docs/offboarding.md). */
  OFFBOARDING_GRACE_DAYS: intFromEnv(30),
  /** Seals listing cursors (AES-256-GCM). Required on Lambda; `npm start` keeps one under its data directory. */
  CURSOR_KEY: cursorKey,

  /**
   * The platform's own hosts (comma-separated, each with or without a port): the operator console
   * and API answer only there, never on a store's domain. On AWS the stack sets it.
   */
  PLATFORM_HOSTS: v.optional(v.pipe(v.string(), v.transform(parseHostList), v.minLength(1, 'must name at least one host')), 'localhost,127.0.0.1'),
  /**
   * Stores that sign up on the platform are served at `<slug>.<STORE_DOMAIN_SUFFIX>` at once: the
   * platform's wildcard domain on AWS (the stack sets it from PLATFORM_DOMAIN), `localhost` for
   * `npm start` when unset. Unset on Lambda: no wildcard domain, so self-service sign-up is off.
   */
  STORE_DOMAIN_SUFFIX: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(/^[a-z0-9.-]+$/, 'must be a domain name'))),
  /**
   * Origins besides the page's own that pages may load images from and send uploads to (the S3
   * endpoint presigned uploads go to, a CDN for media); comma-separated. Locally the s3rver's.
   */
  MEDIA_ORIGINS: v.optional(v.pipe(v.string(), v.transform(parseHostList)), ''),
});

/** `a, b ,c` → `['a', 'b', 'c']`, lower case, blanks dropped. */
export function parseHostList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
}

export type Config = v.InferOutput<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = v.safeParse(ConfigSchema, defined);
  if (!result.success) {
    const details = fieldErrors(result.issues)
      .map((e) => `${e.path}: ${e.message}`)
      .join('; ');
    throw new Error(`Invalid configuration: ${details}`);
  }
  return result.output;
}
