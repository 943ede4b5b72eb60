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
import {
  publicView,
  type Money,
  type Product,
  type ProductCreate,
  type ProductPatch,
  type PublicProduct,
  type ShownImage,
  type ShownProduct,
  type ShownVariant,
  type Variant,
} from './product';
import { HandleTakenError, StaleWriteError, type ProductRepository } from './repository';
import { availableOf, deriveListing, handleCandidate, handleFromName, imageIdOfKey, variantsForCreate, variantsForPatch } from './variants';
import { initialEntry } from '../inventory/inventory';
import type { PlanCounters } from '../plans/counters';
import { limitsOf, type PlanLimits } from '../plans/plans';
import { PlanLimitError } from '../plans/errors';
import { priceChangedEvents } from '../pricing/price-events';
import { currencyPriceChangedEvents, withCurrencyPrices, type CurrencyPricesUpdate } from '../pricing/currency-prices';
import type { GroupPriceReader, PriceContext } from '../pricing/price-context';
import { isShareable, priceResolver, pricedProduct, soldInContext, type GroupPrices } from '../pricing/price-resolver';

export type CatalogDeps = {
  products: ProductRepository;
  media: MediaStore;
  /** What visitors read, kept briefly per store; writes must go through `forgettingOnWrite`. */
  publicCache?: PublicCatalogCache;
  /** Image bytes against the plan's storage (src/plans/counters.ts); not counted when absent (unit tests). */
  counters?: PlanCounters;
  /** The store's plan limits (src/plans/plans.ts): here, variants per product. */
  limits?: (tenant: TenantContext) => PlanLimits;
  now?: () => Date;
  newId?: () => string;
  /** Customer groups' price lists (docs/pricing.md); absent: no group prices. */
  groupPrices?: GroupPriceReader;
};

export type CatalogService = ReturnType<typeof createCatalogService>;

/** The most products a store's sitemap lists (docs/architecture.md, "SEO"). */
export const SITEMAP_LIMIT = 1000;

const isStale = (error: unknown) => error instanceof StaleWriteError;

/** How many of `handle`, `handle-2`, … a create tries before answering 409. */
const MAX_HANDLE_ATTEMPTS = 20;

export function createCatalogService(deps: CatalogDeps) {
  const { products, media } = deps;
  const limits = deps.limits ?? ((tenant: TenantContext) => limitsOf(tenant));
  /** A product may have as many variants as the store's plan allows (a downgrade keeps what is there; only adding is refused). */
  const withinPlan = (tenant: TenantContext, variants: number) => {
    const limit = limits(tenant).variantsPerProduct;
    if (variants > limit) throw new PlanLimitError('variantsPerProduct', limit, variants);
  };
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const cache = deps.publicCache ?? createPublicCatalogCache({ ttlMs: 0 });

  const meta = (tenant: TenantContext, actor: string, at: string): EventMeta => ({ tenantId: tenant.id, actor, occurredAt: at });
  // Product events name the product and its variants (id and SKU each): consumers (categories,
  // search) clean up or reindex from them; a deleted product's event is their trace of it.
  const productEvent = (
    type: 'ProductCreated' | 'ProductUpdated' | 'ProductDeleted',
    m: EventMeta,
    product: Product,
    extra: Record<string, unknown> = {},
  ): DomainEvent =>
    domainEvent('catalog.products', type, m, {
      productId: product.id,
      handle: product.handle,
      status: product.status,
      variants: product.variants.map((variant) => ({ variantId: variant.id, sku: variant.sku })),
      ...extra,
    });

  async function get(tenant: TenantContext, id: string): Promise<Product> {
    const product = await products.get(tenant, id);
    if (!product) throw new NotFoundError(`No product ${id} in this store.`);
    return product;
  }

  /**
   * Re-applies a change to a fresh read until no one else wrote in between. `change` returns the
   * fields it sets, and the first stock of variants it adds (their trails start in the same write).
   */
  function updateWith(
    tenant: TenantContext,
    actor: string,
    id: string,
    change: (previous: Product) => { fields: Partial<Product>; initialStock?: Record<string, number> },
    changed: string[],
    idempotent?: IdempotentWrite<Product>,
  ) {
    return retrying(
      async () => {
        const previous = await get(tenant, id);
        const at = now().toISOString();
        const { fields, initialStock = {} } = change(previous);
        const merged: Product = { ...previous, ...fields, updatedAt: at, version: previous.version + 1 };
        const stock = { ...previous.stock };
        for (const [variantId, onHand] of Object.entries(initialStock)) stock[variantId] = { onHand, reserved: 0 };
        const kept = new Set(merged.variants.map((variant) => variant.id));
        for (const variantId of Object.keys(stock)) if (!kept.has(variantId)) delete stock[variantId];
        const next: Product = { ...merged, stock, ...deriveListing(merged.variants, stock) };
        const events = [
          productEvent('ProductUpdated', meta(tenant, actor, at), next, { changed }),
          // Prices that changed, however they were changed (an edit, a scheduled change): src/pricing/.
          ...priceChangedEvents(meta(tenant, actor, at), previous, next, tenant.settings.currency),
          ...currencyPriceChangedEvents(meta(tenant, actor, at), previous, next),
        ];
        const initial = Object.entries(initialStock).map(([variantId, onHand]) =>
          initialEntry({ productId: id, variantId, stock: onHand, actor, occurredAt: at, eventId: events[0]!.detail.eventId }),
        );
        await products.update(tenant, previous, next, events, { initial, commit: idempotent?.commit(next) });
        idempotent?.committed();
        return next;
      },
      { retryable: isStale, attempts: 10 },
    );
  }

  /** PATCH: product fields, handle, the variants (a whole list or the shorthand); `version` when the client sends the one it read. */
  function patched(tenant: TenantContext, previous: Product, patch: ProductPatch) {
    if (patch.version !== undefined && patch.version !== previous.version)
      throw new ConflictError(`The product changed since version ${patch.version} was read (it is at ${previous.version}); read it again.`, {
        extra: { currentVersion: previous.version },
      });
    const plan = variantsForPatch(previous, patch, tenant.settings.currency, newId);
    if (plan && plan.variants.length > previous.variants.length) withinPlan(tenant, plan.variants.length);
    const { name, handle, description, status, tags } = patch;
    const images = patch.images === undefined ? undefined : reorderedImages(previous.images, patch.images);
    const fields: Partial<Product> = {
      ...(name === undefined ? {} : { name }),
      ...(handle === undefined ? {} : { handle }),
      ...(description === undefined ? {} : { description }),
      ...(status === undefined ? {} : { status }),
      ...(tags === undefined ? {} : { tags }),
      ...(plan ? { options: plan.options, variants: plan.variants } : {}),
      ...(images === undefined ? {} : { images }),
    };
    return { fields, initialStock: plan?.initialStock ?? {} };
  }

  /** The stored image keys in the order a PATCH names their ids: exactly the product's ids, each once, or a 422. */
  function reorderedImages(keys: string[], order: string[]): string[] {
    const byId = new Map(keys.map((key) => [imageIdOfKey(key), key]));
    if (order.length !== keys.length || new Set(order).size !== order.length || !order.every((id) => byId.has(id)))
      throw new ValidationError('The images must be reordered, not added or removed.', [
        { path: 'images', message: 'must list each of the product’s image ids exactly once' },
      ]);
    return order.map((id) => byId.get(id)!);
  }

  const money = (currency: string, amount: number): Money => ({ amount, currency });

  const shownVariant = (currency: string, product: Product, variant: Variant): ShownVariant => {
    const stock = product.stock[variant.id] ?? { onHand: 0, reserved: 0 };
    return {
      ...variant,
      price: money(currency, variant.price),
      compareAtPrice: variant.compareAtPrice === null ? null : money(currency, variant.compareAtPrice),
      onHand: stock.onHand,
      reserved: stock.reserved,
      available: availableOf(stock),
    };
  };

  // Stable URLs (CloudFront, or the local /media route): nothing to sign, nothing that expires, so
  // a view can be cached and shared for as long as the product itself is current.
  const imageUrls = (product: Product): ShownImage[] => product.images.map((key) => ({ id: imageIdOfKey(key), url: media.publicUrl(key) }));

  /** `currency`: what the product's prices are in (a product priced for a shopper's context, src/pricing/); the store's own by default. */
  const shown = (tenant: TenantContext, product: Product, currency = tenant.settings.currency): ShownProduct => {
    const { stock: _stock, images: _images, variants: _variants, listedPrice, listedCompareAt, ...rest } = product;
    const variants = product.variants.map((variant) => shownVariant(currency, product, variant));
    const only = product.options.length === 0 && variants.length === 1 ? variants[0] : undefined;
    return {
      ...rest,
      images: imageUrls(product),
      variants,
      listedPrice: money(currency, listedPrice),
      listedCompareAt: listedCompareAt === null ? null : money(currency, listedCompareAt),
      ...(only ? { sku: only.sku, price: only.price, stock: only.available, lowStockThreshold: only.lowStockThreshold } : {}),
    };
  };

  // Built once per cache entry and shared by every request it answers: callers must not mutate it.
  const visitorsView = (tenant: TenantContext, product: Product): PublicProduct => publicView(shown(tenant, product));

  /**
   * The view priced for a shopper's context (src/pricing/price-resolver.ts). Nothing of it sold in
   * the chosen currency: the store's own prices, marked `notSoldIn` so the page says so.
   */
  const viewIn = (tenant: TenantContext, product: Product, context: PriceContext, group?: GroupPrices): PublicProduct => {
    if (isShareable(context) && context.currency === tenant.settings.currency) return visitorsView(tenant, product);
    const priced = pricedProduct(product, priceResolver(tenant.settings.currency, context, group));
    if (!soldInContext(product, priced)) return { ...visitorsView(tenant, product), notSoldIn: context.currency };
    return publicView(shown(tenant, priced, context.currency));
  };
  const baseContext = (tenant: TenantContext): PriceContext => ({ currency: tenant.settings.currency });
  /** A group's prices for these products; none without a group or a reader. */
  const groupPricesOf = async (tenant: TenantContext, context: PriceContext, productIds: readonly string[]): Promise<GroupPrices | undefined> =>
    context.groupId === undefined || !deps.groupPrices || productIds.length === 0
      ? undefined
      : deps.groupPrices.pricesFor(tenant, context.groupId, context.currency, productIds);

  const imagePrefix = (tenant: TenantContext, productId: string) => `${tenantObjectPrefix(tenant)}products/${productId}/`;

  const service = {
    get,

    /**
     * A product as a visitor sees it; only active products, anything else is indistinguishable
     * from missing.
     */
    async getPublic(tenant: TenantContext, id: string, context: PriceContext = baseContext(tenant)): Promise<MaybeStale<PublicProduct>> {
      // A group's prices are that shopper's alone: read with the product (one round trip), never cached.
      const view = !isShareable(context)
        ? await Promise.all([products.get(tenant, id), groupPricesOf(tenant, context, [id])]).then(([product, group]) =>
            product?.status === 'active' ? viewIn(tenant, product, context, group) : undefined,
          )
        : await cache.read<MaybeStale<PublicProduct> | undefined>(
            tenant,
            `product:${context.currency}:${id}`,
            async () => {
              const product = await products.get(tenant, id);
              return product?.status === 'active' ? viewIn(tenant, product, context) : undefined;
            },
            // DynamoDB is unavailable: the last good view, marked (docs/architecture.md, "Stale catalog").
            (last) => last && { ...last, stale: true },
          );
      if (!view) throw new NotFoundError(`No product ${id} in this store.`);
      return view;
    },

    /** The storefront's catalog, a page at a time, as visitors see it (or, with a group, as that shopper does: never cached). */
    browse: (tenant: TenantContext, query: BrowseQuery, context: PriceContext = baseContext(tenant)): Promise<MaybeStale<Page<PublicProduct>>> => {
      const load = async () => {
        const page = await products.browse(tenant, query);
        // The page's product ids are known only once the Query answered: the group's prices follow it.
        const group = await groupPricesOf(
          tenant,
          context,
          page.items.map((product) => product.id),
        );
        return { ...page, items: page.items.map((product) => viewIn(tenant, product, context, group)) };
      };
      if (!isShareable(context)) return load();
      return cache.read<MaybeStale<Page<PublicProduct>>>(tenant, `browse:${context.currency}:${JSON.stringify(query)}`, load, (last) => ({
        ...last,
        stale: true,
      }));
    },

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

    /**
     * With `idempotent`, the answer to a retry is written in the product's own transaction. A
     * handle derived from the name takes the first free of `name`, `name-2`, `name-3`…; a handle
     * given is that handle or a 409.
     */
    async create(tenant: TenantContext, actor: string, input: ProductCreate, idempotent?: IdempotentWrite<Product>): Promise<Product> {
      const plan = variantsForCreate(input, tenant.settings.currency, newId);
      withinPlan(tenant, plan.variants.length);
      const base = input.handle ?? handleFromName(input.name);
      const id = newId();
      for (let attempt = 1; ; attempt++) {
        const at = now().toISOString();
        const stock = Object.fromEntries(plan.variants.map((variant) => [variant.id, { onHand: plan.initialStock[variant.id] ?? 0, reserved: 0 }]));
        const product: Product = {
          id,
          handle: input.handle ?? handleCandidate(base, attempt),
          name: input.name,
          description: input.description,
          status: input.status,
          tags: input.tags,
          images: [],
          options: plan.options,
          variants: plan.variants,
          stock,
          ...deriveListing(plan.variants, stock),
          createdAt: at,
          updatedAt: at,
          version: 1,
        };
        const events = [
          productEvent('ProductCreated', meta(tenant, actor, at), product, {
            variants: product.variants.map((variant) => ({ variantId: variant.id, sku: variant.sku, stock: stock[variant.id]!.onHand })),
          }),
        ];
        const initial = product.variants.map((variant) =>
          initialEntry({ productId: id, variantId: variant.id, stock: stock[variant.id]!.onHand, actor, occurredAt: at, eventId: events[0]!.detail.eventId }),
        );
        try {
          await products.create(tenant, product, initial, events, idempotent?.commit(product));
        } catch (error) {
          if (error instanceof HandleTakenError && input.handle === undefined && attempt < MAX_HANDLE_ATTEMPTS) continue;
          throw error;
        }
        idempotent?.committed();
        return product;
      }
    },

    // A patch names only the fields it changes, so re-applying it to a fresher read is safe.
    update: (tenant: TenantContext, actor: string, id: string, patch: ProductPatch): Promise<Product> =>
      updateWith(
        tenant,
        actor,
        id,
        (previous) => patched(tenant, previous, patch),
        Object.keys(patch).filter((key) => key !== 'version'),
      ),

    /**
     * One variant's price and compare-at, as a scheduled price change sets them (src/pricing/): an
     * edit like any other, so the listed price, the listing cards, the search index and the
     * PriceChanged event follow. A compare-at not above the new price ends the sale.
     */
    setVariantPrice: (tenant: TenantContext, actor: string, productId: string, variantId: string, prices: { price: number; compareAtPrice: number | null }) =>
      updateWith(
        tenant,
        actor,
        productId,
        (previous) => {
          if (!previous.variants.some((variant) => variant.id === variantId)) throw new NotFoundError(`No variant ${variantId} in product ${productId}.`);
          const compareAtPrice = prices.compareAtPrice !== null && prices.compareAtPrice > prices.price ? prices.compareAtPrice : null;
          const variants = previous.variants.map((variant) => (variant.id === variantId ? { ...variant, price: prices.price, compareAtPrice } : variant));
          return { fields: { variants } };
        },
        ['variants'],
      ),

    /**
     * The product's whole price list in one of the store's other currencies (docs/pricing.md):
     * an edit like any other, at the version the admin read, with its PriceChanged
     * (`currency:<CUR>`) in the same transaction.
     */
    setCurrencyPrices: (tenant: TenantContext, actor: string, productId: string, currency: string, input: CurrencyPricesUpdate) =>
      updateWith(tenant, actor, productId, (previous) => ({ fields: withCurrencyPrices(previous, tenant.settings, currency, input) }), ['currencyPrices']),

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
          (p) => ({ fields: { images: p.images.includes(key) ? p.images : [...p.images, key].slice(0, MAX_IMAGES_PER_PRODUCT) } }),
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
      const key = product.images.find((k) => imageIdOfKey(k) === imageId);
      if (!key) throw new NotFoundError('No such image on this product.');
      const size = deps.counters ? ((await media.head(tenant, key))?.size ?? 0) : 0;
      // Variants showing the image stop showing it.
      const next = await updateWith(
        tenant,
        actor,
        id,
        (p) => ({
          fields: {
            images: p.images.filter((k) => k !== key),
            variants: p.variants.map((variant) => ({ ...variant, imageIds: variant.imageIds.filter((other) => other !== imageId) })),
          },
        }),
        ['images'],
      );
      await media.remove(tenant, key);
      if (size > 0) await deps.counters?.release(tenant, 'storageBytes', size);
      return next;
    },

    /** A product as staff see it: every field, prices in the store's currency, image keys as their public URLs. */
    shown,

    /** A product as visitors see it (the storefront's pages render this). */
    visitorsView,

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
