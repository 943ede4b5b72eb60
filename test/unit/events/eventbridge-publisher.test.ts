import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { eventBridgePublisher } from '../../../src/adapters/eventbridge/publisher';
import { domainEvent } from '../../../src/events/event';

const eventBridge = mockClient(EventBridgeClient);
const publisher = eventBridgePublisher({ client: new EventBridgeClient({ region: 'us-east-1' }), busName: 'catalog-test' });

const meta = { tenantId: 'acme', actor: 'acme:admin@example.com', occurredAt: '2026-11-24T10:00:00.000Z' };
const makeEvents = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    domainEvent('catalog.inventory', 'InventoryChanged', meta, { productId: `p${i}`, previous: i, current: i + 1, delta: 1, reason: 'restock' }),
  );

describe('EventBridge publisher', () => {
  beforeEach(() => eventBridge.reset());

  it('sends each event as a PutEvents entry on the bus with source, detail-type and JSON detail', async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
    const [event] = makeEvents(1);

    // Act
    const result = await publisher.publish([event!]);

    // Assess
    expect(result.failed).toEqual([]);
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      Entries: [
        {
          EventBusName: 'catalog-test',
          Source: 'catalog.inventory',
          DetailType: 'InventoryChanged',
          Detail: JSON.stringify(event!.detail),
          Time: new Date('2026-11-24T10:00:00.000Z'),
        },
      ],
    });
    expect(JSON.parse(calls[0]!.args[0].input.Entries![0]!.Detail!)).toMatchObject({ tenantId: 'acme', eventId: event!.detail.eventId, productId: 'p0' });
  });

  it('batches by ten, the PutEvents maximum', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input) => ({ FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'x' })) }));
    const result = await publisher.publish(makeEvents(23));
    expect(result.failed).toEqual([]);
    expect(eventBridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries!.length)).toEqual([10, 10, 3]);
  });

  it('reports exactly the entries EventBridge rejected', async () => {
    const events = makeEvents(3);
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ EventId: 'a' }, { ErrorCode: 'InternalFailure', ErrorMessage: 'try later' }, { EventId: 'c' }],
    });
    const result = await publisher.publish(events);
    expect(result.failed).toEqual([{ eventId: events[1]!.detail.eventId, reason: 'InternalFailure: try later' }]);
  });

  it('reports the whole batch as failed when the call throws, and never throws itself', async () => {
    const events = makeEvents(12);
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(Object.assign(new Error('down'), { name: 'ServiceUnavailable' }))
      .resolves({ FailedEntryCount: 0, Entries: [{}, {}] });
    const result = await publisher.publish(events);
    expect(result.failed.map((f) => f.eventId)).toEqual(events.slice(0, 10).map((e) => e.detail.eventId));
    expect(result.failed[0]!.reason).toBe('ServiceUnavailable');
  });

  it('treats missing result entries as failures rather than successes', async () => {
    const events = makeEvents(2);
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'a' }] });
    const result = await publisher.publish(events);
    expect(result.failed.map((f) => f.eventId)).toEqual([events[1]!.detail.eventId]);
  });
});
