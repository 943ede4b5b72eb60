import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../../src/payments/test-provider';
import { scanAll } from '../support/dynamo';
import { tokenFor } from '../support/fake-verifier';
import { client, testPlatform } from '../support/platform';
import { overlapped, race, raceEnvironment } from '../support/race/harness';
import type { InvoicePayment, Paid } from '../support/race/scenarios/invoice-payments';

const SCENARIO = path.resolve(import.meta.dirname, '../support/race/scenarios/invoice-payments.ts');
const PROCESSES = 3;
// All of them draw on one item, so they run one after the other in DynamoDB: enough to race, few
// enough that DynamoDB Local, on two cores busy with the whole suite, answers them in time.
const BUYERS = 24;
const SETTLED = 12;

/**
 * Issue 20 item 1: invoice numbers without gaps under concurrent payments. Three OS processes pay
 * BUYERS + SETTLED orders at once, BUYERS at checkout and SETTLED by settling a pending payment, all
 * drawing on one store's counter. Every paid order has exactly one number, the numbers are exactly
 * 1..N, and the counter stands at N: a payment that lost the race for a number lost its whole transaction and
 * took the next one, so no number is skipped and none is given twice.
 */
describe('invoice numbering under concurrency (proof)', () => {
  it(`${BUYERS + SETTLED} payments in ${PROCESSES} OS processes: invoice numbers exactly 1..${BUYERS + SETTLED}, no gap, no duplicate`, async () => {
    const p = await testPlatform();
    const admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
    const visitor = client(p.app, 'alpha.test');
    const settings = (await admin('GET', '/admin/settings')).body;
    expect(
      (await admin('PUT', '/admin/settings', { ...settings, shippingRates: [{ id: 'standard', name: 'Standard', price: 0, minSubtotal: null }] })).status,
    ).toBe(200);
    // Plenty of stock over several products, so the race is for the numbers, not the units.
    const variants: { productId: string; variantId: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await admin('POST', '/admin/products', {
        name: `Numbered tee ${i}`,
        status: 'active',
        variants: [{ sku: `NUM-${i}`, optionValues: [], price: { amount: 1000 + i, currency: 'EUR' }, stock: 1000 }],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      variants.push({ productId: created.body.id, variantId: created.body.variants[0].id });
    }
    // Orders waiting for their payment to settle: no number yet.
    const pending: InvoicePayment[] = [];
    for (let n = 0; n < SETTLED; n++) {
      const v = variants[n % variants.length]!;
      const placed = await visitor('POST', '/checkout/orders', {
        email: `pending-${n}@example.com`,
        shippingAddress: { name: 'Pending Payer', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
        shippingMethodId: 'standard',
        lines: [{ ...v, quantity: 1 }],
        card: { number: TEST_CARDS.pending },
      });
      expect(placed.body.invoice).toBeUndefined();
      pending.push({ kind: 'settle', tenantId: 'alpha', orderId: placed.body.id, paymentId: placed.body.payment.id });
    }
    const buyers: InvoicePayment[] = Array.from({ length: BUYERS }, (_, n) => ({
      kind: 'buy',
      host: 'alpha.test',
      ...variants[n % variants.length]!,
      card: TEST_CARDS.succeeds,
      email: `payer-${n}@example.com`,
    }));
    // Each process buys and settles, interleaved.
    const plans = Array.from({ length: PROCESSES }, (_, i) =>
      [...buyers.filter((_, n) => n % PROCESSES === i), ...pending.filter((_, n) => n % PROCESSES === i)].sort((a, b) =>
        a.kind === b.kind ? 0 : a.kind === 'buy' ? -1 : 1,
      ),
    );
    const result = await race<InvoicePayment, Paid>({ scenario: SCENARIO, env: raceEnvironment(p), plans, timeoutMs: 240_000 });
    expect(new Set(result.map((r) => r.pid)).size).toBe(PROCESSES);
    expect(overlapped(result)).toBe(true);
    const answers = result.flatMap((r) => r.outcomes);
    expect(answers.filter((a) => a.error !== undefined)).toEqual([]);
    const paid = answers.map((a) => a.result!);
    expect(paid.filter((a) => a.status !== 201 && a.status !== 200)).toEqual([]);

    const total = BUYERS + SETTLED;
    const expected = Array.from({ length: total }, (_, i) => `INV-${String(i + 1).padStart(6, '0')}`);
    expect(paid.map((a) => a.invoice).sort()).toEqual(expected);
    // What is stored agrees: every order paid, each with its own number, and the counter at the last one.
    const items = await scanAll(p.table.tableName);
    const orders = items.filter((item) => item.type === 'order');
    expect(orders).toHaveLength(total);
    expect(orders.every((o) => o.status === 'paid')).toBe(true);
    expect(orders.map((o) => (o.invoice as { number: string }).number).sort()).toEqual(expected);
    expect(items.filter((item) => item.type === 'invoice-counter')).toEqual([expect.objectContaining({ SK: '#INVOICE', last: total })]);
    // The OrderPaid events carry the same numbers, once each.
    await p.streams.drain();
    const events = p.bus.delivered.filter((e) => e.detailType === 'OrderPaid').map((e) => e.detail.invoiceNumber as string);
    expect(events.sort()).toEqual(expected);
  }, 400_000);
});
