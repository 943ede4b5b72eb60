import * as v from 'valibot';
import { SlugSchema } from '../catalog/category';
import type { RatingFloor } from '../catalog/rating';
import { parsePriceRange, type PriceRange } from './price-bands';

/** The most results one can page to: ranked results past this are not worth reading. */
export const MAX_SEARCH_PAGE = 100;
export const SEARCH_PAGE_SIZE = 24;
/** Option filters a request may carry (`option.<name>=<value>`); a product has at most three options. */
const MAX_OPTION_FILTERS = 6;
export const OPTION_PARAM_PREFIX = 'option.';

const PriceSchema = v.pipe(
  v.string(),
  v.check((value) => parsePriceRange(value) !== undefined, 'must be a range of minor units such as 1000-2500, either end may be left out'),
  v.transform((value) => parsePriceRange(value) as PriceRange),
);

/**
 * `GET /search` and `/admin/search`: the words, the filters, the page. Option filters are
 * `option.<name>=<value>` parameters, read beside this schema (their names are the store's).
 */
export const SearchQuerySchema = v.object({
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, 'must be at most 200 characters')), ''),
  category: v.optional(SlugSchema),
  price: v.optional(PriceSchema),
  inStock: v.optional(
    v.pipe(
      v.picklist(['true', 'false']),
      v.transform((s) => s === 'true'),
    ),
  ),
  /** "N stars and up" (the rating facet's value): published reviews averaging at least N. */
  rating: v.optional(
    v.pipe(
      v.picklist(['2', '3', '4'], 'must be 2, 3 or 4'),
      v.transform((n) => Number(n) as RatingFloor),
    ),
  ),
  page: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[1-9]\d{0,2}$/, `must be a page number from 1 to ${MAX_SEARCH_PAGE}`),
      v.transform(Number),
      v.maxValue(MAX_SEARCH_PAGE, `must be a page number from 1 to ${MAX_SEARCH_PAGE}`),
    ),
    '1',
  ),
});
export type SearchQuery = v.InferOutput<typeof SearchQuerySchema>;

const OptionFilterSchema = v.pipe(
  v.array(v.tuple([v.pipe(v.string(), v.minLength(1), v.maxLength(40)), v.pipe(v.string(), v.minLength(1), v.maxLength(60))])),
  v.maxLength(MAX_OPTION_FILTERS, `must be at most ${MAX_OPTION_FILTERS} option filters`),
);

/** The `option.<name>=<value>` pairs of a query string, validated (names and values as product options allow). */
export function optionFilters(params: Record<string, string>): v.SafeParseResult<typeof OptionFilterSchema> {
  const pairs = Object.entries(params)
    .filter(([key]) => key.startsWith(OPTION_PARAM_PREFIX))
    .map(([key, value]) => [key.slice(OPTION_PARAM_PREFIX.length), value.trim()]);
  return v.safeParse(OptionFilterSchema, pairs);
}

/** `GET /search/suggest`: what the visitor has typed so far. */
export const SuggestQuerySchema = v.object({
  q: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100, 'must be at most 100 characters')),
});
