/**
 * The search index writer on AWS (docs/architecture.md, "Search"): the consumer of the FIFO queue
 * whose message group is the store, so each store's index has one writer at a time. Each batch
 * brings the documents of its products up to date and saves each store's index once. It reads
 * products and writes the index with the tenant role, confined to the store's keys and prefix by
 * IAM; only the registry is read with this function's role. Built once per container.
 */
import { createDocumentClient, sharedClientProvider } from '../adapters/dynamodb/client';
import { tenantScopedClients } from '../adapters/aws/tenant-scoped-clients';
import { createCursorCodec, newCursorKey } from '../adapters/dynamodb/cursor';
import { createDynamoGroupingRepository } from '../adapters/dynamodb/grouping-repository';
import { createDynamoProductRepository } from '../adapters/dynamodb/product-repository';
import { createDynamoTenantRegistry } from '../adapters/dynamodb/tenant-registry';
import { createS3Client } from '../adapters/s3/media-store';
import { s3SearchIndexStore } from '../adapters/s3/search-index-store';
import type { SqsEvent } from '../adapters/sqs/event-batch';
import { consumeSearchBatch } from '../adapters/sqs/search-batch';
import { loadConfig } from '../config';
import { limitsOf } from '../plans/plans';
import { searchCatalog } from '../search/catalog-source';
import { createSearchIndexer } from '../search/indexer';
import { createLogger } from '../shared/logger';

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, pretty: false, name: 'search-indexer' });
const platformClient = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
const scoped = config.TENANT_ROLE_ARN ? tenantScopedClients({ roleArn: config.TENANT_ROLE_ARN, region: config.AWS_REGION }) : undefined;
const shared = { client: createS3Client({ region: config.AWS_REGION, endpoint: config.S3_ENDPOINT }) };
const clients = scoped?.dynamo ?? sharedClientProvider(platformClient);
// It pages only for itself: its cursors never leave it.
const cursors = createCursorCodec(newCursorKey());
const tableName = config.TABLE_NAME;
const indexer = createSearchIndexer({
  registry: createDynamoTenantRegistry({ client: platformClient, tableName, cursors }),
  store: s3SearchIndexStore({ clients: scoped?.s3 ?? (() => shared), bucket: config.MEDIA_BUCKET }),
  catalog: searchCatalog({
    products: createDynamoProductRepository({ clients, tableName, cursors, limits: (tenant) => limitsOf(tenant) }),
    groupings: createDynamoGroupingRepository({ clients, tableName, cursors }),
  }),
});

export const handler = (event: SqsEvent) => consumeSearchBatch(event, indexer.handleBatch, logger);
