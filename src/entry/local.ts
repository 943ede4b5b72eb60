/**
 * `npm start`: the whole platform on this machine with no AWS account. DynamoDB Local (AWS's
 * own jar) unless DYNAMODB_ENDPOINT points elsewhere, an in-process EventBridge-shaped bus, the
 * tenants of `tenants/` seeded, and the same Hono app Lambda runs, served by @hono/node-server.
 *
 * Flags: --in-memory (DynamoDB Local keeps nothing on disk), --data-dir=<dir> (default .data).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { ensureTable } from '../adapters/dynamodb/table';
import { createDevTokenVerifier } from '../adapters/local/dev-token-verifier';
import { startDynamoDbLocal } from '../adapters/local/dynamodb-local';
import { createLocalEventBus } from '../adapters/local/event-bus';
import { loadConfig } from '../config';
import { createPlatform } from '../platform';
import { createLogger } from '../shared/logger';
import { loadManifests, ManifestError } from '../tenants/manifest';
import { seedTenants } from '../tenants/seed';

const RELAY_INTERVAL_MS = 2_000;

async function main() {
  const args = process.argv.slice(2);
  const inMemory = args.includes('--in-memory');
  const dataDir = path.resolve(args.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length) ?? '.data');
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const stops: (() => Promise<unknown> | unknown)[] = [];

  const manifests = await loadManifests(path.resolve('tenants'));

  let dynamoEndpoint = config.DYNAMODB_ENDPOINT;
  if (!dynamoEndpoint) {
    const dynamo = await startDynamoDbLocal({
      port: 8000,
      ...(inMemory ? { inMemory: true } : { dbPath: path.join(dataDir, 'dynamodb') }),
    });
    stops.push(() => dynamo.stop());
    dynamoEndpoint = dynamo.endpoint;
  }
  const client = createDocumentClient({ region: config.AWS_REGION, endpoint: dynamoEndpoint });
  await ensureTable(client, config.TABLE_NAME);

  const bus = createLocalEventBus();
  bus.subscribe({}, (event) => logger.debug({ event }, 'event delivered'));

  const devToken = `dev-${randomBytes(18).toString('base64url')}`;
  const platform = createPlatform({
    logger,
    platformClient: client,
    tableName: config.TABLE_NAME,
    publisher: bus.publisher,
    verifier: createDevTokenVerifier(devToken),
    tenantCacheTtlMs: config.TENANT_CACHE_TTL_MS,
    maxBodyBytes: config.MAX_BODY_BYTES,
  });

  const seeded = await seedTenants(manifests, { registry: platform.registry, catalog: platform.catalog, logger });

  // The local relay stands in for the scheduled relay on AWS: anything a failed publish left behind goes out here.
  const relay = setInterval(() => {
    platform.relayOutbox().catch((error) => logger.warn({ err: error }, 'outbox relay pass failed'));
  }, RELAY_INTERVAL_MS);
  stops.push(() => clearInterval(relay));

  const server = serve({ fetch: platform.app.fetch, port: config.PORT, hostname: config.HOST });
  stops.push(() => new Promise((resolve) => server.close(resolve)));

  const base = `http://localhost:${config.PORT}`;
  const lines = [
    '',
    `Catalog platform is up on ${base} (DynamoDB at ${dynamoEndpoint}, table ${config.TABLE_NAME}${inMemory ? ', in memory' : `, data in ${dataDir}`})`,
    `Stores: ${seeded.created.length} seeded, ${seeded.existing.length} already present.`,
    '',
    ...manifests.flatMap((m) => [
      `  ${m.name}:`,
      ...m.domains.map((d) => `    curl -H 'Host: ${d}' ${base}/products`),
    ]),
    '',
    `Development-only admin token (this run only; not part of any deployed build):`,
    `    export TOKEN=${devToken}`,
    `    curl -H 'Host: ${manifests[0]?.domains[0] ?? 'demo-shoes.localhost'}' -H "Authorization: Bearer $TOKEN" ${base}/admin/products`,
    '',
    'Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(lines.join('\n'));

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping...\n');
    for (const stop of stops.reverse()) {
      await Promise.resolve(stop()).catch(() => undefined);
    }
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error) => {
  const message = error instanceof ManifestError ? `Tenant manifest error: ${error.message}` : (error?.stack ?? String(error));
  process.stderr.write(`\n${message}\n`);
  process.exit(1);
});
