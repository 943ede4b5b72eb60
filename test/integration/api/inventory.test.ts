import { beforeAll, describe, expect, it } from 'vitest';
import { flakyPublisher, createLocalEventBus } from '../../../src/adapters/local/event-bus';
import { createPlatform } from '../../../src/platform';
import { scanAll } from '../../support/dynamo';
import { tokenFor } from '../../support/fake-verifier';
import { memoryCheckpoints } from '../../../src/adapters/local/stream-poller';
import { client, testPlatform, testStreamPoller, type TestPlatform } from '../../support/platform';

let p: TestPlatform;
let admin: ReturnType<typeof client>;
let clerk: ReturnType<typeof client>;

const newProduct = async (sku: string, stock: number, lowStockThreshold: number | null = null) =>
  (await admin('POST', '/admin/products', { name: sku, price: { amount: 100, currency: 'EUR' }, sku, status: 'active', stock, lowStockThreshold })).body
    .id as string;

beforeAll(async () => {
  p = await testPlatform();
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  clerk = client(p.app, 'alpha.test', tokenFor('clerk', 'alpha'));
});

describe('initial stock', () => {
  it('starts the trail at creation: an `initial` entry from 0 to the stock, written with the product, announced by ProductCreated', async () => {
    const created = await admin('POST', '/admin/products', {
      name: 'First',
      price: { amount: 100, currency: 'EUR' },
      sku: 'INIT-1',
      status: 'active',
      stock: 7,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const history = await clerk('GET', `/admin/products/${id}/inventory/history`);
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([
      {
        eventId: expect.any(String),
        productId: id,
        variantId: created.body.variants[0].id,
        previous: 0,
        current: 7,
        delta: 7,
        reason: 'initial',
        actor: 'alpha:admin@example.com',
        occurredAt: created.body.createdAt,
      },
    ]);
    await p.streams.drain();
    const announced = p.bus.delivered.find((e) => e.detailType === 'ProductCreated' && e.detail.productId === id);
    expect(announced?.detail.eventId).toBe(history.body.items[0].eventId);
    // Nothing changed for anyone watching stock: no InventoryChanged for the initial stock.
    expect(p.bus.delivered.filter((e) => e.detailType === 'InventoryChanged' && e.detail.productId === id)).toEqual([]);

    await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -2, reason: 'sale' });
    const after = await clerk('GET', `/admin/products/${id}/inventory/history`);
    expect(after.body.items.map((e: { reason: string; previous: number; current: number }) => [e.reason, e.previous, e.current])).toEqual([
      ['sale', 7, 5],
      ['initial', 0, 7],
    ]);
  });

  it('gives a product created with no stock an `initial` entry of 0, so every trail starts at creation', async () => {
    const id = await newProduct('INIT-0', 0);
    const history = await clerk('GET', `/admin/products/${id}/inventory/history`);
    expect(history.body.items).toEqual([expect.objectContaining({ previous: 0, current: 0, delta: 0, reason: 'initial' })]);
  });

  it('writes no entry when the product is refused (SKU taken): nothing half-written', async () => {
    await newProduct('INIT-DUP', 3);
    const before = (await scanAll(p.table.tableName)).filter((i) => i.type === 'inventory').length;
    const refused = await admin('POST', '/admin/products', { name: 'Dup', price: { amount: 1, currency: 'EUR' }, sku: 'INIT-DUP', stock: 9 });
    expect(refused.status).toBe(409);
    expect((await scanAll(p.table.tableName)).filter((i) => i.type === 'inventory').length).toBe(before);
  });
});

describe('inventory adjustments', () => {
  it('adjusts stock with a reason, records the audit trail and publishes InventoryChanged', async () => {
    const id = await newProduct('INV-1', 10);
    const sale = await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -3, reason: 'sale', note: 'order 42' });
    expect(sale.status).toBe(201);
    expect(sale.body).toMatchObject({ productId: id, previous: 10, current: 7, delta: -3, reason: 'sale', note: 'order 42', actor: 'alpha:clerk@example.com' });
    const restock = await admin('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 5, reason: 'restock' });
    expect(restock.body).toMatchObject({ previous: 7, current: 12 });
    expect((await admin('GET', `/admin/products/${id}`)).body.stock).toBe(12);

    const history = await clerk('GET', `/admin/products/${id}/inventory/history`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: { delta: number }) => e.delta)).toEqual([5, -3, 10]);

    await p.streams.drain();
    const events = p.bus.delivered.filter((e) => e.detailType === 'InventoryChanged' && e.detail.productId === id);
    expect(events.map((e) => e.detail)).toEqual([
      expect.objectContaining({
        tenantId: 'alpha',
        previous: 10,
        current: 7,
        delta: -3,
        reason: 'sale',
        eventId: sale.body.eventId,
        actor: 'alpha:clerk@example.com',
        occurredAt: sale.body.occurredAt,
      }),
      expect.objectContaining({ previous: 7, current: 12, delta: 5, reason: 'restock', eventId: restock.body.eventId }),
    ]);
    expect(events.every((e) => e.source === 'catalog.inventory')).toBe(true);
  });

  it('refuses an adjustment below zero with 409 and the current stock, writing nothing', async () => {
    const id = await newProduct('INV-2', 2);
    const before = (await scanAll(p.table.tableName)).length;
    const response = await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -3, reason: 'sale' });
    expect(response.status).toBe(409);
    expect(response.body.currentStock).toBe(2);
    expect((await scanAll(p.table.tableName)).length).toBe(before);
    expect((await admin('GET', `/admin/products/${id}`)).body.stock).toBe(2);
  });

  it('refuses an adjustment past the stock limit with 409, writing nothing, as create and set refuse it with 422', async () => {
    const id = await newProduct('INV-CAP', 999_999_999);
    const before = (await scanAll(p.table.tableName)).length;
    await p.streams.drain();
    const delivered = p.bus.delivered.length;
    const response = await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 2, reason: 'restock' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ currentStock: 999_999_999, maxStock: 1_000_000_000 });
    expect((await scanAll(p.table.tableName)).length).toBe(before);
    await p.streams.drain();
    expect(p.bus.delivered.length).toBe(delivered);
    expect((await admin('GET', `/admin/products/${id}`)).body.stock).toBe(999_999_999);
    expect((await clerk('GET', `/admin/products/${id}/inventory/history`)).body.items.map((e: { reason: string }) => e.reason)).toEqual(['initial']);
    // Up to the limit itself is fine; the same limit bounds create and set.
    expect((await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 1, reason: 'restock' })).body.current).toBe(1_000_000_000);
    expect((await clerk('PUT', `/admin/products/${id}/inventory`, { stock: 1_000_000_001 })).status).toBe(422);
    expect(
      (await admin('POST', '/admin/products', { name: 'Too many', price: { amount: 1, currency: 'EUR' }, sku: 'INV-CAP-2', stock: 1_000_000_001 })).status,
    ).toBe(422);
  });

  it('answers 404 for the history of a product that does not exist, as every product route does', async () => {
    const missing = await clerk('GET', '/admin/products/00000000-0000-4000-8000-000000000000/inventory/history');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
  });

  it('sets an absolute stock level (a stock take) as a correction by default', async () => {
    const id = await newProduct('INV-3', 4);
    const response = await clerk('PUT', `/admin/products/${id}/inventory`, { stock: 9 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ previous: 4, current: 9, delta: 5, reason: 'correction' });
    expect((await clerk('PUT', `/admin/products/${id}/inventory`, { stock: -1 })).status).toBe(422);
  });

  it('publishes LowStock and OutOfStock when a change crosses them on the way down', async () => {
    const id = await newProduct('INV-4', 10, 3);
    await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -6, reason: 'sale' }); // 4: above threshold
    await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -2, reason: 'sale' }); // 2: low
    await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -1, reason: 'sale' }); // 1: still low, no repeat
    await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -1, reason: 'sale' }); // 0: out
    await p.streams.drain();
    const types = p.bus.delivered.filter((e) => e.detail.productId === id && e.source === 'catalog.inventory').map((e) => e.detailType);
    expect(types).toEqual(['InventoryChanged', 'InventoryChanged', 'LowStock', 'InventoryChanged', 'InventoryChanged', 'OutOfStock']);
  });

  it('refuses bad adjustments', async () => {
    const id = await newProduct('INV-5', 1);
    expect((await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 0, reason: 'sale' })).status).toBe(422);
    expect((await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 1.5, reason: 'sale' })).status).toBe(422);
    expect((await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 1, reason: 'theft' })).status).toBe(422);
    expect((await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 1 })).status).toBe(422);
    expect((await clerk('POST', `/admin/products/missing/inventory/adjustments`, { delta: 1, reason: 'sale' })).status).toBe(404);
    expect(
      (await client(p.app, 'alpha.test', tokenFor('customer', 'alpha'))('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 1, reason: 'sale' }))
        .status,
    ).toBe(403);
  });
});

describe('inventory under concurrency', () => {
  it('50 concurrent adjustments end at the exact count, each with one event', async () => {
    const id = await newProduct('CONC-1', 100);
    const deltas = Array.from({ length: 50 }, (_, i) => (i % 3 === 0 ? -2 : 1));
    const results = await Promise.all(
      deltas.map((delta) => clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta, reason: delta < 0 ? 'sale' : 'restock' })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const expected = 100 + deltas.reduce((a, b) => a + b, 0);
    expect((await admin('GET', `/admin/products/${id}`)).body.stock).toBe(expected);
    await p.streams.drain();
    const events = p.bus.delivered.filter((e) => e.detailType === 'InventoryChanged' && e.detail.productId === id);
    expect(new Set(events.map((e) => e.detail.eventId)).size).toBe(50);
  });

  it('two processes adjusting one product lose no update (the conditional write decides, not a lock)', async () => {
    const id = await newProduct('CONC-2', 0);
    // A second platform on the same table: its own in-process queue, as a second Lambda instance would have.
    const other = createPlatform(p.options);
    const otherClerk = client(other.app, 'alpha.test', tokenFor('clerk', 'alpha'));
    const calls = Array.from({ length: 40 }, (_, i) =>
      (i % 2 === 0 ? clerk : otherClerk)('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 1, reason: 'restock' }),
    );
    const results = await Promise.all(calls);
    expect(results.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    expect((await admin('GET', `/admin/products/${id}`)).body.stock).toBe(40);
    const history = await admin('GET', `/admin/products/${id}/inventory/history?limit=100`);
    const changes = history.body.items.filter((e: { reason: string }) => e.reason !== 'initial');
    expect(changes).toHaveLength(40);
    // Every entry saw the stock its predecessor left: no two changes read the same value.
    expect(new Set(changes.map((e: { previous: number }) => e.previous)).size).toBe(40);
  });
});

describe('event delivery', () => {
  it('a request only commits: its events reach the bus from the table stream, never from the request', async () => {
    const bus = createLocalEventBus();
    const streamed = await testPlatform({ publisher: bus.publisher });
    const staff = client(streamed.app, 'beta.test', tokenFor('admin', 'beta'));
    const id = (await staff('POST', '/admin/products', { name: 'S', price: { amount: 1, currency: 'EUR' }, sku: 'STREAM-1', stock: 5 })).body.id;
    const change = await staff('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -1, reason: 'sale' });
    expect(change.status).toBe(201);
    expect(bus.delivered).toEqual([]);

    await streamed.streams.drain();
    expect(bus.delivered.filter((e) => e.detail.productId === id).map((e) => e.detailType)).toEqual(['ProductCreated', 'InventoryChanged']);
    expect(bus.delivered.find((e) => e.detailType === 'InventoryChanged')?.detail.eventId).toBe(change.body.eventId);
    // Nothing deletes outbox records any more: they expire a week after their commit (the table's TTL).
    const outbox = (await scanAll(streamed.table.tableName)).filter((i) => i.type === 'outbox');
    expect(outbox.length).toBeGreaterThanOrEqual(2);
    for (const item of outbox)
      expect(item.expiresAt).toBe(Math.floor(Date.parse((item.event as { detail: { occurredAt: string } }).detail.occurredAt) / 1000) + 7 * 24 * 3600);
  });

  it('loses no event when the bus fails 30% of the time', async () => {
    const bus = createLocalEventBus();
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let failures = 0;
    const flaky = await testPlatform({ publisher: flakyPublisher(bus.publisher, 0.3, random), streams: { maxAttempts: 30, onDeadLetter: () => failures++ } });
    const staff = client(flaky.app, 'gamma.test', tokenFor('admin', 'gamma'));
    const id = (
      await staff('POST', '/admin/products', { name: 'F', price: { amount: 1, currency: 'EUR' }, sku: 'FLAKY-1', stock: 1000, lowStockThreshold: 10 })
    ).body.id;
    for (let i = 0; i < 60; i++) {
      expect((await staff('POST', `/admin/products/${id}/inventory/adjustments`, { delta: i % 2 ? 3 : -5, reason: i % 2 ? 'restock' : 'sale' })).status).toBe(
        201,
      );
    }
    await flaky.streams.drain();

    const history = (await staff('GET', `/admin/products/${id}/inventory/history?limit=100`)).body.items as { eventId: string }[];
    // 60 changes and the initial entry, whose id is the ProductCreated event's.
    expect(history).toHaveLength(61);
    const delivered = new Set(bus.delivered.map((e) => e.detail.eventId));
    expect(history.filter((e) => !delivered.has(e.eventId))).toEqual([]);
    expect(failures).toBe(0);
    console.log(`event durability: 60 changes through a bus failing 30% of calls, ${bus.delivered.length - delivered.size} duplicates, 0 lost`);
  }, 180_000);

  it('a publisher that died mid-publish is replaced by one resuming from its checkpoint: the same eventId goes out', async () => {
    const checkpoints = memoryCheckpoints();
    const crashed = await testPlatform({ publisher: { publish: () => new Promise(() => undefined) }, streams: { checkpoints } });
    const staff = client(crashed.app, 'alpha.test', tokenFor('admin', 'alpha'));
    const id = (await staff('POST', '/admin/products', { name: 'C', price: { amount: 1, currency: 'EUR' }, sku: 'CRASH-1', stock: 5 })).body.id;
    const change = await staff('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -1, reason: 'sale' });
    expect(change.status).toBe(201);
    // It reads the records and hands them to a bus that never answers: it dies there, checkpoint unmoved.
    void crashed.streams.drain();
    await new Promise((r) => setTimeout(r, 200));

    const bus = createLocalEventBus();
    const restarted = testStreamPoller(crashed.table, { publisher: bus.publisher, checkpoints });
    await restarted.drain();
    expect(bus.delivered.find((e) => e.detailType === 'InventoryChanged')?.detail.eventId).toBe(change.body.eventId);
    const sent = bus.delivered.length;
    await testStreamPoller(crashed.table, { publisher: bus.publisher, checkpoints }).drain();
    expect(bus.delivered.length).toBe(sent);
  });
});
