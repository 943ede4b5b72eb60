/**
 * Storefront pages a catalog read does not render (docs/architecture.md, "Lazy route groups"):
 * the search results page. As in ./shopping.ts, each function stands for the route file of the
 * same name, whose module loads with the page's first request.
 */
import type { SearchService } from '../../search/service';
import type { StoreMenu } from '../../storefront/category-menu';
import type { PageAssets } from '../../storefront/layout';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantEnv } from '../env';
import { lazyRouteGroup } from '../lazy-handler';
import { everyone } from '../middleware/access';

export function searchPage(search: SearchService, assets: PageAssets, menu: (tenant: TenantContext) => Promise<StoreMenu>) {
  return lazyRouteGroup<TenantEnv>('search page', async () => (await import('../../storefront/search-page')).searchPage(search, assets, menu)).get(
    '/find',
    everyone,
  ).routes;
}
