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

/**
 * The inventory consumer wired to the table, for both of its hosts: the SQS Lambda
 * (src/entry/inventory-consumer.ts) and `npm start`'s local bus. The registry is read with the
 * platform's client; everything of a store (its products, users, notice records) with the
 * store's client, which on AWS is the tenant-scoped role's.
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
  // Restocks of wished variants: the BackInStock event and the wishers' emails (src/shopping/back-in-stock.ts).
  const backInStock = createBackInStock({
    ...shared,
    wishlists: createDynamoWishlistRepository({ clients, tableName }),
    ...(deps.storeUrl ? { storeUrl: deps.storeUrl } : {}),
  });
  return {
    /** Both consumers see every event; either failing makes it come back (each skips what it already sent). */
    async handle(event: DomainEvent) {
      const [low, back] = await Promise.allSettled([lowStock.handle(event), backInStock.handle(event)]);
      if (low.status === 'rejected') throw low.reason;
      if (back.status === 'rejected') throw back.reason;
      return low.value;
    },
  };
}
