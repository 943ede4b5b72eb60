/**
 * The reservation sweeper on AWS: an EventBridge schedule (rate(1 minute)) invokes this function,
 * which gives back the stock of every store's unpaid orders whose reservation ended
 * (src/orders/sweeper.ts), then applies every store's due scheduled price changes
 * (docs/pricing.md). Built once per container at module scope. It charges nothing, so its
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
import { createDynamoPriceChangeRepository } from '../adapters/dynamodb/price-change-repository';
import { createDynamoProductRepository } from '../adapters/dynamodb/product-repository';
import type { MediaStore } from '../catalog/media';
import { createCatalogService } from '../catalog/service';
import { createPriceScheduleService } from '../pricing/schedule-service';
import { applyDuePriceChanges } from '../pricing/schedule-sweeper';

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

// Scheduled price changes ride the same schedule (src/pricing/schedule-sweeper.ts): a price edit
// through the catalog, as the tenant role, like any other. It touches no image, so no media store.
const noMedia = new Proxy({} as MediaStore, {
  get: () => () => {
    throw new Error('the scheduled price job touches no media');
  },
});
const priceSchedule = createPriceScheduleService({
  changes: createDynamoPriceChangeRepository({ clients, tableName: config.TABLE_NAME, cursors }),
  catalog: createCatalogService({ products: createDynamoProductRepository({ clients, tableName: config.TABLE_NAME, cursors }), media: noMedia }),
});

export const handler = async () => {
  const result = await sweepReservations({ registry, expire: (tenant) => orders.expireReservations(tenant), logger });
  const prices = await applyDuePriceChanges({ registry, applyDue: (tenant) => priceSchedule.applyDue(tenant), logger });
  const summary = { ...result, failed: result.failed + prices.failed, prices };
  // Its message and `failed` (stores it could not sweep, price changes it could not apply) feed the alarm (stacks/monitoring.ts).
  logger.info(summary, SWEEP_LOG_MESSAGE);
  return summary;
};
