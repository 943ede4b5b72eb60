import { Hono } from 'hono';
import type { TenantEnv } from '../http/env';
import { allow, everyone } from '../http/middleware/access';
import { idParam, jsonBody, pageQuery } from '../http/request';
import { actorOf } from '../identity/actor';
import { ImageAttachSchema, ImageUploadSchema } from './media';
import { ProductCreateSchema, ProductPatchSchema } from './product';
import type { CatalogService } from './service';
import { BrowseQuerySchema } from './browse';
import { parseOrThrow } from '../shared/validation';

/**
 * The storefront's read-only catalog: active products only, no internal fields.
 * `GET /products?sort=newest|price-asc|price-desc|name&minPrice=&maxPrice=&inStock=true&tag=&q=&limit=&cursor=`
 */
export function publicCatalogRoutes(catalog: CatalogService) {
  return new Hono<TenantEnv>()
    .get('/products', everyone, async (c) => {
      const query = parseOrThrow(BrowseQuerySchema, c.req.query(), 'query string');
      const page = await catalog.browse(c.get('tenant'), query);
      return c.json({ items: page.items, nextCursor: page.nextCursor ?? null });
    })
    .get('/products/:id', everyone, async (c) => {
      return c.json(await catalog.getPublic(c.get('tenant'), idParam(c)));
    });
}

/** Staff management of the catalog. Clerks may read products (they adjust their stock). */
export function adminCatalogRoutes(catalog: CatalogService) {
  return new Hono<TenantEnv>()
    .get('/admin/products', allow('admin', 'clerk'), async (c) => {
      const tenant = c.get('tenant');
      const page = await catalog.listAll(tenant, pageQuery(c));
      return c.json({ items: await Promise.all(page.items.map((p) => catalog.shown(tenant, p))), nextCursor: page.nextCursor ?? null });
    })
    .post('/admin/products', allow('admin'), async (c) => {
      const input = await jsonBody(c, ProductCreateSchema);
      const product = await catalog.create(c.get('tenant'), actorOf(c), input);
      return c.json(await catalog.shown(c.get('tenant'), product), 201, { location: `/admin/products/${product.id}` });
    })
    .get('/admin/products/:id', allow('admin', 'clerk'), async (c) => {
      return c.json(await catalog.shown(c.get('tenant'), await catalog.get(c.get('tenant'), idParam(c))));
    })
    .patch('/admin/products/:id', allow('admin'), async (c) => {
      const id = idParam(c);
      const patch = await jsonBody(c, ProductPatchSchema);
      return c.json(await catalog.shown(c.get('tenant'), await catalog.update(c.get('tenant'), actorOf(c), id, patch)));
    })
    .post('/admin/products/:id/images/uploads', allow('admin'), async (c) => {
      const id = idParam(c);
      const upload = await jsonBody(c, ImageUploadSchema);
      return c.json(await catalog.requestImageUpload(c.get('tenant'), id, upload), 201);
    })
    .post('/admin/products/:id/images', allow('admin'), async (c) => {
      const id = idParam(c);
      const { key } = await jsonBody(c, ImageAttachSchema);
      return c.json(await catalog.shown(c.get('tenant'), await catalog.attachImage(c.get('tenant'), actorOf(c), id, key)), 201);
    })
    .delete('/admin/products/:id/images/:imageId', allow('admin'), async (c) => {
      const id = idParam(c);
      return c.json(await catalog.shown(c.get('tenant'), await catalog.removeImage(c.get('tenant'), actorOf(c), id, idParam(c, 'imageId'))));
    })
    .delete('/admin/products/:id', allow('admin'), async (c) => {
      await catalog.remove(c.get('tenant'), actorOf(c), idParam(c));
      return c.body(null, 204);
    });
}
