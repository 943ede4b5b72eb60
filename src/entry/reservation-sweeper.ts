/**
 * The reservation sweeper on AWS: an EventBridge schedule (rate(1 minute)) invokes this function,
 * which gives back the stock of every store's unpaid orders whose reservation ended
 * (src/orders/sweeper.ts). Built once per container at module scope. It charges nothing, so its
 * payment provider is never asked for more than a refund of an order that settled too late.
 */
import { createDocumentClient, sharedClientProvider } from '../adapters/dynamodb/client';
import { tenantScopedClientProvider } from '../adapters/aws/tenant-scoped-clients';
import { createCursorCodec, newCursorKey } from '../adapters/dynamodb/cursor';
import { createDynamoOrderRepository } from '../adapters/dynamodb/order-repository';
import { createDynamoTenantRegistry } from '../adapters/dynamodb/tenant-registry';
import { loadConfig } from '../config';
import { createOrderService } from '../orders/service';
import { sweepReservations } from '../orders/sweeper';
import { testPaymentProvider } from '../payments/test-provider';
import { createLogger } from '../shared/logger';
import { SWEEP_LOG_MESSAGE } from '../orders/sweeper';

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, pretty: false, name: 'reservation-sweeper' });
const platformClient = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
const clients = config.TENANT_ROLE_ARN
  ? tenantScopedClientProvider({ roleArn: config.TENANT_ROLE_ARN, region: config.AWS_REGION })
  : sharedClientProvider(platformClient);
const cursors = createCursorCodec(newCursorKey());
const registry = createDynamoTenantRegistry({ client: platformClient, tableName: config.TABLE_NAME, cursors });
const orders = createOrderService({
  orders: createDynamoOrderRepository({ clients, platformClient, tableName: config.TABLE_NAME, cursors }),
  // Expiring an order refunds nothing (it was never paid); the Stripe adapter replaces this with the API's (docs/payments.md).
  payments: testPaymentProvider({ webhookSecret: 'unused-by-the-sweeper' }),
});

export const handler = async () => {
  const result = await sweepReservations({ registry, expire: (tenant) => orders.expireReservations(tenant), logger });
  // Its message and `failed` feed the alarm on stores it could not sweep (stacks/monitoring.ts).
  logger.info(result, SWEEP_LOG_MESSAGE);
  return result;
};
