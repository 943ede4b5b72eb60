import { describe, expect, it } from 'vitest';
import { costOf, PRICES } from '../../../src/costs/prices';

describe('the price book (docs/prices.json)', () => {
  it('names a source page and a unit for every price', () => {
    expect(Object.keys(PRICES.prices).length).toBeGreaterThan(20);
    for (const price of Object.values(PRICES.prices)) {
      expect(price.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(price.unit.length).toBeGreaterThan(0);
    }
  });

  it('prices a quantity by the unit it is listed per', () => {
    expect(costOf('lambda.requests', 2_000_000)).toBeCloseTo(0.4, 10);
    expect(costOf('cloudfront.https.requests', 1_000_000)).toBeCloseTo(1, 10);
    expect(costOf('s3.get', 1000)).toBeCloseTo(0.0004, 10);
  });
});
