import type { Logger } from 'pino';
import type { CatalogService } from '../catalog/service';
import { ConflictError } from '../shared/errors';
import { demoImages } from './demo-images';
import { defaultSettings } from '../settings/store-settings';
import type { TenantManifest } from './manifest';
import type { TenantRegistry } from './registry';
import { tenantContext, type TenantContext } from './tenant';
import type { GroupingService } from '../catalog/grouping-service';

/**
 * Registers the stores of `tenants/*.json` that the table does not know yet, with their demo
 * products and their pictures (drawn here, stored like uploads). Stores already registered are left
 * alone, so restarting on kept data is harmless: nothing is drawn or written twice.
 */
export async function seedTenants(
  manifests: readonly TenantManifest[],
  deps: { registry: TenantRegistry; catalog: CatalogService; logger: Logger; now?: () => Date; groupings?: GroupingService },
): Promise<{ created: string[]; existing: string[] }> {
  const now = deps.now ?? (() => new Date());
  const created: string[] = [];
  const existing: string[] = [];
  for (const manifest of manifests) {
    if (await deps.registry.get(manifest.slug)) {
      existing.push(manifest.slug);
      continue;
    }
    const at = now().toISOString();
    const record = {
      id: manifest.slug,
      name: manifest.name,
      domains: manifest.domains,
      tier: manifest.tier,
      status: 'active' as const,
      settings: defaultSettings(manifest.settings),
      createdAt: at,
      updatedAt: at,
    };
    await deps.registry.create(record);
    const tenant = tenantContext(record);
    const productIds = new Map<string, string>();
    for (const product of manifest.seedProducts) {
      try {
        const created = await deps.catalog.create(tenant, 'seed', product);
        // The pictures are drawn from a SKU: the shorthand's, or the first variant's.
        const sku = product.sku ?? product.variants?.[0]?.sku ?? created.handle;
        // Categories and collections in the manifest name a product by any of its SKUs.
        for (const variant of created.variants) productIds.set(variant.sku, created.id);
        for (const body of demoImages(manifest.demoArt ?? 'parcel', { sku, name: product.name }))
          await deps.catalog.addImage(tenant, 'seed', created.id, { body, contentType: 'image/png' });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        deps.logger.warn({ tenantId: tenant.id, product: product.name }, 'seed product skipped: SKU or handle already present');
      }
    }
    if (deps.groupings) await seedGroupings(manifest, tenant, deps.groupings, productIds);
    created.push(manifest.slug);
  }
  return { created, existing };
}

/** The manifest's categories (a small tree) and collections, with its products assigned by SKU. */
async function seedGroupings(manifest: TenantManifest, tenant: TenantContext, groupings: GroupingService, productIds: ReadonlyMap<string, string>) {
  const idsOf = (skus: readonly string[]) => skus.flatMap((sku) => (productIds.has(sku) ? [productIds.get(sku)!] : []));
  const categoryIds = new Map<string, string>();
  const assigned = new Map<string, string[]>();
  for (const seed of manifest.seedCategories ?? []) {
    const parentId = seed.parent === undefined ? null : (categoryIds.get(seed.parent) ?? null);
    const category = await groupings.createCategory(tenant, { name: seed.name, slug: seed.slug, description: '', parentId });
    categoryIds.set(seed.slug, category.id);
    for (const productId of idsOf(seed.products)) assigned.set(productId, [...(assigned.get(productId) ?? []), category.id]);
  }
  for (const [productId, ids] of assigned) await groupings.setProductCategories(tenant, productId, ids);
  for (const seed of manifest.seedCollections ?? []) {
    await groupings.createCollection(tenant, { name: seed.name, slug: seed.slug, description: seed.description, productIds: idsOf(seed.products) });
  }
}
