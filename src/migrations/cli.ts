/**
 * `npm run migrate`: brings the table named by TABLE_NAME (in AWS_REGION, or at DYNAMODB_ENDPOINT)
 * up to the current data model. Idempotent and resumable, so the deploy pipeline runs it after
 * every apply (docs/deploy.md, "Pipeline") and a run stopped halfway is finished by the next.
 * It uses the credentials of whoever runs it (the pipeline's deploy role): it reads and writes
 * every store's products, which no tenant-scoped role may.
 */
import { createDocumentClient } from '../adapters/dynamodb/client';
import { createCursorCodec, newCursorKey } from '../adapters/dynamodb/cursor';
import { createDynamoTenantRegistry } from '../adapters/dynamodb/tenant-registry';
import { loadConfig } from '../config';
import { createLogger } from '../shared/logger';
import { runMigrations } from './run';

async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: false, name: 'migrate' });
  const client = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
  // The registry's cursors never leave this process: a key of its own will do.
  const registry = createDynamoTenantRegistry({ client, tableName: config.TABLE_NAME, cursors: createCursorCodec(newCursorKey()) });
  const report = await runMigrations({ client, tableName: config.TABLE_NAME, registry, logger });
  logger.info({ report, table: config.TABLE_NAME }, 'migrations done');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
