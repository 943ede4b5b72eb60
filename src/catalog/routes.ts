import { Hono, type MiddlewareHandler } from 'hono';
import { idempotentWrite, jsonAnswer, reply } from '../http/idempotency';
import type { TenantEnv } from '../http/env';
import { allow, everyone } from '../http/middleware/access';
import { idParam, jsonBody, pageQuery } from '../http/request';
import { prefersHtml } from '../http/negotiate';
import { productPath } from '../storefront/seo';
import { actorOf } from '../identity/actor';
import type { AppEnv } from '../http/env';
import { problem } from '../http/problem';
import { ImageAttachSchema, ImageUploadSchema, imageTypeOfKey, type PublicMediaReader } from './media';
import { ProductCreateSchema, ProductPatchSchema, type Product } from './product';
import type { CatalogService } from './service';
import { BrowseQuerySchema } from './browse';
import { parseOrThrow } from '../shared/validation';
import { priceContextOf } from '../pricing/currency-cookie';

/**
 * The storefront's read-only catalog: active products only, no internal fields.
 * `GET /products?sort=newest|price-asc|price-desc|name|top-rated&minPrice=&maxPrice=&inStock=true&tag=&q=&limit=&cursor=`
 */
export function publicCatalogRoutes(catalog: CatalogService) {
  return new Hono<TenantEnv>()
    .get('/products', everyone, async (c) => {
      const query = parseOrThrow(BrowseQuerySchema, c.req.query(), 'query string');
      const page = await catalog.browse(c.get('tenant'), query, priceContextOf(c));
      if (page.stale) c.header('x-cache', 'stale');
      return c.json({ items: page.items, nextCursor: page.nextCursor ?? null, ...(page.stale ? { stale: true } : {}) });
    })
    .get('/products/:id', everyone, async (c) => {
      const id = idParam(c);
      // One URL, two readers: a person who opens it in a browser is sent to the product's page
      // (docs/architecture.md, "SEO"); API clients get the JSON. Caches must keep them apart.
      c.header('vary', 'Accept');
      if (prefersHtml(c.req.header('accept'))) return c.redirect(productPath(id), 303);
      const product = await catalog.getPublic(c.get('tenant'), id, priceContextOf(c));
      // The view itself carries `stale: true` then.
      if (product.stale) c.header('x-cache', 'stale');
      return c.json(product);
    });
}

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

/** Headers every product image is served with, here and (by its response-headers policy) by CloudFront. */
export const MEDIA_HEADERS = {
  // Never guess a type from the bytes: an HTML file stored as image/png stays an (unreadable) image.
  'x-content-type-options': 'nosniff',
  // Opened on its own, an image cannot load or run anything.
  'content-security-policy': "default-src 'none'; sandbox",
  // Keys are never reused (a new upload gets a new key); a removed image may linger this long in caches.
  'cache-control': 'public, max-age=86400',
} as const;

/**
 * `GET /media/<key>`: product images on the platform's own origin, the local stand-in for
 * CloudFront (`MEDIA_BASE_URL` points here when not on AWS). Only `tenants/<id>/products/…` image
 * keys are ever read; anything else is 404 without touching storage. The type comes from the key
 * (what the upload was issued for), never from what was stored.
 */
export function publicMediaRoutes(reader: PublicMediaReader) {
  return new Hono<AppEnv>().get('/media/*', everyone, async (c) => {
    const key = c.req.path.slice('/media/'.length);
    const object = await reader.readProductImage(key);
    const type = imageTypeOfKey(key);
    if (!object || !type) return problem(c, 404, 'not-found', 'No such image.');
    return c.body(object.body as Uint8Array<ArrayBuffer>, 200, { 'content-type': type, ...MEDIA_HEADERS, ...(object.etag ? { etag: object.etag } : {}) });
  });
}
