import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from 'pino';
import type { TenantClientProvider } from '../adapters/dynamodb/client';
import { createCursorCodec, newCursorKey } from '../adapters/dynamodb/cursor';
import { createDynamoNoticeLog } from '../adapters/dynamodb/notice-log';
import { createDynamoProductRepository } from '../adapters/dynamodb/product-repository';
import { createDynamoTenantRegistry } from '../adapters/dynamodb/tenant-registry';
import { createDynamoUserDirectory } from '../adapters/dynamodb/user-directory';
import { createLowStockNotices } from '../inventory/low-stock-notices';
import type { EmailSender } from '../notifications/email';
import type { TenantRecord } from '../tenants/registry';
import type { DomainEvent } from '../events/event';
import { createBackInStock } from '../shopping/back-in-stock';
import { createDynamoWishlistRepository } from '../adapters/dynamodb/wishlist-repository';
import { createDynamoOrderRepository } from '../adapters/dynamodb/order-repository';
import { createDynamoOutboxOnce } from '../adapters/dynamodb/outbox-once';
import { createShopperEmails } from '../notifications/shopper-emails';
import { createOrderNotices } from '../orders/order-notices';

/**
 * The inventory consumer wired to the table, for both of its hosts: the SQS Lambda
 * (src/entry/inventory-consumer.ts) and `npm start`'s local bus. The registry is read with the
 * platform's client; everything of a store (its products, users, orders, notice records, the
 * outbox its `EmailSent` events go to) with the store's client, which on AWS is the
 * tenant-scoped role's. It takes inventory events (stock notices, back in stock) and order events
 * (the store's new-order email, the shopper's email for each step: docs/emails.md).
 */
export function stockNoticeConsumer(deps: {
  platformClient: DynamoDBDocumentClient;
  tenantClients: TenantClientProvider;
  tableName: string;
  sender: EmailSender;
  logger: Logger;
  consoleUrl?: (store: TenantRecord) => string | undefined;
  /** The store's address, for back-in-stock emails' links to the product. */
  storeUrl?: (store: TenantRecord) => string | undefined;
}) {
  const { platformClient, tenantClients: clients, tableName } = deps;
  // The consumer pages nothing for anyone: its cursors never leave it, any key will do.
  const cursors = createCursorCodec(newCursorKey());
  const shared = {
    registry: createDynamoTenantRegistry({ client: platformClient, tableName, cursors }),
    products: createDynamoProductRepository({ clients, tableName, cursors }),
    directory: createDynamoUserDirectory({ clients, tableName, cursors }),
    notices: createDynamoNoticeLog({ clients, tableName }),
    sender: deps.sender,
    logger: deps.logger,
  };
  const lowStock = createLowStockNotices({ ...shared, ...(deps.consoleUrl ? { consoleUrl: deps.consoleUrl } : {}) });
  const events = createDynamoOutboxOnce({ clients, tableName });
  // Restocks of wished variants: the BackInStock event and the wishers' emails (src/shopping/back-in-stock.ts).
  const backInStock = createBackInStock({
    ...shared,
    wishlists: createDynamoWishlistRepository({ clients, tableName }),
    events,
    ...(deps.storeUrl ? { storeUrl: deps.storeUrl } : {}),
  });
  const orderNotices = createOrderNotices({ ...shared, ...(deps.consoleUrl ? { consoleUrl: deps.consoleUrl } : {}) });
  const shopperEmails = createShopperEmails({
    ...shared,
    orders: createDynamoOrderRepository({ clients, platformClient, tableName, cursors }),
    events,
    storeUrl: deps.storeUrl,
  });
  return {
    /** Every consumer sees every event; any failing makes it come back (each skips what it already sent). */
    async handle(event: DomainEvent) {
      const [low, ...rest] = await Promise.allSettled([
        lowStock.handle(event),
        backInStock.handle(event),
        orderNotices.handle(event),
        shopperEmails.handle(event),
      ]);
      for (const settled of [low, ...rest]) if (settled.status === 'rejected') throw settled.reason;
      return (low as PromiseFulfilledResult<Awaited<ReturnType<typeof lowStock.handle>>>).value;
    },
  };
}
