import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../../src/payments/test-provider';
import { scanAll } from '../support/dynamo';
import { tokenFor } from '../support/fake-verifier';
import { client, testPlatform } from '../support/platform';
import { overlapped, race, raceEnvironment } from '../support/race/harness';
import type { CodedOutcome, CodedPurchase } from '../support/race/scenarios/discount-buyers';

const SCENARIO = path.resolve(import.meta.dirname, '../support/race/scenarios/discount-buyers.ts');
const PROCESSES = 4;

/**
 * Issue 21: checkouts in four OS processes race for the last uses of a code. A use is counted in
 * the order's own transaction, conditioned on the counter being under the limit, so the limit is
 * never exceeded and every order that got the discount is one use: 240 buyers for 24 uses of one
 * code, and 40 attempts by one guest email at a code each buyer may use once. Checked to fail:
 * with the counter's `uses < :limit` condition disabled, 25 orders got the 24 uses.
 */
describe('discount limits under concurrency (proof)', () => {
  it('240 buyers in 4 OS processes for the last 24 uses of a code, and one buyer 40 times for a once-per-customer code: never exceeded', async () => {
    const p = await testPlatform();
    const admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
    const settings = (await admin('GET', '/admin/settings')).body;
    expect(
      (await admin('PUT', '/admin/settings', { ...settings, shippingRates: [{ id: 'standard', name: 'Standard', price: 0, minSubtotal: null }] })).status,
    ).toBe(200);
    // Eight products with plenty of stock: the code is what is scarce, not the goods.
    const variants: { productId: string; variantId: string }[] = [];
    for (let i = 0; i < 8; i++) {
      const created = await admin('POST', '/admin/products', {
        name: `Coded tee ${i}`,
        status: 'active',
        variants: [{ sku: `CODED-${i}`, optionValues: [], price: { amount: 2000, currency: 'EUR' }, stock: 500 }],
      });
      expect(created.status).toBe(201);
      variants.push({ productId: created.body.id, variantId: created.body.variants[0].id });
    }
    const code = (over: Record<string, unknown>) =>
      admin('POST', '/admin/discounts', {
        title: 'Race',
        method: 'code',
        effect: { type: 'percentage', percentBp: 2500 },
        target: { type: 'all' },
        minimum: { type: 'none' },
        startsAt: '2020-01-01T00:00:00.000Z',
        endsAt: null,
        usageLimit: null,
        perCustomerLimit: null,
        combinesWith: { product: false, order: false, shipping: true },
        ...over,
      });
    const scarce = await code({ code: 'LAST24', usageLimit: 24 });
    const once = await code({ code: 'ONCEONLY', perCustomerLimit: 1 });
    expect([scarce.status, once.status]).toEqual([201, 201]);

    const purchases: CodedPurchase[] = [
      ...Array.from({ length: 240 }, (_, n) => ({
        host: 'alpha.test',
        lines: [{ ...variants[n % variants.length]!, quantity: 1 }],
        code: 'LAST24',
        email: `racer-${n}@example.com`,
        card: TEST_CARDS.succeeds,
      })),
      ...Array.from({ length: 40 }, (_, n) => ({
        host: 'alpha.test',
        lines: [{ ...variants[n % variants.length]!, quantity: 1 }],
        code: 'ONCEONLY',
        email: 'same-buyer@example.com',
        card: TEST_CARDS.succeeds,
      })),
    ];
    const plans = Array.from({ length: PROCESSES }, (_, i) => purchases.filter((_, n) => n % PROCESSES === i));
    const result = await race<CodedPurchase, CodedOutcome>({ scenario: SCENARIO, env: raceEnvironment(p), plans, timeoutMs: 240_000 });
    expect(new Set(result.map((r) => r.pid)).size).toBe(PROCESSES);
    expect(overlapped(result)).toBe(true);

    const answers = result.flatMap((r) => r.outcomes.map((o, i) => ({ purchase: plans[r.index]![i]!, ...o })));
    expect(answers.filter((a) => a.error !== undefined)).toEqual([]);
    for (const [name, limit] of [
      ['LAST24', 24],
      ['ONCEONLY', 1],
    ] as const) {
      const mine = answers.filter((a) => a.purchase.code === name);
      const placed = mine.filter((a) => a.result!.status === 201);
      const refused = mine.filter((a) => a.result!.status !== 201);
      // Every answer is an order with the discount or a refusal saying the code is used up (or busy: retry), or,
      // when DynamoDB Local times out on a loaded machine, the 503 to retry; never a 500.
      expect(placed.every((a) => a.result!.discount === 500)).toBe(true);
      const refusal = (status: number) =>
        status === 409 ? '409 /problems/write-conflict' : status === 503 ? '503 /problems/dependency-unavailable' : '422 /problems/discount-not-applicable';
      expect(new Set(refused.map((a) => `${a.result!.status} ${a.result!.type}`))).toEqual(new Set(refused.map((a) => refusal(a.result!.status))));
      expect(refused.filter((a) => a.result!.status === 422).every((a) => a.result!.reasons?.includes('used-up'))).toBe(true);
      // Demand is ten times (forty times) the uses: the limit is reached, never passed.
      expect(placed.length, name).toBe(limit);
      const id = name === 'LAST24' ? scarce.body.id : once.body.id;
      expect((await admin('GET', `/admin/discounts/${id}`)).body.uses).toBe(placed.length);
    }
    // Every order in the table is one the buyers were told about.
    const orders = (await scanAll(p.table.tableName)).filter((item) => item.type === 'order');
    expect(orders).toHaveLength(24 + 1);
    await p.streams.drain();
    expect(p.bus.delivered.filter((e) => e.detailType === 'DiscountRedeemed')).toHaveLength(25);
  }, 400_000);
});
