/**
 * The outbox relay on AWS: a scheduled Lambda that re-sends events whose immediate publish
 * failed (or whose request died before publishing). Locally `npm start` runs the same relay.
 */
import { createDynamoProductRepository } from '../adapters/dynamodb/product-repository';
import { sharedClientProvider } from '../adapters/dynamodb/client';
import { createDynamoTenantRegistry } from '../adapters/dynamodb/tenant-registry';
import { loadConfig } from '../config';
import { createEventDelivery } from '../events/delivery';
import { createLogger } from '../shared/logger';
import { allTenants } from '../tenants/all-tenants';
import { awsClients } from './aws';

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, pretty: false, name: 'outbox-relay' });
const { platformClient, publisher } = awsClients(config);
const outbox = createDynamoProductRepository({ clients: sharedClientProvider(platformClient), tableName: config.TABLE_NAME });
const registry = createDynamoTenantRegistry({ client: platformClient, tableName: config.TABLE_NAME });
const delivery = createEventDelivery({ publisher, outbox, logger });

export async function handler() {
  const result = await delivery.relay(allTenants(registry));
  logger.info(result, 'outbox relay pass');
  return result;
}
