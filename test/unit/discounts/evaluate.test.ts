import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, percentOf } from '../../../src/discounts/allocate';
import type { Discount } from '../../../src/discounts/discount';
import { evaluate, type EvaluatedLine, type EvaluationContext } from '../../../src/discounts/evaluate';
import { discountedTotals } from '../../../src/discounts/totals';
import { totalsOf } from '../../../src/orders/totals';

const NOW = '2026-06-01T12:00:00.000Z';
const context = (over: Partial<EvaluationContext> = {}): EvaluationContext => ({ now: NOW, codes: [], shipping: 500, usage: new Map(), ...over });

let next = 0;
function discount(over: Partial<Discount>): Discount {
  next++;
  return {
    id: `d${String(next).padStart(3, '0')}`,
    title: 'Sale',
    method: 'automatic',
    code: null,
    effect: { type: 'percentage', percentBp: 1000 },
    target: { type: 'all' },
    minimum: { type: 'none' },
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: null,
    usageLimit: null,
    perCustomerLimit: null,
    combinesWith: { product: true, order: true, shipping: true },
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
    ...over,
  };
}

function line(variantId: string, unitPrice: number, quantity: number, over: Partial<EvaluatedLine> = {}): EvaluatedLine {
  return { productId: `p-${variantId}`, variantId, unitPrice, quantity, lineTotal: unitPrice * quantity, categoryIds: [], collectionIds: [], ...over };
}

describe('allocate (largest remainder)', () => {
  it('splits 100 over three equal weights as 34, 33, 33: the leftover cent goes to the first of the tied', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });
  it('gives the leftover units to the largest fractional parts', () => {
    // Exact parts 1.5, 3.75, 4.75 → floors 1, 3, 4 (8), two left: to .75 and .75 (the earlier first), not to .5.
    expect(
      allocate(
        10,
        [2, 5, 5].map((w) => w * 3),
      ),
    ).toEqual(allocate(10, [6, 15, 15]));
    expect(allocate(10, [6, 15, 15])).toEqual([2, 4, 4]);
    expect(allocate(7, [1, 3])).toEqual([2, 5]);
  });
  it('always adds up exactly, never exceeds a weight when the amount fits, and is zero for zero weights', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 30 }), fc.nat({ max: 1_000_000_000 }), (weights, wanted) => {
        const total = weights.reduce((a, b) => a + b, 0);
        const amount = Math.min(wanted, total);
        const shares = allocate(amount, weights);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total === 0 ? 0 : amount);
        shares.forEach((s, i) => {
          expect(Number.isInteger(s)).toBe(true);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(weights[i]!);
        });
      }),
      { numRuns: 2000 },
    );
  });
  it('rounds a percentage to the minor unit, halves up', () => {
    expect(percentOf(1005, 1000)).toBe(101); // 100.5 → 101
    expect(percentOf(1004, 1000)).toBe(100); // 100.4 → 100
    expect(percentOf(999, 10_000)).toBe(999);
    expect(percentOf(1, 5000)).toBe(1); // 0.5 → 1
  });
});

describe('evaluate: kinds and targets', () => {
  it('takes 10 % off everything, spread over the lines so the shares add up to the rounded order discount', () => {
    const result = evaluate([line('a', 333, 1), line('b', 333, 1), line('c', 339, 1)], [discount({})], context());
    // 10 % of 1005 = 100.5 → 101, not 33 + 33 + 34 = 100 rounded per line; exact parts 33.47, 33.47, 34.06: the cent left goes to the first .47.
    expect(result.total).toBe(101);
    expect(result.lines.map((l) => l.discount)).toEqual([34, 33, 34]);
    expect(result.applied[0]).toMatchObject({ class: 'order', amount: 101 });
  });

  it('takes a fixed amount off each targeted unit, never more than the line', () => {
    const d = discount({ effect: { type: 'fixed', amount: 300, per: 'item' }, target: { type: 'products', ids: ['p-a', 'p-b'] } });
    const result = evaluate([line('a', 1000, 2), line('b', 200, 1), line('c', 1000, 1)], [d], context());
    expect(result.lines.map((l) => l.discount)).toEqual([600, 200, 0]);
    expect(result.applied[0]!.class).toBe('product');
  });

  it('takes a fixed amount once per order, capped at what the targeted lines cost', () => {
    const d = discount({ effect: { type: 'fixed', amount: 5000, per: 'order' }, target: { type: 'variants', ids: ['a'] } });
    expect(evaluate([line('a', 1200, 1), line('b', 900, 1)], [d], context()).lines.map((l) => l.discount)).toEqual([1200, 0]);
  });

  it('targets categories and collections by the products’ membership', () => {
    const byCategory = discount({ target: { type: 'categories', ids: ['shirts'] } });
    const byCollection = discount({ target: { type: 'collections', ids: ['summer'] }, effect: { type: 'fixed', amount: 50, per: 'item' } });
    const lines = [line('a', 1000, 1, { categoryIds: ['shirts'] }), line('b', 1000, 1, { collectionIds: ['summer'] }), line('c', 1000, 1)];
    expect(evaluate(lines, [byCategory, byCollection], context()).lines.map((l) => l.discount)).toEqual([100, 50, 0]);
  });

  it('frees shipping, and only shipping', () => {
    const result = evaluate([line('a', 1000, 1)], [discount({ effect: { type: 'free-shipping' } })], context({ shipping: 490 }));
    expect(result).toMatchObject({ shippingDiscount: 490, total: 490, lines: [{ discount: 0 }] });
    expect(result.applied[0]).toMatchObject({ class: 'shipping', shipping: 490 });
  });

  it('buy two get one free: the cheapest units are free, each set paid for by dearer ones', () => {
    const d = discount({
      effect: { type: 'buy-x-get-y', buyQuantity: 2, getQuantity: 1, getTarget: { type: 'all' }, percentBp: 10_000, maxApplications: null },
    });
    // Units 3000, 2000, 2000, 1000, 1000, 500: two sets (1000 + 500 free), the rest paid for them.
    const result = evaluate([line('a', 3000, 1), line('b', 2000, 2), line('c', 1000, 2), line('d', 500, 1)], [d], context());
    expect(result.lines.map((l) => l.discount)).toEqual([0, 0, 1000, 500]);
    // With fewer than three units there is nothing to give.
    expect(evaluate([line('a', 3000, 2)], [{ ...d, method: 'code', code: 'B2G1' }], context({ codes: ['B2G1'] })).rejected[0]!.reason).toBe('minimum-not-met');
  });

  it('buy X get Y honours its most applications per order and a partial percentage', () => {
    const d = discount({
      effect: { type: 'buy-x-get-y', buyQuantity: 1, getQuantity: 1, getTarget: { type: 'variants', ids: ['g'] }, percentBp: 5000, maxApplications: 1 },
      target: { type: 'variants', ids: ['b'] },
    });
    expect(evaluate([line('b', 1000, 3), line('g', 800, 3)], [d], context()).lines.map((l) => l.discount)).toEqual([0, 400]);
  });
});

describe('evaluate: conditions and reasons', () => {
  const coded = (code: string, over: Partial<Discount> = {}) => discount({ method: 'code', code, ...over });
  const reasonOf = (d: Discount, lines = [line('a', 1000, 1)], over: Partial<EvaluationContext> = {}) =>
    evaluate(lines, [d], context({ codes: [d.code!], ...over })).rejected.map((r) => r.reason);

  it('says why an entered code does not apply', () => {
    expect(evaluate([line('a', 1000, 1)], [], context({ codes: ['NOPE'] })).rejected).toEqual([
      { code: 'NOPE', reason: 'unknown', message: 'This code does not exist in this store.' },
    ]);
    expect(reasonOf(coded('SOON', { startsAt: '2026-07-01T00:00:00.000Z' }))).toEqual(['not-started']);
    expect(reasonOf(coded('OLD', { endsAt: NOW }))).toEqual(['expired']);
    expect(reasonOf(coded('MIN', { minimum: { type: 'subtotal', amount: 1001 } }))).toEqual(['minimum-not-met']);
    expect(reasonOf(coded('QTY', { minimum: { type: 'quantity', quantity: 2 } }))).toEqual(['minimum-not-met']);
    expect(reasonOf(coded('OTHER', { target: { type: 'products', ids: ['elsewhere'] } }))).toEqual(['not-for-these-products']);
    const limited = coded('LIMIT', { usageLimit: 3, perCustomerLimit: 1 });
    expect(reasonOf(limited, undefined, { usage: new Map([[limited.id, { total: 3, buyer: 0 }]]) })).toEqual(['used-up']);
    expect(reasonOf(limited, undefined, { usage: new Map([[limited.id, { total: 1, buyer: 1 }]]) })).toEqual(['used-up']);
    expect(reasonOf(limited, undefined, { usage: new Map([[limited.id, { total: 2, buyer: 0 }]]) })).toEqual([]);
  });

  it('leaves out an automatic discount that does not apply, without a reason', () => {
    const result = evaluate([line('a', 1000, 1)], [discount({ minimum: { type: 'subtotal', amount: 5000 } })], context());
    expect(result).toMatchObject({ total: 0, applied: [], rejected: [] });
  });

  it('keeps the larger of two that do not combine and says so of the other code', () => {
    const small = coded('TEN', { effect: { type: 'percentage', percentBp: 1000 }, combinesWith: { product: false, order: false, shipping: true } });
    const big = coded('TWENTY', { effect: { type: 'percentage', percentBp: 2000 }, combinesWith: { product: false, order: false, shipping: true } });
    const ship = coded('SHIP', { effect: { type: 'free-shipping' }, combinesWith: { product: false, order: true, shipping: false } });
    const result = evaluate([line('a', 1000, 1)], [small, big, ship], context({ codes: ['TEN', 'TWENTY', 'SHIP'] }));
    expect(result.applied.map((a) => a.code)).toEqual(['TWENTY', 'SHIP']);
    expect(result.rejected).toEqual([expect.objectContaining({ code: 'TEN', reason: 'does-not-combine' })]);
    expect(result.total).toBe(200 + 500);
  });

  it('applies product discounts before order discounts: the order discount takes off what is left', () => {
    const product = discount({ effect: { type: 'fixed', amount: 400, per: 'item' }, target: { type: 'variants', ids: ['a'] } });
    const order = discount({ effect: { type: 'percentage', percentBp: 5000 } });
    const result = evaluate([line('a', 1000, 1), line('b', 1000, 1)], [order, product], context());
    expect(result.applied.map((a) => a.class)).toEqual(['product', 'order']);
    // 400 off a, then half of what is left (600 + 1000).
    expect(result.lines.map((l) => l.discount)).toEqual([700, 500]);
  });
});

// Property tests: random carts and random discounts.
const arbTarget = fc.oneof(
  fc.constant({ type: 'all' as const }),
  fc.constant({ type: 'variants' as const, ids: ['v0', 'v2'] }),
  fc.constant({ type: 'products' as const, ids: ['p-v1'] }),
  fc.constant({ type: 'categories' as const, ids: ['c1'] }),
);
const arbDiscount = fc
  .record({
    effect: fc.oneof(
      fc.record({ type: fc.constant('percentage' as const), percentBp: fc.integer({ min: 1, max: 10_000 }) }),
      fc.record({ type: fc.constant('fixed' as const), amount: fc.integer({ min: 1, max: 50_000 }), per: fc.constantFrom('order' as const, 'item' as const) }),
      fc.constant({ type: 'free-shipping' as const }),
      fc.record({
        type: fc.constant('buy-x-get-y' as const),
        buyQuantity: fc.integer({ min: 1, max: 3 }),
        getQuantity: fc.integer({ min: 1, max: 2 }),
        getTarget: arbTarget,
        percentBp: fc.integer({ min: 1, max: 10_000 }),
        maxApplications: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
      }),
    ),
    target: arbTarget,
    minimum: fc.oneof(
      fc.constant({ type: 'none' as const }),
      fc.record({ type: fc.constant('subtotal' as const), amount: fc.integer({ min: 1, max: 20_000 }) }),
    ),
    combinesWith: fc.record({ product: fc.boolean(), order: fc.boolean(), shipping: fc.boolean() }),
    coded: fc.boolean(),
  })
  .map(({ coded, ...rest }) => rest as Partial<Discount> & { coded?: boolean });
const arbDiscounts = fc
  .array(arbDiscount, { maxLength: 7 })
  .map((list) =>
    list.map((over, i) =>
      discount({ ...over, id: `x${i}`, ...(i % 2 === 0 ? { method: 'code' as const, code: `CODE${i}` } : { method: 'automatic' as const, code: null }) }),
    ),
  );
const arbLines = fc
  .array(fc.record({ unitPrice: fc.integer({ min: 0, max: 100_000 }), quantity: fc.integer({ min: 1, max: 99 }), inCategory: fc.boolean() }), {
    minLength: 1,
    maxLength: 25,
  })
  .map((rows) => rows.map((r, i) => line(`v${i}`, r.unitPrice, r.quantity, { categoryIds: r.inCategory ? ['c1'] : [] })));
const arbShipping = fc.integer({ min: 0, max: 5_000 });
const allCodes = Array.from({ length: 7 }, (_, i) => `CODE${i}`);

describe('evaluate: properties', () => {
  it('never makes a line, shipping or total negative; shares add up exactly to each discount and to the total', () => {
    fc.assert(
      fc.property(arbLines, arbDiscounts, arbShipping, fc.integer({ min: 0, max: 2500 }), fc.boolean(), (lines, discounts, shipping, rateBp, inclusive) => {
        const result = evaluate(lines, discounts, context({ codes: allCodes, shipping }));
        result.lines.forEach((l, i) => {
          expect(Number.isInteger(l.discount)).toBe(true);
          expect(l.discount).toBeGreaterThanOrEqual(0);
          expect(l.total).toBeGreaterThanOrEqual(0);
          expect(l.discount + l.total).toBe(lines[i]!.lineTotal);
        });
        expect(result.shippingDiscount).toBeGreaterThanOrEqual(0);
        expect(result.shippingDiscount).toBeLessThanOrEqual(shipping);
        for (const a of result.applied) {
          expect(a.lines.reduce((sum, l) => sum + l.amount, 0) + a.shipping).toBe(a.amount);
          expect(a.amount).toBeGreaterThanOrEqual(0);
        }
        expect(result.applied.reduce((sum, a) => sum + a.amount, 0)).toBe(result.total);
        expect(result.lines.reduce((sum, l) => sum + l.discount, 0) + result.shippingDiscount).toBe(result.total);
        expect(result.applied.length).toBeLessThanOrEqual(5);
        // Every entered code is either applied or has exactly one reason.
        const appliedCodes = result.applied.flatMap((a) => (a.code ? [a.code] : []));
        for (const code of allCodes) expect(Number(appliedCodes.includes(code)) + result.rejected.filter((r) => r.code === code).length).toBe(1);
        // The totals that follow are never negative either.
        const priced = totalsOf(
          lines.map((l) => ({ ...l, sku: l.variantId, name: l.variantId, optionValues: [] })),
          shipping,
          { currency: 'EUR', taxRate: rateBp, pricesIncludeTax: inclusive },
        );
        const totals = discountedTotals(priced, result);
        expect(totals.total).toBeGreaterThanOrEqual(0);
        expect(totals.tax).toBeGreaterThanOrEqual(0);
        expect(Number.isInteger(totals.total)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('applied discounts all combine with each other', () => {
    fc.assert(
      fc.property(arbLines, arbDiscounts, (lines, discounts) => {
        const result = evaluate(lines, discounts, context({ codes: allCodes }));
        const byId = new Map(discounts.map((d) => [d.id, d]));
        for (const a of result.applied) for (const b of result.applied) if (a !== b) expect(byId.get(a.discountId)!.combinesWith[b.class]).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic and idempotent: the same input gives the same answer, whatever order the discounts and codes come in', () => {
    fc.assert(
      fc.property(arbLines, arbDiscounts, arbShipping, (lines, discounts, shipping) => {
        const first = evaluate(lines, discounts, context({ codes: allCodes, shipping }));
        const again = evaluate(lines, [...discounts].reverse(), context({ codes: [...allCodes].reverse(), shipping }));
        expect(again.lines).toEqual(first.lines);
        expect(again.applied).toEqual(first.applied);
        expect(again.total).toBe(first.total);
        expect(new Set(again.rejected.map((r) => `${r.code}:${r.reason}`))).toEqual(new Set(first.rejected.map((r) => `${r.code}:${r.reason}`)));
        // Only what was applied, evaluated again, gives the same amounts.
        const kept = discounts.filter((d) => first.applied.some((a) => a.discountId === d.id));
        expect(evaluate(lines, kept, context({ codes: allCodes, shipping })).total).toBe(first.total);
      }),
      { numRuns: 500 },
    );
  });

  it('a percentage discount on one line rounds to the minor unit, halves up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 10_000 }), (price, qty, bp) => {
        const result = evaluate([line('a', price, qty)], [discount({ effect: { type: 'percentage', percentBp: bp } })], context());
        const exact = (price * qty * bp) / 10_000;
        expect(Math.abs(result.total - exact)).toBeLessThanOrEqual(0.5);
        if (exact - Math.floor(exact) === 0.5) expect(result.total).toBe(Math.ceil(exact));
      }),
      { numRuns: 1000 },
    );
  });
});
