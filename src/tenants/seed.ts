import type { Logger } from 'pino';
import type { CatalogService } from '../catalog/service';
import { ConflictError } from '../shared/errors';
import { demoImages } from './demo-images';
import { defaultSettings } from '../settings/store-settings';
import type { TenantManifest } from './manifest';
import type { TenantRegistry } from './registry';
import { tenantContext } from './tenant';

/**
 * Registers the stores of `tenants/*.json` that the table does not know yet, with their demo
 * products and their pictures (drawn here, stored like uploads). Stores already registered are left
 * alone, so restarting on kept data is harmless: nothing is drawn or written twice.
 */
export async function seedTenants(
  manifests: readonly TenantManifest[],
  deps: { registry: TenantRegistry; catalog: CatalogService; logger: Logger; now?: () => Date },
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
    for (const product of manifest.seedProducts) {
      try {
        const created = await deps.catalog.create(tenant, 'seed', product);
        // The pictures are drawn from a SKU: the shorthand's, or the first variant's.
        const sku = product.sku ?? product.variants?.[0]?.sku ?? created.handle;
        for (const body of demoImages(manifest.demoArt ?? 'parcel', { sku, name: product.name }))
          await deps.catalog.addImage(tenant, 'seed', created.id, { body, contentType: 'image/png' });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        deps.logger.warn({ tenantId: tenant.id, product: product.name }, 'seed product skipped: SKU or handle already present');
      }
    }
    created.push(manifest.slug);
  }
  return { created, existing };
}
