import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { DiscountSchema, MAX_DISCOUNTS, type Discount } from '../../discounts/discount';
import { DiscountCodeTakenError, StaleDiscountError } from '../../discounts/errors';
import type { DiscountRepository, DiscountUseMove, Usage } from '../../discounts/repository';
import { IdempotencyInFlightError, type IdempotentCommit } from '../../shared/idempotency';
import { drainUnprocessed } from '../../shared/retry';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import { cancellationCodes } from './errors';
import { claimLost, idempotencyCompletion } from './idempotency-store';
import { discountKeys } from './keys';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const KEY_ATTRIBUTES = new Set(['PK', 'SK', 'type']);
const parseDiscount = (item: Record<string, unknown>) =>
  v.parse(DiscountSchema, Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k))));

/**
 * An order's moves of discount counters as transaction items (docs/discounts.md, "Counting uses"):
 * placing checks the discount is unchanged and adds one to each counter only while it is under its
 * limit, so however many checkouts race, the last use goes to exactly one of them; giving back
 * subtracts one, unconditionally (the order's own version condition makes it happen once).
 */
export function discountUseItems(tableName: string, tenant: TenantContext, moves: readonly DiscountUseMove[]): TransactItem[] {
  const keys = discountKeys(tenant);
  const counter = (Key: Record<string, string>, delta: number, limit: number | null | undefined): TransactItem => ({
    Update: {
      TableName: tableName,
      Key,
      UpdateExpression: 'SET #type = :type ADD uses :delta',
      ExpressionAttributeNames: { '#type': 'type' },
      ...(delta > 0 && limit !== null && limit !== undefined
        ? {
            ConditionExpression: 'attribute_not_exists(uses) OR uses < :limit',
            ExpressionAttributeValues: { ':delta': delta, ':limit': limit, ':type': 'discount-uses' },
          }
        : { ExpressionAttributeValues: { ':delta': delta, ':type': 'discount-uses' } }),
    },
  });
  return moves.flatMap((move) => [
    ...(move.delta > 0
      ? [
          {
            ConditionCheck: {
              TableName: tableName,
              Key: keys.discount(move.discountId),
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: { ':version': move.version },
            },
          },
        ]
      : []),
    counter(keys.uses(move.discountId), move.delta, move.usageLimit),
    counter(keys.buyerUses(move.discountId, move.buyer), move.delta, move.perCustomerLimit),
  ]);
}

export function createDynamoDiscountRepository(options: { clients: TenantClientProvider; tableName: string }): DiscountRepository {
  const { clients, tableName } = options;

  async function transact(tenant: TenantContext, items: TransactItem[], onCancel: (codes: string[]) => Error | undefined, commit?: IdempotentCommit) {
    const client = await clients(tenant);
    try {
      await client.send(new TransactWriteCommand({ TransactItems: commit ? [...items, idempotencyCompletion(tableName, commit)] : items }));
    } catch (error) {
      const codes = cancellationCodes(error);
      if (commit && codes && claimLost(codes)) throw new IdempotencyInFlightError(1);
      const mapped = codes && onCancel(codes);
      if (mapped) throw mapped;
      throw error;
    }
  }
  const failed = (codes: string[], index: number) => codes[index] === 'ConditionalCheckFailed';
  const item = (tenant: TenantContext, d: Discount) => ({ ...discountKeys(tenant).discount(d.id), type: 'discount', ...d });
  const claim = (tenant: TenantContext, d: Discount): TransactItem[] =>
    d.code
      ? [
          {
            Put: {
              TableName: tableName,
              Item: { ...discountKeys(tenant).code(d.code), type: 'discount-code', discountId: d.id },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ]
      : [];
  const unclaim = (tenant: TenantContext, d: Discount): TransactItem[] =>
    d.code
      ? [
          {
            Delete: {
              TableName: tableName,
              Key: discountKeys(tenant).code(d.code),
              ConditionExpression: 'discountId = :id',
              ExpressionAttributeValues: { ':id': d.id },
            },
          },
        ]
      : [];

  return {
    async list(tenant) {
      const client = await clients(tenant);
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': discountKeys(tenant).discounts },
          ConsistentRead: true,
          Limit: MAX_DISCOUNTS,
        }),
      );
      return (result.Items ?? []).map(parseDiscount);
    },

    async get(tenant, id) {
      const client = await clients(tenant);
      const result = await client.send(new GetCommand({ TableName: tableName, Key: discountKeys(tenant).discount(id), ConsistentRead: true }));
      return result.Item ? parseDiscount(result.Item) : undefined;
    },

    async create(tenant, discount, commit) {
      await transact(
        tenant,
        [{ Put: { TableName: tableName, Item: item(tenant, discount), ConditionExpression: 'attribute_not_exists(PK)' } }, ...claim(tenant, discount)],
        (codes) => (discount.code && failed(codes, 1) ? new DiscountCodeTakenError(discount.code) : undefined),
        commit,
      );
    },

    async update(tenant, previous, next) {
      const moved = previous.code !== next.code;
      await transact(
        tenant,
        [
          {
            Put: {
              TableName: tableName,
              Item: item(tenant, next),
              ConditionExpression: 'version = :read',
              ExpressionAttributeValues: { ':read': previous.version },
            },
          },
          ...(moved ? [...claim(tenant, next), ...unclaim(tenant, previous)] : []),
        ],
        (codes) => {
          if (failed(codes, 0)) return new StaleDiscountError();
          if (moved && next.code && failed(codes, 1)) return new DiscountCodeTakenError(next.code);
          return undefined;
        },
      );
    },

    async remove(tenant, previous) {
      await transact(
        tenant,
        [
          {
            Delete: {
              TableName: tableName,
              Key: discountKeys(tenant).discount(previous.id),
              ConditionExpression: 'version = :read',
              ExpressionAttributeValues: { ':read': previous.version },
            },
          },
          ...unclaim(tenant, previous),
        ],
        (codes) => (failed(codes, 0) ? new StaleDiscountError() : undefined),
      );
    },

    async usage(tenant, ids, buyer) {
      const found = new Map<string, Usage>(ids.map((id) => [id, { total: 0, buyer: 0 }]));
      if (ids.length === 0) return found;
      const client = await clients(tenant);
      const keys = discountKeys(tenant);
      const wanted = ids.flatMap((id) => [keys.uses(id), ...(buyer ? [keys.buyerUses(id, buyer)] : [])]);
      type Request = NonNullable<ConstructorParameters<typeof BatchGetCommand>[0]['RequestItems']>;
      for (let from = 0; from < wanted.length; from += 100) {
        await drainUnprocessed<Request>(
          { [tableName]: { Keys: wanted.slice(from, from + 100), ConsistentRead: true } },
          async (request) => {
            const result = await client.send(new BatchGetCommand({ RequestItems: request }));
            for (const counter of result.Responses?.[tableName] ?? []) {
              const id = String(counter.PK).slice(String(counter.PK).lastIndexOf('DISCOUNT#') + 'DISCOUNT#'.length);
              const usage = found.get(id);
              if (!usage) continue;
              if (counter.SK === '#USES') usage.total = Number(counter.uses ?? 0);
              else usage.buyer = Number(counter.uses ?? 0);
            }
            const left = result.UnprocessedKeys?.[tableName];
            return left?.Keys?.length ? { [tableName]: left } : undefined;
          },
          { what: 'a read of discount counters' },
        );
      }
      return found;
    },
  };
}
