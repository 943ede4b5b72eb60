import { currencyChoiceOf, priceContextOf } from '../pricing/currency-cookie';
import { Hono, type Context } from 'hono';
import { CardRating } from './review-parts';
import type { JSX } from 'hono/jsx/jsx-runtime';
import * as v from 'valibot';
import { SlugSchema } from '../catalog/category';
import type { GroupingService, GroupPage } from '../catalog/grouping-service';
import type { ShownCard } from '../catalog/listing-card';
import type { TenantEnv } from '../http/env';
import { everyone } from '../http/middleware/access';
import { DomainError } from '../shared/errors';
import type { TenantContext } from '../tenants/tenant';
import type { StoreMenu } from './category-menu';
import { formatPrice } from './format';
import { SaleMark } from './sale-mark';
import { Layout, type PageAssets } from './layout';
import { metaDescription, productPath, storeOrigin, type StoreUrlOptions } from './seo';
import { sessionView } from './session-view';
import { Pager } from './pager';

const PAGE_SIZE = 12;

/** The header menu of every storefront page: from the cached tree and collections, so free when warm. */
export function storeMenu(groupings: GroupingService) {
  return async (tenant: TenantContext): Promise<StoreMenu> => {
    const [categories, collections] = await Promise.all([groupings.categoryTree(tenant), groupings.publicCollections(tenant)]);
    return { categories, collections };
  };
}

export function CardItem(props: { card: ShownCard }) {
  const { card } = props;
  return (
    <li class="card" data-testid="product-card">
      <a href={productPath(card.productId)}>
        {card.imageUrl ? <img src={card.imageUrl} alt="" loading="lazy" /> : <div class="placeholder" aria-hidden="true" />}
        <h3>{card.name}</h3>
        <p class="price">
          {card.compareAt ? <s class="compare-at">{formatPrice(card.compareAt)}</s> : null} {formatPrice(card.price)}{' '}
          <SaleMark price={card.price.amount} compareAt={card.compareAt?.amount} />
        </p>
        {card.notSoldIn ? <p class="stock out">Not sold in {card.notSoldIn}</p> : null}
        <CardRating rating={card.rating} />
        <p class={`stock ${card.inStock ? 'in' : 'out'}`}>{card.inStock ? 'In stock' : 'Out of stock'}</p>
      </a>
    </li>
  );
}

/**
 * The storefront's category and collection pages (`/category/:slug`, `/collection/:slug`):
 * breadcrumbs, subcategories with their counts, a page of cards (one Query) and a link to the next.
 */
export function categoryPages(groupings: GroupingService, assets: PageAssets, storeUrls: StoreUrlOptions) {
  const menu = storeMenu(groupings);

  async function render(c: Context<TenantEnv>, kind: 'category' | 'collection') {
    const tenant = c.get('tenant');
    const slug = c.req.param('slug') ?? '';
    const cursor = c.req.query('cursor');
    let found: GroupPage | undefined;
    let status: 200 | 400 | 404 = 200;
    if (v.is(SlugSchema, slug) && slug === slug.toLowerCase()) {
      try {
        const request = { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) };
        const price = priceContextOf(c);
        found = kind === 'category' ? await groupings.categoryPage(tenant, slug, request, price) : await groupings.collectionPage(tenant, slug, request, price);
      } catch (error) {
        if (!(error instanceof DomainError) || error.status >= 500) throw error;
        status = error.status === 400 ? 400 : 404;
      }
    } else status = 404;
    const common = {
      audience: 'storefront' as const,
      assets,
      signedInAs: sessionView(c, c.get('claims')).email,
      siteName: tenant.name,
      menu: await menu(tenant),
      currency: currencyChoiceOf(c),
    };
    if (!found) {
      return html(
        c,
        <Layout {...common} title="Not found" noindex>
          <h2>{status === 400 ? 'That page link has expired' : `No such ${kind}`}</h2>
          <p>
            <a href="/">Back to the catalog</a>
          </p>
        </Layout>,
        status,
      );
    }
    if (found.stale) c.header('x-cache', 'stale');
    const base = storeOrigin(tenant, storeUrls, c.req.url);
    const path = `/${kind}/${slug}`;
    const { group } = found;
    return html(
      c,
      <Layout
        {...common}
        title={group.name}
        description={metaDescription(group.description || `${group.name} at ${tenant.name}: ${group.productCount} products.`)}
        canonical={!cursor && base ? `${base}${path}` : undefined}
        noindex={Boolean(cursor)}
      >
        <nav aria-label="Breadcrumbs" class="breadcrumbs">
          <ol>
            <li>
              <a href="/">Catalog</a>
            </li>
            {found.breadcrumbs.map((crumb, i) => (
              <li>
                {i === found.breadcrumbs.length - 1 ? <span aria-current="page">{crumb.name}</span> : <a href={`/category/${crumb.slug}`}>{crumb.name}</a>}
              </li>
            ))}
          </ol>
        </nav>
        <h2>{group.name}</h2>
        {group.description ? <p>{group.description}</p> : null}
        {found.children.length ? (
          <ul class="subcategories">
            {found.children.map((child) => (
              <li>
                <a href={`/category/${child.slug}`}>
                  {child.name} <span class="count">({child.productCount})</span>
                </a>
              </li>
            ))}
          </ul>
        ) : null}
        <p aria-live="polite" data-testid="result-count">
          {group.productCount === 1 ? '1 product' : `${group.productCount} products`}
        </p>
        <ul class="grid">
          {found.items.map((card) => (
            <CardItem card={card} />
          ))}
        </ul>
        <Pager
          next={found.nextCursor ? `${path}?${new URLSearchParams({ cursor: found.nextCursor }).toString()}` : undefined}
          first={cursor ? path : undefined}
        />
      </Layout>,
      status,
    );
  }

  return new Hono<TenantEnv>()
    .get('/category/:slug', everyone, (c) => render(c, 'category'))
    .get('/collection/:slug', everyone, (c) => render(c, 'collection'));
}

async function html(c: Context<TenantEnv>, node: JSX.Element, status: 200 | 400 | 404) {
  return c.html(`<!DOCTYPE html>${await node.toString()}`, status);
}
