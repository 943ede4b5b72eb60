/**
 * `npm start`: the whole platform on this machine with no AWS account. DynamoDB Local (AWS's
 * own jar) unless DYNAMODB_ENDPOINT points elsewhere, cognito-local unless COGNITO_ENDPOINT does,
 * s3rver unless S3_ENDPOINT does,
 * an in-process EventBridge-shaped bus, the stores of `tenants/` and their demo users seeded, and
 * the same Hono app Lambda runs, served by @hono/node-server.
 *
 * Flags: --in-memory (nothing kept: DynamoDB Local in memory, cognito-local and s3rver in a
 * temporary directory removed at exit, demo TOTP secrets and the cursor key in memory, nothing
 * written to the data directory), --data-dir=<dir> (default .data).
 *
 * It supervises its stand-ins: if one exits, it says which and stops (see stopForStandIn).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { ensureTable } from '../adapters/dynamodb/table';
import { ensureUserPool } from '../adapters/cognito/bootstrap';
import { createCognitoClient } from '../adapters/cognito/client';
import { cognitoIdentityProvider } from '../adapters/cognito/identity-provider';
import { createCognitoTokenVerifier } from '../adapters/jwt/cognito-verifier';
import { jwksProbe } from '../adapters/jwt/jwks-probe';
import { bucketProbe } from '../adapters/s3/probe';
import { startCognitoLocal } from '../adapters/local/cognito-local';
import { cognitoLocalMailbox, deliveringResetCodes } from '../adapters/local/cognito-local-mailbox';
import { keptCursorKey } from '../adapters/local/cursor-key';
import { startS3rver } from '../adapters/local/s3rver';
import { createS3Client, s3MediaStore, s3PublicMediaReader } from '../adapters/s3/media-store';
import { s3SearchIndexStore } from '../adapters/s3/search-index-store';
import { s3PlatformFiles } from '../adapters/s3/platform-files';
import { allTenants } from '../tenants/all-tenants';
import { DAY_MS } from '../tenants/offboarding/service';
import { SEARCH_EVENTS } from '../search/indexer';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { startDynamoDbLocal } from '../adapters/local/dynamodb-local';
import { createLocalEventBus } from '../adapters/local/event-bus';
import { createLocalMailbox } from '../adapters/local/mailbox';
import { sharedClientProvider } from '../adapters/dynamodb/client';
import { stockNoticeConsumer } from './stock-notices';
import { INVOICE_EVENTS } from '../invoices/service';
import { retrying } from '../shared/retry';
import { createListingConsumer, LISTING_EVENTS } from '../catalog/listing-consumer';
import { startSweeper, sweepReservations } from '../orders/sweeper';
import { applyDuePriceChanges } from '../pricing/schedule-sweeper';
import { createLocalJobRunner } from '../jobs/consumer';
import { loadConfig } from '../config';
import { preSignUp } from '../identity/pre-sign-up';
import { memorySecrets, seedDemoUsers, type DemoTotpSecrets } from '../identity/demo-users';
import { usernameFor } from '../identity/provider';
import { newCursorKey } from '../adapters/dynamodb/cursor';
import { createStreamPoller, createStreamsClient, fileCheckpoints, memoryCheckpoints } from '../adapters/local/stream-poller';
import { localBanner, localStoreLinks } from './local-banner';
import { createPlatform } from '../platform';
import { createLogger } from '../shared/logger';
import { requestMetricsFromConfig } from '../adapters/cloudwatch/emf-metrics';
import { loadManifests, ManifestError } from '../tenants/manifest';
import { seedTenants } from '../tenants/seed';
import { runMigrations } from '../migrations/run';
import { loadWebAssets } from '../web/load-assets';
import { signUpCodeDelivery } from '../signup/local-codes';
import { USAGE_FLUSH_INTERVAL_MS } from '../usage/meter';

const STREAM_POLL_INTERVAL_MS = 250;
const STAND_IN_START_TIMEOUT_MS = 90_000;

/**
 * The demo accounts' TOTP secrets, kept next to cognito-local's data (local demo data only, in
 * plain text): an account enrolled on an earlier run can only sign in with that run's secret.
 */
function demoSecretsFile(file: string): DemoTotpSecrets {
  mkdirSync(path.dirname(file), { recursive: true });
  const all: Record<string, string> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  return {
    get: (username) => (Object.hasOwn(all, username) ? all[username] : undefined),
    set: (username, secret) => {
      all[username] = secret;
      writeFileSync(file, JSON.stringify(all, null, 2), { mode: 0o600 });
    },
  };
}

async function main() {
  const args = process.argv.slice(2);
  const inMemory = args.includes('--in-memory');
  const dataDir = path.resolve(args.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length) ?? '.data');
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const stops: (() => Promise<unknown> | unknown)[] = [];
  // In memory means every stand-in: cognito-local and s3rver keep files, so they get a directory
  // that dies with this run. A pool kept while the table is forgotten leaves accounts the stores
  // no longer know (sign-in works, then every call is a 401).
  const scratch = inMemory ? mkdtempSync(path.join(os.tmpdir(), 'catalog-local-')) : undefined;
  if (scratch) process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));
  const filesDir = scratch ?? dataDir;

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const stop of stops.reverse()) {
      await Promise.resolve(stop()).catch(() => undefined);
    }
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    process.exit(code);
  };
  // From the start: Ctrl-C during start-up also stops the stand-ins and removes the scratch files.
  const stopByHand = () => {
    process.stdout.write('\nStopping...\n');
    void shutdown(0);
  };
  process.on('SIGINT', stopByHand);
  process.on('SIGTERM', stopByHand);
  /**
   * A stand-in died (crashed, killed, out of memory): the platform stops rather than restart it.
   * A restarted DynamoDB Local in memory would be empty (no table, no stores) and a restarted
   * cognito-local would be a new pool whose tokens this process's verifier does not trust: a
   * restart would serve errors or a half-empty platform while looking healthy.
   */
  const stopForStandIn = (name: string) => (how: string) => {
    if (stopping) return;
    const data = inMemory ? 'Everything was in memory and is gone.' : `Data kept in ${dataDir} is still there.`;
    process.stderr.write(`\n${name} exited (${how}). The platform cannot work without it, so it stops now. ${data} Run npm start again.\n`);
    void shutdown(1);
  };

  const manifests = await loadManifests(path.resolve('tenants'));

  let dynamoEndpoint = config.DYNAMODB_ENDPOINT;
  if (!dynamoEndpoint) {
    const dynamo = await startDynamoDbLocal({
      port: config.LOCAL_DYNAMODB_PORT,
      ...(inMemory ? { inMemory: true } : { dbPath: path.join(dataDir, 'dynamodb') }),
      onExit: stopForStandIn('DynamoDB Local'),
      // A JVM on a busy laptop or CI runner can take longer than the 30 s default to answer.
      startTimeoutMs: STAND_IN_START_TIMEOUT_MS,
    });
    stops.push(() => dynamo.stop());
    dynamoEndpoint = dynamo.endpoint;
  }
  const client = createDocumentClient({ region: config.AWS_REGION, endpoint: dynamoEndpoint });
  const table = await ensureTable(client, config.TABLE_NAME);

  // Tickets live minutes, so a secret made afresh per run loses nothing across restarts.
  const signUpTicketSecret = config.SIGNUP_TICKET_SECRET ?? randomBytes(32).toString('base64url');
  let cognitoEndpoint = config.COGNITO_ENDPOINT;
  // Set when this process runs cognito-local, so the reset codes it keeps can be shown here.
  let cognitoDataDir: string | undefined;
  if (!cognitoEndpoint) {
    cognitoDataDir = path.join(filesDir, 'cognito');
    // The pool's pre-sign-up trigger is the same code as on AWS, served on a loopback port.
    const cognito = await startCognitoLocal({
      port: config.LOCAL_COGNITO_PORT,
      dataDir: cognitoDataDir,
      preSignUp: (event) => preSignUp(event, { secret: signUpTicketSecret }),
      onExit: stopForStandIn('cognito-local'),
      startTimeoutMs: STAND_IN_START_TIMEOUT_MS,
    });
    stops.push(() => cognito.stop());
    cognitoEndpoint = cognito.endpoint;
  }
  let s3Endpoint = config.S3_ENDPOINT;
  if (!s3Endpoint) {
    const origins = ['http://localhost:*', ...manifests.flatMap((m) => m.domains.map((d) => `http://${d}:${config.PORT}`))];
    const s3 = await startS3rver({
      port: config.LOCAL_S3_PORT,
      directory: path.join(filesDir, 's3'),
      buckets: [config.MEDIA_BUCKET],
      corsOrigins: origins,
      onExit: stopForStandIn('s3rver'),
    });
    stops.push(() => s3.stop());
    s3Endpoint = s3.endpoint;
  }
  const s3Client = createS3Client({ region: config.AWS_REGION, endpoint: s3Endpoint });
  await s3Client.send(new CreateBucketCommand({ Bucket: config.MEDIA_BUCKET })).catch((error: Error) => {
    if (!/BucketAlready/.test(error.name)) throw error;
  });

  const cognitoClient = createCognitoClient({ region: config.AWS_REGION, endpoint: cognitoEndpoint });
  const pool = await ensureUserPool(cognitoClient, { poolName: 'catalog-local', clientName: 'catalog-web', issuerBase: cognitoEndpoint });

  const bus = createLocalEventBus({
    onDeadLetter: ({ event, error }) => logger.error({ err: error, eventId: event.detail.eventId, detailType: event.detailType }, 'event subscriber failed'),
  });
  bus.subscribe({}, (event) => logger.debug({ event }, 'event delivered'));
  // No mail leaves this machine: emails land in a mailbox in memory, listed at /dev/mailbox.
  const mailbox = createLocalMailbox();

  const identityProvider = cognitoIdentityProvider({
    client: cognitoClient,
    userPoolId: pool.userPoolId,
    clientId: pool.clientId,
    signUpTicketSecret,
    warn: (message) => logger.warn(message),
  });
  // Product images: the app's own /media route locally (CloudFront on AWS).
  const mediaBaseUrl = config.MEDIA_BASE_URL ?? `http://localhost:${config.PORT}/media`;
  const platform = createPlatform({
    logger,
    platformClient: client,
    tableName: config.TABLE_NAME,
    // Product images at stable URLs on this app's own /media route, as CloudFront serves them on AWS.
    media: s3MediaStore({ clients: () => ({ client: s3Client }), bucket: config.MEDIA_BUCKET, publicBaseUrl: mediaBaseUrl }),
    publicMedia: s3PublicMediaReader({ client: s3Client, bucket: config.MEDIA_BUCKET }),
    searchIndexes: s3SearchIndexStore({ clients: () => ({ client: s3Client }), bucket: config.MEDIA_BUCKET }),
    // Offboarding (docs/offboarding.md): exports under platform/offboarding/, the purge of a store's prefix.
    platformFiles: s3PlatformFiles({ client: s3Client, bucket: config.MEDIA_BUCKET }),
    offboardingGraceMs: config.OFFBOARDING_GRACE_DAYS * DAY_MS,
    verifier: createCognitoTokenVerifier({ issuer: pool.issuer, clientId: pool.clientId, jwksUri: pool.jwksUri }),
    readinessProbes: { pool: jwksProbe(pool.jwksUri), bucket: bucketProbe(s3Client, config.MEDIA_BUCKET) },
    identityProvider: cognitoDataDir
      ? // No mail leaves this machine: a password-reset code is printed here instead.
        deliveringResetCodes(identityProvider, cognitoLocalMailbox({ dataDir: cognitoDataDir, userPoolId: pool.userPoolId }), ({ username, code }) =>
          logger.info({ username, code }, `password reset code for ${username}: ${code} (cognito-local would have emailed it)`),
        )
      : identityProvider,
    // No mail leaves this machine, so there is no code to type in: sign-ups are confirmed at once.
    autoConfirmSignUps: true,
    // A store owner's sign-up does ask for its code (the "email verified"): printed here
    // and put in the dev mailbox, as cognito-local keeps it instead of mailing it.
    ...(cognitoDataDir
      ? { deliverSignUpCode: signUpCodeDelivery(cognitoLocalMailbox({ dataDir: cognitoDataDir, userPoolId: pool.userPoolId }), mailbox.sender, logger) }
      : {}),
    storeDomainSuffix: config.STORE_DOMAIN_SUFFIX ?? 'localhost',
    tenantCacheTtlMs: config.TENANT_CACHE_TTL_MS,
    catalogCacheTtlMs: config.CATALOG_CACHE_TTL_MS,
    maxBodyBytes: config.MAX_BODY_BYTES,
    cursorKey: config.CURSOR_KEY ?? (inMemory ? newCursorKey() : keptCursorKey(dataDir)),
    // The socket's peer: no proxy in front locally, and X-Forwarded-For is the client's to write.
    clientAddress: (c) => getConnInfo(c).remote.address,
    platformHosts: config.PLATFORM_HOSTS,
    // Bundled from src/web/browser/ now, with esbuild (a devDependency).
    assets: await loadWebAssets(),
    // Browsers fetch images from, and upload to, the S3 endpoint.
    homeStores: localStoreLinks(manifests, config.PORT),
    // Canonical URLs as a browser here reaches the stores: http://demo-shoes.localhost:<PORT>.
    storeUrls: { scheme: 'request', port: config.PORT },
    devMailbox: mailbox,
    mediaOrigins: [...new Set([...(config.MEDIA_ORIGINS.length ? config.MEDIA_ORIGINS : [new URL(s3Endpoint).origin]), new URL(mediaBaseUrl).origin])],
    // EMF lines only when asked (METRICS=on): a terminal has no CloudWatch to read them.
    metrics: requestMetricsFromConfig(config, { service: 'catalog-api', onByDefault: false }),
    // Usage per store, written out every few seconds (docs/architecture.md, "Usage per store").
    usageFlushIntervalMs: USAGE_FLUSH_INTERVAL_MS,
  });

  // A data dir written by an older version comes up on the current model, its data kept, before
  // anything (seeding included) reads it with the new code.
  const migrated = await runMigrations({ client, tableName: config.TABLE_NAME, registry: platform.registry, logger });
  if (migrated.variants.products > 0) logger.info(migrated, 'stored data brought up to the current model');
  const seeded = await seedTenants(manifests, { registry: platform.registry, catalog: platform.catalog, groupings: platform.groupings, logger });
  const totp = await seedDemoUsers(manifests, platform.identity, inMemory ? memorySecrets() : demoSecretsFile(path.join(dataDir, 'demo-totp.json')));
  if (table === 'updated') logger.info({ rewritten: await platform.reindexProducts() }, 'products brought up to the new indexes');
  // Kept data may hold products and staff from before the plan counters: count them once, before any request.
  logger.info({ stores: await platform.recountPlanUsage() }, 'plan counters set from the stores’ items');
  // Kept data may hold stores whose products predate search: each gets its index built once.
  logger.info({ stores: await platform.buildMissingSearchIndexes() }, 'search indexes built where missing');

  // The inventory queue's consumer, subscribed to the bus as the SQS rule is on AWS: whoever
  // publishes to the bus (the stream poller below), a stock change below a
  // threshold ends as a notice in the mailbox.
  const notices = stockNoticeConsumer({
    platformClient: client,
    tenantClients: sharedClientProvider(client),
    tableName: config.TABLE_NAME,
    // Counted to each store's usage (emails sent).
    sender: platform.metered.sender(mailbox.sender),
    logger,
    consoleUrl: (store) => {
      const domain = store.domains.find((d) => d.endsWith('.localhost')) ?? store.domains[0];
      return domain ? `http://${domain}:${config.PORT}/admin` : undefined;
    },
    storeUrl: (store) => {
      const domain = store.domains.find((d) => d.endsWith('.localhost')) ?? store.domains[0];
      return domain ? `http://${domain}:${config.PORT}` : undefined;
    },
  });
  bus.subscribe({ source: 'catalog.inventory' }, async (event) => {
    await notices.handle(event);
  });

  // The listing consumer (categories' and collections' cards and counts), as an EventBridge rule's
  // target would be on AWS: a product's change reaches its rows once the stream publishes it.
  const listings = createListingConsumer({ registry: platform.registry, sync: platform.groupings.sync });
  for (const pattern of LISTING_EVENTS) {
    bus.subscribe(pattern, async (event) => {
      await listings.handle(event);
    });
  }

  // Order events reach the same consumer, as the second rule on AWS sends them to its queue: the
  // store's new-order email and the shopper's email for each step (docs/emails.md), once per event.
  bus.subscribe({ source: 'shop.orders' }, async (event) => {
    await notices.handle(event);
  });

  // Invoice and credit-note PDFs (docs/invoices.md), as a queue's consumer would be on AWS: a failed
  // render is tried again a few times (SQS would redeliver), always under the number on the order.
  for (const pattern of INVOICE_EVENTS) {
    bus.subscribe(pattern, async (event) => {
      await retrying(() => platform.invoices.handle(event), { retryable: () => true, attempts: 5, baseMs: 200, capMs: 5_000 });
    });
  }

  // The reservation sweeper, as the EventBridge schedule runs it on AWS: unpaid orders past their
  // reservation give their stock back within a minute (src/orders/sweeper.ts).
  const sweeper = startSweeper(() =>
    sweepReservations({ registry: platform.registry, expire: (tenant) => platform.orders.expireReservations(tenant), logger }),
  );
  stops.push(async () => sweeper.stop());
  // Scheduled price changes, on the same schedule (src/pricing/schedule-sweeper.ts).
  const priceJob = startSweeper(() =>
    applyDuePriceChanges({ registry: platform.registry, applyDue: (tenant) => platform.priceSchedule.applyDue(tenant), logger }),
  );
  stops.push(async () => priceJob.stop());
  // The offboarding purge, as its hourly schedule runs it on AWS: closed stores past their grace period.
  const purge = startSweeper(
    () =>
      platform.offboarding
        .purgeDue(allTenants(platform.registry))
        .then((result) => logger.info(result, 'offboarding purge ran'))
        .catch((err: unknown) => logger.warn({ err }, 'offboarding purge failed; the next run resumes it')),
    60 * 60 * 1000,
  );
  stops.push(async () => purge.stop());
  // The local job runner (imports, exports; docs/jobs.md): as the job queue's function on AWS, it
  // runs each job when its JobRequested event arrives, in this process, in the background.
  createLocalJobRunner(bus, platform.jobConsumer);
  // The search index writer, as the FIFO queue's consumer is on AWS: one batch per store at a time.
  for (const pattern of SEARCH_EVENTS) {
    bus.subscribe(pattern, async (event) => {
      await platform.search.indexer.handle(event);
    });
  }

  // The stand-in for the stream-triggered Lambda on AWS: every outbox record the table's stream
  // carries goes to the local bus, from where the poller last got to (kept with the data).
  const streams = createStreamPoller({
    dynamodb: client,
    streams: createStreamsClient({ region: config.AWS_REGION, endpoint: dynamoEndpoint }),
    tableName: config.TABLE_NAME,
    publisher: bus.publisher,
    logger,
    checkpoints: inMemory ? memoryCheckpoints() : fileCheckpoints(path.join(dataDir, 'stream-checkpoints.json')),
  });
  streams.start(STREAM_POLL_INTERVAL_MS);
  stops.push(() => streams.stop());

  // The banner promises the addresses work: print it once the server listens, not before.
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve({ fetch: platform.app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(listening));
    listening.once('error', reject);
  });
  stops.push(() => new Promise((resolve) => server.close(resolve)));

  process.stdout.write(
    localBanner({
      port: config.PORT,
      manifests,
      totpSecret: (space, email) => totp.get(usernameFor(space === 'platform' ? 'platform' : { id: space }, email)),
      seeded: { created: seeded.created.length, existing: seeded.existing.length },
      data: scratch ? { inMemory: true, scratch } : { inMemory: false, dir: dataDir },
      standIns: {
        dynamodb: dynamoEndpoint,
        table: config.TABLE_NAME,
        cognito: cognitoEndpoint,
        pool: pool.userPoolId,
        s3: s3Endpoint,
        bucket: config.MEDIA_BUCKET,
      },
      printsResetCodes: cognitoDataDir !== undefined,
      mailbox: true,
    }),
  );
}

main().catch((error) => {
  // Start-up failures are usually the machine's (Java missing, a port taken): say what, not where.
  const message =
    error instanceof ManifestError
      ? `Tenant manifest error: ${error.message}`
      : process.env.DEBUG
        ? (error?.stack ?? String(error))
        : `Could not start: ${error?.message ?? String(error)}`;
  process.stderr.write(`\n${message}\n`);
  process.exit(1);
});
