/**
 * The listing consumer on AWS: an EventBridge rule puts every product event and `InventoryChanged`
 * on its queue; this function brings the product's rows on category and collection pages, and
 * their counts, and its "Top rated" sort key up to date (src/catalog/listing-consumer.ts), and answers with the messages that
 * failed so only those come back. Built once per container at module scope.
 */
import { createDocumentClient, sharedClientProvider } from '../adapters/dynamodb/client';
import { tenantScopedClientProvider } from '../adapters/aws/tenant-scoped-clients';
import { createCursorCodec, newCursorKey } from '../adapters/dynamodb/cursor';
import { createDynamoGroupingRepository } from '../adapters/dynamodb/grouping-repository';
import { createDynamoProductRepository } from '../adapters/dynamodb/product-repository';
import { createDynamoTenantRegistry } from '../adapters/dynamodb/tenant-registry';
import { consumeEventBatch, type SqsEvent } from '../adapters/sqs/event-batch';
import { createListingConsumer } from '../catalog/listing-consumer';
import { syncProductListings } from '../catalog/listing-sync';
import { rankProductByRating } from '../catalog/rating-rank';
import { loadConfig } from '../config';
import { createLogger } from '../shared/logger';

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, pretty: false, name: 'listing-consumer' });
const platformClient = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
// A store's products, memberships and rows are read and written as the API does: with the tenant
// role, confined to the store's keys by IAM. Only the registry is read with this function's role.
const clients = config.TENANT_ROLE_ARN
  ? tenantScopedClientProvider({ roleArn: config.TENANT_ROLE_ARN, region: config.AWS_REGION })
  : sharedClientProvider(platformClient);
// It pages nothing for anyone: its cursors never leave it.
const cursors = createCursorCodec(newCursorKey());
const groupings = createDynamoGroupingRepository({ clients, tableName: config.TABLE_NAME, cursors });
const products = createDynamoProductRepository({ clients, tableName: config.TABLE_NAME, cursors });
const consumer = createListingConsumer({
  registry: createDynamoTenantRegistry({ client: platformClient, tableName: config.TABLE_NAME, cursors }),
  // The product's place under "Top rated" first (its rating owns that key), then its rows.
  sync: async (tenant, productId) => {
    await rankProductByRating(products, tenant, productId);
    return syncProductListings(groupings, tenant, productId);
  },
});

export const handler = (event: SqsEvent) => consumeEventBatch(event, consumer.handle, logger);
