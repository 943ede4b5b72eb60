import { domainEvent, type DomainEvent, type EventMeta } from '../events/event';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { tenantObjectPrefix } from '../tenants/tenant';
import {
  IMAGE_SIGNATURE_BYTES,
  IMAGE_TYPES,
  imageTypeOfKey,
  MAX_IMAGE_BYTES,
  MAX_IMAGES_PER_PRODUCT,
  type ImageType,
  type ImageUpload,
  type MediaStore,
} from './media';
import type { IdempotentWrite } from '../shared/idempotency';
import type { Page, PageRequest } from '../shared/page';
import { retrying } from '../shared/retry';
import type { TenantContext } from '../tenants/tenant';
import type { BrowseQuery } from './browse';
import { createPublicCatalogCache, type MaybeStale, type PublicCatalogCache } from './public-cache';
import { publicView, type Product, type ProductCreate, type ProductPatch, type PublicProduct, type ShownImage, type ShownProduct } from './product';
import { StaleWriteError, type ProductRepository } from './repository';
import { initialEntry } from '../inventory/inventory';
import type { PlanCounters } from '../plans/counters';

export type CatalogDeps = {
  products: ProductRepository;
  media: MediaStore;
  /** What visitors read, kept briefly per store; writes must go through `forgettingOnWrite`. */
  publicCache?: PublicCatalogCache;
  /** Image bytes against the plan's storage (src/plans/counters.ts); not counted when absent (unit tests). */
  counters?: PlanCounters;
  now?: () => Date;
  newId?: () => string;
};

export type CatalogService = ReturnType<typeof createCatalogService>;

/** The most products a store's sitemap lists (docs/architecture.md, "SEO"). */
export const SITEMAP_LIMIT = 1000;

const isStale = (error: unknown) => error instanceof StaleWriteError;

export function createCatalogService(deps: CatalogDeps) {
  const { products, media } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const cache = deps.publicCache ?? createPublicCatalogCache({ ttlMs: 0 });

  const meta = (tenant: TenantContext, actor: string, at: string): EventMeta => ({ tenantId: tenant.id, actor, occurredAt: at });
  const productEvent = (
    type: 'ProductCreated' | 'ProductUpdated' | 'ProductDeleted',
    m: EventMeta,
    product: Product,
    extra: Record<string, unknown> = {},
  ): DomainEvent => domainEvent('catalog.products', type, m, { productId: product.id, sku: product.sku, status: product.status, ...extra });

  async function get(tenant: TenantContext, id: string): Promise<Product> {
    const product = await products.get(tenant, id);
    if (!product) throw new NotFoundError(`No product ${id} in this store.`);
    return product;
  }

  /** Re-applies a change to a fresh read until no one else wrote in between. */
  function updateWith(
    tenant: TenantContext,
    actor: string,
    id: string,
    change: (previous: Product) => Partial<Product>,
    changed: string[],
    idempotent?: IdempotentWrite<Product>,
  ) {
    return retrying(
      async () => {
        const previous = await get(tenant, id);
        const at = now().toISOString();
        const next: Product = { ...previous, ...change(previous), updatedAt: at, version: previous.version + 1 };
        const events = [productEvent('ProductUpdated', meta(tenant, actor, at), next, { changed })];
        await products.update(tenant, previous, next, events, idempotent?.commit(next));
        idempotent?.committed();
        return next;
      },
      { retryable: isStale, attempts: 10 },
    );
  }

  // Stable URLs (CloudFront, or the local /media route): nothing to sign, nothing that expires, so
  // a view can be cached and shared for as long as the product itself is current.
  const imageUrls = (product: Product): ShownImage[] =>
    product.images.map((key) => ({ id: key.slice(key.lastIndexOf('/') + 1).replace(/\.[a-z]+$/, ''), url: media.publicUrl(key) }));

  const shown = (product: Product): ShownProduct => ({ ...product, images: imageUrls(product) });

  // Built once per cache entry and shared by every request it answers: callers must not mutate it.
  const visitorsView = (product: Product): PublicProduct => publicView(shown(product));

  const imagePrefix = (tenant: TenantContext, productId: string) => `${tenantObjectPrefix(tenant)}products/${productId}/`;

  const service = {
    get,

    /**
     * A product as a visitor sees it; only active products, anything else is indistinguishable
     * from missing.
     */
    async getPublic(tenant: TenantContext, id: string): Promise<MaybeStale<PublicProduct>> {
      const view = await cache.read<MaybeStale<PublicProduct> | undefined>(
        tenant,
        `product:${id}`,
        async () => {
          const product = await products.get(tenant, id);
          return product?.status === 'active' ? visitorsView(product) : undefined;
        },
        // DynamoDB is unavailable: the last good view, marked (docs/architecture.md, "Stale catalog").
        (last) => last && { ...last, stale: true },
      );
      if (!view) throw new NotFoundError(`No product ${id} in this store.`);
      return view;
    },

    /** The storefront's catalog, a page at a time, as visitors see it. */
    browse: (tenant: TenantContext, query: BrowseQuery): Promise<MaybeStale<Page<PublicProduct>>> =>
      cache.read<MaybeStale<Page<PublicProduct>>>(
        tenant,
        `browse:${JSON.stringify(query)}`,
        async () => {
          const page = await products.browse(tenant, query);
          return { ...page, items: page.items.map(visitorsView) };
        },
        (last) => ({ ...last, stale: true }),
      ),

    listAll: (tenant: TenantContext, page: PageRequest) => products.list(tenant, 'all', page),

    /**
     * What the store's sitemap lists: its active products, newest first, from one Query page of at
     * most SITEMAP_LIMIT (fewer when their items pass DynamoDB's 1 MB page), cached like the catalog.
     */
    sitemap: (tenant: TenantContext): Promise<{ id: string; updatedAt: string }[]> =>
      cache.read(
        tenant,
        'sitemap',
        async () => (await products.list(tenant, 'active', { limit: SITEMAP_LIMIT })).items.map((p) => ({ id: p.id, updatedAt: p.updatedAt })),
        (last) => last,
      ),

    /** With `idempotent`, the answer to a retry is written in the product's own transaction. */
    async create(tenant: TenantContext, actor: string, input: ProductCreate, idempotent?: IdempotentWrite<Product>): Promise<Product> {
      const at = now().toISOString();
      const product: Product = { id: newId(), ...input, images: [], createdAt: at, updatedAt: at, version: 1 };
      const events = [productEvent('ProductCreated', meta(tenant, actor, at), product, { stock: product.stock })];
      const initial = initialEntry({ productId: product.id, stock: product.stock, actor, occurredAt: at, eventId: events[0]!.detail.eventId });
      await products.create(tenant, product, initial, events, idempotent?.commit(product));
      idempotent?.committed();
      return product;
    },

    // A patch names only the fields it changes, so re-applying it to a fresher read is safe.
    update: (tenant: TenantContext, actor: string, id: string, patch: ProductPatch): Promise<Product> =>
      updateWith(tenant, actor, id, () => patch, Object.keys(patch)),

    /** A presigned form upload to a key the server picks under the product's prefix. */
    async requestImageUpload(tenant: TenantContext, id: string, upload: ImageUpload) {
      const product = await get(tenant, id);
      if (product.images.length >= MAX_IMAGES_PER_PRODUCT) throw new ConflictError(`A product has at most ${MAX_IMAGES_PER_PRODUCT} images.`);
      const key = `${imagePrefix(tenant, id)}${newId()}.${IMAGE_TYPES.get(upload.contentType)!.extension}`;
      return { key, ...(await media.presignUpload(tenant, key, upload)) };
    },

    /**
     * After the browser uploaded: check the object really is the image its key claims (size,
     * stored type, first bytes), then list it. Anything else is deleted: its key is public.
     */
    async attachImage(tenant: TenantContext, actor: string, id: string, key: string, idempotent?: IdempotentWrite<Product>): Promise<Product> {
      const before = await get(tenant, id);
      const prefix = imagePrefix(tenant, id);
      if (!key.startsWith(prefix) || !/^[a-z0-9-]+\.(jpg|png|webp)$/.test(key.slice(prefix.length))) {
        throw new ValidationError('The key is not an upload of this product.', [{ path: 'key', message: 'must be the key returned by the upload request' }]);
      }
      const object = await media.head(tenant, key);
      if (!object) throw new ValidationError('Nothing was uploaded to this key (or the upload expired).', [{ path: 'key', message: 'no object' }]);
      // s3rver ignores upload policies, a policy is only as good as its signer, and a policy cannot
      // see the bytes: the stored type must be the one the key was issued for, and the file must
      // begin the way that type does (an HTML page called image/png does not).
      const claimed = imageTypeOfKey(key)!;
      const fits =
        object.size > 0 &&
        object.size <= MAX_IMAGE_BYTES &&
        object.contentType === claimed &&
        IMAGE_TYPES.get(claimed)!.matches(await media.readStart(tenant, key, IMAGE_SIGNATURE_BYTES));
      if (!fits) {
        await media.remove(tenant, key);
        throw new ValidationError('The upload is not the image it claims to be.', [
          { path: 'key', message: `must be a ${claimed} of at most ${MAX_IMAGE_BYTES} bytes, and its content must be one` },
        ]);
      }
      // The plan's storage: reserved before the image is listed, given back if listing it fails.
      // Over the limit, the upload is deleted like any refused one: nothing of it stays.
      const counted = before.images.includes(key) ? 0 : object.size;
      if (counted > 0 && deps.counters) {
        try {
          await deps.counters.reserve(tenant, 'storageBytes', counted);
        } catch (error) {
          await media.remove(tenant, key);
          throw error;
        }
      }
      try {
        return await updateWith(
          tenant,
          actor,
          id,
          (p) => ({ images: p.images.includes(key) ? p.images : [...p.images, key].slice(0, MAX_IMAGES_PER_PRODUCT) }),
          ['images'],
          idempotent,
        );
      } catch (error) {
        if (counted > 0) await deps.counters?.release(tenant, 'storageBytes', counted);
        throw error;
      }
    },

    /**
     * An image the server drew itself (the demo stores' pictures), stored and then checked and
     * listed exactly as an upload is, so it cannot be anything an upload could not be.
     */
    async addImage(tenant: TenantContext, actor: string, id: string, image: { body: Uint8Array; contentType: ImageType }): Promise<Product> {
      const key = `${imagePrefix(tenant, id)}${newId()}.${IMAGE_TYPES.get(image.contentType)!.extension}`;
      await get(tenant, id);
      await media.put(tenant, key, image.body, image.contentType);
      return service.attachImage(tenant, actor, id, key);
    },

    async removeImage(tenant: TenantContext, actor: string, id: string, imageId: string): Promise<Product> {
      const product = await get(tenant, id);
      const key = product.images.find((k) => k.slice(k.lastIndexOf('/') + 1).startsWith(`${imageId}.`));
      if (!key) throw new NotFoundError('No such image on this product.');
      const size = deps.counters ? ((await media.head(tenant, key))?.size ?? 0) : 0;
      const next = await updateWith(tenant, actor, id, (p) => ({ images: p.images.filter((k) => k !== key) }), ['images']);
      await media.remove(tenant, key);
      if (size > 0) await deps.counters?.release(tenant, 'storageBytes', size);
      return next;
    },

    /** A product as staff see it: every field, image keys as their public URLs. */
    shown,

    async remove(tenant: TenantContext, actor: string, id: string): Promise<void> {
      await retrying(
        async () => {
          const previous = await get(tenant, id);
          const events = [productEvent('ProductDeleted', meta(tenant, actor, now().toISOString()), previous)];
          await products.delete(tenant, previous, events);
        },
        { retryable: isStale, attempts: 10 },
      );
    },
  };
  return service;
}
