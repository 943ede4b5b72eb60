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
import {
  StaleGroupError,
  TreeChangedError,
  type CategoryTree,
  type GroupingRepository,
  type GroupKind,
  type Membership,
} from '../../catalog/grouping-repository';
import { ListingCardSchema, ratingKeyOf, type ListingCard } from '../../catalog/listing-card';
import { ProductSchema } from '../../catalog/product';
import { ConflictError } from '../../shared/errors';
import { IdempotencyInFlightError, type IdempotentCommit } from '../../shared/idempotency';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import type { CursorCodec } from './cursor';
import { cancellationCodes, isConditionFailure, isTransactionConflict } from './errors';
import { claimLost, idempotencyCompletion } from './idempotency-store';
import { groupingKeys, tenantKeys, tenantListings } from './keys';
import { queryPage } from './query-page';
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

const failed = (codes: string[], index: number) => codes[index] === 'ConditionalCheckFailed';
const onlyFailed = (codes: string[], index: number) => codes.every((code, i) => (i === index ? code === 'ConditionalCheckFailed' : code === 'None'));

/**
 * Categories, collections, memberships and listing rows in the single table (keys: groupingKeys in
 * keys.ts; docs/architecture.md, "Categories and collections"). Each change is one transaction.
 */
export function createDynamoGroupingRepository(options: { clients: TenantClientProvider; tableName: string; cursors: CursorCodec }): GroupingRepository {
  const { clients, tableName: TableName, cursors } = options;

  async function transact(tenant: TenantContext, items: TransactItem[], onCancel: (codes: string[]) => Error | undefined, commit?: IdempotentCommit) {
    const client = await clients(tenant);
    try {
      await client.send(new TransactWriteCommand({ TransactItems: commit ? [...items, idempotencyCompletion(TableName, commit)] : items }));
    } catch (error) {
      const codes = cancellationCodes(error);
      if (commit && codes && claimLost(codes)) throw new IdempotencyInFlightError(1);
      const mapped = codes && onCancel(codes);
      if (mapped) throw mapped;
      throw error;
    }
  }

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

  const slugTaken = (kind: GroupKind, slug: string) =>
    new ConflictError(`Another ${kind} of this store already has the slug ${slug}.`, { extra: { field: 'slug' } });

  /** Moves a slug claim when the slug changed: delete the old one, claim the new one. */
  const slugMove = (tenant: TenantContext, kind: GroupKind, id: string, from: string, to: string): TransactItem[] =>
    from === to
      ? []
      : [
          { Delete: { TableName, Key: groupingKeys(tenant).slug(kind, from) } },
          {
            Put: {
              TableName,
              Item: { ...groupingKeys(tenant).slug(kind, to), type: 'group-slug', groupId: id },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ];

  /** The tree's guard: every structural change moves its version on, so two cannot interleave (no cycle, exact count). */
  const treeStep = (tenant: TenantContext, tree: CategoryTree, count: number): TransactItem => ({
    Update: {
      TableName,
      Key: groupingKeys(tenant).categoryTree,
      UpdateExpression: 'SET #type = :type, version = :next, #count = :count',
      ConditionExpression: tree.version === 0 ? 'attribute_not_exists(PK)' : 'version = :read',
      ExpressionAttributeNames: { '#type': 'type', '#count': 'count' },
      ExpressionAttributeValues: {
        ':type': 'category-tree',
        ':next': tree.version + 1,
        ':count': count,
        ...(tree.version === 0 ? {} : { ':read': tree.version }),
      },
    },
  });

  const treeChanged = () => new TreeChangedError();

  return {
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

    async createCategory(tenant, category, tree, commit) {
      const keys = groupingKeys(tenant);
      await transact(
        tenant,
        [
          treeStep(tenant, tree, tree.categories.length + 1),
          { Put: { TableName, Item: { ...keys.category(category.id), type: 'category', ...category }, ConditionExpression: 'attribute_not_exists(PK)' } },
          {
            Put: {
              TableName,
              Item: { ...keys.slug('category', category.slug), type: 'group-slug', groupId: category.id },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
        (codes) => (failed(codes, 0) ? treeChanged() : failed(codes, 2) ? slugTaken('category', category.slug) : undefined),
        commit,
      );
    },

    async updateCategory(tenant, previous, next, tree) {
      const keys = groupingKeys(tenant);
      await transact(
        tenant,
        [
          {
            Update: {
              TableName,
              Key: keys.category(previous.id),
              // SET, never a Put: the count is the listing sync's to change.
              UpdateExpression:
                'SET #name = :name, slug = :slug, description = :description, parentId = :parentId, #position = :position, updatedAt = :at, version = :next',
              ConditionExpression: 'version = :read',
              ExpressionAttributeNames: { '#name': 'name', '#position': 'position' },
              ExpressionAttributeValues: {
                ':name': next.name,
                ':slug': next.slug,
                ':description': next.description,
                ':parentId': next.parentId,
                ':position': next.position,
                ':at': next.updatedAt,
                ':next': next.version,
                ':read': previous.version,
              },
            },
          },
          ...slugMove(tenant, 'category', previous.id, previous.slug, next.slug),
          ...(tree ? [treeStep(tenant, tree, tree.categories.length)] : []),
        ],
        (codes) => {
          if (failed(codes, 0)) return new StaleGroupError('category');
          if (previous.slug !== next.slug && failed(codes, 2)) return slugTaken('category', next.slug);
          return failed(codes, codes.length - 1) ? treeChanged() : undefined;
        },
      );
    },

    async deleteCategory(tenant, previous, tree) {
      const keys = groupingKeys(tenant);
      await transact(
        tenant,
        [
          {
            Delete: {
              TableName,
              Key: keys.category(previous.id),
              ConditionExpression: 'version = :read',
              ExpressionAttributeValues: { ':read': previous.version },
            },
          },
          treeStep(tenant, tree, tree.categories.length - 1),
          { Delete: { TableName, Key: keys.slug('category', previous.slug) } },
        ],
        (codes) => (failed(codes, 0) ? new StaleGroupError('category') : failed(codes, 1) ? treeChanged() : undefined),
      );
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

    async createCollection(tenant, collection, commit) {
      const keys = groupingKeys(tenant);
      await transact(
        tenant,
        [
          {
            Put: { TableName, Item: { ...keys.collection(collection.id), type: 'collection', ...collection }, ConditionExpression: 'attribute_not_exists(PK)' },
          },
          {
            Put: {
              TableName,
              Item: { ...keys.slug('collection', collection.slug), type: 'group-slug', groupId: collection.id },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
        (codes) => (failed(codes, 1) ? slugTaken('collection', collection.slug) : undefined),
        commit,
      );
    },

    async updateCollection(tenant, previous, next) {
      await transact(
        tenant,
        [
          {
            Update: {
              TableName,
              Key: groupingKeys(tenant).collection(previous.id),
              UpdateExpression: 'SET #name = :name, slug = :slug, description = :description, productIds = :ids, updatedAt = :at, version = :next',
              ConditionExpression: 'version = :read',
              ExpressionAttributeNames: { '#name': 'name' },
              ExpressionAttributeValues: {
                ':name': next.name,
                ':slug': next.slug,
                ':description': next.description,
                ':ids': next.productIds,
                ':at': next.updatedAt,
                ':next': next.version,
                ':read': previous.version,
              },
            },
          },
          ...slugMove(tenant, 'collection', previous.id, previous.slug, next.slug),
        ],
        (codes) => (failed(codes, 0) ? new StaleGroupError('collection') : failed(codes, 2) ? slugTaken('collection', next.slug) : undefined),
      );
    },

    async deleteCollection(tenant, previous) {
      const keys = groupingKeys(tenant);
      await transact(
        tenant,
        [
          {
            Delete: {
              TableName,
              Key: keys.collection(previous.id),
              ConditionExpression: 'version = :read',
              ExpressionAttributeValues: { ':read': previous.version },
            },
          },
          { Delete: { TableName, Key: keys.slug('collection', previous.slug) } },
        ],
        (codes) => (failed(codes, 0) ? new StaleGroupError('collection') : undefined),
      );
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
