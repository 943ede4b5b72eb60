import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { StaleGroupError, TreeChangedError, type CategoryTree, type GroupingRepository, type GroupKind } from '../../catalog/grouping-repository';
import { ConflictError } from '../../shared/errors';
import { IdempotencyInFlightError, type IdempotentCommit } from '../../shared/idempotency';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import { cancellationCodes } from './errors';
import { claimLost, idempotencyCompletion } from './idempotency-store';
import { groupingKeys } from './keys';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const failed = (codes: string[], index: number) => codes[index] === 'ConditionalCheckFailed';

/** The staff's changes to categories and collections (./grouping-repository.ts), loaded by the first one. */
export type GroupingWrites = ReturnType<typeof createDynamoGroupingWrites>;

type Writes = Pick<GroupingRepository, 'createCategory' | 'updateCategory' | 'deleteCategory' | 'createCollection' | 'updateCollection' | 'deleteCollection'>;

/** Each change is one transaction (keys: groupingKeys in keys.ts; docs/architecture.md, "Categories and collections"). */
export function createDynamoGroupingWrites(options: { clients: TenantClientProvider; tableName: string }): Writes {
  const { clients, tableName: TableName } = options;

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
  };
}
