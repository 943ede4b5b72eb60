import pino from 'pino';
import { CreateBucketCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { createLocalEventBus } from '../../src/adapters/local/event-bus';
import { createStreamPoller, createStreamsClient, type StreamPollerOptions } from '../../src/adapters/local/stream-poller';
import { createS3Client, s3MediaStore, s3PublicMediaReader } from '../../src/adapters/s3/media-store';
import { s3SearchIndexStore } from '../../src/adapters/s3/search-index-store';
import { s3PlatformFiles } from '../../src/adapters/s3/platform-files';
import type { EventPublisher } from '../../src/events/publisher';
import { loadConfig } from '../../src/config';
import type { AuthLimits } from '../../src/identity/throttle';
import type { SignUpLimits } from '../../src/signup/throttle';
import { newCursorKey } from '../../src/adapters/dynamodb/cursor';
import { loadWebAssets } from '../../src/web/load-assets';
import { createPlatform, type PlatformOptions } from '../../src/platform';
import { seedTenants } from '../../src/tenants/seed';
import type { TenantManifest } from '../../src/tenants/manifest';
import type { TokenVerifier } from '../../src/identity/claims';
import { tenantContext } from '../../src/tenants/tenant';
import type { PlanBook } from '../../src/plans/plans';
import type { ImageFetcher } from '../../src/catalog/transfer/image-fetch';
import { createTestPool } from './cognito';
import { createTestTable, type TestTable } from './dynamo';
import { fakeVerifier, issuingFakeVerifier, userIdFor } from './fake-verifier';

export const silentLogger = pino({ level: 'silent' });

export const testManifests: TenantManifest[] = [
  {
    slug: 'alpha',
    name: 'Alpha Store',
    domains: ['alpha.test'],
    tier: 'basic',
    firstAdmin: { email: 'a@alpha.test', name: 'A' },
    settings: {},
    seedProducts: [],
  },
  {
    slug: 'beta',
    name: 'Beta Store',
    domains: ['beta.test', 'www.beta.test'],
    tier: 'standard',
    firstAdmin: { email: 'b@beta.test', name: 'B' },
    settings: {},
    seedProducts: [],
  },
  {
    slug: 'gamma',
    name: 'Gamma Store',
    domains: ['gamma.test'],
    tier: 'premium',
    firstAdmin: { email: 'g@gamma.test', name: 'G' },
    settings: {},
    seedProducts: [],
  },
];

/**
 * A platform on its own fresh table and user pool, with the test stores registered. With the
 * default fake verifier, `tokenFor(role, store)` tokens act as users whose directory records
 * exist (so data-changing requests pass the store's re-check); `realTokens` verifies pool tokens.
 */
/** Tests name the client's address in this header (the entry points read the runtime's, never a header). */
export const TEST_ADDRESS_HEADER = 'x-test-client-address';
export const DEFAULT_TEST_ADDRESS = '198.51.100.1';

export async function testPlatform(
  options: {
    publisher?: EventPublisher;
    manifests?: TenantManifest[];
    realTokens?: boolean;
    verifier?: TokenVerifier;
    autoConfirm?: boolean;
    authLimits?: AuthLimits;
    signUpLimits?: SignUpLimits;
    streams?: Partial<StreamPollerOptions>;
    /** The edge's origin-verify secret (src/http/edge/origin.ts); none unless a suite stands for CloudFront. */
    originVerifySecret?: string;
    /** Plan limits other than the real ones (to reach them in a few requests). */
    plans?: PlanBook;
    /** The per-store request limit; off unless a suite floods a store on purpose (most suites send bursts). */
    limitRequests?: boolean;
    /** How imports fetch images (a stand-in: tests never reach the network). */
    imageFetcher?: ImageFetcher;
    /** The clock (checkout, reservations, offboarding's grace period) and the grace period itself. */
    now?: () => Date;
    offboardingGraceMs?: number;
    /** Customer groups' price lists (a stub, until a suite needs the stored ones). */
    groupPrices?: PlatformOptions['groupPrices'];
  } = {},
) {
  const [table, cognito, media] = await Promise.all([createTestTable(), createTestPool(), createTestBucket()]);
  const bus = createLocalEventBus();
  let platform: ReturnType<typeof createPlatform> | undefined;
  const chosen = options.verifier ?? (options.realTokens ? cognito.verifier : fakeVerifier);
  const platformOptions: PlatformOptions = {
    logger: silentLogger,
    media: media.store,
    publicMedia: media.reader,
    searchIndexes: media.searchIndexes,
    platformFiles: media.platformFiles,
    platformClient: table.client,
    tableName: table.tableName,
    verifier: chosen === fakeVerifier ? issuingFakeVerifier(() => platform!.sessions) : chosen,
    identityProvider: cognito.provider,
    autoConfirmSignUps: options.autoConfirm ?? true,
    tenantCacheTtlMs: 30_000,
    // As deployed: every suite reads the catalog through the visitors' cache.
    catalogCacheTtlMs: loadConfig({}).CATALOG_CACHE_TTL_MS,
    maxBodyBytes: 64 * 1024,
    cursorKey: newCursorKey(),
    clientAddress: (c) => c.req.header(TEST_ADDRESS_HEADER) ?? DEFAULT_TEST_ADDRESS,
    // The real limits unless a suite says otherwise.
    ...(options.authLimits ? { authLimits: options.authLimits } : {}),
    ...(options.originVerifySecret ? { originVerifySecret: options.originVerifySecret } : {}),
    ...(options.signUpLimits ? { signUpLimits: options.signUpLimits } : {}),
    // `platform.test` stands for the platform's own domain in the API tests; localhost for browsers.
    platformHosts: [...loadConfig({}).PLATFORM_HOSTS, 'platform.test'],
    // Stores that sign up live at `<slug>.localhost`, as with npm start.
    storeDomainSuffix: 'localhost',
    assets: await loadWebAssets(),
    mediaOrigins: [new URL(inject('s3Endpoint')).origin, new URL(TEST_MEDIA_BASE_URL).origin],
    limitRequests: options.limitRequests ?? false,
    ...(options.plans ? { plans: options.plans } : {}),
    ...(options.imageFetcher ? { imageFetcher: options.imageFetcher } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.groupPrices ? { groupPrices: options.groupPrices } : {}),
    ...(options.offboardingGraceMs !== undefined ? { offboardingGraceMs: options.offboardingGraceMs } : {}),
  };
  platform = createPlatform(platformOptions);
  const manifests = options.manifests ?? testManifests;
  await seedTenants(manifests, { registry: platform.registry, catalog: platform.catalog, logger: silentLogger });
  if (!options.realTokens) {
    const at = new Date().toISOString();
    for (const manifest of manifests) {
      const tenant = tenantContext({ id: manifest.slug, name: manifest.name, tier: manifest.tier, status: 'active' });
      for (const role of ['customer', 'clerk', 'admin'] as const) {
        const userId = userIdFor(role, manifest.slug);
        // Admins must have enrolled TOTP to act (docs/architecture.md, MFA): these have.
        await platform.directory.create(tenant, {
          userId,
          email: `${role}@${manifest.slug}.test`,
          name: role,
          role,
          ...(role === 'admin' ? { mfa: 'totp' as const } : {}),
          createdAt: at,
          updatedAt: at,
        });
      }
    }
    await platform.operators.markMfaEnrolled(userIdFor('operator'), 'platform:operator@example.com', at);
  }
  // The stream publisher's stand-in: `await p.streams.drain()` publishes everything committed so far.
  const streams = testStreamPoller(table, { publisher: options.publisher ?? bus.publisher, ...options.streams });
  // `options` lets a test start a second process on the same table, pool and bucket.
  return { ...platform, table, bus, streams, cognito, media, options: platformOptions };
}

/** A stream poller on a test table: a second one stands for a restarted publisher. */
export function testStreamPoller(table: TestTable, options: Partial<StreamPollerOptions> & { publisher: EventPublisher }) {
  return createStreamPoller({
    dynamodb: table.raw,
    streams: createStreamsClient({ region: 'us-east-1', endpoint: table.endpoint }),
    tableName: table.tableName,
    logger: silentLogger,
    retryDelayMs: 1,
    ...options,
  });
}

/** Where test platforms say product images are: their own `/media` route, as `npm start` does. */
export const TEST_MEDIA_BASE_URL = 'http://localhost:3000/media';

/** A fresh bucket in the run's s3rver, a media store on it, and the `/media` route's reader. */
export async function createTestBucket() {
  const s3 = createS3Client({ region: 'us-east-1', endpoint: inject('s3Endpoint') });
  const bucket = `media-${crypto.randomUUID().slice(0, 8)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  // Browsers upload straight to the bucket from the store's pages.
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT', 'POST', 'HEAD'], AllowedHeaders: ['*'] }] },
    }),
  );
  return {
    s3,
    bucket,
    store: s3MediaStore({ clients: () => ({ client: s3 }), bucket, publicBaseUrl: TEST_MEDIA_BASE_URL }),
    reader: s3PublicMediaReader({ client: s3, bucket }),
    searchIndexes: s3SearchIndexStore({ clients: () => ({ client: s3 }), bucket }),
    platformFiles: s3PlatformFiles({ client: s3, bucket }),
  };
}

export type TestPlatform = Awaited<ReturnType<typeof testPlatform>>;

export { client } from './http-client';
