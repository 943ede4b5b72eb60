/**
 * The API on AWS Lambda behind API Gateway. Everything is built once per container at module
 * scope (config, logger, clients, token verifier, app); each invocation only runs the app.
 * Clients that only some requests need (Cognito, S3, STS) are loaded on first use, to keep cold
 * starts short. The API publishes no events: the table's stream does (src/entry/stream-publisher.ts).
 */
import { handle } from 'hono/aws-lambda';
import { tracingWanted } from '../adapters/aws/tracing-switch';
import { createDocumentClient, type TenantClientProvider } from '../adapters/dynamodb/client';
import { jwksProbe } from '../adapters/jwt/jwks-probe';
import { loadConfig } from '../config';
import type { MediaStore } from '../catalog/media';
import type { TokenVerifier } from '../identity/claims';
import type { IdentityProvider } from '../identity/provider';
import type { SearchIndexStore } from '../search/index-store';
import { createPlatform } from '../platform';
import { lazyAsync } from '../shared/lazy';
import { createLogger } from '../shared/logger';
import { requestMetricsFromConfig } from '../adapters/cloudwatch/emf-metrics';
import { loadWebAssets } from '../web/load-assets';
import { USAGE_FLUSH_INTERVAL_MS } from '../usage/meter';
import { createNodeDnsResolver } from '../adapters/aws/node-dns';
import { lazyDomainProvisioner } from './lambda-domains';
import type { PlatformFiles } from '../tenants/offboarding/files';
// From the small module, not the service: the service loads with the administration group (src/platform.ts).
import { DAY_MS } from '../tenants/offboarding/offboarding';

const config = loadConfig();
export const logger = createLogger({ level: config.LOG_LEVEL, pretty: false, name: 'catalog-api' });
// Before any client is made, so that each is traced (X-Ray, active tracing on the function).
if (tracingWanted()) (await import('../adapters/aws/tracing')).startTracing('catalog-api');

const { USER_POOL_ID, USER_POOL_CLIENT_ID, TENANT_ROLE_ARN, MEDIA_BASE_URL, CURSOR_KEY, SIGNUP_TICKET_SECRET } = config;
if (!USER_POOL_ID || !USER_POOL_CLIENT_ID || !SIGNUP_TICKET_SECRET) {
  throw new Error('USER_POOL_ID, USER_POOL_CLIENT_ID and SIGNUP_TICKET_SECRET must be set for the Lambda entry point.');
}
// Product image URLs are built from it in every catalog answer: the CloudFront distribution's domain.
if (!MEDIA_BASE_URL) throw new Error('MEDIA_BASE_URL must be set for the Lambda entry point.');
// Every instance must open every other's cursors: no per-instance fallback key.
if (!CURSOR_KEY) throw new Error('CURSOR_KEY must be set for the Lambda entry point.');
const issuer = config.JWT_ISSUER ?? `https://cognito-idp.${config.AWS_REGION}.amazonaws.com/${USER_POOL_ID}`;
const jwksUri = config.JWKS_URI ?? `${issuer}/.well-known/jwks.json`;
const services = () => import('./lambda-services');

let tenantClients: TenantClientProvider | undefined;
if (TENANT_ROLE_ARN) {
  const provider = services().then((s) => s.tenantClients({ ...config, TENANT_ROLE_ARN }));
  tenantClients = async (tenant) => (await provider)(tenant);
}

export const platform = createPlatform({
  logger,
  platformClient: createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT }),
  tenantClients,
  tableName: config.TABLE_NAME,
  media: lazyAsync<MediaStore>(async () => (await services()).media({ ...config, MEDIA_BASE_URL })),
  // Read only here: the search indexer function is each index's one writer.
  searchIndexes: lazyAsync<SearchIndexStore>(async () => (await services()).searchIndexes(config)),
  // Only a request carrying a token needs it: a visitor's catalog read never loads aws-jwt-verify.
  verifier: lazyAsync<TokenVerifier>(async () =>
    (await import('../adapters/jwt/cognito-verifier')).createCognitoTokenVerifier({ issuer, clientId: USER_POOL_CLIENT_ID, jwksUri }),
  ),
  identityProvider: lazyAsync<IdentityProvider>(async () => (await services()).identityProvider({ ...config, USER_POOL_ID, USER_POOL_CLIENT_ID })),
  tenantCacheTtlMs: config.TENANT_CACHE_TTL_MS,
  catalogCacheTtlMs: config.CATALOG_CACHE_TTL_MS,
  maxBodyBytes: config.MAX_BODY_BYTES,
  cursorKey: CURSOR_KEY,
  // API Gateway's own record of the peer (HTTP API v2); X-Forwarded-For is the client's to write.
  clientAddress: (c) => (c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } } } | undefined)?.event?.requestContext?.http?.sourceIp,
  platformHosts: config.PLATFORM_HOSTS,
  // Behind CloudFront (stacks/edge.ts): the viewer's Host and address, believed only with this secret.
  originVerifySecret: config.ORIGIN_VERIFY_SECRET,
  // Self-service sign-up needs the platform's wildcard domain; without it the sign-up API answers 404.
  ...(config.STORE_DOMAIN_SUFFIX ? { storeDomainSuffix: config.STORE_DOMAIN_SUFFIX } : {}),
  // Bundled at build time (scripts/build-lambda.ts): no esbuild at run time, nothing read from disk.
  assets: await loadWebAssets(),
  // Images come from the CDN; uploads go to the bucket (MEDIA_ORIGINS, set by the stack).
  mediaOrigins: [...new Set([...config.MEDIA_ORIGINS, new URL(MEDIA_BASE_URL).origin])],
  readinessProbes: { pool: jwksProbe(jwksUri), bucket: async () => (await services()).mediaBucketProbe(config)() },
  // Per-request, per-store metrics as EMF lines on stdout (METRICS=off turns them off).
  metrics: requestMetricsFromConfig(config, { service: 'catalog-api', onByDefault: true }),
  // Usage per store, written out every few seconds (docs/architecture.md, "Usage per store").
  usageFlushIntervalMs: USAGE_FLUSH_INTERVAL_MS,
  // Custom domains: real DNS for verification; ACM and API Gateway (loaded on first use) for the domains themselves.
  dns: createNodeDnsResolver(),
  ...(config.CUSTOM_DOMAINS_API_ID ? { domainProvisioner: lazyDomainProvisioner({ region: config.AWS_REGION, apiId: config.CUSTOM_DOMAINS_API_ID }) } : {}),
  // Offboarding (docs/offboarding.md): exports under platform/offboarding/, the purge of a store's prefix.
  platformFiles: lazyAsync<PlatformFiles>(async () => (await services()).platformFiles(config)),
  offboardingGraceMs: config.OFFBOARDING_GRACE_DAYS * DAY_MS,
});

export const handler = handle(platform.app);
