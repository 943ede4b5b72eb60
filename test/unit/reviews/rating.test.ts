import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCounts, contributionOf, isNoChange, marginOf, NO_RATINGS, ratingDelta, ratingSummary, type RatingCounts } from '../../../src/catalog/rating';

const published = (rating: number) => ({ status: 'published', rating });

describe('rating counters', () => {
  it('count only published reviews', () => {
    expect(contributionOf(published(4))).toEqual({ count: 1, total: 4, stars: [0, 0, 0, 1, 0] });
    expect(contributionOf({ status: 'pending', rating: 4 })).toEqual(NO_RATINGS);
    expect(contributionOf({ status: 'rejected', rating: 5 })).toEqual(NO_RATINGS);
    expect(contributionOf(undefined)).toEqual(NO_RATINGS);
  });

  it('move by the difference a change makes: an edit from 2 to 5 stars, a removal, an approval', () => {
    expect(ratingDelta(contributionOf(published(2)), contributionOf(published(5)))).toEqual({ count: 0, total: 3, stars: [0, -1, 0, 0, 1] });
    expect(ratingDelta(contributionOf(published(3)), contributionOf(undefined))).toEqual({ count: -1, total: -3, stars: [0, 0, -1, 0, 0] });
    expect(ratingDelta(contributionOf({ status: 'pending', rating: 1 }), contributionOf(published(1)))).toEqual({ count: 1, total: 1, stars: [1, 0, 0, 0, 0] });
    expect(isNoChange(ratingDelta(contributionOf({ status: 'pending', rating: 1 }), contributionOf({ status: 'pending', rating: 4 })))).toBe(true);
  });

  it('summed over any sequence of changes, equal a recount of what is published at the end', () => {
    const change = fc.record({
      review: fc.nat(9),
      status: fc.constantFrom('published', 'pending', 'rejected', 'removed'),
      rating: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 60 }), (changes) => {
        const reviews = new Map<number, { status: string; rating: number }>();
        let counters: RatingCounts = NO_RATINGS;
        for (const c of changes) {
          const before = reviews.get(c.review);
          const after = c.status === 'removed' ? undefined : { status: c.status, rating: c.rating };
          counters = addCounts(counters, ratingDelta(contributionOf(before), contributionOf(after)));
          if (after) reviews.set(c.review, after);
          else reviews.delete(c.review);
        }
        const recount = [...reviews.values()].reduce((sum, r) => addCounts(sum, contributionOf(r)), NO_RATINGS);
        expect(counters).toEqual(recount);
        expect(counters.stars.reduce((a, b) => a + b, 0)).toBe(counters.count);
      }),
    );
  });

  it('the "N stars and up" margin is at least 0 exactly when the average is at least N', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 50 }), fc.constantFrom(2, 3, 4), (ratings, floor) => {
        const counts = ratings.reduce((sum, r) => addCounts(sum, contributionOf(published(r))), NO_RATINGS);
        expect(marginOf(counts, floor) >= 0).toBe(counts.total / counts.count >= floor);
      }),
    );
  });
});

describe('the rating shoppers see', () => {
  it('is the average to one decimal, the count and the distribution; no average without reviews', () => {
    expect(ratingSummary({ count: 3, total: 13, stars: [0, 0, 0, 2, 1] })).toEqual({ count: 3, average: 4.3, distribution: { 1: 0, 2: 0, 3: 0, 4: 2, 5: 1 } });
    expect(ratingSummary({ count: 2, total: 9, stars: [0, 0, 0, 1, 1] }).average).toBe(4.5);
    expect(ratingSummary(undefined)).toEqual({ count: 0, average: null, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });
  });
});
