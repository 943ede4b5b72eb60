import { describe, expect, it } from 'vitest';
import { createLocalEventBus } from '../../src/adapters/local/event-bus';
import { createPlatform } from '../../src/platform';
import { fakeVerifier, tokenFor } from '../support/fake-verifier';
import { client, silentLogger, testPlatform } from '../support/platform';

describe('inventory under concurrency (proof)', () => {
  it('50 parallel mixed adjustments over two processes: final = start + accepted deltas, never negative, one event each', async () => {
    const p = await testPlatform();
    // A second process on the same table and bus, as a second Lambda instance would be.
    const other = createPlatform(p.options);
    const admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
    const start = 20;
    const id = (await admin('POST', '/admin/products', { name: 'C', sku: 'CONC-P', price: { amount: 1, currency: 'EUR' }, stock: start })).body.id as string;

    // Mixed signs; the sales together exceed what restocks can cover, so some must be refused.
    const deltas = Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? 4 : -(1 + (i % 3))));
    const calls = deltas.map((delta, i) =>
      client(i % 2 ? p.app : other.app, 'alpha.test', tokenFor('clerk', 'alpha'))('POST', `/admin/products/${id}/inventory/adjustments`, { delta, reason: delta > 0 ? 'restock' : 'sale' }).then((r) => ({ delta, r })),
    );
    const results = await Promise.all(calls);

    const accepted = results.filter(({ r }) => r.status === 201);
    const refused = results.filter(({ r }) => r.status === 409);
    expect(accepted.length + refused.length).toBe(50);
    expect(refused.length).toBeGreaterThan(0);
    for (const { r } of refused) expect(r.body.currentStock).toBeGreaterThanOrEqual(0);

    const final = (await admin('GET', `/admin/products/${id}`)).body.stock as number;
    expect(final).toBe(start + accepted.reduce((sum, { delta }) => sum + delta, 0));
    expect(final).toBeGreaterThanOrEqual(0);

    // The audit trail is one unbroken chain: each change starts where the previous ended.
    // It starts with the product's creation (reason `initial`, from 0 to the starting stock).
    const [initial, ...history] = ((await admin('GET', `/admin/products/${id}/inventory/history?limit=100`)).body.items as { previous: number; current: number; eventId: string }[]).reverse();
    expect(initial).toMatchObject({ reason: 'initial', previous: 0, current: start });
    expect(history).toHaveLength(accepted.length);
    let level = start;
    for (const entry of history) {
      expect(entry.previous).toBe(level);
      expect(entry.current).toBeGreaterThanOrEqual(0);
      level = entry.current;
    }

    const events = p.bus.delivered.filter((e) => e.detailType === 'InventoryChanged' && e.detail.productId === id);
    expect(events.map((e) => e.detail.eventId).sort()).toEqual(history.map((h) => h.eventId).sort());
    console.log(`inventory concurrency: 50 adjustments over 2 processes, ${accepted.length} accepted, ${refused.length} refused (would go negative), final ${final}, ${events.length} events for ${accepted.length} changes`);
  }, 120_000);
});
