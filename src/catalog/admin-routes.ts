import { Hono, type MiddlewareHandler } from 'hono';
import { idempotentWrite, jsonAnswer, reply } from '../http/idempotency';
import type { TenantEnv } from '../http/env';
import { allow } from '../http/middleware/access';
import { idParam, jsonBody, pageQuery } from '../http/request';
import { actorOf } from '../identity/actor';
import { ImageAttachSchema, ImageUploadSchema } from './media';
import { ProductCreateSchema, ProductPatchSchema, type Product } from './product';
import type { CatalogService } from './service';

/**
 * Staff management of the catalog. Clerks may read products (they adjust their stock).
 * `idempotent` (src/http/idempotency.ts) follows the guard of each POST that changes data.
 */
export function adminCatalogRoutes(catalog: CatalogService, idempotent: MiddlewareHandler<TenantEnv>) {
  return new Hono<TenantEnv>()
    .get('/admin/products', allow('admin', 'clerk'), async (c) => {
      const tenant = c.get('tenant');
      const page = await catalog.listAll(tenant, pageQuery(c));
      return c.json({ items: page.items.map((product) => catalog.shown(tenant, product)), nextCursor: page.nextCursor ?? null });
    })
    .post('/admin/products', allow('admin'), idempotent, async (c) => {
      const input = await jsonBody(c, ProductCreateSchema);
      const answer = (product: Product) => jsonAnswer(201, catalog.shown(c.get('tenant'), product), { location: `/admin/products/${product.id}` });
      return reply(c, answer(await catalog.create(c.get('tenant'), actorOf(c), input, idempotentWrite(c, answer))));
    })
    .get('/admin/products/:id', allow('admin', 'clerk'), async (c) => {
      const tenant = c.get('tenant');
      return c.json(catalog.shown(tenant, await catalog.get(tenant, idParam(c))));
    })
    .patch('/admin/products/:id', allow('admin'), async (c) => {
      const id = idParam(c);
      const patch = await jsonBody(c, ProductPatchSchema);
      const tenant = c.get('tenant');
      return c.json(catalog.shown(tenant, await catalog.update(tenant, actorOf(c), id, patch)));
    })
    .post('/admin/products/:id/images/uploads', allow('admin'), idempotent, async (c) => {
      const id = idParam(c);
      const upload = await jsonBody(c, ImageUploadSchema);
      return c.json(await catalog.requestImageUpload(c.get('tenant'), id, upload), 201);
    })
    .post('/admin/products/:id/images', allow('admin'), idempotent, async (c) => {
      const id = idParam(c);
      const { key } = await jsonBody(c, ImageAttachSchema);
      const answer = (product: Product) => jsonAnswer(201, catalog.shown(c.get('tenant'), product));
      return reply(c, answer(await catalog.attachImage(c.get('tenant'), actorOf(c), id, key, idempotentWrite(c, answer))));
    })
    .delete('/admin/products/:id/images/:imageId', allow('admin'), async (c) => {
      const id = idParam(c);
      const tenant = c.get('tenant');
      return c.json(catalog.shown(tenant, await catalog.removeImage(tenant, actorOf(c), id, idParam(c, 'imageId'))));
    })
    .delete('/admin/products/:id', allow('admin'), async (c) => {
      await catalog.remove(c.get('tenant'), actorOf(c), idParam(c));
      return c.body(null, 204);
    });
}
