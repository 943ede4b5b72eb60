import { Hono } from 'hono';
import type { TenantEnv } from '../http/env';
import { everyone } from '../http/middleware/access';
import { idParam } from '../http/request';
import { prefersHtml } from '../http/negotiate';
import { productPath } from '../storefront/seo';
import type { AppEnv } from '../http/env';
import { problem } from '../http/problem';
import { imageTypeOfKey, type PublicMediaReader } from './media';
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
