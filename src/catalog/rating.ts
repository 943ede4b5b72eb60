import * as v from 'valibot';

/**
 * A product's rating counters, kept on the product item by the reviews' own transactions (ADD on
 * each counter, never touching the product's version): how many published reviews, the sum of
 * their stars, and how many gave each number of stars (index 0 = one star).
 */
export const RatingCountsSchema = v.object({
  count: v.number(),
  total: v.number(),
  stars: v.tuple([v.number(), v.number(), v.number(), v.number(), v.number()]),
});
export type RatingCounts = v.InferOutput<typeof RatingCountsSchema>;

export const NO_RATINGS: RatingCounts = { count: 0, total: 0, stars: [0, 0, 0, 0, 0] };

/** The "N stars and up" filters: average ≥ N, kept as counters `total − N × count` so a filter needs no arithmetic. */
export const RATING_FLOORS = [2, 3, 4] as const;
export type RatingFloor = (typeof RATING_FLOORS)[number];

/** What a published review adds to its product's counters (nothing while pending or rejected). */
export function contributionOf(review: { status: string; rating: number } | undefined): RatingCounts {
  if (review?.status !== 'published') return NO_RATINGS;
  const stars: RatingCounts['stars'] = [0, 0, 0, 0, 0];
  stars[review.rating - 1] = 1;
  return { count: 1, total: review.rating, stars };
}

/** The change a write makes to the counters: what the review adds now minus what it added before. */
export function ratingDelta(before: RatingCounts, after: RatingCounts): RatingCounts {
  return {
    count: after.count - before.count,
    total: after.total - before.total,
    stars: after.stars.map((n, i) => n - before.stars[i]!) as RatingCounts['stars'],
  };
}

export const isNoChange = (delta: RatingCounts) => delta.count === 0 && delta.total === 0 && delta.stars.every((n) => n === 0);

/** Counters added up (a recount, or stored counters plus a delta). */
export function addCounts(a: RatingCounts, b: RatingCounts): RatingCounts {
  return { count: a.count + b.count, total: a.total + b.total, stars: a.stars.map((n, i) => n + b.stars[i]!) as RatingCounts['stars'] };
}

/** `total − floor × count`: at least 0 exactly when the average is at least `floor`. */
export const marginOf = (counts: Pick<RatingCounts, 'count' | 'total'>, floor: number) => counts.total - floor * counts.count;

/** What shoppers see: the average to one decimal, the count, and how many gave each number of stars. */
export const RatingSummarySchema = v.strictObject({
  count: v.number(),
  /** To one decimal; null while there are no published reviews. */
  average: v.nullable(v.number()),
  /** How many reviews gave 1, 2, 3, 4 and 5 stars. */
  distribution: v.strictObject({ 1: v.number(), 2: v.number(), 3: v.number(), 4: v.number(), 5: v.number() }),
});
export type RatingSummary = v.InferOutput<typeof RatingSummarySchema>;

export function ratingSummary(counts: RatingCounts | undefined): RatingSummary {
  const c = counts ?? NO_RATINGS;
  const [one, two, three, four, five] = c.stars;
  return {
    count: c.count,
    average: c.count > 0 ? Math.round((c.total * 10) / c.count) / 10 : null,
    distribution: { 1: one, 2: two, 3: three, 4: four, 5: five },
  };
}

/** Hundredths of a star: averages that differ only past the second decimal sort together (then by count). */
const AVERAGE_DIGITS = 3;
const COUNT_DIGITS = 9;

/**
 * Where a product sorts under "Top rated" (read descending): rated products first, by average
 * (hundredths of a star), then by how many reviews, then newest; products without published
 * reviews after every rated one, newest first. Ends in the product id, as every index sort key
 * does (a cursor rebuilds the table key from it). Pure; the same counters always rank the same.
 */
export function ratingRankOf(counts: Pick<RatingCounts, 'count' | 'total'> | undefined, createdAt: string, id: string): string {
  if (!counts || counts.count <= 0) return `0#${createdAt}#${id}`;
  const hundredths = Math.round((counts.total * 100) / counts.count);
  const count = Math.min(counts.count, 10 ** COUNT_DIGITS - 1);
  return `1#${String(hundredths).padStart(AVERAGE_DIGITS, '0')}#${String(count).padStart(COUNT_DIGITS, '0')}#${createdAt}#${id}`;
}
