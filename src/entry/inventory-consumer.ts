/**
 * The inventory queue's consumer on AWS: EventBridge puts every `catalog.inventory` event on an
 * SQS queue; this function emails low-stock and out-of-stock notices to each store's admins
 * (src/inventory/low-stock-notices.ts) and answers with the messages that failed, so only those
 * come back (the mapping has ReportBatchItemFailures). Built once per container at module scope.
 */
import { createDocumentClient, sharedClientProvider } from '../adapters/dynamodb/client';
import { tenantScopedClientProvider } from '../adapters/aws/tenant-scoped-clients';
import { consumeEventBatch, type SqsEvent } from '../adapters/sqs/event-batch';
import { loadConfig } from '../config';
import type { EmailSender } from '../notifications/email';
import { lazyAsync } from '../shared/lazy';
import { createLogger } from '../shared/logger';
import { stockNoticeConsumer } from './stock-notices';

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, pretty: false, name: 'inventory-consumer' });
const { EMAIL_FROM, TENANT_ROLE_ARN } = config;
if (!EMAIL_FROM) throw new Error('EMAIL_FROM must be set for the inventory consumer: the verified SES identity notices are sent from.');

const platformClient = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
const consumer = stockNoticeConsumer({
  platformClient,
  // A store's products, users and notice records are read and written as the API does: with the
  // tenant role, confined to the store's keys by IAM. Only the registry uses this function's role.
  tenantClients: TENANT_ROLE_ARN ? tenantScopedClientProvider({ roleArn: TENANT_ROLE_ARN, region: config.AWS_REGION }) : sharedClientProvider(platformClient),
  tableName: config.TABLE_NAME,
  // Most inventory events are InventoryChanged, which send nothing: SES loads at the first notice.
  sender: lazyAsync<EmailSender>(async () => {
    const { createSesClient, sesEmailSender } = await import('../adapters/ses/email-sender');
    return sesEmailSender({ client: createSesClient({ region: config.AWS_REGION, endpoint: config.SES_ENDPOINT }), from: EMAIL_FROM });
  }),
  logger,
  // A store's first domain is where its console is; stores without one have no link in the email.
  consoleUrl: (store) => (store.domains[0] ? `https://${store.domains[0]}/admin` : undefined),
});

export const handler = (event: SqsEvent) => consumeEventBatch(event, consumer.handle, logger);
