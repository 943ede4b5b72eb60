import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCounts,
  contributionOf,
  isNoChange,
  marginOf,
  NO_RATINGS,
  ratingDelta,
  ratingRankOf,
  ratingSummary,
  type RatingCounts,
} from '../../../src/catalog/rating';

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

describe('the "Top rated" rank', () => {
  const at = (day: number) => `2026-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;
  const descending = (keys: string[]) => [...keys].sort().reverse();

  it('puts higher averages first, then more reviews, then newer; products without reviews after every rated one, newest first', () => {
    const ranked = {
      fiveOnce: ratingRankOf({ count: 1, total: 5 }, at(1), 'a'),
      fourTwice: ratingRankOf({ count: 2, total: 8 }, at(1), 'b'),
      fourOnceNew: ratingRankOf({ count: 1, total: 4 }, at(9), 'c'),
      fourOnceOld: ratingRankOf({ count: 1, total: 4 }, at(2), 'd'),
      oneStar: ratingRankOf({ count: 40, total: 40 }, at(3), 'e'),
      unratedNew: ratingRankOf(undefined, at(8), 'f'),
      unratedOld: ratingRankOf({ count: 0, total: 0 }, at(4), 'g'),
    };
    expect(descending(Object.values(ranked))).toEqual(Object.values(ranked));
  });

  it('ends in the product id and orders by the average whatever the counts', () => {
    expect(ratingRankOf({ count: 3, total: 13 }, at(1), 'p1').endsWith('#p1')).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), fc.nat(4), fc.nat(4), (n, m, extraA, extraB) => {
        const a = { count: n, total: n + Math.min(extraA * n, 4 * n) };
        const b = { count: m, total: m + Math.min(extraB * m, 4 * m) };
        const averageA = Math.round((a.total * 100) / a.count);
        const averageB = Math.round((b.total * 100) / b.count);
        if (averageA === averageB) return;
        expect(ratingRankOf(a, at(1), 'x') > ratingRankOf(b, at(1), 'y')).toBe(averageA > averageB);
      }),
    );
  });
});
