/**
 * The administration route group (docs/architecture.md, "Lazy route groups"): the platform's store
 * list, plans, usage reports, custom domains, closing stores, scheduled prices, catalog import and
 * export, stock levels, customer groups, the staff's side of products, categories and collections.
 * As in ./shopping.ts, each function stands for the route file of the same name: its
 * routes are registered here at start-up with what runs before their handlers, and the file loads
 * with the group's first request. A route added to one of those files gets its line here.
 */
import type { MiddlewareHandler } from 'hono';
import type { CatalogService } from '../../catalog/service';
import type { GroupingService } from '../../catalog/grouping-service';
import type { TransferService } from '../../catalog/transfer/service';
import type { CustomerGroupService } from '../../groups/service';
import type { InventoryService } from '../../inventory/service';
import type { PlanService } from '../../plans/service';
import type { PriceScheduleService } from '../../pricing/schedule-service';
import type { CustomDomainService } from '../../tenants/custom-domains/service';
import type { OffboardingService } from '../../tenants/offboarding/service';
import type { OnboardingService } from '../../tenants/onboarding';
import type { StoreUsageReader } from '../../tenants/store-list';
import type { UsageService } from '../../usage/service';
import type { AppEnv, TenantEnv } from '../env';
import { lazyRouteGroup } from '../lazy-handler';
import { allow } from '../middleware/access';
import { productAt, readsAhead } from '../middleware/read-ahead';

export function operatorRoutes(onboarding: OnboardingService, idempotent: MiddlewareHandler<AppEnv>, usage?: StoreUsageReader) {
  return lazyRouteGroup<AppEnv>('operator stores', async () => (await import('../../tenants/routes')).operatorRoutes(onboarding, idempotent, usage))
    .get('/platform/tenants', allow('operator'))
    .post('/platform/tenants', allow('operator'), idempotent)
    .get('/platform/tenants/:slug', allow('operator'))
    .post('/platform/tenants/:slug/suspend', allow('operator'), idempotent)
    .post('/platform/tenants/:slug/resume', allow('operator'), idempotent).routes;
}

export function operatorOffboardingRoutes(offboarding: OffboardingService, idempotent: MiddlewareHandler<AppEnv>) {
  return lazyRouteGroup<AppEnv>('operator offboarding', async () =>
    (await import('../../tenants/offboarding/routes')).operatorOffboardingRoutes(offboarding, idempotent),
  )
    .get('/platform/tenants/:slug/offboarding', allow('operator'))
    .post('/platform/tenants/:slug/offboard', allow('operator'), idempotent)
    .post('/platform/tenants/:slug/restore', allow('operator'), idempotent).routes;
}

export function storeOffboardingRoutes(offboarding: OffboardingService, idempotent: MiddlewareHandler<TenantEnv>) {
  return lazyRouteGroup<TenantEnv>('store offboarding', async () =>
    (await import('../../tenants/offboarding/routes')).storeOffboardingRoutes(offboarding, idempotent),
  )
    .get('/admin/offboarding', allow('admin'))
    .post('/admin/offboarding', allow('admin'), idempotent)
    .post('/admin/offboarding/restore', allow('admin'), idempotent).routes;
}

export function storePlanRoutes(plans: PlanService) {
  return lazyRouteGroup<TenantEnv>('store plan', async () => (await import('../../plans/routes')).storePlanRoutes(plans))
    .get('/admin/plan', allow('admin'))
    .put('/admin/plan', allow('admin')).routes;
}

export function operatorPlanRoutes(plans: PlanService) {
  return lazyRouteGroup<AppEnv>('operator plans', async () => (await import('../../plans/routes')).operatorPlanRoutes(plans))
    .get('/platform/tenants/:slug/plan', allow('operator'))
    .put('/platform/tenants/:slug/plan', allow('operator')).routes;
}

export function storeUsageRoutes(usage: UsageService) {
  return lazyRouteGroup<TenantEnv>('store usage', async () => (await import('../../usage/routes')).storeUsageRoutes(usage))
    .get('/admin/usage', allow('admin'))
    .get('/admin/usage.csv', allow('admin')).routes;
}

export function platformUsageRoutes(usage: UsageService) {
  return lazyRouteGroup<AppEnv>('platform usage', async () => (await import('../../usage/routes')).platformUsageRoutes(usage))
    .get('/platform/usage', allow('operator'))
    .get('/platform/usage.csv', allow('operator')).routes;
}

export function customDomainRoutes(domains: CustomDomainService, idempotent: MiddlewareHandler<TenantEnv>) {
  return lazyRouteGroup<TenantEnv>('custom domains', async () => (await import('../../tenants/custom-domains/routes')).customDomainRoutes(domains, idempotent))
    .get('/admin/domains', allow('admin'))
    .post('/admin/domains', allow('admin'), idempotent)
    .post('/admin/domains/:domain/verify', allow('admin'), idempotent)
    .delete('/admin/domains/:domain', allow('admin')).routes;
}

export function pricingRoutes(schedule: PriceScheduleService, idempotent: MiddlewareHandler<TenantEnv>, catalog: CatalogService) {
  return lazyRouteGroup<TenantEnv>('price changes', async () => (await import('../../pricing/routes')).pricingRoutes(schedule, idempotent, catalog))
    .put('/admin/products/:id/prices/:currency', allow('admin'))
    .get('/admin/price-changes', allow('admin'))
    .post('/admin/price-changes', allow('admin'), idempotent)
    .delete('/admin/price-changes/:changeId', allow('admin')).routes;
}

export function transferRoutes(transfer: TransferService, idempotent: MiddlewareHandler<TenantEnv>) {
  return lazyRouteGroup<TenantEnv>('import and export', async () => (await import('../../catalog/transfer/routes')).transferRoutes(transfer, idempotent))
    .post('/admin/imports/uploads', allow('admin'), idempotent)
    .post('/admin/imports', allow('admin'), idempotent)
    .post('/admin/exports', allow('admin'), idempotent)
    .get('/admin/jobs/:jobId', allow('admin')).routes;
}

export function inventoryRoutes(inventory: InventoryService, idempotent: MiddlewareHandler<TenantEnv>) {
  const product = readsAhead(productAt('id'));
  const table = lazyRouteGroup<TenantEnv>('inventory', async () => (await import('../../inventory/routes')).inventoryRoutes(inventory, idempotent));
  for (const base of ['/admin/products/:id', '/admin/products/:id/variants/:variantId'])
    table
      .post(`${base}/inventory/adjustments`, allow('admin', 'clerk'), product, idempotent)
      .put(`${base}/inventory`, allow('admin', 'clerk'), product)
      .get(`${base}/inventory/history`, allow('admin', 'clerk'), product);
  return table.get('/admin/products/:id/variants/:variantId/inventory', allow('admin', 'clerk'), product).routes;
}

export function customerGroupRoutes(groups: CustomerGroupService, idempotent: MiddlewareHandler<TenantEnv>) {
  return lazyRouteGroup<TenantEnv>('customer groups', async () => (await import('../../groups/routes')).customerGroupRoutes(groups, idempotent))
    .get('/admin/customer-groups', allow('admin'))
    .post('/admin/customer-groups', allow('admin'), idempotent)
    .patch('/admin/customer-groups/:groupId', allow('admin'))
    .delete('/admin/customer-groups/:groupId', allow('admin'))
    .get('/admin/customer-groups/:groupId/members', allow('admin'))
    .get('/admin/customers', allow('admin'))
    .put('/admin/customers/:userId/group', allow('admin'))
    .get('/admin/customer-groups/:groupId/prices', allow('admin'))
    .put('/admin/customer-groups/:groupId/prices/:productId', allow('admin'))
    .delete('/admin/customer-groups/:groupId/prices/:productId', allow('admin')).routes;
}

export function adminCatalogRoutes(catalog: CatalogService, idempotent: MiddlewareHandler<TenantEnv>) {
  return lazyRouteGroup<TenantEnv>('catalog management', async () => (await import('../../catalog/admin-routes')).adminCatalogRoutes(catalog, idempotent))
    .get('/admin/products', allow('admin', 'clerk'))
    .post('/admin/products', allow('admin'), idempotent)
    .get('/admin/products/:id', allow('admin', 'clerk'))
    .patch('/admin/products/:id', allow('admin'))
    .post('/admin/products/:id/images/uploads', allow('admin'), idempotent)
    .post('/admin/products/:id/images', allow('admin'), idempotent)
    .delete('/admin/products/:id/images/:imageId', allow('admin'))
    .delete('/admin/products/:id', allow('admin')).routes;
}

export function adminGroupingRoutes(groupings: GroupingService, idempotent: MiddlewareHandler<TenantEnv>) {
  return lazyRouteGroup<TenantEnv>('categories and collections', async () =>
    (await import('../../catalog/grouping-admin-routes')).adminGroupingRoutes(groupings, idempotent),
  )
    .get('/admin/categories', allow('admin', 'clerk'))
    .post('/admin/categories', allow('admin'), idempotent)
    .get('/admin/categories/:categoryId', allow('admin', 'clerk'))
    .patch('/admin/categories/:categoryId', allow('admin'))
    .delete('/admin/categories/:categoryId', allow('admin'))
    .get('/admin/collections', allow('admin', 'clerk'))
    .post('/admin/collections', allow('admin'), idempotent)
    .get('/admin/collections/:collectionId', allow('admin', 'clerk'))
    .patch('/admin/collections/:collectionId', allow('admin'))
    .put('/admin/collections/:collectionId/products', allow('admin'))
    .delete('/admin/collections/:collectionId', allow('admin'))
    .get('/admin/products/:id/categories', allow('admin', 'clerk'))
    .put('/admin/products/:id/categories', allow('admin')).routes;
}
