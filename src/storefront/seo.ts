import type { PublicProduct } from '../catalog/product';
import type { TenantContext } from '../tenants/tenant';
import type { PublicReview } from '../reviews/review';

/**
 * What search engines read of a store: canonical URLs, descriptions, the sitemap, robots.txt and
 * the JSON-LD of a product. The only code here that knows the product's shape is `productSeo`, so
 * a new product model changes that one function.
 */

/**
 * How a store's public URLs are written. On AWS always `https://<primary domain>`; locally the
 * request's scheme and the port the app listens on (`http://demo-shoes.localhost:3000`). Set by
 * the entry point, never read from the request's Host: a visitor could send any.
 */
export type StoreUrlOptions = { scheme: 'https' | 'request'; port?: number | undefined };

export const DEFAULT_STORE_URLS: StoreUrlOptions = { scheme: 'https' };

/**
 * `https://shop.example.com`: the store's first domain (the one it was created with, or the one an
 * owner made primary). A store without a domain (never, for one resolved by Host) has none.
 */
export function storeOrigin(tenant: TenantContext, options: StoreUrlOptions, requestUrl: string): string | undefined {
  if (!tenant.primaryDomain) return undefined;
  const scheme = options.scheme === 'https' ? 'https:' : new URL(requestUrl).protocol === 'https:' ? 'https:' : 'http:';
  const defaultPort = scheme === 'https:' ? 443 : 80;
  const port = options.port !== undefined && options.port !== defaultPort ? `:${options.port}` : '';
  return `${scheme}//${tenant.primaryDomain}${port}`;
}

/** A product page's path: the URL the sitemap lists and `/products/:id` sends browsers to. */
export const productPath = (id: string) => `/p/${encodeURIComponent(id)}`;

/** Search results show about this many characters of a description. */
const DESCRIPTION_LENGTH = 160;

/** Whitespace folded, cut at a word boundary with an ellipsis when too long. */
export function metaDescription(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= DESCRIPTION_LENGTH) return flat;
  const cut = flat.slice(0, DESCRIPTION_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > DESCRIPTION_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

/** `https://schema.org/InStock` and friends: low stock is still in stock for a search engine. */
const availability = (inStock: boolean) => (inStock ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock');

/** Minor units as the decimal string schema.org expects: 8999 EUR → "89.99", 500 JPY → "500". */
export function decimalPrice(amount: number, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (amount / 10 ** digits).toFixed(digits);
}

/**
 * A product's page description and its JSON-LD `Product`. The price is shown in the store's
 * currency (tenant.settings.currency), the one the storefront sells in.
 */
/**
 * schema.org AggregateRating and Review of a product's published reviews (only with at least one:
 * an empty rating is invalid structured data). Reviews' text is the shoppers', escaped by `jsonLdText`.
 */
export function reviewsJsonLd(product: PublicProduct, reviews: readonly PublicReview[]) {
  if (product.rating.count === 0 || product.rating.average === null) return {};
  return {
    aggregateRating: { '@type': 'AggregateRating', ratingValue: product.rating.average, reviewCount: product.rating.count, bestRating: 5, worstRating: 1 },
    ...(reviews.length
      ? {
          review: reviews.map((review) => ({
            '@type': 'Review',
            name: review.title,
            reviewBody: review.text,
            datePublished: review.publishedAt.slice(0, 10),
            author: { '@type': 'Person', name: review.authorName },
            reviewRating: { '@type': 'Rating', ratingValue: review.rating, bestRating: 5, worstRating: 1 },
          })),
        }
      : {}),
  };
}

export function productSeo(product: PublicProduct, tenant: TenantContext, origin: string | undefined, reviews: readonly PublicReview[] = []) {
  const url = origin ? `${origin}${productPath(product.id)}` : undefined;
  const currency = tenant.settings.currency;
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.name,
    description: product.description,
    ...(product.sku ? { sku: product.sku } : {}),
    image: product.images.map((image) => image.url),
    ...(url ? { url } : {}),
    // One offer per variant a visitor can choose (each its own SKU, price and availability);
    // a product without options has exactly one.
    offers: product.variants.map((variant) => ({
      '@type': 'Offer',
      sku: variant.sku,
      price: decimalPrice(variant.price.amount, currency),
      priceCurrency: currency,
      availability: availability(variant.inStock),
      ...(url ? { url } : {}),
    })),
    ...reviewsJsonLd(product, reviews),
  };
  return { title: product.name, description: metaDescription(product.description || `${product.name} at ${tenant.name}.`), url, jsonLd };
}

/**
 * JSON for a `<script type="application/ld+json">` block: `<` escaped so a product's text cannot
 * close the script element (`</script>`) or open a comment.
 */
export function jsonLdText(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const xmlEscape = (text: string) => text.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The sitemaps.org XML of `pages` (absolute URLs, optional last change). */
export function sitemapXml(pages: readonly { url: string; lastModified?: string | undefined }[]): string {
  const entries = pages.map(
    (page) => `<url><loc>${xmlEscape(page.url)}</loc>${page.lastModified ? `<lastmod>${xmlEscape(page.lastModified)}</lastmod>` : ''}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</urlset>\n`;
}

/** Crawlers may read the catalog and products; accounts, the console and the API's writes are no search results. */
export function robotsTxt(origin: string | undefined): string {
  const lines = ['User-agent: *', 'Allow: /', 'Disallow: /account', 'Disallow: /admin', 'Disallow: /auth/'];
  return `${[...lines, ...(origin ? ['', `Sitemap: ${origin}/sitemap.xml`] : [])].join('\n')}\n`;
}
