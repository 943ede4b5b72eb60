import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPlatform } from '../../src/platform';
import { tokenFor } from '../support/fake-verifier';
import { scanAll } from '../support/dynamo';
import { client, testPlatform, type TestPlatform } from '../support/platform';
import { overlapped, race, raceEnvironment } from '../support/race/harness';
import type { Adjustment, Answer } from '../support/race/scenarios/inventory-adjustments';

const SCENARIO = path.resolve(import.meta.dirname, '../support/race/scenarios/inventory-adjustments.ts');

/** Final stock, history and outbox after a race: the same checks whoever raced. */
async function settled(p: TestPlatform, id: string, start: number, accepted: { delta: number; eventId: string }[]) {
  const admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  const final = (await admin('GET', `/admin/products/${id}`)).body.stock as number;
  expect(final).toBe(start + accepted.reduce((sum, { delta }) => sum + delta, 0));
  expect(final).toBeGreaterThanOrEqual(0);

  // The audit trail is one unbroken chain: each change starts where the previous ended.
  // It starts with the product's creation (reason `initial`, from 0 to the starting stock).
  const [initial, ...history] = (
    (await admin('GET', `/admin/products/${id}/inventory/history?limit=100`)).body.items as { previous: number; current: number; eventId: string }[]
  ).reverse();
  expect(initial).toMatchObject({ reason: 'initial', previous: 0, current: start });
  expect(history).toHaveLength(accepted.length);
  let level = start;
  for (const entry of history) {
    expect(entry.previous).toBe(level);
    expect(entry.current).toBeGreaterThanOrEqual(0);
    level = entry.current;
  }
  expect(level).toBe(final);
  expect(history.map((h) => h.eventId).sort()).toEqual(accepted.map((a) => a.eventId).sort());
  return { final, history };
}

describe('inventory under concurrency (proof)', () => {
  it('3 OS processes, each with its own clients, 60 mixed adjustments released together: final = start + accepted deltas, never negative, one event each', async () => {
    const p = await testPlatform();
    const admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
    const start = 20;
    const id = (await admin('POST', '/admin/products', { name: 'C', sku: 'RACE-P', price: { amount: 1, currency: 'EUR' }, stock: start })).body.id as string;

    // Mixed signs; the sales together exceed what restocks can cover, so some must be refused.
    const plans: Adjustment[][] = [0, 1, 2].map((proc) =>
      Array.from({ length: 20 }, (_, i) => {
        const n = proc * 20 + i;
        return { host: 'alpha.test', tenantId: 'alpha', productId: id, delta: n % 5 === 0 ? 4 : -(1 + (n % 3)) };
      }),
    );
    const started = Date.now();
    const result = await race<Adjustment, Answer>({ scenario: SCENARIO, env: raceEnvironment(p), plans, timeoutMs: 90_000 });
    const ms = Date.now() - started;

    // Three distinct OS processes, none of them this one, whose requests ran at the same time.
    expect(new Set(result.map((r) => r.pid)).size).toBe(3);
    expect(result.map((r) => r.pid)).not.toContain(process.pid);
    expect(overlapped(result)).toBe(true);

    const answers = result.flatMap((r) => r.outcomes.map((o, i) => ({ process: r.index, delta: plans[r.index]![i]!.delta, ...o })));
    expect(answers.filter((a) => a.error !== undefined)).toEqual([]);
    const accepted = answers.filter((a) => a.result!.status === 201).map((a) => ({ delta: a.delta, eventId: a.result!.eventId!, process: a.process }));
    const refused = answers.filter((a) => a.result!.status === 409);
    // Nothing else: no 500 from retries running out, no lost request.
    expect(accepted.length + refused.length).toBe(60);
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(accepted.map((a) => a.process)).size).toBeGreaterThan(1);
    for (const { result: r } of refused) expect(r!.currentStock).toBeGreaterThanOrEqual(0);

    const { final } = await settled(p, id, start, accepted);

    // One event per accepted change, published from the table's stream (whichever process made it), none twice.
    await p.streams.drain();
    const events = p.bus.delivered.filter((e) => e.detailType === 'InventoryChanged' && e.detail.productId === id);
    expect(events.map((e) => e.detail.eventId).sort()).toEqual(accepted.map((a) => a.eventId).sort());
    // The outbox holds exactly those records, each expiring by TTL rather than deleted.
    const outbox = (await scanAll(p.table.tableName)).filter(
      (item) => String(item.PK).endsWith('#OUTBOX') && (item.event as { detailType: string }).detailType === 'InventoryChanged',
    );
    expect(outbox).toHaveLength(accepted.length);
    for (const item of outbox) expect(item.expiresAt).toEqual(expect.any(Number));
    console.log(
      `inventory race: 60 adjustments over 3 OS processes in ${ms} ms, ${accepted.length} accepted, ${refused.length} refused (would go negative), final ${final}`,
    );
  }, 120_000);

  it('two app instances in one process (their own repositories and locks, one event loop): the same invariants', async () => {
    const p = await testPlatform();
    // A second instance on the same table and bus; it shares this process, so not its event loop.
    const other = createPlatform(p.options);
    const admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
    const start = 20;
    const id = (await admin('POST', '/admin/products', { name: 'C', sku: 'CONC-P', price: { amount: 1, currency: 'EUR' }, stock: start })).body.id as string;

    const deltas = Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? 4 : -(1 + (i % 3))));
    const results = await Promise.all(
      deltas.map((delta, i) =>
        client(i % 2 ? p.app : other.app, 'alpha.test', tokenFor('clerk', 'alpha'))('POST', `/admin/products/${id}/inventory/adjustments`, {
          delta,
          reason: delta > 0 ? 'restock' : 'sale',
        }).then((r) => ({ delta, r })),
      ),
    );
    const accepted = results.filter(({ r }) => r.status === 201).map(({ delta, r }) => ({ delta, eventId: r.body.eventId as string }));
    const refused = results.filter(({ r }) => r.status === 409);
    expect(accepted.length + refused.length).toBe(50);
    expect(refused.length).toBeGreaterThan(0);
    await settled(p, id, start, accepted);
    await p.streams.drain();
    const events = p.bus.delivered.filter((e) => e.detailType === 'InventoryChanged' && e.detail.productId === id);
    expect(events.map((e) => e.detail.eventId).sort()).toEqual(accepted.map((a) => a.eventId).sort());
  }, 120_000);
});
