import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { PlanLimitError } from '../../plans/errors';
import type { CountedResource, PlanLimits } from '../../plans/plans';
import type { TenantContext } from '../../tenants/tenant';
import type { PlanCounters, StoreTotals } from '../../plans/counters';
import type { TenantClientProvider } from './client';
import { isConditionFailure } from './errors';
import { tenantKeys } from './keys';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type { StoreTotals };

/**
 * The store's counts against its plan live on one item (`usageTotals`), changed inside the very
 * transaction that creates or deletes what they count. The increment carries the limit in its
 * condition, so two creations racing at limit−1 cannot both commit: DynamoDB serialises the
 * item, the second sees the first's count and cancels its whole transaction.
 *
 * Stores whose items predate the counters start at 0 (ADD on a missing attribute); a store may
 * then hold more than its counter says until a recount, never fewer.
 */
export function countUp(tableName: string, tenant: TenantContext, resource: CountedResource, limit: number, by = 1): TransactItem {
  return { Update: increment(tableName, tenant, resource, limit, by) };
}

/** A deletion's decrement: never refused (a store over its limit after a downgrade must be able to shrink). */
export function countDown(tableName: string, tenant: TenantContext, resource: CountedResource, by = 1): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: tenantKeys(tenant).usageTotals,
      UpdateExpression: 'ADD #n :minus SET #type = :type',
      ExpressionAttributeNames: { '#n': resource, '#type': 'type' },
      ExpressionAttributeValues: { ':minus': -by, ':type': 'usage-totals' },
    },
  };
}

function increment(tableName: string, tenant: TenantContext, resource: CountedResource, limit: number, by: number) {
  return {
    TableName: tableName,
    Key: tenantKeys(tenant).usageTotals,
    UpdateExpression: 'ADD #n :by SET #type = :type',
    // `#n <= limit − by`: after the ADD the count is at most the limit.
    ConditionExpression: 'attribute_not_exists(#n) OR #n <= :room',
    ExpressionAttributeNames: { '#n': resource, '#type': 'type' },
    ExpressionAttributeValues: { ':by': by, ':room': limit - by, ':type': 'usage-totals' },
  };
}

export async function readTotals(client: DynamoDBDocumentClient, tableName: string, tenant: TenantContext): Promise<StoreTotals> {
  const result = await client.send(new GetCommand({ TableName: tableName, Key: tenantKeys(tenant).usageTotals, ConsistentRead: true }));
  const item = result.Item ?? {};
  const n = (name: CountedResource) => Math.max(0, Number(item[name] ?? 0));
  return { products: n('products'), staff: n('staff'), storageBytes: n('storageBytes') };
}

/** The refusal of a creation whose counter increment was cancelled: what the store uses, read once. */
export async function planLimitError(client: DynamoDBDocumentClient, tableName: string, tenant: TenantContext, resource: CountedResource, limit: number) {
  const totals = await readTotals(client, tableName, tenant);
  return new PlanLimitError(resource, limit, totals[resource]);
}

/**
 * Outside a transaction (image bytes, whose size is known only once uploaded): reserve `by` under
 * the limit before the change, `release` it if the change then fails or is undone.
 */
export async function reserve(client: DynamoDBDocumentClient, tableName: string, tenant: TenantContext, resource: CountedResource, limit: number, by: number) {
  try {
    await client.send(new UpdateCommand(increment(tableName, tenant, resource, limit, by)));
  } catch (error) {
    if (isConditionFailure(error)) throw await planLimitError(client, tableName, tenant, resource, limit);
    throw error;
  }
}

export async function release(client: DynamoDBDocumentClient, tableName: string, tenant: TenantContext, resource: CountedResource, by: number) {
  await client.send(new UpdateCommand(countDown(tableName, tenant, resource, by).Update!));
}

/** Where in a cancelled transaction the counter item sat: its code says whether the plan refused it. */
export const refusedByPlan = (codes: readonly string[], index: number) => codes[index] === 'ConditionalCheckFailed';

/**
 * The product repository's one hook: the count item each product transaction carries. `created`
 * hands the write its counter item and turns a cancellation on it into `plan-limit` with the
 * store's exact count.
 */
export function productCounting(options: { clients: TenantClientProvider; tableName: string; limits: (tenant: TenantContext) => PlanLimits }) {
  const { clients, tableName, limits } = options;
  return {
    async created(
      tenant: TenantContext,
      write: (counter: { item: TransactItem; refused: (codes: string[], index: number) => Error | undefined }) => Promise<void>,
    ) {
      const limit = limits(tenant).products;
      try {
        await write({
          item: countUp(tableName, tenant, 'products', limit),
          refused: (codes, index) => (refusedByPlan(codes, index) ? new PlanLimitError('products', limit, limit) : undefined),
        });
      } catch (error) {
        if (error instanceof PlanLimitError) throw await planLimitError(await clients(tenant), tableName, tenant, 'products', limit);
        throw error;
      }
    },
    deleted: (tenant: TenantContext) => countDown(tableName, tenant, 'products'),
  };
}

/** The counters as the catalog and the usage page see them. */
export function createDynamoPlanCounters(options: {
  clients: TenantClientProvider;
  tableName: string;
  limits: (tenant: TenantContext) => PlanLimits;
}): PlanCounters {
  const { clients, tableName, limits } = options;
  return {
    totals: async (tenant) => readTotals(await clients(tenant), tableName, tenant),
    reserve: async (tenant, resource, by) => reserve(await clients(tenant), tableName, tenant, resource, limits(tenant)[resource], by),
    release: async (tenant, resource, by) => release(await clients(tenant), tableName, tenant, resource, by),
  };
}

/**
 * Sets a store's product and staff counts to what its items say (a Query of each listing, counts
 * only). For stores whose items predate the counters: run where nothing writes meanwhile (local
 * start-up, a maintenance script), since a creation between the count and the write is lost to it.
 */
export async function recountTotals(
  client: DynamoDBDocumentClient,
  tableName: string,
  tenant: TenantContext,
): Promise<Pick<StoreTotals, 'products' | 'staff'>> {
  const keys = tenantKeys(tenant);
  const count = async (partition: string, filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> }) => {
    let total = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ...(filter ? { FilterExpression: filter.expression, ExpressionAttributeNames: filter.names } : {}),
          ExpressionAttributeValues: { ':pk': partition, ...filter?.values },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      total += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return total;
  };
  const products = await count(keys.allProducts);
  const staff = await count(keys.userList, { expression: '#role <> :customer', names: { '#role': 'role' }, values: { ':customer': 'customer' } });
  await client.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.usageTotals,
      UpdateExpression: 'SET #products = :products, #staff = :staff, #type = :type',
      ExpressionAttributeNames: { '#products': 'products', '#staff': 'staff', '#type': 'type' },
      ExpressionAttributeValues: { ':products': products, ':staff': staff, ':type': 'usage-totals' },
    }),
  );
  return { products, staff };
}
