import { BatchGetCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { GroupProductPricesSchema, type GroupProductPrices } from '../../groups/group';
import type { GroupPriceReader, ListPrice } from '../../pricing/price-context';
import { drainUnprocessed } from '../../shared/retry';
import type { TenantClientProvider } from './client';
import { customerGroupKeys } from './keys';

// The read side of customer groups' price lists, in a module of its own: every signed-in member's
// read needs it, so it is on the API's cold path; the lists' writes (group-price-repository.ts)
// load with the administration group.

/** A stored price list item as the domain reads it. */
export const parseGroupPrices = ({ PK: _pk, SK: _sk, type: _type, ...rest }: Record<string, unknown>): GroupProductPrices =>
  v.parse(GroupProductPricesSchema, rest);

/** BatchGetItem's most keys per call. */
export const BATCH_GET_LIMIT = 100;

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
        const entry = parseGroupPrices(item);
        prices.set(entry.productId, entry.prices);
      }
      return prices;
    },
  };
}
