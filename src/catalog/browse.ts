import * as v from 'valibot';

export const SORTS = ['newest', 'price-asc', 'price-desc', 'name', 'top-rated'] as const;

/** Lower-case, accents folded, so "Crème" is found by "creme". */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

const amount = v.pipe(v.string(), v.regex(/^\d{1,11}$/, 'must be a whole number of minor units'), v.transform(Number));

/**
 * The storefront's query string: sort, price range (minor units), in stock, tag, and words to
 * find in name, description, tags or SKU. Every combination is served by a Query on the store's
 * own index partition.
 */
export const BrowseQuerySchema = v.pipe(
  v.object({
    sort: v.optional(v.picklist(SORTS), 'newest'),
    minPrice: v.optional(amount),
    maxPrice: v.optional(amount),
    inStock: v.optional(
      v.pipe(
        v.picklist(['true', 'false']),
        v.transform((s) => s === 'true'),
      ),
    ),
    tag: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(/^[a-z0-9][a-z0-9 -]{0,39}$/, 'must be a tag'))),
    /** "N stars and up": products whose published reviews average at least N (docs/reviews.md). */
    minRating: v.optional(
      v.pipe(
        v.picklist(['2', '3', '4'], 'must be 2, 3 or 4'),
        v.transform((n) => Number(n) as 2 | 3 | 4),
      ),
    ),
    q: v.optional(
      v.pipe(
        v.string(),
        v.maxLength(100),
        v.transform((q) =>
          [
            ...new Set(
              normaliseText(q)
                .split(/[^\p{L}\p{N}-]+/u)
                .filter(Boolean),
            ),
          ].slice(0, 5),
        ),
      ),
    ),
    limit: v.optional(
      v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100'), v.transform(Number), v.minValue(1), v.maxValue(100)),
      '20',
    ),
    cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
  }),
  v.check((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, 'minPrice must not exceed maxPrice'),
);

export type BrowseQuery = v.InferOutput<typeof BrowseQuerySchema>;
export type Sort = BrowseQuery['sort'];
