import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { ProductSchema, type Product } from '../../catalog/product';
import { StaleWriteError } from '../../catalog/repository';
import { OrderSchema, type Order } from '../../orders/order';
import type { OrderRepository, OrderWrite } from '../../orders/repository';
import type { PlannedStockWrite } from '../../orders/stock-moves';
import { IdempotencyInFlightError, type IdempotentCommit } from '../../shared/idempotency';
import { drainUnprocessed } from '../../shared/retry';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import type { CursorCodec } from './cursor';
import { counterUpdate } from './document-counters';
import { discountUseItems } from './discount-repository';
import { cancellationCodes, isTransactionConflict } from './errors';
import { claimLost, idempotencyCompletion } from './idempotency-store';
import { orderKeys, orderListings, paymentKeys, tenantKeys } from './keys';
import { outboxPuts } from './outbox-items';
import { inventoryItem } from './product-repository';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'GSI4PK', 'GSI4SK', 'type', 'searchText', 'expiresAt'];
const strip = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.includes(name)));
const parseOrder = (item: Record<string, unknown>) => v.parse(OrderSchema, strip(item));
const parseProduct = (item: Record<string, unknown>) => v.parse(ProductSchema, strip(item));

/** A filtered order list reads ahead at most this many items per request, then hands back a cursor. */
const MAX_EXAMINED = 1_000;

/** The order item: the order, its index keys, and the text staff search (number, email, name). */
export function orderItem(tenant: TenantContext, order: Order) {
  const keys = orderKeys(tenant);
  const listed = `${order.placedAt}#${order.id}`;
  return {
    ...keys.order(order.id),
    type: 'order',
    GSI1PK: keys.allOrders,
    GSI1SK: listed,
    // Sparse: only while unpaid stock is held, so the sweeper's Query finds nothing else.
    ...(order.reservedUntil !== null && order.status === 'placed' ? { GSI2PK: keys.reservations, GSI2SK: `${order.reservedUntil}#${order.id}` } : {}),
    ...(order.customerId ? { GSI3PK: keys.customerOrders(order.customerId), GSI3SK: listed } : {}),
    searchText: [order.id.toLowerCase(), order.email, order.shippingAddress.name.toLowerCase()].join(' '),
    ...order,
  };
}

/** One product's stock write (see PlannedStockWrite): exact new counts, conditioned on the counts read. */
function stockUpdate(tableName: string, tenant: TenantContext, plan: PlannedStockWrite): TransactItem {
  const names: Record<string, string> = { '#stock': 'stock' };
  const values: Record<string, unknown> = { ':version': plan.version };
  const sets: string[] = [];
  const conditions = ['version = :version'];
  plan.variants.forEach(({ variantId, read, next }, i) => {
    names[`#v${i}`] = variantId;
    values[`:n${i}`] = next;
    values[`:r${i}`] = read;
    sets.push(`#stock.#v${i} = :n${i}`);
    conditions.push(`#stock.#v${i} = :r${i}`);
  });
  if (plan.available) {
    sets.push('available = :available');
    values[':available'] = plan.available.value;
    values[':stockRead'] = plan.available.stockRead;
    conditions.push('#stock = :stockRead');
  }
  return {
    Update: {
      TableName: tableName,
      Key: tenantKeys(tenant).product(plan.productId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

export function createDynamoOrderRepository(options: {
  clients: TenantClientProvider;
  /** Payment pointers are platform records: the webhook has no store to act as. */
  platformClient: DynamoDBDocumentClient;
  tableName: string;
  cursors: CursorCodec;
}): OrderRepository {
  const { clients, tableName, cursors } = options;

  const writeItems = (tenant: TenantContext, write: OrderWrite): TransactItem[] => [
    ...write.stock.map((plan) => stockUpdate(tableName, tenant, plan)),
    ...write.entries.map((entry) => ({ Put: { TableName: tableName, Item: inventoryItem(tenant, entry) } })),
    ...outboxPuts(tableName, tenant, write.events),
    ...(write.counters ?? []).map((claim) => counterUpdate(tableName, tenant, claim)),
    ...discountUseItems(tableName, tenant, write.discountUses ?? []),
  ];

  async function transact(tenant: TenantContext, items: TransactItem[], commit?: IdempotentCommit) {
    const client = await clients(tenant);
    try {
      await client.send(new TransactWriteCommand({ TransactItems: commit ? [...items, idempotencyCompletion(tableName, commit)] : items }));
    } catch (error) {
      if (isTransactionConflict(error)) throw new StaleWriteError();
      const codes = cancellationCodes(error);
      if (commit && codes && claimLost(codes)) throw new IdempotencyInFlightError(1);
      // A product's counts or the order's version moved since they were read: read again.
      if (codes?.includes('ConditionalCheckFailed')) throw new StaleWriteError();
      throw error;
    }
  }

  async function filteredPage(tenant: TenantContext, filter: { status?: string | undefined; q?: string | undefined }, limit: number, cursor?: string) {
    const client = await clients(tenant);
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': orderKeys(tenant).allOrders };
    if (filter.status) {
      names['#status'] = 'status';
      values[':status'] = filter.status;
      filters.push('#status = :status');
    }
    if (filter.q) {
      values[':q'] = filter.q;
      filters.push('contains(searchText, :q)');
    }
    const shape = orderListings(tenant).all(`${filter.status ?? ''}|${filter.q ?? ''}`);
    let startKey: Record<string, unknown> | undefined = cursors.open(shape, cursor);
    const items: Record<string, unknown>[] = [];
    let examined = 0;
    let more = false;
    do {
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          // DynamoDB refuses an empty map of names.
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: filters.length ? Math.max(limit * 4, 50) : limit,
          ExclusiveStartKey: startKey,
        }),
      );
      examined += result.ScannedCount ?? 0;
      for (const item of result.Items ?? []) {
        if (items.length === limit) {
          more = true;
          break;
        }
        items.push(item);
      }
      startKey = result.LastEvaluatedKey;
    } while (!more && startKey && items.length < limit && examined < MAX_EXAMINED);
    const last = items.at(-1);
    const next = last && (more || startKey) ? { GSI1SK: last.GSI1SK } : undefined;
    return { items: items.map(parseOrder), nextCursor: cursors.seal(shape, next) };
  }

  return {
    async products(tenant, ids, readAhead) {
      const found = new Map<string, Product>();
      const unread: string[] = [];
      for (const id of new Set(ids)) {
        const ahead = readAhead?.take(tenant, { kind: 'product', id });
        if (!ahead) unread.push(id);
        else if (ahead.item) found.set(id, parseProduct(ahead.item));
      }
      if (unread.length === 0) return found;
      const client = await clients(tenant);
      const keys = tenantKeys(tenant);
      type Request = NonNullable<ConstructorParameters<typeof BatchGetCommand>[0]['RequestItems']>;
      await drainUnprocessed<Request>(
        { [tableName]: { Keys: unread.map((id) => keys.product(id)), ConsistentRead: true } },
        async (request) => {
          const result = await client.send(new BatchGetCommand({ RequestItems: request }));
          for (const item of result.Responses?.[tableName] ?? []) {
            const product = parseProduct(item);
            found.set(product.id, product);
          }
          const left = result.UnprocessedKeys?.[tableName];
          return left?.Keys?.length ? { [tableName]: left } : undefined;
        },
        { what: 'a checkout’s product read' },
      );
      return found;
    },

    async place(tenant, order, write, commit) {
      await transact(
        tenant,
        [
          { Put: { TableName: tableName, Item: orderItem(tenant, order), ConditionExpression: 'attribute_not_exists(PK)' } },
          {
            Put: {
              TableName: tableName,
              Item: { ...paymentKeys.payment(order.payment.id), type: 'payment', tenantId: tenant.id, orderId: order.id, provider: order.payment.provider },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...writeItems(tenant, write),
        ],
        commit,
      );
    },

    async get(tenant, orderId) {
      const client = await clients(tenant);
      const result = await client.send(new GetCommand({ TableName: tableName, Key: orderKeys(tenant).order(orderId), ConsistentRead: true }));
      return result.Item ? parseOrder(result.Item) : undefined;
    },

    async update(tenant, previous, next, write) {
      await transact(tenant, [
        {
          Put: {
            TableName: tableName,
            Item: orderItem(tenant, next),
            ConditionExpression: 'version = :read',
            ExpressionAttributeValues: { ':read': previous.version },
          },
        },
        ...writeItems(tenant, write),
      ]);
    },

    list: (tenant, filter, page) => filteredPage(tenant, filter, page.limit, page.cursor),

    async listForCustomer(tenant, userId, page) {
      const client = await clients(tenant);
      const shape = orderListings(tenant).customer(userId);
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI3',
          KeyConditionExpression: 'GSI3PK = :pk',
          ExpressionAttributeValues: { ':pk': shape.partition.value },
          ScanIndexForward: false,
          Limit: page.limit,
          ExclusiveStartKey: cursors.open(shape, page.cursor),
        }),
      );
      return { items: (result.Items ?? []).map(parseOrder), nextCursor: cursors.seal(shape, result.LastEvaluatedKey) };
    },

    async expiredReservations(tenant, now, limit) {
      const client = await clients(tenant);
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI2',
          // `~` sorts after every id character: every reservation that ended at or before `now`.
          KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :until',
          ExpressionAttributeValues: { ':pk': orderKeys(tenant).reservations, ':until': `${now.toISOString()}#~` },
          Limit: limit,
        }),
      );
      return (result.Items ?? []).map((item) => String(item.id));
    },

    async paymentOwner(paymentId) {
      const result = await options.platformClient.send(new GetCommand({ TableName: tableName, Key: paymentKeys.payment(paymentId), ConsistentRead: true }));
      if (!result.Item) return undefined;
      return { tenantId: String(result.Item.tenantId), orderId: String(result.Item.orderId) };
    },
  };
}
