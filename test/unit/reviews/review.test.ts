import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { MAX_TEXT, MAX_TITLE, publicReview, type Review } from '../../../src/reviews/review';
import { ReviewInputSchema } from '../../../src/reviews/review-input';

const valid = { rating: 4, title: 'Warm', text: 'Dry all winter.' };
const issuesOf = (input: unknown) => {
  const result = v.safeParse(ReviewInputSchema, input);
  return result.success ? [] : result.issues.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`);
};

describe('a review as written', () => {
  it('takes 1 to 5 whole stars, a title and text within their limits, trimmed, and an optional name', () => {
    expect(v.parse(ReviewInputSchema, { ...valid, title: '  Warm  ' })).toEqual({ ...valid, authorName: '' });
    for (const rating of [0, 6, 4.5, '5']) expect(issuesOf({ ...valid, rating })[0]).toMatch(/^rating/);
    expect(issuesOf({ ...valid, title: 'x'.repeat(MAX_TITLE + 1) })[0]).toMatch(/^title: must be at most 120/);
    expect(issuesOf({ ...valid, text: 'x'.repeat(MAX_TEXT + 1) })[0]).toMatch(/^text: must be at most 4000/);
    expect(issuesOf({ ...valid, title: '   ' })[0]).toMatch(/^title: must not be empty/);
    expect(issuesOf({ ...valid, tenantId: 'beta' })[0]).toMatch(/^tenantId/);
  });

  it('is plain text: no HTML tags, no control characters; line breaks and a lone < are text', () => {
    expect(issuesOf({ ...valid, text: 'Nice <b>boots</b>' })[0]).toMatch(/without HTML tags/);
    expect(issuesOf({ ...valid, title: '<img src=x onerror=alert(1)>' })[0]).toMatch(/without HTML tags/);
    expect(issuesOf({ ...valid, text: 'bell\u0007' })[0]).toMatch(/control characters/);
    expect(issuesOf({ ...valid, text: 'Size 42 < 43\nand 3 > 2\r\n' })).toEqual([]);
  });
});

describe('what shoppers see of a review', () => {
  it('names no customer id, and signs an unnamed review "A customer"', () => {
    const stored: Review = {
      id: 'r1',
      productId: 'p1',
      customerId: 'sub-123',
      authorName: '',
      rating: 5,
      title: 'T',
      text: 'X',
      status: 'published',
      verified: true,
      reportedBy: ['sub-456'],
      flagged: true,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
      publishedAt: '2026-01-01T00:00:00.000Z',
      version: 3,
    };
    const shown = publicReview(stored);
    expect(shown.authorName).toBe('A customer');
    expect(JSON.stringify(shown)).not.toMatch(/sub-/);
  });
});
