import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { CategorySchema, CollectionSchema } from '../../catalog/category';
import type { GroupingRepository, Membership } from '../../catalog/grouping-repository';
import { ListingCardSchema, ratingKeyOf, type ListingCard } from '../../catalog/listing-card';
import { ProductSchema } from '../../catalog/product';
import type { TenantClientProvider } from './client';
import type { CursorCodec } from './cursor';
import { cancellationCodes, isConditionFailure, isTransactionConflict } from './errors';
import { groupingKeys, tenantKeys, tenantListings } from './keys';
import { queryPage } from './query-page';
import type { GroupingWrites } from './grouping-writes';
import { lazyAsync } from '../../shared/lazy';
import { productFromItem } from './rating-attributes';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'type'];
const strip = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.includes(k)));

const MembershipItemSchema = v.object({
  kind: v.picklist(['category', 'collection']),
  groupId: v.string(),
  productId: v.string(),
  position: v.number(),
  removed: v.boolean(),
  rowSort: v.optional(v.string()),
  rowVersion: v.optional(v.number()),
  rowRating: v.optional(v.string()),
});

function membershipOf(item: Record<string, unknown>): Membership {
  const m = v.parse(MembershipItemSchema, item);
  return {
    kind: m.kind,
    groupId: m.groupId,
    productId: m.productId,
    position: m.position,
    removed: m.removed,
    row: m.rowSort === undefined ? null : { sort: m.rowSort, productVersion: m.rowVersion ?? 0, ...(m.rowRating === undefined ? {} : { rating: m.rowRating }) },
  };
}

const onlyFailed = (codes: string[], index: number) => codes.every((code, i) => (i === index ? code === 'ConditionalCheckFailed' : code === 'None'));

/**
 * Categories, collections, memberships and listing rows in the single table (keys: groupingKeys in
 * keys.ts; docs/architecture.md, "Categories and collections"). Each change is one transaction.
 */
export function createDynamoGroupingRepository(options: { clients: TenantClientProvider; tableName: string; cursors: CursorCodec }): GroupingRepository {
  const { clients, tableName: TableName, cursors } = options;

  async function queryAll(client: DynamoDBDocumentClient, input: QueryCommandInput) {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  // The staff's changes load with the first one: a visitor's read does not parse them at a cold start.
  const writes: GroupingWrites = lazyAsync(async () => (await import('./grouping-writes')).createDynamoGroupingWrites(options));

  return {
    createCategory: writes.createCategory,
    updateCategory: writes.updateCategory,
    deleteCategory: writes.deleteCategory,
    createCollection: writes.createCollection,
    updateCollection: writes.updateCollection,
    deleteCollection: writes.deleteCollection,

    async tree(tenant) {
      const client = await clients(tenant);
      const items = await queryAll(client, {
        TableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': groupingKeys(tenant).categories },
        ConsistentRead: true,
      });
      const guard = items.find((i) => i.SK === '#TREE');
      return {
        version: typeof guard?.version === 'number' ? guard.version : 0,
        categories: items.filter((i) => i.type === 'category').map((i) => v.parse(CategorySchema, strip(i))),
      };
    },

    async collections(tenant) {
      const items = await queryAll(await clients(tenant), {
        TableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': groupingKeys(tenant).collections },
        ConsistentRead: true,
      });
      return items.map((i) => v.parse(CollectionSchema, strip(i)));
    },

    async getCollection(tenant, id) {
      const client = await clients(tenant);
      const { Item } = await client.send(new GetCommand({ TableName, Key: groupingKeys(tenant).collection(id), ConsistentRead: true }));
      return Item ? v.parse(CollectionSchema, strip(Item)) : undefined;
    },

    async members(tenant, kind, groupId) {
      const items = await queryAll(await clients(tenant), {
        TableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': groupingKeys(tenant).members(kind, groupId) },
      });
      return items.map((i) => String(i.productId));
    },

    async cards(tenant, kind, groupId, page) {
      return queryPage(await clients(tenant), cursors, { tableName: TableName, shape: tenantListings(tenant).groupCards(kind, groupId) }, page, (item) =>
        v.parse(ListingCardSchema, item.card),
      );
    },

    async listingState(tenant, productId) {
      const range = groupingKeys(tenant).listingState(productId);
      const items = await queryAll(await clients(tenant), {
        TableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': range.PK, ':from': range.from, ':to': range.to },
        ConsistentRead: true,
      });
      const product = items.find((i) => i.SK === tenantKeys(tenant).product(productId).SK);
      return {
        product: product ? v.parse(ProductSchema, productFromItem(product)) : undefined,
        memberships: items.filter((i) => i.type === 'membership').map(membershipOf),
      };
    },

    async join(tenant, kind, groupId, productId, position) {
      const keys = groupingKeys(tenant);
      const client = await clients(tenant);
      await client.send(
        new UpdateCommand({
          TableName,
          Key: keys.membership(kind, groupId, productId),
          UpdateExpression:
            'SET #type = :type, kind = :kind, groupId = :group, productId = :product, #position = :position, removed = :false, GSI1PK = :members, GSI1SK = :order',
          ExpressionAttributeNames: { '#type': 'type', '#position': 'position' },
          ExpressionAttributeValues: {
            ':type': 'membership',
            ':kind': kind,
            ':group': groupId,
            ':product': productId,
            ':position': position,
            ':false': false,
            ':members': keys.members(kind, groupId),
            ':order': `${String(position).padStart(5, '0')}#${productId}`,
          },
        }),
      );
    },

    async leave(tenant, kind, groupId, productId) {
      const client = await clients(tenant);
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: groupingKeys(tenant).membership(kind, groupId, productId),
            UpdateExpression: 'SET removed = :true',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':true': true },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async apply(tenant, step) {
      const keys = groupingKeys(tenant);
      const m = step.membership;
      const membershipKey = keys.membership(m.kind, m.groupId, m.productId);
      const rowKey = (sort: string) => ({ PK: keys.rows(m.kind, m.groupId), SK: sort });
      const rowItem = (sort: string, s: { card: unknown; productVersion: number }) => ({
        ...rowKey(sort),
        type: 'listing-row',
        productId: m.productId,
        card: s.card,
        productVersion: s.productVersion,
      });
      // The product is still as the card was made from it (`cardRevision`: its version and availability).
      // And its rating is still the card's: reviews move it without the version (docs/reviews.md).
      const productStill = (revision: number, card: ListingCard): TransactItem => {
        const rating = card.rating ?? { count: 0, total: 0 };
        return {
          ConditionCheck: {
            TableName,
            Key: tenantKeys(tenant).product(m.productId),
            ConditionExpression: `version = :v AND available = :available AND #status = :active AND ${
              rating.count === 0 ? '(attribute_not_exists(ratingCount) OR ratingCount = :rc)' : 'ratingCount = :rc AND ratingTotal = :rt'
            }`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':v': Math.floor(revision / 2),
              ':available': revision % 2 === 1,
              ':active': 'active',
              ':rc': rating.count,
              ...(rating.count === 0 ? {} : { ':rt': rating.total }),
            },
          },
        };
      };
      const count = (delta: number): TransactItem => ({
        Update: {
          TableName,
          Key: keys.group(m.kind, m.groupId),
          UpdateExpression: 'ADD productCount :delta',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':delta': delta },
        },
      });
      const groupStill: TransactItem = { ConditionCheck: { TableName, Key: keys.group(m.kind, m.groupId), ConditionExpression: 'attribute_exists(PK)' } };
      const run = async (items: TransactItem[]) => {
        try {
          await (await clients(tenant)).send(new TransactWriteCommand({ TransactItems: items }));
          return 'applied' as const;
        } catch (error) {
          const codes = cancellationCodes(error);
          if (isTransactionConflict(error)) return 'raced' as const;
          if (!codes) throw error;
          return codes;
        }
      };
      // A card's write whose last item guards the group (its count, or that it exists): when only
      // that item failed, the group is gone; anything else failing means the product or row moved.
      const runForGroup = async (items: TransactItem[]) => {
        const outcome = await run(items);
        if (typeof outcome === 'string') return outcome;
        return onlyFailed(outcome, items.length - 1) ? ('group-gone' as const) : ('raced' as const);
      };
      const updateMembership = (update: Omit<NonNullable<TransactItem['Update']>, 'TableName' | 'Key'>): TransactItem => ({
        Update: { TableName, Key: membershipKey, ...update },
      });

      switch (step.op) {
        case 'add': {
          return runForGroup([
            productStill(step.productVersion, step.card),
            updateMembership({
              UpdateExpression: 'SET rowSort = :sort, rowVersion = :v, rowRating = :r',
              ConditionExpression: 'attribute_exists(PK) AND removed = :false AND #position = :position AND attribute_not_exists(rowSort)',
              ExpressionAttributeNames: { '#position': 'position' },
              ExpressionAttributeValues: {
                ':sort': step.sort,
                ':v': step.productVersion,
                ':r': ratingKeyOf(step.card.rating),
                ':false': false,
                ':position': m.position,
              },
            }),
            { Put: { TableName, Item: rowItem(step.sort, step), ConditionExpression: 'attribute_not_exists(PK)' } },
            count(1),
          ]);
        }
        case 'move': {
          return runForGroup([
            productStill(step.productVersion, step.card),
            updateMembership({
              UpdateExpression: 'SET rowSort = :sort, rowVersion = :v, rowRating = :r',
              ConditionExpression: 'rowSort = :old AND removed = :false AND #position = :position',
              ExpressionAttributeNames: { '#position': 'position' },
              ExpressionAttributeValues: {
                ':sort': step.sort,
                ':old': m.row!.sort,
                ':v': step.productVersion,
                ':r': ratingKeyOf(step.card.rating),
                ':false': false,
                ':position': m.position,
              },
            }),
            { Delete: { TableName, Key: rowKey(m.row!.sort), ConditionExpression: 'attribute_exists(PK)' } },
            { Put: { TableName, Item: rowItem(step.sort, step), ConditionExpression: 'attribute_not_exists(PK)' } },
            groupStill,
          ]);
        }
        case 'refresh': {
          return runForGroup([
            productStill(step.productVersion, step.card),
            updateMembership({
              UpdateExpression: 'SET rowVersion = :v, rowRating = :r',
              ConditionExpression: 'rowSort = :sort',
              ExpressionAttributeValues: { ':sort': m.row!.sort, ':v': step.productVersion, ':r': ratingKeyOf(step.card.rating) },
            }),
            { Put: { TableName, Item: rowItem(m.row!.sort, step), ConditionExpression: 'attribute_exists(PK)' } },
            groupStill,
          ]);
        }
        case 'remove': {
          const sort = m.row!.sort;
          const membership: TransactItem = step.dropMembership
            ? { Delete: { TableName, Key: membershipKey, ConditionExpression: 'rowSort = :sort', ExpressionAttributeValues: { ':sort': sort } } }
            : updateMembership({
                UpdateExpression: 'REMOVE rowSort, rowVersion, rowRating',
                ConditionExpression: 'rowSort = :sort',
                ExpressionAttributeValues: { ':sort': sort },
              });
          const row: TransactItem = { Delete: { TableName, Key: rowKey(sort), ConditionExpression: 'attribute_exists(PK)' } };
          const outcome = await run([membership, row, count(-1)]);
          if (typeof outcome === 'string') return outcome;
          if (!onlyFailed(outcome, 2)) return 'raced';
          // The group is gone, and with it what its rows counted: the row goes uncounted.
          const again = await run([membership, row]);
          return typeof again === 'string' ? again : 'raced';
        }
        case 'drop': {
          const outcome = await run([{ Delete: { TableName, Key: membershipKey, ConditionExpression: 'attribute_not_exists(rowSort)' } }]);
          return typeof outcome === 'string' ? outcome : 'raced';
        }
      }
    },
  };
}
