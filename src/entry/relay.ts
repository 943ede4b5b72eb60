/**
 * The outbox relay on AWS: a scheduled Lambda that re-sends events whose immediate publish
 * failed (or whose request died before publishing). Locally `npm start` runs the same relay.
 */
import { createDynamoProductRepository } from '../adapters/dynamodb/product-repository';
import { sharedClientProvider } from '../adapters/dynamodb/client';
import { createCursorCodec, newCursorKey } from '../adapters/dynamodb/cursor';
import { createDynamoTenantRegistry } from '../adapters/dynamodb/tenant-registry';
import { loadConfig } from '../config';
import { createEventDelivery } from '../events/delivery';
import { createLogger } from '../shared/logger';
import { allTenants } from '../tenants/all-tenants';
import { awsClients } from './aws';

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, pretty: false, name: 'outbox-relay' });
const { platformClient, publisher } = awsClients(config);
// The relay's only cursors page the store registry inside one run: a key of its own will do.
const cursors = createCursorCodec(newCursorKey());
const outbox = createDynamoProductRepository({ clients: sharedClientProvider(platformClient), tableName: config.TABLE_NAME, cursors });
const registry = createDynamoTenantRegistry({ client: platformClient, tableName: config.TABLE_NAME, cursors });
const delivery = createEventDelivery({ publisher, outbox, logger });

export async function handler() {
  const result = await delivery.relay(allTenants(registry));
  logger.info(result, 'outbox relay pass');
  return result;
}
