import type { Category } from '../catalog/category';
import type { GroupingRepository } from '../catalog/grouping-repository';
import type { Product } from '../catalog/product';
import type { ProductRepository } from '../catalog/repository';
import type { TenantContext } from '../tenants/tenant';

export type IndexedProduct = { product: Product; categoryIds: string[] };

/** What the index writer reads of a store's catalog. */
export interface SearchCatalog {
  /** The product as it is now (a consistent read) and the categories it is in; `product` undefined once deleted. */
  product(tenant: TenantContext, productId: string): Promise<{ product: Product | undefined; categoryIds: string[] }>;
  categories(tenant: TenantContext): Promise<Pick<Category, 'id' | 'slug' | 'name'>[]>;
  /** Every product of the store, a page at a time: for a (re)build. */
  everything(tenant: TenantContext): AsyncIterable<IndexedProduct>;
}

const PAGE = 100;

export function searchCatalog(deps: {
  products: Pick<ProductRepository, 'list'>;
  groupings: Pick<GroupingRepository, 'listingState' | 'tree' | 'members'>;
}): SearchCatalog {
  const { products, groupings } = deps;
  return {
    async product(tenant, productId) {
      const state = await groupings.listingState(tenant, productId);
      const categoryIds = state.memberships.filter((m) => m.kind === 'category' && !m.removed).map((m) => m.groupId);
      return { product: state.product, categoryIds };
    },
    async categories(tenant) {
      return (await groupings.tree(tenant)).categories;
    },
    async *everything(tenant) {
      // Memberships per category (a store has at most a few hundred), then the products page by page.
      const categoriesOf = new Map<string, string[]>();
      for (const category of (await groupings.tree(tenant)).categories) {
        for (const productId of await groupings.members(tenant, 'category', category.id)) {
          categoriesOf.set(productId, [...(categoriesOf.get(productId) ?? []), category.id]);
        }
      }
      let cursor: string | undefined;
      do {
        const page = await products.list(tenant, 'all', { limit: PAGE, cursor });
        for (const product of page.items) yield { product, categoryIds: categoriesOf.get(product.id) ?? [] };
        cursor = page.nextCursor;
      } while (cursor);
    },
  };
}
