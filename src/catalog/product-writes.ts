import { domainEvent, type DomainEvent, type EventMeta } from '../events/event';
import { initialEntry } from '../inventory/inventory';
import { PlanLimitError } from '../plans/errors';
import { limitsOf } from '../plans/plans';
import { currencyPriceChangedEvents, withCurrencyPrices, type CurrencyPricesUpdate } from '../pricing/currency-prices';
import { priceChangedEvents } from '../pricing/price-events';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import type { IdempotentWrite } from '../shared/idempotency';
import { retrying } from '../shared/retry';
import { tenantObjectPrefix, type TenantContext } from '../tenants/tenant';
import { IMAGE_SIGNATURE_BYTES, IMAGE_TYPES, imageTypeOfKey, MAX_IMAGE_BYTES, MAX_IMAGES_PER_PRODUCT, type ImageType, type ImageUpload } from './media';
import type { Product, ProductCreate, ProductPatch } from './product';
import { HandleTakenError, StaleWriteError } from './repository';
import type { CatalogDeps } from './service';
import { variantsForCreate, variantsForPatch } from './variant-plans';
import { deriveListing, handleCandidate, handleFromName, imageIdOfKey } from './variants';

/**
 * The catalog's writes (creating, editing, pricing, images, deleting): loaded by the first one
 * (src/catalog/service.ts), so a visitor's catalog read does not pay to parse them at a cold start
 * (docs/architecture.md, "Lazy route groups").
 */
export type ProductWrites = ReturnType<typeof createProductWrites>;

const isStale = (error: unknown) => error instanceof StaleWriteError;

/** How many of `handle`, `handle-2`, … a create tries before answering 409. */
const MAX_HANDLE_ATTEMPTS = 20;

/** `get`: the service's read of one product (404 when missing). */
export function createProductWrites(deps: CatalogDeps, get: (tenant: TenantContext, id: string) => Promise<Product>) {
  const { products, media } = deps;
  const limits = deps.limits ?? ((tenant: TenantContext) => limitsOf(tenant));
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => crypto.randomUUID());
  /** A product may have as many variants as the store's plan allows (a downgrade keeps what is there; only adding is refused). */
  const withinPlan = (tenant: TenantContext, variants: number) => {
    const limit = limits(tenant).variantsPerProduct;
    if (variants > limit) throw new PlanLimitError('variantsPerProduct', limit, variants);
  };
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

  const imagePrefix = (tenant: TenantContext, productId: string) => `${tenantObjectPrefix(tenant)}products/${productId}/`;

  const writes = {
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
      return writes.attachImage(tenant, actor, id, key);
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
  return writes;
}
