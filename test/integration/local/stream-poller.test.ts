import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { outboxPuts } from '../../../src/adapters/dynamodb/outbox-items';
import { memoryCheckpoints } from '../../../src/adapters/local/stream-poller';
import { domainEvent, type DomainEvent } from '../../../src/events/event';
import type { EventPublisher } from '../../../src/events/publisher';
import { tenantContext } from '../../../src/tenants/tenant';
import { createTestTable } from '../../support/dynamo';
import { testStreamPoller } from '../../support/platform';

const acme = tenantContext({ id: 'acme', name: 'Acme', tier: 'basic', status: 'active' });
const event = (i: number) =>
  domainEvent(
    'catalog.inventory',
    'InventoryChanged',
    { tenantId: 'acme', actor: 'a', occurredAt: new Date().toISOString() },
    { productId: `p${i}`, delta: i },
  );

async function commit(table: Awaited<ReturnType<typeof createTestTable>>, events: DomainEvent[]) {
  for (let i = 0; i < events.length; i += 25)
    await table.client.send(new TransactWriteCommand({ TransactItems: outboxPuts(table.tableName, acme, events.slice(i, i + 25)) }));
}

const recording = () => {
  const seen: DomainEvent[] = [];
  const publisher: EventPublisher = {
    publish: async (events) => {
      seen.push(...events);
      return { failed: [] };
    },
  };
  return { seen, publisher };
};

describe('local stream poller (DynamoDB Local streams)', () => {
  it('publishes exactly the committed outbox records, in commit order, and skips every other item', async () => {
    const table = await createTestTable();
    const { seen, publisher } = recording();
    const poller = testStreamPoller(table, { publisher, batchSize: 7 });
    const events = Array.from({ length: 40 }, (_, i) => event(i));
    await commit(table, events.slice(0, 20));
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: { PK: 'TENANT#acme#PRODUCT#x', SK: '#PRODUCT', type: 'product' } }));
    await commit(table, events.slice(20));
    await poller.drain();
    expect(seen.map((e) => e.detail.eventId)).toEqual(events.map((e) => e.detail.eventId));
    // Drained means caught up: a second drain publishes nothing new.
    await poller.drain();
    expect(seen).toHaveLength(40);
  });

  it('retries a failing bus from the first failed record, and dead-letters a record only after its bounded attempts', async () => {
    const table = await createTestTable();
    const events = Array.from({ length: 6 }, (_, i) => event(i));
    await commit(table, events);
    const poison = events[3]!.detail.eventId;
    const sent: string[] = [];
    let calls = 0;
    const publisher: EventPublisher = {
      async publish(batch) {
        calls++;
        // Every other call fails whole; the poison event never gets through.
        if (calls % 2 === 1) return { failed: batch.map((e) => ({ eventId: e.detail.eventId, reason: 'down' })) };
        const failed = batch.filter((e) => e.detail.eventId === poison).map((e) => ({ eventId: e.detail.eventId, reason: 'refused' }));
        sent.push(...batch.filter((e) => e.detail.eventId !== poison).map((e) => e.detail.eventId));
        return { failed };
      },
    };
    const poller = testStreamPoller(table, { publisher, maxAttempts: 4 });
    await poller.drain();
    expect(new Set(sent)).toEqual(new Set(events.map((e) => e.detail.eventId).filter((id) => id !== poison)));
    expect(poller.deadLetters.map((d) => d.eventId)).toEqual([poison]);
    expect(poller.deadLetters[0]!.event?.detail.eventId).toBe(poison);
  });

  it('a restarted poller resumes after its checkpoint; a fresh one starts from TRIM_HORIZON and sends everything again', async () => {
    const table = await createTestTable();
    const checkpoints = memoryCheckpoints();
    const first = recording();
    await commit(table, [event(1), event(2)]);
    await testStreamPoller(table, { publisher: first.publisher, checkpoints }).drain();
    await commit(table, [event(3)]);
    const resumed = recording();
    await testStreamPoller(table, { publisher: resumed.publisher, checkpoints }).drain();
    expect(resumed.seen.map((e) => e.detail.productId)).toEqual(['p3']);
    const fresh = recording();
    await testStreamPoller(table, { publisher: fresh.publisher }).drain();
    expect(fresh.seen.map((e) => e.detail.productId)).toEqual(['p1', 'p2', 'p3']);
  });
});
