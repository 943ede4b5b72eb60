import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRICES, type PriceBook } from '../../../src/costs/prices';
import { costTable, STORE_SIZES, storeMonthlyCost, totalOf } from '../../../src/costs/store-cost';
import { PLANS } from '../../../src/plans/plans';

const COSTS_DOC = path.resolve(import.meta.dirname, '../../../docs/costs.md');

describe('cost per store per month (docs/costs.md)', () => {
  it('docs/costs.md shows the table computed from docs/prices.json: a price change fails here until the doc follows', () => {
    const doc = readFileSync(COSTS_DOC, 'utf8');
    const table = costTable();
    // On a mismatch, the message is the table to paste into docs/costs.md.
    expect(doc.includes(table), `docs/costs.md must contain this table:\n\n${table}\n`).toBe(true);
  });

  it('a price change moves the table (the check above can fail)', () => {
    const transfer = PRICES.prices['cloudfront.transfer.out']!;
    const dearer: PriceBook = { ...PRICES, prices: { ...PRICES.prices, 'cloudfront.transfer.out': { ...transfer, usd: 0.1 } } };
    expect(costTable(dearer)).not.toBe(costTable());
  });

  it('every line is priced from the book, and grows with the store', () => {
    const [small, medium, large] = (['small', 'medium', 'large'] as const).map((size) => storeMonthlyCost(STORE_SIZES[size]));
    for (let i = 0; i < small!.length; i++) {
      expect(medium![i]!.usd).toBeGreaterThanOrEqual(small![i]!.usd);
      expect(large![i]!.usd).toBeGreaterThanOrEqual(medium![i]!.usd);
    }
    // A million requests of nothing else: API Gateway's and Lambda's request prices plus the compute.
    const bare = storeMonthlyCost({
      ...STORE_SIZES.small,
      requests: 1_000_000,
      readUnits: 0,
      writeUnits: 0,
      imageViews: 0,
      transferGb: 0,
      eventsPublished: 0,
      emailsSent: 0,
      imageGb: 0,
      tableGb: 0,
    });
    expect(bare.find((l) => l.what.startsWith('API Gateway'))!.usd).toBeCloseTo(1, 10);
    expect(bare.find((l) => l.what.startsWith('Lambda'))!.usd).toBeCloseTo(0.2 + 1_000_000 * 0.05 * 0.5 * 0.0000133334, 6);
  });

  it('the small and medium stores cost us less than the plans they would be on', () => {
    expect(totalOf(storeMonthlyCost(STORE_SIZES.small)) * 100).toBeLessThan(PLANS.basic.monthlyPrice.amount);
    expect(totalOf(storeMonthlyCost(STORE_SIZES.medium)) * 100).toBeLessThan(PLANS.standard.monthlyPrice.amount);
  });
});
