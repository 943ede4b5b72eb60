import { Hono, type Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import * as v from 'valibot';
import { BrowseQuerySchema, SORTS } from '../catalog/browse';
import type { PublicProduct } from '../catalog/product';
import type { CatalogService } from '../catalog/service';
import type { TenantEnv } from '../http/env';
import { everyone } from '../http/middleware/access';
import { lazyHandler } from '../http/lazy-handler';
import { fieldErrors } from '../shared/validation';
import { DomainError } from '../shared/errors';
import { formatPrice, stockState } from './format';
import { SaleMark } from './sale-mark';
import { DEFAULT_STORE_URLS, jsonLdText, metaDescription, productPath, productSeo, robotsTxt, sitemapXml, storeOrigin, type StoreUrlOptions } from './seo';
import { Layout, type PageAssets } from './layout';
import type { StoreMenu } from './category-menu';
import type { TenantContext } from '../tenants/tenant';
import { sessionView } from './session-view';
import { Availability, Gallery, pageVariant, VariantPicker, VariantPrice } from './product-page';
import { imageOfVariant } from './variant-choice';
import { firstPageOf, Pager } from './pager';
import { AddToCart } from '../shopping/add-to-cart';
import type { Page } from '../shared/page';
import type { PublicReview } from '../reviews/review';
import { CardRating, ReviewsSection } from './review-parts';
import { currencyChoiceOf, priceContextOf } from '../pricing/currency-cookie';
import { NotSoldIn } from './currency-switcher';

/** A page of a product's published reviews (src/reviews/): the product page's one Query besides the product's GetItem. */
export type ProductReviewsPage = (tenant: TenantContext, productId: string, cursor: string | undefined) => Promise<Page<PublicReview>>;

/** An HTML page with its doctype (JSX renders elements only), so browsers use standards mode. */
async function page(c: Context<TenantEnv>, node: JSX.Element, status: 200 | 400 | 404 = 200) {
  return c.html(`<!DOCTYPE html>${await node.toString()}`, status);
}

const SORT_LABELS: Record<(typeof SORTS)[number], string> = {
  newest: 'Newest',
  'price-asc': 'Price: low to high',
  'price-desc': 'Price: high to low',
  name: 'Name',
  'top-rated': 'Top rated',
};
const PAGE_SIZE = '12';

/** The page's own query (prices in whole currency units, as people type them) → the API's. */
function browseInput(q: Record<string, string>) {
  const minor = (value: string | undefined) =>
    value === undefined || value === '' ? undefined : /^\d+(\.\d{1,2})?$/.test(value) ? String(Math.round(Number(value) * 100)) : 'invalid';
  const input: Record<string, string | undefined> = {
    sort: q.sort || undefined,
    q: q.q || undefined,
    tag: q.tag || undefined,
    inStock: q.inStock === 'true' ? 'true' : undefined,
    minRating: q.rating || undefined,
    minPrice: minor(q.min),
    maxPrice: minor(q.max),
    cursor: q.cursor || undefined,
    limit: PAGE_SIZE,
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

/** The listed price (the lowest of the variants', "from" when they differ) and, on sale, the compare-at price struck through. */
function ListedPrice(props: { product: PublicProduct }) {
  const { listedPrice, listedCompareAt, variants } = props.product;
  const from = new Set(variants.map((variant) => variant.price.amount)).size > 1;
  return (
    <p class="price">
      {from ? 'From ' : ''}
      {formatPrice(listedPrice)}
      {listedCompareAt ? (
        <>
          {' '}
          <s class="compare-at">{formatPrice(listedCompareAt)}</s>
        </>
      ) : null}{' '}
      <SaleMark price={listedPrice.amount} compareAt={listedCompareAt?.amount} />
    </p>
  );
}

function Card(props: { product: PublicProduct }) {
  const stock = stockState(props.product.inStock);
  const image = props.product.images[0];
  return (
    <li class="card" data-testid="product-card">
      <a href={`/p/${props.product.id}`}>
        {image ? <img src={image.url} alt="" loading="lazy" /> : <div class="placeholder" aria-hidden="true" />}
        <h3>{props.product.name}</h3>
        <ListedPrice product={props.product} />
        {props.product.notSoldIn ? <p class="stock out">Not sold in {props.product.notSoldIn}</p> : null}
        <CardRating rating={props.product.rating} />
        <p class={`stock ${stock.tone}`}>{stock.label}</p>
      </a>
    </li>
  );
}

/**
 * Server-rendered storefront pages for visitors of the store the Host header names, and what
 * search engines read of it (`/sitemap.xml`, `/robots.txt`; src/storefront/seo.ts).
 */
export function storefrontRoutes(
  catalog: CatalogService,
  assets: PageAssets,
  storeUrls: StoreUrlOptions = DEFAULT_STORE_URLS,
  storeMenu?: (tenant: TenantContext) => Promise<StoreMenu>,
  productReviews?: ProductReviewsPage,
) {
  const origin = (c: Context<TenantEnv>) => storeOrigin(c.get('tenant'), storeUrls, c.req.url);
  // The header's category menu; a page still renders without it when it cannot be read.
  const menuOf = (c: Context<TenantEnv>) => storeMenu?.(c.get('tenant')).catch(() => undefined);
  return (
    new Hono<TenantEnv>()
      .get('/', everyone, async (c) => {
        const tenant = c.get('tenant');
        const q = c.req.query();
        // Filtered, sorted or later pages repeat the catalog: only the plain one is a search result.
        const plain = Object.keys(q).length === 0;
        const home = origin(c);
        const parsed = v.safeParse(BrowseQuerySchema, browseInput(q));
        let status: 200 | 400 = 200;
        let problem: string | undefined;
        let items: PublicProduct[] = [];
        let next: string | undefined;
        if (!parsed.success) {
          status = 400;
          problem = fieldErrors(parsed.issues)
            .map((e) => `${e.path}: ${e.message}`)
            .join('; ');
        } else {
          try {
            const page = await catalog.browse(tenant, parsed.output, priceContextOf(c));
            if (page.stale) c.header('x-cache', 'stale');
            items = page.items;
            if (page.nextCursor) next = `/?${new URLSearchParams({ ...q, cursor: page.nextCursor }).toString()}`;
          } catch (error) {
            if (!(error instanceof DomainError) || error.status >= 500) throw error;
            status = 400;
            problem = error.message;
          }
        }
        return page(
          c,
          <Layout
            audience="storefront"
            assets={assets}
            signedInAs={sessionView(c, c.get('claims')).email}
            siteName={tenant.name}
            menu={await menuOf(c)}
            currency={currencyChoiceOf(c)}
            title="Catalog"
            description={metaDescription(`Shop ${tenant.name} online: browse the catalog, compare prices and see what is in stock.`)}
            canonical={plain && home ? `${home}/` : undefined}
            noindex={!plain}
          >
            <h2 class="visually-hidden">Catalog</h2>
            {/* biome-ignore lint/a11y/useSemanticElements: hono/jsx has no <search> element type; the role is the same landmark */}
            <form class="filters" method="get" action="/" role="search" aria-label="Search and filter products">
              <label>
                Search
                <input type="search" name="q" value={q.q ?? ''} placeholder="e.g. boot" />
              </label>
              <label>
                Sort by
                <select name="sort">
                  {SORTS.map((s) => (
                    <option value={s} selected={(q.sort || 'newest') === s}>
                      {SORT_LABELS[s]}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Min price
                <input type="number" name="min" min="0" step="0.01" inputmode="decimal" value={q.min ?? ''} />
              </label>
              <label>
                Max price
                <input type="number" name="max" min="0" step="0.01" inputmode="decimal" value={q.max ?? ''} />
              </label>
              <label>
                Tag
                <input type="text" name="tag" value={q.tag ?? ''} placeholder="e.g. running" />
              </label>
              <label>
                Rating
                <select name="rating">
                  <option value="">Any</option>
                  {(['4', '3', '2'] as const).map((n) => (
                    <option value={n} selected={q.rating === n}>
                      {n} stars and up
                    </option>
                  ))}
                </select>
              </label>
              <label class="check">
                <input type="checkbox" name="inStock" value="true" checked={q.inStock === 'true'} />
                In stock only
              </label>
              <button type="submit">Apply</button>
            </form>
            {problem ? (
              <p class="notice" role="alert">
                {problem}
              </p>
            ) : (
              <p aria-live="polite" data-testid="result-count">
                {items.length === 0 ? 'No products match.' : `Showing ${items.length} product${items.length === 1 ? '' : 's'}.`}
              </p>
            )}
            <ul class="grid">
              {items.map((item) => (
                <Card product={item} />
              ))}
            </ul>
            <Pager next={next} first={firstPageOf('/', q)} />
          </Layout>,
          status,
        );
      })
      .get('/p/:id', everyone, async (c) => {
        const tenant = c.get('tenant');
        const id = c.req.param('id');
        const product = /^[A-Za-z0-9-]{1,64}$/.test(id) ? await catalog.getPublic(tenant, id, priceContextOf(c)).catch(() => undefined) : undefined;
        if (!product) {
          return page(
            c,
            <Layout audience="storefront" assets={assets} signedInAs={sessionView(c, c.get('claims')).email} siteName={tenant.name} title="Not found" noindex>
              <h2>Product not found</h2>
              <p>
                <a href="/">Back to the catalog</a>
              </p>
            </Layout>,
            404,
          );
        }
        const variant = pageVariant(product, c.req.query());
        const stock = stockState(variant?.inStock ?? product.inStock);
        // A bad or foreign `reviews` cursor shows the first page rather than failing the product page.
        const reviewsCursor = c.req.query('reviews');
        const reviews = productReviews
          ? await productReviews(tenant, product.id, reviewsCursor).catch(() => (reviewsCursor ? productReviews(tenant, product.id, undefined) : { items: [] }))
          : { items: [] };
        const seo = productSeo(product, tenant, origin(c), reviews.items);
        return page(
          c,
          <Layout
            audience="storefront"
            assets={assets}
            signedInAs={sessionView(c, c.get('claims')).email}
            siteName={tenant.name}
            menu={await menuOf(c)}
            currency={currencyChoiceOf(c)}
            title={seo.title}
            description={seo.description}
            canonical={seo.url}
            jsonLd={jsonLdText(seo.jsonLd)}
            script="product"
          >
            <p>
              <a href="/">← Back to the catalog</a>
            </p>
            <article class="product">
              <Gallery name={product.name} images={product.images} first={imageOfVariant(product.images, variant)} />
              <div class="buy">
                <h2>{product.name}</h2>
                {variant ? <VariantPrice variant={variant} /> : <ListedPrice product={product} />}
                {product.notSoldIn ? <NotSoldIn currency={product.notSoldIn} storeCurrency={tenant.settings.currency} back={currencyChoiceOf(c).back} /> : null}
                {variant ? <Availability inStock={variant.inStock} /> : <p class={`stock ${stock.tone}`}>{stock.label}</p>}
                {variant && product.options.length > 0 ? <VariantPicker product={product} variant={variant} /> : null}
                {variant && !product.notSoldIn ? (
                  <AddToCart
                    productId={product.id}
                    variantId={variant.id}
                    inStock={variant.inStock}
                    signedIn={Boolean(sessionView(c, c.get('claims')).email)}
                  />
                ) : null}
                {variant ? (
                  // "Buy now": straight to checkout with this one variant (the product script keeps the line on the chosen variant).
                  <form method="get" action="/checkout" class="buy-now" hidden={!variant.inStock || Boolean(product.notSoldIn)}>
                    <input type="hidden" id="buy-now-line" name="line" value={`${product.id}:${variant.id}:1`} />
                    <button type="submit">Buy now</button>
                  </form>
                ) : null}
                <p>{product.description}</p>
                {product.tags.length ? <p>Tags: {product.tags.map((t, i) => [i ? ', ' : '', <a href={`/?tag=${encodeURIComponent(t)}`}>{t}</a>])}</p> : null}
                {variant ? (
                  <p>
                    <small>
                      SKU <span data-testid="sku">{variant.sku}</span>
                    </small>
                  </p>
                ) : null}
              </div>
            </article>
            {productReviews ? (
              <ReviewsSection
                productId={product.id}
                productName={product.name}
                rating={product.rating}
                reviews={reviews.items}
                more={reviews.nextCursor ? `/p/${product.id}?${new URLSearchParams({ reviews: reviews.nextCursor }).toString()}#reviews` : undefined}
                signedInCustomer={Boolean(c.get('claims')?.roles.includes('customer'))}
              />
            ) : null}
          </Layout>,
        );
      })
      .get('/sitemap.xml', everyone, async (c) => {
        const base = origin(c);
        const products = base ? await catalog.sitemap(c.get('tenant')) : [];
        const pages = base ? [{ url: `${base}/` }, ...products.map((p) => ({ url: `${base}${productPath(p.id)}`, lastModified: p.updatedAt }))] : [];
        return c.body(sitemapXml(pages), 200, { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=300' });
      })
      .get('/robots.txt', everyone, (c) =>
        c.body(robotsTxt(origin(c)), 200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
      )
      // The account page's sign-in and your-data parts load with its first request, not at a cold start.
      .get(
        '/account',
        everyone,
        lazyHandler(async () => (await import('./account-page')).accountPage(assets)),
      )
  );
}
