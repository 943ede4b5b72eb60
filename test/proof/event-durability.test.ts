import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { eventBridgePublisher } from '../../src/adapters/eventbridge/publisher';
import { memoryCheckpoints } from '../../src/adapters/local/stream-poller';
import { scanAll } from '../support/dynamo';
import { tokenFor } from '../support/fake-verifier';
import { client, testPlatform, testStreamPoller } from '../support/platform';

/**
 * The real EventBridge adapter against a PutEvents that fails 30% of the time (whole calls and
 * single entries), fed by the table's stream (the local poller standing in for the stream-triggered
 * Lambda), plus a publisher that dies between reading records and publishing them: once its
 * replacement has drained the stream from the checkpoint, every change's event has reached the
 * bus at least once, and none was dead-lettered. A poller without checkpoints replays the stream
 * from TRIM_HORIZON: everything again, which consumers dedupe on eventId.
 */
describe('event durability (proof)', () => {
  it('loses no event with a 30% failing EventBridge and a crash before publishing', async () => {
    const eventBridge = mockClient(EventBridgeClient);
    const received: PutEventsRequestEntry[] = [];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let calls = 0;
    let failedCalls = 0;
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
      calls++;
      if (random() < 0.3) {
        failedCalls++;
        throw Object.assign(new Error('unavailable'), { name: 'ServiceUnavailableException' });
      }
      // Now and then a single entry fails inside a successful call.
      const entries = input.Entries.map((entry) => {
        if (random() < 0.05) return { ErrorCode: 'InternalFailure', ErrorMessage: 'retry' };
        received.push(entry);
        return { EventId: crypto.randomUUID() };
      });
      return { FailedEntryCount: entries.filter((e) => 'ErrorCode' in e).length, Entries: entries };
    });
    const publisher = eventBridgePublisher({ client: new EventBridgeClient({ region: 'us-east-1' }), busName: 'catalog-test' });

    const checkpoints = memoryCheckpoints();
    const p = await testPlatform({ publisher, streams: { checkpoints, maxAttempts: 30 } });
    const staff = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
    const id = (await staff('POST', '/admin/products', { name: 'D', sku: 'DUR-1', price: { amount: 1, currency: 'EUR' }, stock: 500, lowStockThreshold: 50 }))
      .body.id as string;
    for (let i = 0; i < 100; i++) {
      expect((await staff('POST', `/admin/products/${id}/inventory/adjustments`, { delta: i % 3 ? -4 : 5, reason: i % 3 ? 'sale' : 'restock' })).status).toBe(
        201,
      );
    }
    // Half of it goes out through the failing bus, with retries from the stream.
    await p.streams.drain(120_000);
    const beforeCrash = received.length;

    // Five more changes, then a publisher that dies between reading them and publishing them:
    // it handed them to a bus that never answers, so its checkpoint never moved past them.
    for (let i = 0; i < 5; i++) expect((await staff('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 1, reason: 'return' })).status).toBe(201);
    let handedOver = 0;
    const dying = testStreamPoller(p.table, {
      checkpoints,
      publisher: {
        publish: (events) => {
          handedOver += events.length;
          return new Promise(() => undefined);
        },
      },
    });
    void dying.drain();
    for (let tries = 0; tries < 100 && handedOver === 0; tries++) await new Promise((r) => setTimeout(r, 20));
    expect(handedOver).toBeGreaterThan(0);

    // Its replacement resumes from the last checkpoint, through the same failing bus.
    const restarted = testStreamPoller(p.table, { checkpoints, publisher, maxAttempts: 30 });
    await restarted.drain(120_000);
    // And one that lost its checkpoints starts from TRIM_HORIZON: everything again, deduped by eventId downstream.
    const fromStart = testStreamPoller(p.table, {
      publisher: eventBridgePublisher({ client: new EventBridgeClient({ region: 'us-east-1' }), busName: 'catalog-test' }),
      maxAttempts: 30,
    });
    const receivedBeforeReplay = received.length;
    await fromStart.drain(120_000);
    const replayed = received.length - receivedBeforeReplay;

    const history = [];
    let cursor: string | undefined;
    do {
      const page = await staff('GET', `/admin/products/${id}/inventory/history?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      history.push(...(page.body.items as { eventId: string }[]));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(history).toHaveLength(106);
    const deliveredIds = new Set(received.slice(0, receivedBeforeReplay).map((e) => JSON.parse(e.Detail!).eventId));
    const lost = history.filter((h) => !deliveredIds.has(h.eventId));
    const deadLetters = [...p.streams.deadLetters, ...restarted.deadLetters, ...fromStart.deadLetters];
    console.log(
      `event durability: 105 inventory changes, ${calls} PutEvents calls, ${failedCalls} failed whole; ${beforeCrash} entries accepted before a publisher died holding ${handedOver} events; ` +
        `its replacement resumed from the checkpoint: ${lost.length} lost, ${receivedBeforeReplay - deliveredIds.size} duplicates (same eventId), ${deadLetters.length} dead-lettered; a replay from TRIM_HORIZON sent ${replayed} again`,
    );
    expect(lost).toEqual([]);
    expect(deadLetters).toEqual([]);
    // Replaying from TRIM_HORIZON sends every outbox event again: consumers see each eventId at least once, some twice.
    const outbox = (await scanAll(p.table.tableName)).filter((i) => i.type === 'outbox');
    expect(new Set(received.slice(receivedBeforeReplay).map((e) => JSON.parse(e.Detail!).eventId))).toEqual(
      new Set(outbox.map((i) => (i.event as { detail: { eventId: string } }).detail.eventId)),
    );
    eventBridge.restore();
  }, 180_000);
});
