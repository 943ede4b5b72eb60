import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { eventBridgePublisher } from '../../src/adapters/eventbridge/publisher';
import { createPlatform } from '../../src/platform';
import { scanAll } from '../support/dynamo';
import { fakeVerifier, tokenFor } from '../support/fake-verifier';
import { client, silentLogger, testPlatform } from '../support/platform';

/**
 * The real EventBridge adapter against a PutEvents that fails 30% of the time (whole calls and
 * single entries), plus a process that dies between its write and its publish: once the relay
 * has run, every change's event has reached the bus at least once.
 */
describe('event durability (proof)', () => {
  it('loses no event with a 30% failing EventBridge and a crash before publishing', async () => {
    const eventBridge = mockClient(EventBridgeClient);
    const received: PutEventsRequestEntry[] = [];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let calls = 0;
    let failedCalls = 0;
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
      calls++;
      if (random() < 0.3) {
        failedCalls++;
        throw Object.assign(new Error('unavailable'), { name: 'ServiceUnavailableException' });
      }
      // Now and then a single entry fails inside a successful call.
      const entries = input.Entries.map((entry) => (random() < 0.05 ? { ErrorCode: 'InternalFailure', ErrorMessage: 'retry' } : (received.push(entry), { EventId: crypto.randomUUID() })));
      return { FailedEntryCount: entries.filter((e) => 'ErrorCode' in e).length, Entries: entries };
    });
    const publisher = eventBridgePublisher({ client: new EventBridgeClient({ region: 'us-east-1' }), busName: 'catalog-test' });

    const p = await testPlatform({ publisher });
    const staff = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
    const id = (await staff('POST', '/admin/products', { name: 'D', sku: 'DUR-1', price: { amount: 1, currency: 'EUR' }, stock: 500, lowStockThreshold: 50 })).body.id as string;
    for (let i = 0; i < 100; i++) {
      expect((await staff('POST', `/admin/products/${id}/inventory/adjustments`, { delta: i % 3 ? -4 : 5, reason: i % 3 ? 'sale' : 'restock' })).status).toBe(201);
    }

    // A process that dies after committing and before publishing: its events exist only in the outbox.
    const dead = createPlatform({ ...p.options, publisher: { publish: () => new Promise(() => undefined) } });
    const dying = client(dead.app, 'alpha.test', tokenFor('admin', 'alpha'));
    for (let i = 0; i < 5; i++) void dying('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 1, reason: 'return' });
    // Wait until its writes are committed (the publish never returns).
    for (let tries = 0; tries < 100; tries++) {
      const history = (await staff('GET', `/admin/products/${id}/inventory/history?limit=100`)).body.items as unknown[];
      if (history.length >= 106) break; // 105 changes and the initial entry
      await new Promise((r) => setTimeout(r, 50));
    }

    const pendingBefore = (await scanAll(p.table.tableName)).filter((i) => i.type === 'outbox').length;
    let passes = 0;
    while ((await scanAll(p.table.tableName)).some((i) => i.type === 'outbox') && passes < 50) {
      await p.relayOutbox();
      passes++;
    }

    const history = [];
    let cursor: string | undefined;
    do {
      const page = await staff('GET', `/admin/products/${id}/inventory/history?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      history.push(...(page.body.items as { eventId: string }[]));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(history).toHaveLength(106);
    const deliveredIds = new Set(received.map((e) => JSON.parse(e.Detail!).eventId));
    const lost = history.filter((h) => !deliveredIds.has(h.eventId));
    console.log(`event durability: 105 inventory changes (5 by a process that died before publishing), ${calls} PutEvents calls, ${failedCalls} failed whole, ${pendingBefore} events waiting in outboxes, ${passes} relay passes, ${lost.length} lost, ${received.length - new Set(received.map((e) => JSON.parse(e.Detail!).eventId)).size} duplicates (same eventId)`);
    expect(lost).toEqual([]);
    expect((await scanAll(p.table.tableName)).filter((i) => i.type === 'outbox')).toEqual([]);
    eventBridge.restore();
  }, 180_000);
});
