import * as v from 'valibot';
import { ShownCardSchema, shownCard } from '../catalog/listing-card';
import type { MediaStore } from '../catalog/media';
import { ProductStatusSchema } from '../catalog/product';
import type { GroupCards } from '../pricing/group-cards';
import type { PriceContext } from '../pricing/price-context';
import type { TenantContext } from '../tenants/tenant';
import { searchIndex, suggestFromIndex, type SearchFilters } from './engine';
import type { SearchQuery } from './query';
import { SEARCH_PAGE_SIZE } from './query';
import type { IndexReader } from './reader';

const FacetValueSchema = v.strictObject({ value: v.string(), label: v.string(), count: v.number() });
export const FacetsSchema = v.strictObject({
  category: v.array(FacetValueSchema),
  options: v.array(v.strictObject({ name: v.string(), values: v.array(FacetValueSchema) })),
  price: v.array(FacetValueSchema),
  /** "4 stars and up" and "3 stars and up" (value: the floor, the `rating` parameter), where any match. */
  rating: v.array(FacetValueSchema),
  inStock: v.strictObject({ count: v.number() }),
});
export type SearchFacets = v.InferOutput<typeof FacetsSchema>;

const pageEntries = {
  total: v.number(),
  page: v.number(),
  pageCount: v.number(),
  /** The next page's number, null on the last. */
  nextPage: v.nullable(v.number()),
  facets: FacetsSchema,
};

/** The storefront's answer: cards as category pages show them, and the facets. */
export const SearchPageSchema = v.strictObject({ items: v.array(ShownCardSchema), ...pageEntries });
export type SearchPage = v.InferOutput<typeof SearchPageSchema>;

/** Staff's answer: every status, so each card says its own. */
export const StaffSearchHitSchema = v.strictObject({ ...ShownCardSchema.entries, status: ProductStatusSchema });
export const StaffSearchPageSchema = v.strictObject({ items: v.array(StaffSearchHitSchema), ...pageEntries });
export type StaffSearchPage = v.InferOutput<typeof StaffSearchPageSchema>;

export const SuggestionsSchema = v.strictObject({
  items: v.array(v.strictObject({ productId: v.string(), name: v.string(), handle: v.string() })),
});
export type Suggestions = v.InferOutput<typeof SuggestionsSchema>;

const SUGGESTIONS = 6;

/** Ranked search over a store's catalog (docs/architecture.md, "Search"): the use cases the routes and pages call. */
export function createSearchService(deps: { reader: IndexReader; media: Pick<MediaStore, 'publicUrl'>; groupCards?: GroupCards }) {
  // The index's cards are shared (never a group's price); a member's copies are priced afterwards (src/pricing/group-cards.ts).
  // A visitor's cards pass through; only a member's first card page loads the pricing (src/platform.ts builds it lazily).
  const forGroup: GroupCards = async (tenant, context, cards) =>
    context?.groupId === undefined || !deps.groupCards ? cards : deps.groupCards(tenant, context, cards);
  const run = async (tenant: TenantContext, query: SearchQuery, options: SearchFilters['options'], audience: 'public' | 'staff', currency?: string) => {
    const index = await deps.reader.index(tenant);
    const hits = searchIndex(index, {
      q: query.q,
      filters: { category: query.category, options, price: query.price, inStock: query.inStock, minRating: query.rating },
      page: query.page,
      pageSize: SEARCH_PAGE_SIZE,
      audience,
    });
    const shown = hits.items.map(({ status, ...card }) => ({ ...shownCard(card, deps.media.publicUrl, tenant.settings.currency, currency), status }));
    return { ...hits, items: shown, nextPage: hits.page < hits.pageCount ? hits.page + 1 : null };
  };
  return {
    /** Visitors: active products only. */
    /** `price`: the shopper's context (src/pricing/currency-cookie.ts `priceContextOf`), the cards' prices in it; the store's own currency by default. */
    async search(tenant: TenantContext, query: SearchQuery, options: SearchFilters['options'], price?: PriceContext): Promise<SearchPage> {
      const answer = await run(tenant, query, options, 'public', price?.currency);
      return {
        ...answer,
        items: await forGroup(
          tenant,
          price,
          answer.items.map(({ status: _status, ...card }) => card),
        ),
      };
    },
    /** Staff: drafts and archived products too. */
    async searchAll(tenant: TenantContext, query: SearchQuery, options: SearchFilters['options']): Promise<StaffSearchPage> {
      return run(tenant, query, options, 'staff');
    },
    async suggest(tenant: TenantContext, q: string): Promise<Suggestions> {
      return { items: suggestFromIndex(await deps.reader.index(tenant), q, SUGGESTIONS) };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
