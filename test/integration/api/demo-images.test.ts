import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_TYPES } from '../../../src/catalog/media';
import { loadManifests, type TenantManifest } from '../../../src/tenants/manifest';
import { seedTenants } from '../../../src/tenants/seed';
import { tenantContext } from '../../../src/tenants/tenant';
import { silentLogger, testPlatform, type TestPlatform } from '../../support/platform';

let p: TestPlatform;
let manifests: TenantManifest[];

const storeOf = (m: TenantManifest) => tenantContext({ id: m.slug, name: m.name, tier: m.tier, status: 'active' });

async function productsOf(m: TenantManifest) {
  return (await p.catalog.listAll(storeOf(m), { limit: 100 })).items;
}

beforeAll(async () => {
  manifests = await loadManifests(path.resolve('tenants'));
  p = await testPlatform({ manifests });
}, 120_000);

describe('demo stores seeded with pictures', () => {
  it('gives every demo product 1 to 3 images, stored under its prefix, each a real PNG, JPEG or WebP by its first bytes', async () => {
    const seeded = manifests.filter((m) => m.seedProducts.length > 0);
    expect(seeded.length).toBeGreaterThan(0);
    for (const manifest of seeded) {
      const products = await productsOf(manifest);
      expect(products.map((x) => x.name).sort()).toEqual(manifest.seedProducts.map((x) => x.name).sort());
      for (const product of products) {
        expect(product.images.length, product.name).toBeGreaterThanOrEqual(1);
        expect(product.images.length, product.name).toBeLessThanOrEqual(3);
        for (const key of product.images) {
          expect(key.startsWith(`tenants/${manifest.slug}/products/${product.id}/`)).toBe(true);
          const object = await p.media.reader.readProductImage(key);
          expect(object, key).toBeDefined();
          const matching = [...IMAGE_TYPES].filter(([, info]) => info.matches(object!.body.subarray(0, 12)));
          expect(
            matching.map(([type]) => type),
            key,
          ).toEqual([object!.contentType]);
          expect(object!.body.length).toBeGreaterThan(1000);
        }
      }
    }
  });

  it('leaves kept data alone when seeding runs again: no second product, no second picture', async () => {
    const before = await Promise.all(manifests.map(productsOf));
    const again = await seedTenants(manifests, { registry: p.registry, catalog: p.catalog, logger: silentLogger });
    expect(again.created).toEqual([]);
    expect(await Promise.all(manifests.map(productsOf))).toEqual(before);
  });
});
