import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from 'pino';
import { createDynamoProductRepository } from './adapters/dynamodb/product-repository';
import { createDynamoTenantRegistry } from './adapters/dynamodb/tenant-registry';
import { createDynamoSessionStore } from './adapters/dynamodb/session-store';
import { createDynamoUserDirectory } from './adapters/dynamodb/user-directory';
import { createDynamoRateLimiter } from './adapters/dynamodb/rate-limiter';
import { createDynamoIdempotencyStore } from './adapters/dynamodb/idempotency-store';
import type { Context } from 'hono';
import { createAuthThrottle, DEFAULT_AUTH_LIMITS, type AuthLimits } from './identity/throttle';
import type { RateLimiter } from './shared/rate-limit';
import { createDynamoOperatorDirectory } from './adapters/dynamodb/operator-directory';
import type { TenantClientProvider } from './adapters/dynamodb/client';
import { sharedClientProvider } from './adapters/dynamodb/client';
import { createCursorCodec } from './adapters/dynamodb/cursor';
import type { MediaStore, PublicMediaReader } from './catalog/media';
import { createPublicCatalogCache, forgettingOnWrite } from './catalog/public-cache';
import { createCatalogService } from './catalog/service';
import { createGroupingService } from './catalog/grouping-service';
import { createDynamoGroupingRepository } from './adapters/dynamodb/grouping-repository';
import { createApp } from './http/app';
import type { TokenVerifier } from './identity/claims';
import type { IdentityProvider } from './identity/provider';
import { createIdentityService } from './identity/service';
import { createOnboardingService } from './tenants/onboarding';
import { createSettingsService } from './settings/service';
import { createInventoryService } from './inventory/service';
import { createTenantResolver } from './tenants/resolver';
import { allTenants } from './tenants/all-tenants';
import type { AssetManifest } from './web/assets';
import type { HomeStoreLink } from './platform-home/routes';
import type { MailboxView } from './dev/mailbox-routes';
import { tableProbe } from './adapters/dynamodb/probe';
import { createReadiness, type Probe } from './health/readiness';
import type { RequestMetrics } from './shared/request-metrics';
import type { StoreUrlOptions } from './storefront/seo';

export type PlatformOptions = {
  logger: Logger;
  /** Platform records (tenant registry, domain map) are read with the platform's own client. */
  platformClient: DynamoDBDocumentClient;
  /** Tenant data is read and written with a client for that tenant (IAM-confined on AWS). */
  tenantClients?: TenantClientProvider;
  tableName: string;
  /** Product images (S3, or s3rver locally). */
  media: MediaStore;
  /** Off AWS: the reader behind the app's `/media` route (on AWS, CloudFront serves images). */
  publicMedia?: PublicMediaReader;
  verifier: TokenVerifier;
  identityProvider: IdentityProvider;
  /** Local development only: skip the emailed confirmation code. */
  autoConfirmSignUps?: boolean;
  tenantCacheTtlMs: number;
  /** How long visitors' catalog reads are kept per store (0: not at all); see public-cache.ts. */
  catalogCacheTtlMs?: number;
  maxBodyBytes: number;
  /** Seals listing cursors; the same in every instance of an environment, or a cursor would not open at the next one. */
  cursorKey: Uint8Array;
  /** How the runtime reads the client's address (see `AppDeps.clientAddress`). */
  clientAddress?: (c: Context) => string | undefined;
  /** Throttles of the account routes; DEFAULT_AUTH_LIMITS unless a test needs others. */
  authLimits?: AuthLimits;
  /** Rate counters; the table's unless given (unit tests). */
  rateLimiter?: RateLimiter;
  /** The platform's own hosts (config PLATFORM_HOSTS). */
  platformHosts: readonly string[];
  /** The bundled browser code (src/web/load-assets.ts). */
  assets: AssetManifest;
  /** Origins of media and uploads the pages' content security policy allows. */
  mediaOrigins?: readonly string[];
  /** Local only: stores linked from the platform host's start page (`GET /`). */
  homeStores?: readonly HomeStoreLink[];
  /** Canonical URLs' scheme and port (src/storefront/seo.ts); https when absent, as on AWS. */
  storeUrls?: StoreUrlOptions;
  /** Local only: the mailbox the dev page `/dev/mailbox` lists (src/entry/local.ts passes it). */
  devMailbox?: MailboxView;
  /**
   * Readiness probes besides the table's (which the platform makes itself): the entry points give
   * `pool` (the JWKS) and `bucket` (HeadBucket), see src/adapters/aws/probes.ts.
   */
  readinessProbes?: Record<string, Probe>;
  /** How long a readiness answer is kept (default 5 s). */
  readinessCacheMs?: number;
  /** Per-request metrics (src/adapters/cloudwatch/emf-metrics.ts); off when absent. */
  metrics?: RequestMetrics;
};

/**
 * Wires the domain to its adapters. Both entry points (Lambda and local Node) call this once per
 * process; nothing here runs per request.
 */
export function createPlatform(options: PlatformOptions) {
  const { logger, tableName } = options;
  const tenantClients = options.tenantClients ?? sharedClientProvider(options.platformClient);
  const cursors = createCursorCodec(options.cursorKey);
  const stored = createDynamoProductRepository({ clients: tenantClients, tableName, cursors });
  const publicCache = createPublicCatalogCache({ ttlMs: options.catalogCacheTtlMs ?? 0 });
  const products = forgettingOnWrite(stored, publicCache);
  const registry = createDynamoTenantRegistry({ client: options.platformClient, tableName, cursors });
  const catalog = createCatalogService({ products, media: options.media, publicCache });
  const inventory = createInventoryService({ products });
  const groupings = createGroupingService({
    groupings: createDynamoGroupingRepository({ clients: tenantClients, tableName, cursors }),
    products,
    media: options.media,
    publicCache,
  });
  const tenants = createTenantResolver({ registry, ttlMs: options.tenantCacheTtlMs });
  const directory = createDynamoUserDirectory({ clients: tenantClients, tableName, cursors });
  const sessions = createDynamoSessionStore({ clients: tenantClients, platformClient: options.platformClient, tableName });
  const operators = createDynamoOperatorDirectory({ client: options.platformClient, tableName });
  const identity = createIdentityService({
    provider: options.identityProvider,
    directory,
    sessions,
    operators,
    accessTokens: options.verifier,
    autoConfirmSignUps: options.autoConfirmSignUps,
  });
  const onboarding = createOnboardingService({ registry, resolver: tenants, provider: options.identityProvider, directory });
  const settings = createSettingsService({ registry, resolver: tenants });
  const idempotency = createDynamoIdempotencyStore({ tableName, platformClient: options.platformClient, clients: tenantClients });
  const rateLimiter = options.rateLimiter ?? createDynamoRateLimiter({ tableName, platformClient: options.platformClient, clients: tenantClients });
  const throttle = createAuthThrottle(rateLimiter, options.authLimits ?? DEFAULT_AUTH_LIMITS);
  const readiness = createReadiness({
    probes: { table: tableProbe(options.platformClient, tableName), ...options.readinessProbes },
    ...(options.readinessCacheMs !== undefined ? { cacheMs: options.readinessCacheMs } : {}),
  });
  const app = createApp({
    logger,
    readiness,
    idempotency,
    verifier: options.verifier,
    tenants,
    catalog,
    groupings,
    inventory,
    identity,
    onboarding,
    settings,
    maxBodyBytes: options.maxBodyBytes,
    publicMedia: options.publicMedia,
    throttle,
    platformHosts: options.platformHosts,
    assets: options.assets,
    mediaOrigins: options.mediaOrigins,
    homeStores: options.homeStores,
    storeUrls: options.storeUrls,
    devMailbox: options.devMailbox,
    metrics: options.metrics,
    ...(options.clientAddress ? { clientAddress: options.clientAddress } : {}),
  });

  return {
    app,
    registry,
    catalog,
    groupings,
    inventory,
    tenants,
    identity,
    onboarding,
    settings,
    directory,
    sessions,
    operators,
    /** Local start-up on kept data: brings products written by an older version up to the current indexes. */
    reindexProducts: async () => {
      let rewritten = 0;
      for await (const tenant of allTenants(registry)) rewritten += await stored.reindex(tenant);
      return rewritten;
    },
  };
}

export type Platform = ReturnType<typeof createPlatform>;
