import * as v from 'valibot';
import type { Page, PageRequest } from '../shared/page';
import { NotFoundError } from '../shared/errors';
import { lazyAsync } from '../shared/lazy';
import type { GroupingWrites } from './grouping-writes';
import type { TenantContext } from '../tenants/tenant';
import type { Category, Collection } from './category';
import { breadcrumbs, treeOf, type TreeNode } from './category-tree';
import type { CategoryTree, GroupingRepository, GroupKind } from './grouping-repository';
import { shownCard, type ListingCard, type ShownCard } from './listing-card';
import type { MediaStore } from './media';
import { createPublicCatalogCache, type PublicCatalogCache } from './public-cache';
import type { ProductRepository } from './repository';
import type { GroupCards } from '../pricing/group-cards';
import type { PriceContext } from '../pricing/price-context';

export type GroupingDeps = {
  groupings: GroupingRepository;
  products: Pick<ProductRepository, 'get' | 'rankByRating'>;
  media: Pick<MediaStore, 'publicUrl'>;
  /** The visitors' cache the catalog uses: the tree and card pages are kept and dropped with it. */
  publicCache?: PublicCatalogCache;
  /** A member's cards at their group's prices (src/pricing/group-cards.ts); without them, cards show the currency's prices. */
  groupCards?: GroupCards;
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
  const cache = deps.publicCache ?? createPublicCatalogCache({ ttlMs: 0 });
  // A visitor's cards pass through; only a member's first card page loads the pricing (src/platform.ts builds it lazily).
  const forGroup: GroupCards = async (tenant, context, cards) =>
    context?.groupId === undefined || !deps.groupCards ? cards : deps.groupCards(tenant, context, cards);

  const notFound = (kind: GroupKind, id: string) => new NotFoundError(`No ${kind} ${id} in this store.`);

  /**
   * Brings a product's rows and counts, and its place under "Top rated", up to date; the visitors'
   * cache is dropped when anything changed.
   */
  async function sync(tenant: TenantContext, productId: string) {
    try {
      // Loaded by the first sync (a write's, or the listing consumer's): a visitor's read does not parse them.
      const [{ rankProductByRating }, { syncProductListings }] = await Promise.all([import('./rating-rank'), import('./listing-sync')]);
      await rankProductByRating(products, tenant, productId);
      return await syncProductListings(groupings, tenant, productId);
    } finally {
      cache.forget(tenant);
    }
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

  // The staff's changes load with the first one: a cold start that serves visitors does not parse them.
  const writes: GroupingWrites = lazyAsync(async () =>
    (await import('./grouping-writes')).createGroupingWrites(deps, { cache, sync, getCollection, notFound }),
  );

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

    /** A product's categories as staff see them (ones removed meanwhile are left out). */
    async productCategories(tenant: TenantContext, productId: string): Promise<string[]> {
      const [state, tree] = await Promise.all([groupings.listingState(tenant, productId), groupings.tree(tenant)]);
      if (!state.product) throw new NotFoundError(`No product ${productId} in this store.`);
      const known = new Set(tree.categories.map((c) => c.id));
      return state.memberships.filter((m) => m.kind === 'category' && !m.removed && known.has(m.groupId)).map((m) => m.groupId);
    },

    // Collections, as staff manage them.
    listCollections: (tenant: TenantContext) => groupings.collections(tenant),

    getCollection,

    createCategory: writes.createCategory,
    updateCategory: writes.updateCategory,
    removeCategory: writes.removeCategory,
    setProductCategories: writes.setProductCategories,
    createCollection: writes.createCollection,
    updateCollection: writes.updateCollection,
    setCollectionProducts: writes.setCollectionProducts,
    removeCollection: writes.removeCollection,

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
