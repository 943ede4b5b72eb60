import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../../src/payments/test-provider';
import { createPlatform } from '../../src/platform';
import { tenantContext } from '../../src/tenants/tenant';
import { scanAll } from '../support/dynamo';
import { tokenFor } from '../support/fake-verifier';
import { client, testPlatform } from '../support/platform';
import { overlapped, race, raceEnvironment } from '../support/race/harness';
import type { Bought, Purchase } from '../support/race/scenarios/checkout-buyers';

const SCENARIO = path.resolve(import.meta.dirname, '../support/race/scenarios/checkout-buyers.ts');
const BUYERS = 1_000;
const PROCESSES = 4;

/**
 * Issue 19 item 6: 1,000 buyers in four OS processes race for 100 units over four variants of two
 * products (four, not two: each process queues its own checkouts of a product, so with two the
 * processes rarely interleave a read and a write; with four, dropping the count conditions
 * oversells here, as it should). Half pay at once, half leave their payment pending; then the reservations expire.
 * Nothing is oversold, every unit is accounted for (on the shelf = held by orders + still for
 * sale), and once the pending orders expire, only the paid ones hold stock.
 */
describe('checkout under concurrency (proof)', () => {
  it('1,000 buyers in 4 OS processes for 100 units: never oversold, every unit accounted for, nothing held after expiry but what was paid', async () => {
    const p = await testPlatform();
    const alpha = tenantContext({ id: 'alpha', name: 'Alpha Store', tier: 'basic', status: 'active' });
    const admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
    const settings = (await admin('GET', '/admin/settings')).body;
    expect(
      (await admin('PUT', '/admin/settings', { ...settings, shippingRates: [{ id: 'standard', name: 'Standard', price: 0, minSubtotal: null }] })).status,
    ).toBe(200);
    const stock = [
      [20, 30],
      [25, 25],
    ] as const;
    const variants: { productId: string; variantId: string; units: number }[] = [];
    for (const [i, [s, m]] of stock.entries()) {
      const created = await admin('POST', '/admin/products', {
        name: `Race tee ${i}`,
        status: 'active',
        options: [{ name: 'Size', values: ['S', 'M'] }],
        variants: [
          { sku: `RACE-${i}-S`, optionValues: ['S'], price: { amount: 1000, currency: 'EUR' }, stock: s },
          { sku: `RACE-${i}-M`, optionValues: ['M'], price: { amount: 1200, currency: 'EUR' }, stock: m },
        ],
      });
      expect(created.status).toBe(201);
      variants.push(
        { productId: created.body.id, variantId: created.body.variants[0].id, units: s },
        { productId: created.body.id, variantId: created.body.variants[1].id, units: m },
      );
    }
    const total = variants.reduce((sum, v) => sum + v.units, 0);
    expect(total).toBe(100);

    // Buyer n: one or two units of one variant; every fifth also one of a variant of the other product (two products locked in one order).
    const purchases: Purchase[] = Array.from({ length: BUYERS }, (_, n) => {
      const first = variants[n % 4]!;
      const other = variants[(n + 3) % 4]!;
      return {
        host: 'alpha.test',
        lines: [
          { productId: first.productId, variantId: first.variantId, quantity: 1 + (n % 3 === 0 ? 1 : 0) },
          ...(n % 5 === 0 && other.productId !== first.productId ? [{ productId: other.productId, variantId: other.variantId, quantity: 1 }] : []),
        ],
        card: n % 2 === 0 ? TEST_CARDS.succeeds : TEST_CARDS.pending,
        email: `buyer-${n}@example.com`,
      };
    });
    const plans = Array.from({ length: PROCESSES }, (_, i) => purchases.filter((_, n) => n % PROCESSES === i));
    const started = Date.now();
    const result = await race<Purchase, Bought>({ scenario: SCENARIO, env: raceEnvironment(p), plans, timeoutMs: 240_000 });
    const ms = Date.now() - started;
    expect(new Set(result.map((r) => r.pid)).size).toBe(PROCESSES);
    expect(overlapped(result)).toBe(true);

    const answers = result.flatMap((r) => r.outcomes.map((o, i) => ({ purchase: plans[r.index]![i]!, ...o })));
    expect(answers.filter((a) => a.error !== undefined)).toEqual([]);
    const placed = answers.filter((a) => a.result!.status === 201);
    const refused = answers.filter((a) => a.result!.status === 409);
    // Every answer is an order or a 409 (sold out, or busy: retry later); never a 5xx or a lost request.
    expect(placed.length + refused.length).toBe(BUYERS);
    expect(new Set(refused.map((a) => a.result!.type))).toEqual(
      new Set(
        refused.length
          ? ['/problems/insufficient-stock', ...(refused.some((a) => a.result!.type === '/problems/write-conflict') ? ['/problems/write-conflict'] : [])]
          : [],
      ),
    );

    // Nothing oversold; every unit accounted for: the orders hold exactly what the products say is reserved.
    const held = new Map<string, number>();
    for (const a of placed) for (const line of a.purchase.lines) held.set(line.variantId, (held.get(line.variantId) ?? 0) + line.quantity);
    const levels = async () =>
      Promise.all(
        variants.map(async (v) => {
          const level = (await admin('GET', `/admin/products/${v.productId}/variants/${v.variantId}/inventory`)).body;
          return { ...v, onHand: level.onHand as number, reserved: level.reserved as number };
        }),
      );
    for (const v of await levels()) {
      expect(v.onHand).toBe(v.units);
      expect(v.reserved).toBe(held.get(v.variantId) ?? 0);
      expect(v.reserved).toBeLessThanOrEqual(v.units);
    }
    const sold = [...held.values()].reduce((a, b) => a + b, 0);
    // Demand is ten times the supply: what is left unsold is only what no remaining order fitted.
    expect(sold).toBeGreaterThan(90);
    const orders = (await scanAll(p.table.tableName)).filter((item) => item.type === 'order');
    expect(orders.map((o) => o.id).sort()).toEqual(placed.map((a) => a.result!.orderId).sort());

    // Every reservation's time passes: the sweeper gives back what the pending orders held, and nothing else.
    const later = createPlatform({ ...p.options, now: () => new Date(Date.now() + 16 * 60_000) });
    let expired = 0;
    for (let swept = -1; swept !== 0; ) {
      swept = await later.orders.expireReservations(alpha);
      expired += swept;
    }
    const pending = placed.filter((a) => a.result!.orderStatus === 'placed');
    expect(expired).toBe(pending.length);
    const paidHeld = new Map<string, number>();
    for (const a of placed.filter((a) => a.result!.orderStatus === 'paid'))
      for (const line of a.purchase.lines) paidHeld.set(line.variantId, (paidHeld.get(line.variantId) ?? 0) + line.quantity);
    for (const v of await levels()) {
      expect(v.onHand).toBe(v.units);
      expect(v.reserved).toBe(paidHeld.get(v.variantId) ?? 0);
    }
    await p.streams.drain();
    expect(p.bus.delivered.filter((e) => e.detailType === 'ReservationExpired')).toHaveLength(pending.length);
    expect(p.bus.delivered.filter((e) => e.detailType === 'OrderPlaced')).toHaveLength(placed.length);
    console.log(
      `checkout race: ${BUYERS} buyers over ${PROCESSES} OS processes in ${ms} ms: ${placed.length} orders (${sold} of ${total} units), ${refused.length} refused, ${pending.length} pending orders expired`,
    );
  }, 400_000);
});
