/**
 * The inventory queue's consumer on AWS: EventBridge puts every `catalog.inventory` event on an
 * SQS queue; this function emails low-stock and out-of-stock notices to each store's admins
 * (src/inventory/low-stock-notices.ts) and answers with the messages that failed, so only those
 * come back (the mapping has ReportBatchItemFailures). Built once per container at module scope.
 *
 * Each email sent is counted to its store's usage day item (`emailsSent`), written with the
 * store's client as the API's meter writes it, and flushed before the invocation returns: a
 * container frozen after it answers may never run a timer again. (Locally `npm start` wraps the
 * sender with the platform's own meter instead.)
 */
import { createDocumentClient, sharedClientProvider } from '../adapters/dynamodb/client';
import { createCursorCodec, newCursorKey } from '../adapters/dynamodb/cursor';
import { createDynamoTenantRegistry } from '../adapters/dynamodb/tenant-registry';
import { createDynamoUsageStore } from '../adapters/dynamodb/usage-store';
import { tenantScopedClientProvider } from '../adapters/aws/tenant-scoped-clients';
import { consumeEventBatch, type SqsEvent } from '../adapters/sqs/event-batch';
import { loadConfig } from '../config';
import type { EmailSender } from '../notifications/email';
import { lazyAsync } from '../shared/lazy';
import { createLogger } from '../shared/logger';
import { createTenantResolver } from '../tenants/resolver';
import { createUsageMeter } from '../usage/meter';
import { meteredSender } from '../usage/metered-ports';
import { stockNoticeConsumer } from './stock-notices';

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, pretty: false, name: 'inventory-consumer' });
const { EMAIL_FROM, TENANT_ROLE_ARN } = config;
if (!EMAIL_FROM) throw new Error('EMAIL_FROM must be set for the inventory consumer: the verified SES identity notices are sent from.');

const platformClient = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
// A store's products, users, notice records and usage items are read and written as the API does:
// with the tenant role, confined to the store's keys by IAM. Only the registry uses this function's role.
const tenantClients = TENANT_ROLE_ARN
  ? tenantScopedClientProvider({ roleArn: TENANT_ROLE_ARN, region: config.AWS_REGION })
  : sharedClientProvider(platformClient);
const tableName = config.TABLE_NAME;
// The notice has just read the store's record; the meter finds it again through a short cache.
const stores = createTenantResolver({
  registry: createDynamoTenantRegistry({ client: platformClient, tableName, cursors: createCursorCodec(newCursorKey()) }),
  ttlMs: 60_000,
});
const meter = createUsageMeter({
  store: createDynamoUsageStore({ clients: tenantClients, tableName }),
  resolve: (id) => stores.byId(id),
  onError: (err) => logger.warn({ err }, 'usage flush failed; kept for the next invocation'),
});
const consumer = stockNoticeConsumer({
  platformClient,
  tenantClients,
  tableName,
  // Most inventory events are InventoryChanged, which send nothing: SES loads at the first notice.
  sender: meteredSender(
    lazyAsync<EmailSender>(async () => {
      const { createSesClient, sesEmailSender } = await import('../adapters/ses/email-sender');
      return sesEmailSender({ client: createSesClient({ region: config.AWS_REGION, endpoint: config.SES_ENDPOINT }), from: EMAIL_FROM });
    }),
    meter.addById,
  ),
  logger,
  // A store's first domain is where its console is; stores without one have no link in the email.
  consoleUrl: (store) => (store.domains[0] ? `https://${store.domains[0]}/admin` : undefined),
  storeUrl: (store) => (store.domains[0] ? `https://${store.domains[0]}` : undefined),
});

export async function handler(event: SqsEvent) {
  try {
    return await consumeEventBatch(event, consumer.handle, logger);
  } finally {
    // The emails just sent, counted into their stores' usage before the container may be frozen.
    await meter.flush();
  }
}
