import {
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { ProductSchema, type Product } from '../../catalog/product';
import { StaleWriteError, type ProductRepository, type ProductVisibility } from '../../catalog/repository';
import { DomainEventSchema, type DomainEvent } from '../../events/event';
import type { OutboxStore } from '../../events/outbox';
import { InventoryEntrySchema, type InventoryEntry } from '../../inventory/inventory';
import { ConflictError } from '../../shared/errors';
import type { Page, PageRequest } from '../../shared/page';
import { tenantKeyPrefix, type TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { cancellationCodes, isTransactionConflict } from './errors';
import { tenantKeys } from './keys';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'type', 'expiresAt'];

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...item };
  for (const name of KEY_ATTRIBUTES) delete copy[name];
  return copy;
}

function productItem(tenant: TenantContext, product: Product) {
  const keys = tenantKeys(tenant);
  const listing = `${product.createdAt}#${product.id}`;
  return {
    ...keys.product(product.id),
    type: 'product',
    GSI1PK: keys.allProducts,
    GSI1SK: listing,
    // Sparse index: only active products are in the storefront listing.
    ...(product.status === 'active' ? { GSI2PK: keys.activeProducts, GSI2SK: listing } : {}),
    ...product,
  };
}

function outboxPuts(tableName: string, tenant: TenantContext, events: readonly DomainEvent[]): TransactItem[] {
  const keys = tenantKeys(tenant);
  return events.map((event) => ({
    Put: {
      TableName: tableName,
      Item: { ...keys.outbox(event.detail.occurredAt, event.detail.eventId), type: 'outbox', event },
    },
  }));
}

/**
 * Single-table DynamoDB storage for products, their SKU claims, inventory audit entries and the
 * outbox. Each public write is one TransactWriteItems call so events can never be written
 * without their change, or the change without its events.
 */
export function createDynamoProductRepository(options: { clients: TenantClientProvider; tableName: string }): ProductRepository & OutboxStore {
  const { clients, tableName } = options;

  async function transact(tenant: TenantContext, items: TransactItem[], onCancel: (codes: string[]) => Error | undefined) {
    const client = await clients(tenant);
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (isTransactionConflict(error)) throw new StaleWriteError('(transaction conflict)');
      const codes = cancellationCodes(error);
      const mapped = codes && onCancel(codes);
      if (mapped) throw mapped;
      throw error;
    }
  }

  const skuTaken = (sku: string) => new ConflictError(`SKU ${sku} is already used by another product in this store.`, { extra: { field: 'sku' } });

  async function queryPage<T>(
    tenant: TenantContext,
    query: { index?: 'GSI1' | 'GSI2'; partitionAttribute: string; partitionValue: string; sortPrefix?: string; newestFirst: boolean },
    page: PageRequest,
    parse: (item: Record<string, unknown>) => T,
  ): Promise<Page<T>> {
    const client = await clients(tenant);
    const startKey = decodeCursor(page.cursor, {
      partitionAttribute: query.partitionAttribute,
      partitionValue: query.partitionValue,
      tenantPrefix: tenantKeyPrefix(tenant),
    });
    const sortAttribute = query.index ? `${query.index}SK` : 'SK';
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        ...(query.index ? { IndexName: query.index } : {}),
        KeyConditionExpression: query.sortPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': query.partitionAttribute, ...(query.sortPrefix ? { '#sk': sortAttribute } : {}) },
        ExpressionAttributeValues: { ':pk': query.partitionValue, ...(query.sortPrefix ? { ':prefix': query.sortPrefix } : {}) },
        ScanIndexForward: !query.newestFirst,
        Limit: page.limit,
        ExclusiveStartKey: startKey,
      }),
    );
    return {
      items: (result.Items ?? []).map(parse),
      nextCursor: encodeCursor(result.LastEvaluatedKey),
    };
  }

  const parseProduct = (item: Record<string, unknown>) => v.parse(ProductSchema, stripKeys(item));

  return {
    async get(tenant, id) {
      const client = await clients(tenant);
      const result = await client.send(new GetCommand({ TableName: tableName, Key: tenantKeys(tenant).product(id), ConsistentRead: true }));
      return result.Item ? parseProduct(result.Item) : undefined;
    },

    list(tenant, visibility: ProductVisibility, page) {
      const keys = tenantKeys(tenant);
      const index = visibility === 'active' ? 'GSI2' : 'GSI1';
      return queryPage(
        tenant,
        { index, partitionAttribute: `${index}PK`, partitionValue: visibility === 'active' ? keys.activeProducts : keys.allProducts, newestFirst: true },
        page,
        parseProduct,
      );
    },

    async create(tenant, product, events) {
      const keys = tenantKeys(tenant);
      await transact(
        tenant,
        [
          { Put: { TableName: tableName, Item: productItem(tenant, product), ConditionExpression: 'attribute_not_exists(PK)' } },
          {
            Put: {
              TableName: tableName,
              Item: { ...keys.sku(product.sku), type: 'sku', productId: product.id },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...outboxPuts(tableName, tenant, events),
        ],
        (codes) => (codes[1] === 'ConditionalCheckFailed' ? skuTaken(product.sku) : undefined),
      );
    },

    async update(tenant, previous, next, events) {
      const keys = tenantKeys(tenant);
      const skuChanged = previous.sku.toUpperCase() !== next.sku.toUpperCase();
      await transact(
        tenant,
        [
          {
            Put: {
              TableName: tableName,
              Item: productItem(tenant, next),
              ConditionExpression: 'version = :read',
              ExpressionAttributeValues: { ':read': previous.version },
            },
          },
          ...(skuChanged
            ? [
                { Delete: { TableName: tableName, Key: keys.sku(previous.sku) } },
                {
                  Put: {
                    TableName: tableName,
                    Item: { ...keys.sku(next.sku), type: 'sku', productId: next.id },
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                },
              ]
            : []),
          ...outboxPuts(tableName, tenant, events),
        ],
        (codes) => {
          if (codes[0] === 'ConditionalCheckFailed') return new StaleWriteError(previous.id);
          if (skuChanged && codes[2] === 'ConditionalCheckFailed') return skuTaken(next.sku);
          return undefined;
        },
      );
    },

    async delete(tenant, previous, events) {
      const keys = tenantKeys(tenant);
      await transact(
        tenant,
        [
          {
            Delete: {
              TableName: tableName,
              Key: keys.product(previous.id),
              ConditionExpression: 'version = :read',
              ExpressionAttributeValues: { ':read': previous.version },
            },
          },
          { Delete: { TableName: tableName, Key: keys.sku(previous.sku) } },
          ...outboxPuts(tableName, tenant, events),
        ],
        (codes) => (codes[0] === 'ConditionalCheckFailed' ? new StaleWriteError(previous.id) : undefined),
      );
    },

    async recordStockChange(tenant, previous, next, entry, events) {
      const keys = tenantKeys(tenant);
      await transact(
        tenant,
        [
          {
            Update: {
              TableName: tableName,
              Key: keys.product(previous.id),
              // The version check is what makes the computed stock safe: no lost update, and a
              // stock we validated as non-negative is exactly the stock written.
              UpdateExpression: 'SET stock = :stock, version = :next, updatedAt = :at',
              ConditionExpression: 'version = :read AND stock = :previous',
              ExpressionAttributeValues: {
                ':stock': next.stock,
                ':next': next.version,
                ':at': next.updatedAt,
                ':read': previous.version,
                ':previous': previous.stock,
              },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: { ...keys.inventoryEntry(entry.productId, entry.occurredAt, entry.eventId), type: 'inventory', ...entry },
            },
          },
          ...outboxPuts(tableName, tenant, events),
        ],
        (codes) => (codes[0] === 'ConditionalCheckFailed' ? new StaleWriteError(previous.id) : undefined),
      );
    },

    history(tenant, productId, page) {
      const keys = tenantKeys(tenant);
      return queryPage<InventoryEntry>(
        tenant,
        { partitionAttribute: 'PK', partitionValue: keys.product(productId).PK, sortPrefix: 'INV#', newestFirst: true },
        page,
        (item) => v.parse(InventoryEntrySchema, stripKeys(item)),
      );
    },

    async pending(tenant, limit) {
      const client = await clients(tenant);
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': tenantKeys(tenant).outboxPartition },
          ConsistentRead: true,
          Limit: limit,
        }),
      );
      return (result.Items ?? []).map((item) => v.parse(DomainEventSchema, item.event));
    },

    async remove(tenant, events) {
      const client = await clients(tenant);
      const keys = tenantKeys(tenant);
      let requests = events.map((event) => ({ DeleteRequest: { Key: keys.outbox(event.detail.occurredAt, event.detail.eventId) } }));
      // BatchWrite takes 25 at a time and may hand some back unprocessed under throttling.
      for (let round = 0; requests.length > 0 && round < 5; round++) {
        const unprocessed: typeof requests = [];
        for (let i = 0; i < requests.length; i += 25) {
          const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests.slice(i, i + 25) } }));
          unprocessed.push(...((result.UnprocessedItems?.[tableName] ?? []) as typeof requests));
        }
        requests = unprocessed;
      }
    },
  };
}
