import { NotFoundError } from '../shared/errors';
import type { MediaStore } from './media';
import type { Page, PageRequest } from '../shared/page';
import { lazyAsync } from '../shared/lazy';
import type { ProductWrites } from './product-writes';
import type { TenantContext } from '../tenants/tenant';
import type { BrowseQuery } from './browse';
import { createPublicCatalogCache, type MaybeStale, type PublicCatalogCache } from './public-cache';
import { publicView, type Money, type Product, type PublicProduct, type ShownImage, type ShownProduct, type ShownVariant, type Variant } from './product';
import type { ProductRepository } from './repository';
import { availableOf, imageIdOfKey } from './variants';
import type { PlanCounters } from '../plans/counters';
import type { PlanLimits } from '../plans/plans';
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

export function createCatalogService(deps: CatalogDeps) {
  const { products, media } = deps;
  const cache = deps.publicCache ?? createPublicCatalogCache({ ttlMs: 0 });
  // Loaded by the first write: a cold start that serves visitors does not parse them.
  const writes: ProductWrites = lazyAsync(async () => (await import('./product-writes')).createProductWrites(deps, get));

  async function get(tenant: TenantContext, id: string): Promise<Product> {
    const product = await products.get(tenant, id);
    if (!product) throw new NotFoundError(`No product ${id} in this store.`);
    return product;
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

    create: writes.create,
    update: writes.update,
    setVariantPrice: writes.setVariantPrice,
    setCurrencyPrices: writes.setCurrencyPrices,
    requestImageUpload: writes.requestImageUpload,
    attachImage: writes.attachImage,
    addImage: writes.addImage,
    removeImage: writes.removeImage,
    remove: writes.remove,

    /** A product as staff see it: every field, prices in the store's currency, image keys as their public URLs. */
    shown,

    /** A product as visitors see it (the storefront's pages render this). */
    visitorsView,
  };
  return service;
}
