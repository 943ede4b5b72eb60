import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { PriceChangeSchema, type PriceChange } from '../../pricing/schedule';
import type { PriceChangeRepository } from '../../pricing/schedule-repository';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import type { CursorCodec } from './cursor';
import { isConditionFailure } from './errors';
import { priceChangeKeys } from './keys';
import { queryPage } from './query-page';

const parse = ({ PK: _pk, SK: _sk, GSI2PK: _gpk, GSI2SK: _gsk, type: _type, ...rest }: Record<string, unknown>): PriceChange =>
  v.parse(PriceChangeSchema, rest);

/** Scheduled price changes (`TENANT#<id>#PRICECHANGE#<changeId>`, due-ordered on GSI2): docs/pricing.md. */
export function createDynamoPriceChangeRepository(options: { clients: TenantClientProvider; tableName: string; cursors: CursorCodec }): PriceChangeRepository {
  const { clients, tableName: TableName, cursors } = options;
  return {
    async put(tenant: TenantContext, change: PriceChange) {
      const keys = priceChangeKeys(tenant);
      try {
        await (await clients(tenant)).send(
          new PutCommand({
            TableName,
            Item: { ...keys.change(change.id), ...keys.dueIndex(change.dueAt, change.id), type: 'price-change', ...change },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async get(tenant, id) {
      const result = await (await clients(tenant)).send(new GetCommand({ TableName, Key: priceChangeKeys(tenant).change(id), ConsistentRead: true }));
      return result.Item ? parse(result.Item) : undefined;
    },

    list: async (tenant, page) =>
      queryPage(await clients(tenant), cursors, { tableName: TableName, index: 'GSI2', shape: priceChangeKeys(tenant).listing }, page, parse),

    async due(tenant, now, limit) {
      const result = await (await clients(tenant)).send(
        new QueryCommand({
          TableName,
          IndexName: 'GSI2',
          // `~` sorts after every id character: every change due at or before `now`.
          KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :until',
          ExpressionAttributeValues: { ':pk': priceChangeKeys(tenant).due, ':until': `${now.toISOString()}#~` },
          Limit: limit,
        }),
      );
      return (result.Items ?? []).map(parse);
    },

    async remove(tenant, id) {
      try {
        await (await clients(tenant)).send(
          new DeleteCommand({ TableName, Key: priceChangeKeys(tenant).change(id), ConditionExpression: 'attribute_exists(PK)' }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
