import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import type { IdempotentWrite } from '../shared/idempotency';
import { retrying } from '../shared/retry';
import type { TenantContext } from '../tenants/tenant';
import {
  MAX_CATEGORIES,
  type Category,
  type CategoryCreate,
  type CategoryPatch,
  type Collection,
  type CollectionCreate,
  type CollectionPatch,
  type CollectionProducts,
} from './category';
import { nextPosition, placementProblem, type PlacementProblem } from './category-tree';
import { TreeChangedError, type CategoryTree, type GroupKind } from './grouping-repository';
import type { GroupingDeps } from './grouping-service';
import type { PublicCatalogCache } from './public-cache';

/**
 * The staff's changes to categories and collections: loaded by the first one
 * (src/catalog/grouping-service.ts), so a visitor's catalog read does not pay to parse them at a
 * cold start (docs/architecture.md, "Lazy route groups").
 */
export type GroupingWrites = ReturnType<typeof createGroupingWrites>;

/** What the service shares with its writes: the visitors' cache, a product's listing sync, a collection's read. */
export type GroupingShared = {
  cache: PublicCatalogCache;
  sync: (tenant: TenantContext, productId: string) => Promise<unknown>;
  getCollection: (tenant: TenantContext, id: string) => Promise<Collection>;
  notFound: (kind: GroupKind, id: string) => Error;
};

const PLACEMENT_MESSAGES: Record<PlacementProblem, string> = {
  'unknown-parent': 'must be a category of this store',
  'own-descendant': 'must not be the category itself or one of its own subcategories',
  'too-deep': 'would make the tree deeper than 5 levels',
};

export function createGroupingWrites(deps: GroupingDeps, { cache, sync, getCollection, notFound }: GroupingShared) {
  const { groupings, products } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const treeRetry = { retryable: (e: unknown) => e instanceof TreeChangedError, attempts: 8 };

  function placed(tree: CategoryTree, id: string | undefined, parentId: string | null) {
    const problem = placementProblem(tree.categories, id, parentId);
    if (problem) throw new ValidationError('The category cannot go there.', [{ path: 'parentId', message: PLACEMENT_MESSAGES[problem] }]);
  }

  async function existingProducts(tenant: TenantContext, ids: readonly string[]) {
    const missing: string[] = [];
    for (let i = 0; i < ids.length; i += 10) {
      const found = await Promise.all(ids.slice(i, i + 10).map((id) => products.get(tenant, id)));
      found.forEach((product, j) => {
        if (!product) missing.push(ids[i + j]!);
      });
    }
    if (missing.length) {
      throw new ValidationError(
        'Some products do not exist in this store.',
        missing.slice(0, 10).map((id) => ({ path: 'productIds', message: `no product ${id}` })),
      );
    }
  }

  async function syncAll(tenant: TenantContext, productIds: Iterable<string>) {
    for (const id of new Set(productIds)) await sync(tenant, id);
  }

  return {
    createCategory(tenant: TenantContext, input: CategoryCreate, idempotent?: IdempotentWrite<Category>): Promise<Category> {
      return retrying(async () => {
        const tree = await groupings.tree(tenant);
        if (tree.categories.length >= MAX_CATEGORIES) throw new ConflictError(`A store has at most ${MAX_CATEGORIES} categories.`);
        placed(tree, undefined, input.parentId);
        const at = now().toISOString();
        const category: Category = {
          id: newId(),
          name: input.name,
          slug: input.slug,
          description: input.description,
          parentId: input.parentId,
          position: input.position ?? nextPosition(tree.categories, input.parentId),
          productCount: 0,
          createdAt: at,
          updatedAt: at,
          version: 1,
        };
        await groupings.createCategory(tenant, category, tree, idempotent?.commit(category));
        idempotent?.committed();
        cache.forget(tenant);
        return category;
      }, treeRetry);
    },

    updateCategory(tenant: TenantContext, id: string, { version, ...patch }: CategoryPatch): Promise<Category> {
      return retrying(async () => {
        const tree = await groupings.tree(tenant);
        const previous = tree.categories.find((c) => c.id === id);
        if (!previous) throw notFound('category', id);
        if (previous.version !== version)
          throw new ConflictError('This category was changed since you read it; read it again.', { extra: { version: previous.version } });
        const parentId = patch.parentId === undefined ? previous.parentId : patch.parentId;
        const moved = parentId !== previous.parentId;
        if (moved) placed(tree, id, parentId);
        const next: Category = {
          ...previous,
          ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)),
          parentId,
          position: patch.position ?? (moved ? nextPosition(tree.categories, parentId) : previous.position),
          updatedAt: now().toISOString(),
          version: previous.version + 1,
        };
        const structural = moved || next.position !== previous.position;
        await groupings.updateCategory(tenant, previous, next, structural ? tree : undefined);
        cache.forget(tenant);
        return next;
      }, treeRetry);
    },

    /**
     * A category with subcategories is refused (409): the staff move or remove those first, so
     * nothing is rehomed behind their back. Its products leave it, rows and memberships alike.
     */
    async removeCategory(tenant: TenantContext, id: string): Promise<void> {
      const removed = await retrying(async () => {
        const tree = await groupings.tree(tenant);
        const previous = tree.categories.find((c) => c.id === id);
        if (!previous) throw notFound('category', id);
        if (tree.categories.some((c) => c.parentId === id)) {
          throw new ConflictError('This category has subcategories: move or remove them first.', { extra: { reason: 'has-children' } });
        }
        await groupings.deleteCategory(tenant, previous, tree);
        return previous;
      }, treeRetry);
      cache.forget(tenant);
      const members = await groupings.members(tenant, 'category', removed.id);
      for (const productId of members) await groupings.leave(tenant, 'category', removed.id, productId);
      await syncAll(tenant, members);
    },

    /** Puts the product in exactly these categories, then brings its rows and the counts up to date. */
    async setProductCategories(tenant: TenantContext, productId: string, categoryIds: readonly string[]): Promise<string[]> {
      const [state, tree] = await Promise.all([groupings.listingState(tenant, productId), groupings.tree(tenant)]);
      if (!state.product) throw new NotFoundError(`No product ${productId} in this store.`);
      const known = new Set(tree.categories.map((c) => c.id));
      const unknown = categoryIds.filter((c) => !known.has(c));
      if (unknown.length)
        throw new ValidationError(
          'Some categories do not exist in this store.',
          unknown.map((id) => ({ path: 'categoryIds', message: `no category ${id}` })),
        );
      const wanted = new Set(categoryIds);
      const current = state.memberships.filter((m) => m.kind === 'category');
      for (const id of wanted) {
        if (!current.some((m) => m.groupId === id && !m.removed)) await groupings.join(tenant, 'category', id, productId, 0);
      }
      for (const m of current) if (!wanted.has(m.groupId) && !m.removed) await groupings.leave(tenant, 'category', m.groupId, productId);
      await sync(tenant, productId);
      return [...wanted];
    },

    async createCollection(tenant: TenantContext, input: CollectionCreate, idempotent?: IdempotentWrite<Collection>): Promise<Collection> {
      await existingProducts(tenant, input.productIds);
      const at = now().toISOString();
      const collection: Collection = { id: newId(), ...input, productCount: 0, createdAt: at, updatedAt: at, version: 1 };
      await groupings.createCollection(tenant, collection, idempotent?.commit(collection));
      idempotent?.committed();
      for (const [position, productId] of collection.productIds.entries()) await groupings.join(tenant, 'collection', collection.id, productId, position);
      await syncAll(tenant, collection.productIds);
      cache.forget(tenant);
      return (await groupings.getCollection(tenant, collection.id)) ?? collection;
    },

    async updateCollection(tenant: TenantContext, id: string, { version, ...patch }: CollectionPatch): Promise<Collection> {
      const previous = await getCollection(tenant, id);
      if (previous.version !== version)
        throw new ConflictError('This collection was changed since you read it; read it again.', { extra: { version: previous.version } });
      const next: Collection = {
        ...previous,
        ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)),
        updatedAt: now().toISOString(),
        version: previous.version + 1,
      };
      await groupings.updateCollection(tenant, previous, next);
      cache.forget(tenant);
      return next;
    },

    /** The whole ordered list, or one product moved; rows move with their products' places. */
    async setCollectionProducts(tenant: TenantContext, id: string, change: CollectionProducts): Promise<Collection> {
      const previous = await getCollection(tenant, id);
      if (previous.version !== change.version)
        throw new ConflictError('This collection was changed since you read it; read it again.', { extra: { version: previous.version } });
      let productIds: string[];
      if ('move' in change) {
        const { productId, position } = change.move;
        if (!previous.productIds.includes(productId)) {
          throw new ValidationError('The product is not in this collection.', [{ path: 'move.productId', message: 'must be a product of the collection' }]);
        }
        productIds = previous.productIds.filter((p) => p !== productId);
        productIds.splice(Math.min(position, productIds.length), 0, productId);
      } else {
        productIds = change.productIds;
        await existingProducts(
          tenant,
          productIds.filter((p) => !previous.productIds.includes(p)),
        );
      }
      const next: Collection = { ...previous, productIds, updatedAt: now().toISOString(), version: previous.version + 1 };
      await groupings.updateCollection(tenant, previous, next);
      const changed: string[] = [];
      for (const [position, productId] of productIds.entries()) {
        if (previous.productIds[position] === productId) continue;
        await groupings.join(tenant, 'collection', id, productId, position);
        changed.push(productId);
      }
      for (const productId of previous.productIds) {
        if (productIds.includes(productId)) continue;
        await groupings.leave(tenant, 'collection', id, productId);
        changed.push(productId);
      }
      await syncAll(tenant, changed);
      cache.forget(tenant);
      return (await groupings.getCollection(tenant, id)) ?? next;
    },

    async removeCollection(tenant: TenantContext, id: string): Promise<void> {
      const previous = await getCollection(tenant, id);
      await groupings.deleteCollection(tenant, previous);
      cache.forget(tenant);
      const members = new Set([...previous.productIds, ...(await groupings.members(tenant, 'collection', id))]);
      for (const productId of members) await groupings.leave(tenant, 'collection', id, productId);
      await syncAll(tenant, members);
    },
  };
}
