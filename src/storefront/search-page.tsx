import { currencyChoiceOf, priceContextOf } from '../pricing/currency-cookie';
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { TenantEnv } from '../http/env';
import { everyone } from '../http/middleware/access';
import { optionFilters, SearchQuerySchema, type SearchQuery } from '../search/query';
import type { SearchPage, SearchService } from '../search/service';
import type { TenantContext } from '../tenants/tenant';
import { CardItem } from './category-pages';
import type { StoreMenu } from './category-menu';
import { formatPrice } from './format';
import { Layout, type PageAssets } from './layout';
import { sessionView } from './session-view';
import { parsePriceRange } from '../search/price-bands';

/** The storefront's results page: its address, which the header's search box submits to. */
export const SEARCH_PAGE_PATH = '/find';

type Filters = { query: SearchQuery; options: [string, string][] };

/** The page's own URL with some parameters changed (undefined: removed) and the page reset. */
function linkTo(params: URLSearchParams, changes: Record<string, string | undefined>): string {
  const next = new URLSearchParams(params);
  next.delete('page');
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) next.delete(key);
    else next.set(key, value);
  }
  const text = next.toString();
  return text ? `${SEARCH_PAGE_PATH}?${text}` : SEARCH_PAGE_PATH;
}

/** A price band's label in the store's currency: "€10.00 – €25.00", "€500.00 and up". */
function bandLabel(value: string, currency: string): string {
  const range = parsePriceRange(value);
  if (!range) return value;
  const money = (amount: number) => formatPrice({ amount, currency });
  return range.max === null ? `${money(range.min)} and up` : `${money(range.min)} – ${money(range.max)}`;
}

/** One facet as a group of radio buttons (works without script: the form is submitted with "Apply"). */
function FacetGroup(props: { legend: string; name: string; chosen: string | undefined; values: { value: string; label: string; count: number }[] }) {
  if (props.values.length === 0 && !props.chosen) return null;
  return (
    <fieldset class="facet">
      <legend>{props.legend}</legend>
      <label class="check">
        <input type="radio" name={props.name} value="" checked={!props.chosen} /> Any
      </label>
      {props.values.map((facet) => (
        <label class="check">
          <input type="radio" name={props.name} value={facet.value} checked={props.chosen === facet.value} /> {facet.label}{' '}
          <span class="count">({facet.count})</span>
        </label>
      ))}
    </fieldset>
  );
}

function Facets(props: { page: SearchPage; filters: Filters; currency: string }) {
  const { page, filters } = props;
  const chosenOption = (name: string) => filters.options.find(([n]) => n === name)?.[1];
  return (
    <form class="facets" id="filters" method="get" action={SEARCH_PAGE_PATH} aria-label="Filters">
      <input type="hidden" name="q" value={filters.query.q} />
      <FacetGroup legend="Category" name="category" chosen={filters.query.category} values={page.facets.category} />
      {page.facets.options.map((option) => (
        <FacetGroup legend={option.name} name={`option.${option.name}`} chosen={chosenOption(option.name)} values={option.values} />
      ))}
      <FacetGroup
        legend="Price"
        name="price"
        chosen={filters.query.price ? `${filters.query.price.min}-${filters.query.price.max ?? ''}` : undefined}
        values={page.facets.price.map((band) => ({ ...band, label: bandLabel(band.value, props.currency) }))}
      />
      <FacetGroup
        legend="Rating"
        name="rating"
        chosen={filters.query.rating === undefined ? undefined : String(filters.query.rating)}
        values={page.facets.rating}
      />
      <fieldset class="facet">
        <legend>Availability</legend>
        <label class="check">
          <input type="checkbox" name="inStock" value="true" checked={filters.query.inStock === true} /> In stock only{' '}
          <span class="count">({page.facets.inStock.count})</span>
        </label>
      </fieldset>
      <button type="submit">Apply</button>
    </form>
  );
}

/**
 * `GET /find`: search results with facet filters, rendered on the server (a plain form and links,
 * so it works without script). Empty filter values (a radio's "Any") are dropped before validation.
 */
export function searchPage(search: SearchService, assets: PageAssets, menu: (tenant: TenantContext) => Promise<StoreMenu>) {
  return new Hono<TenantEnv>().get(SEARCH_PAGE_PATH, everyone, async (c: Context<TenantEnv>) => {
    const tenant = c.get('tenant');
    const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ''));
    const params = new URLSearchParams(raw);
    const parsed = v.safeParse(SearchQuerySchema, {
      q: raw.q,
      category: raw.category,
      price: raw.price,
      inStock: raw.inStock,
      rating: raw.rating,
      page: raw.page,
    });
    const options = optionFilters(raw);
    const common = {
      audience: 'storefront' as const,
      assets,
      signedInAs: sessionView(c, c.get('claims')).email,
      siteName: tenant.name,
      menu: await menu(tenant),
      currency: currencyChoiceOf(c),
      // Results pages are nobody's search result; their links are still followed.
      noindex: true,
      searchQuery: raw.q ?? '',
    };
    if (!parsed.success || !options.success) {
      const html = (
        <Layout {...common} title="Search">
          <h2>Those search filters are not valid</h2>
          <p>
            <a href={linkTo(new URLSearchParams(raw.q ? { q: raw.q } : {}), {})}>Search again without them</a>
          </p>
        </Layout>
      );
      return c.html(`<!DOCTYPE html>${await html.toString()}`, 400);
    }
    const filters: Filters = { query: parsed.output, options: options.output as [string, string][] };
    const page = await search.search(tenant, filters.query, filters.options, priceContextOf(c));
    const { q } = filters.query;
    const filtered = Boolean(
      filters.query.category || filters.query.price || filters.query.inStock !== undefined || filters.query.rating !== undefined || filters.options.length,
    );
    const html = (
      <Layout {...common} title={q ? `Search: ${q}` : 'All products'}>
        <h2>{q ? `Results for “${q}”` : 'All products'}</h2>
        <p aria-live="polite" data-testid="result-count">
          {page.total === 1 ? '1 product' : `${page.total} products`}
          {filtered ? (
            <>
              {' · '}
              <a href={linkTo(new URLSearchParams(q ? { q } : {}), {})}>Clear filters</a>
            </>
          ) : null}
          <span class="to-filters">
            {' · '}
            <a href="#filters">Filters</a>
          </span>
        </p>
        <div class="search-results">
          <Facets page={page} filters={filters} currency={tenant.settings.currency} />
          <div>
            {page.items.length ? (
              <ul class="grid">
                {page.items.map((card) => (
                  <CardItem card={card} />
                ))}
              </ul>
            ) : (
              <p>Nothing matches. Try fewer or shorter words, or fewer filters.</p>
            )}
            {page.pageCount > 1 ? (
              <nav aria-label="Pages" class="pager">
                {page.page > 1 ? (
                  <a href={page.page === 2 ? linkTo(params, {}) : pageLink(params, page.page - 1)} rel="prev">
                    ← Previous page
                  </a>
                ) : null}
                <span>
                  Page {page.page} of {page.pageCount}
                </span>
                {page.nextPage ? (
                  <a href={pageLink(params, page.nextPage)} rel="next">
                    Next page →
                  </a>
                ) : null}
              </nav>
            ) : null}
          </div>
        </div>
      </Layout>
    );
    return c.html(`<!DOCTYPE html>${await html.toString()}`, 200);
  });
}

function pageLink(params: URLSearchParams, page: number): string {
  const next = new URLSearchParams(params);
  next.set('page', String(page));
  return `${SEARCH_PAGE_PATH}?${next.toString()}`;
}
