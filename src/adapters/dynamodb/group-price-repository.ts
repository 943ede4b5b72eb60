import { BatchGetCommand, GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { GroupProductPricesSchema, type GroupProductPrices } from '../../groups/group';
import type { GroupPriceRepository } from '../../groups/repository';
import type { GroupPriceReader, ListPrice } from '../../pricing/price-context';
import { ConflictError, NotFoundError } from '../../shared/errors';
import { drainUnprocessed } from '../../shared/retry';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import type { CursorCodec } from './cursor';
import { cancellationCodes, isTransactionConflict } from './errors';
import { customerGroupKeys } from './keys';
import { outboxPuts } from './outbox-items';
import { queryPage } from './query-page';

const parse = ({ PK: _pk, SK: _sk, type: _type, ...rest }: Record<string, unknown>): GroupProductPrices => v.parse(GroupProductPricesSchema, rest);

/** BatchGetItem's most keys per call. */
export const BATCH_GET_LIMIT = 100;

/** Customer groups' price lists (`TENANT#<id>#PRICELIST#<groupId>#<currency>` / `PRODUCT#<productId>`): docs/pricing.md. */
export function createDynamoGroupPriceRepository(options: { clients: TenantClientProvider; tableName: string; cursors: CursorCodec }): GroupPriceRepository {
  const { clients, tableName: TableName, cursors } = options;

  async function write(tenant: TenantContext, items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>) {
    try {
      await (await clients(tenant)).send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes?.[0] === 'ConditionalCheckFailed') return false;
      if (isTransactionConflict(error)) throw new ConflictError('The price list changed meanwhile; try again.');
      throw error;
    }
  }

  return {
    async get(tenant, groupId, currency, productId) {
      const result = await (await clients(tenant)).send(
        new GetCommand({ TableName, Key: customerGroupKeys(tenant).productPrices(groupId, currency, productId), ConsistentRead: true }),
      );
      return result.Item ? parse(result.Item) : undefined;
    },

    list: async (tenant, groupId, currency, page) =>
      queryPage(await clients(tenant), cursors, { tableName: TableName, shape: customerGroupKeys(tenant).priceListing(groupId, currency) }, page, parse),

    async put(tenant, entry, previousVersion, events) {
      const keys = customerGroupKeys(tenant);
      const written = await write(tenant, [
        {
          // The group must still be there; it notes the currency so that deleting it finds this list.
          Update: {
            TableName,
            Key: keys.group(entry.groupId),
            UpdateExpression: 'ADD currencies :currency',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':currency': new Set([entry.currency]) },
          },
        },
        {
          Put: {
            TableName,
            Item: { ...keys.productPrices(entry.groupId, entry.currency, entry.productId), type: 'group-prices', ...entry },
            ConditionExpression: previousVersion === 0 ? 'attribute_not_exists(PK)' : 'version = :was',
            ...(previousVersion === 0 ? {} : { ExpressionAttributeValues: { ':was': previousVersion } }),
          },
        },
        ...outboxPuts(TableName, tenant, events),
      ]).catch((error: unknown) => {
        const codes = cancellationCodes(error);
        if (codes?.[1] === 'ConditionalCheckFailed') throw new ConflictError('The price list changed meanwhile; read it again.');
        throw error;
      });
      if (!written) throw new NotFoundError('No such customer group.');
    },

    async remove(tenant, entry, events) {
      return write(tenant, [
        {
          Delete: {
            TableName,
            Key: customerGroupKeys(tenant).productPrices(entry.groupId, entry.currency, entry.productId),
            ConditionExpression: 'version = :was',
            ExpressionAttributeValues: { ':was': entry.version },
          },
        },
        ...outboxPuts(TableName, tenant, events),
      ]);
    },
  };
}

type Keys = { PK: string; SK: string }[];
type Request = Record<string, { Keys: Keys }>;

async function batchGet(client: DynamoDBDocumentClient, tableName: string, keys: Keys): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  // BatchGetItem may hand keys back unprocessed (throttling): asked again for those only.
  await drainUnprocessed<Request>(
    { [tableName]: { Keys: keys } },
    async (request) => {
      const result = await client.send(new BatchGetCommand({ RequestItems: request }));
      found.push(...(result.Responses?.[tableName] ?? []));
      const left = result.UnprocessedKeys as Request | undefined;
      return left && Object.keys(left).length > 0 && (left[tableName]?.Keys.length ?? 0) > 0 ? left : undefined;
    },
    { what: 'a group’s prices' },
  );
  return found;
}

/**
 * The group prices the read paths apply (src/pricing/price-context.ts): one product is one
 * GetItem, several are BatchGetItem calls of up to 100 keys, in flight together. Eventually
 * consistent reads: an admin's price edit shows within a second, as the catalog's own edits do.
 */
export function createDynamoGroupPriceReader(options: { clients: TenantClientProvider; tableName: string }): GroupPriceReader {
  const { clients, tableName } = options;
  return {
    async pricesFor(tenant, groupId, currency, productIds) {
      const prices = new Map<string, Readonly<Record<string, ListPrice>>>();
      const wanted = [...new Set(productIds)];
      if (wanted.length === 0) return prices;
      const client = await clients(tenant);
      const keys = customerGroupKeys(tenant);
      let items: Record<string, unknown>[];
      if (wanted.length === 1) {
        const result = await client.send(new GetCommand({ TableName: tableName, Key: keys.productPrices(groupId, currency, wanted[0]!) }));
        items = result.Item ? [result.Item] : [];
      } else {
        const chunks: Keys[] = [];
        for (let i = 0; i < wanted.length; i += BATCH_GET_LIMIT)
          chunks.push(wanted.slice(i, i + BATCH_GET_LIMIT).map((productId) => keys.productPrices(groupId, currency, productId)));
        items = (await Promise.all(chunks.map((chunk) => batchGet(client, tableName, chunk)))).flat();
      }
      for (const item of items) {
        const entry = parse(item);
        prices.set(entry.productId, entry.prices);
      }
      return prices;
    },
  };
}
