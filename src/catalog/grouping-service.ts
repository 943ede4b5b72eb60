import * as v from 'valibot';
import type { Page, PageRequest } from '../shared/page';
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
import { breadcrumbs, nextPosition, placementProblem, treeOf, type PlacementProblem, type TreeNode } from './category-tree';
import { TreeChangedError, type CategoryTree, type GroupingRepository, type GroupKind } from './grouping-repository';
import { shownCard, type ListingCard, type ShownCard } from './listing-card';
import { syncProductListings } from './listing-sync';
import { rankProductByRating } from './rating-rank';
import type { MediaStore } from './media';
import { createPublicCatalogCache, type PublicCatalogCache } from './public-cache';
import type { ProductRepository } from './repository';
import { createGroupCards, type GroupCardDeps } from '../pricing/group-cards';
import type { PriceContext } from '../pricing/price-context';

export type GroupingDeps = {
  groupings: GroupingRepository;
  products: Pick<ProductRepository, 'get' | 'rankByRating'>;
  media: Pick<MediaStore, 'publicUrl'>;
  /** The visitors' cache the catalog uses: the tree and card pages are kept and dropped with it. */
  publicCache?: PublicCatalogCache;
  /** A member's cards at their group's prices (src/pricing/group-cards.ts); without them, cards show the currency's prices. */
  groupCards?: GroupCardDeps;
  now?: () => Date;
  newId?: () => string;
};

/** What visitors see of a category or collection. */
export const PublicGroupSchema = v.strictObject({
  id: v.string(),
  name: v.string(),
  slug: v.string(),
  description: v.string(),
  productCount: v.number(),
});
export type PublicGroup = v.InferOutput<typeof PublicGroupSchema>;
export type PublicCategoryNode = PublicGroup & { children: PublicCategoryNode[] };

export type GroupPage = {
  group: PublicGroup;
  /** Root → the category itself (a collection has none). */
  breadcrumbs: PublicGroup[];
  /** Its subcategories, in their order. */
  children: PublicGroup[];
  items: ShownCard[];
  nextCursor?: string | undefined;
  /** Only when DynamoDB is unavailable and the last good copy is served. */
  stale?: true;
};

const PLACEMENT_MESSAGES: Record<PlacementProblem, string> = {
  'unknown-parent': 'must be a category of this store',
  'own-descendant': 'must not be the category itself or one of its own subcategories',
  'too-deep': 'would make the tree deeper than 5 levels',
};

const publicGroup = ({ id, name, slug, description, productCount }: PublicGroup): PublicGroup => ({ id, name, slug, description, productCount });

function publicTree(nodes: TreeNode<Category>[]): PublicCategoryNode[] {
  return nodes.map((node) => ({ ...publicGroup(node), children: publicTree(node.children) }));
}

/** The tree's categories, parents before children, siblings in their order. */
function inTreeOrder(categories: Category[]): Category[] {
  const flat: Category[] = [];
  const walk = (nodes: TreeNode<Category>[]) => {
    for (const { children, ...category } of nodes) {
      flat.push(category);
      walk(children);
    }
  };
  walk(treeOf(categories));
  return flat;
}

export type GroupingService = ReturnType<typeof createGroupingService>;

/**
 * Categories (a tree per store) and collections (hand-ordered lists): the staff's changes, the
 * storefront's reads, and keeping every listing row and count exact (src/catalog/listing-sync.ts).
 */
export function createGroupingService(deps: GroupingDeps) {
  const { groupings, products, media } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const cache = deps.publicCache ?? createPublicCatalogCache({ ttlMs: 0 });
  const forGroup = createGroupCards(deps.groupCards ?? {});
  const treeRetry = { retryable: (e: unknown) => e instanceof TreeChangedError, attempts: 8 };

  const notFound = (kind: GroupKind, id: string) => new NotFoundError(`No ${kind} ${id} in this store.`);

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

  /**
   * Brings a product's rows and counts, and its place under "Top rated", up to date; the visitors'
   * cache is dropped when anything changed.
   */
  async function sync(tenant: TenantContext, productId: string) {
    try {
      await rankProductByRating(products, tenant, productId);
      return await syncProductListings(groupings, tenant, productId);
    } finally {
      cache.forget(tenant);
    }
  }

  async function syncAll(tenant: TenantContext, productIds: Iterable<string>) {
    for (const id of new Set(productIds)) await sync(tenant, id);
  }

  // While DynamoDB is unavailable the last good tree, collections and pages answer, as the catalog
  // does (docs/architecture.md, "Stale catalog"); a page says so with `stale: true`.
  const cachedTree = (tenant: TenantContext) =>
    cache.read<CategoryTree>(
      tenant,
      'categories',
      () => groupings.tree(tenant),
      (last) => last,
    );
  const cachedCollections = (tenant: TenantContext) =>
    cache.read<Collection[]>(
      tenant,
      'collections',
      () => groupings.collections(tenant),
      (last) => last,
    );

  // The cached cards hold every currency's listed price (`prices`): one entry serves each currency, shown in the shopper's.
  // A group's prices are applied to the shown copies afterwards, so the cached cards never hold one.
  async function cardsPage(
    tenant: TenantContext,
    kind: GroupKind,
    id: string,
    page: PageRequest,
    price?: PriceContext,
  ): Promise<Page<ShownCard> & { stale?: true }> {
    const cards = await cache.read<Page<ListingCard> & { stale?: true }>(
      tenant,
      `${kind}-cards:${id}:${page.limit}:${page.cursor ?? ''}`,
      () => groupings.cards(tenant, kind, id, page),
      (last) => ({ ...last, stale: true }),
    );
    return {
      items: await forGroup(
        tenant,
        price,
        cards.items.map((card) => shownCard(card, media.publicUrl, tenant.settings.currency, price?.currency)),
      ),
      nextCursor: cards.nextCursor,
      ...(cards.stale ? { stale: true as const } : {}),
    };
  }

  async function getCollection(tenant: TenantContext, id: string): Promise<Collection> {
    const collection = await groupings.getCollection(tenant, id);
    if (!collection) throw notFound('collection', id);
    return collection;
  }

  return {
    sync,

    // Categories, as staff manage them.
    async listCategories(tenant: TenantContext): Promise<Category[]> {
      return inTreeOrder((await groupings.tree(tenant)).categories);
    },

    async getCategory(tenant: TenantContext, id: string): Promise<Category & { breadcrumbs: PublicGroup[] }> {
      const { categories } = await groupings.tree(tenant);
      const category = categories.find((c) => c.id === id);
      if (!category) throw notFound('category', id);
      return { ...category, breadcrumbs: breadcrumbs(categories, id).map(publicGroup) };
    },

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

    /** A product's categories as staff see them (ones removed meanwhile are left out). */
    async productCategories(tenant: TenantContext, productId: string): Promise<string[]> {
      const [state, tree] = await Promise.all([groupings.listingState(tenant, productId), groupings.tree(tenant)]);
      if (!state.product) throw new NotFoundError(`No product ${productId} in this store.`);
      const known = new Set(tree.categories.map((c) => c.id));
      return state.memberships.filter((m) => m.kind === 'category' && !m.removed && known.has(m.groupId)).map((m) => m.groupId);
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

    // Collections, as staff manage them.
    listCollections: (tenant: TenantContext) => groupings.collections(tenant),

    getCollection,

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

    // What visitors read: the tree is one Query, kept like the catalog; a page is one Query more.
    async categoryTree(tenant: TenantContext): Promise<PublicCategoryNode[]> {
      return publicTree(treeOf((await cachedTree(tenant)).categories));
    },

    /** `price`: the shopper's context (src/pricing/currency-cookie.ts `priceContextOf`); the store's own currency by default. */
    async categoryPage(tenant: TenantContext, slug: string, page: PageRequest, price?: PriceContext): Promise<GroupPage> {
      const { categories } = await cachedTree(tenant);
      const category = categories.find((c) => c.slug === slug);
      if (!category) throw new NotFoundError(`No category ${slug} in this store.`);
      const children = categories
        .filter((c) => c.parentId === category.id)
        .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name))
        .map(publicGroup);
      return {
        group: publicGroup(category),
        breadcrumbs: breadcrumbs(categories, category.id).map(publicGroup),
        children,
        ...(await cardsPage(tenant, 'category', category.id, page, price)),
      };
    },

    async publicCollections(tenant: TenantContext): Promise<PublicGroup[]> {
      return (await cachedCollections(tenant)).map(publicGroup).sort((a, b) => a.name.localeCompare(b.name));
    },

    async collectionPage(tenant: TenantContext, slug: string, page: PageRequest, price?: PriceContext): Promise<GroupPage> {
      const collection = (await cachedCollections(tenant)).find((c) => c.slug === slug);
      if (!collection) throw new NotFoundError(`No collection ${slug} in this store.`);
      return { group: publicGroup(collection), breadcrumbs: [], children: [], ...(await cardsPage(tenant, 'collection', collection.id, page, price)) };
    },
  };
}
