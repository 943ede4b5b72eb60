import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { domainEvent, type DomainEvent } from '../../../src/events/event';
import type { EventPublisher } from '../../../src/events/publisher';
import { isOutboxInsert, publishStreamChanges, type StreamChange } from '../../../src/events/stream-publishing';

const meta = { tenantId: 'acme', actor: 'acme:admin@example.com', occurredAt: '2026-11-25T10:00:00.000Z' };
const event = (i: number) => domainEvent('catalog.inventory', 'InventoryChanged', meta, { productId: `p${i}`, delta: i });

type Kind = 'outbox' | 'other' | 'remove' | 'modify' | 'malformed';
const change = (kind: Kind, i: number): { change: StreamChange; event?: DomainEvent } => {
  const sequenceNumber = String(1000 + i);
  if (kind === 'outbox') {
    const e = event(i);
    return {
      change: { sequenceNumber, eventName: 'INSERT', newImage: { PK: 'TENANT#acme#OUTBOX', SK: `x#${i}`, type: 'outbox', event: e, expiresAt: 1 } },
      event: e,
    };
  }
  if (kind === 'other') return { change: { sequenceNumber, eventName: 'INSERT', newImage: { PK: 'TENANT#acme#PRODUCT#p', SK: '#PRODUCT', type: 'product' } } };
  // TTL removing an outbox record: its REMOVE has no new image.
  if (kind === 'remove') return { change: { sequenceNumber, eventName: 'REMOVE' } };
  if (kind === 'modify') return { change: { sequenceNumber, eventName: 'MODIFY', newImage: { type: 'outbox', event: event(i) } } };
  return { change: { sequenceNumber, eventName: 'INSERT', newImage: { type: 'outbox', event: { source: 'nowhere', detail: {} } } } };
};

/** A bus that refuses the given event ids, or throws as a whole. */
const bus = (refuse: (e: DomainEvent) => boolean, throws = false) => {
  const received: DomainEvent[] = [];
  const publisher: EventPublisher = {
    async publish(events) {
      if (throws) throw new Error('EventBridge unreachable');
      received.push(...events);
      return { failed: events.filter(refuse).map((e) => ({ eventId: e.detail.eventId, reason: 'refused' })) };
    },
  };
  return { publisher, received };
};

describe('publishing from the table stream', () => {
  it('publishes the outbox inserts of a batch in stream order and skips everything else', async () => {
    const records = (['outbox', 'other', 'outbox', 'remove', 'modify', 'outbox'] as const).map(change);
    const { publisher, received } = bus(() => false);
    const outcome = await publishStreamChanges(
      records.map((r) => r.change),
      publisher,
    );
    expect(received.map((e) => e.detail.eventId)).toEqual(
      records.filter((r) => r.change.eventName === 'INSERT' && r.event).map((r) => r.event!.detail.eventId),
    );
    expect(outcome).toMatchObject({ published: 3, failed: 0, skipped: 3, batchItemFailures: [] });
  });

  it('names the first failed record for the retry, in stream order, whatever order the bus reports failures in', async () => {
    const records = (['outbox', 'outbox', 'outbox', 'outbox'] as const).map(change);
    const refused = new Set([records[3]!.event!.detail.eventId, records[1]!.event!.detail.eventId]);
    const outcome = await publishStreamChanges(
      records.map((r) => r.change),
      bus((e) => refused.has(e.detail.eventId)).publisher,
    );
    expect(outcome.batchItemFailures).toEqual([{ itemIdentifier: '1001' }]);
    expect(outcome).toMatchObject({ published: 2, failed: 2 });
  });

  it('a bus that throws fails the whole batch from its first outbox record: never a lost event, never a thrown batch', async () => {
    const records = (['other', 'outbox', 'outbox'] as const).map(change);
    const outcome = await publishStreamChanges(
      records.map((r) => r.change),
      bus(() => false, true).publisher,
    );
    expect(outcome).toMatchObject({ published: 0, failed: 2, skipped: 1, batchItemFailures: [{ itemIdentifier: '1001' }] });
    expect(outcome.failures[0]!.reason).toMatch(/EventBridge unreachable/);
  });

  it('fails an outbox record that holds no valid event, so it reaches the dead-letter queue rather than vanishing', async () => {
    const records = (['outbox', 'malformed', 'outbox'] as const).map(change);
    const { publisher, received } = bus(() => false);
    const outcome = await publishStreamChanges(
      records.map((r) => r.change),
      publisher,
    );
    expect(received).toHaveLength(2);
    expect(outcome).toMatchObject({ published: 2, failed: 1, batchItemFailures: [{ itemIdentifier: '1001' }] });
    expect(outcome.failures[0]!.reason).toMatch(/not a domain event/);
  });

  it('recognises outbox inserts as the stack’s filter does: INSERT with type outbox', () => {
    expect(isOutboxInsert(change('outbox', 1).change)).toBe(true);
    for (const kind of ['other', 'remove', 'modify'] as const) expect(isOutboxInsert(change(kind, 1).change)).toBe(false);
  });

  it('property: resuming from the reported record loses nothing: every outbox event before it was accepted', async () => {
    const kinds = fc.constantFrom<Kind>('outbox', 'outbox', 'outbox', 'other', 'remove', 'modify', 'malformed');
    await fc.assert(
      fc.asyncProperty(
        fc.array(kinds, { maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        fc.boolean(),
        async (batch, refusals, throws) => {
          const records = batch.map(change);
          const refused = new Set(records.filter((r, i) => r.event && refusals[i]).map((r) => r.event!.detail.eventId));
          const { publisher } = bus((e) => refused.has(e.detail.eventId), throws);
          const outcome = await publishStreamChanges(
            records.map((r) => r.change),
            publisher,
          );

          const outboxes = records.filter((r) => r.event && r.change.eventName === 'INSERT');
          const malformed = batch.filter((k) => k === 'malformed').length;
          const failedEvents = throws ? outboxes.length : outboxes.filter((r) => refused.has(r.event!.detail.eventId)).length;
          expect(outcome.skipped).toBe(records.length - outboxes.length - malformed);
          expect(outcome.published).toBe(outboxes.length - failedEvents);
          expect(outcome.failed).toBe(failedEvents + malformed);
          const firstFailed = records.findIndex((r) => outcome.failures.some((f) => f.sequenceNumber === r.change.sequenceNumber));
          if (outcome.failed === 0) {
            expect(outcome.batchItemFailures).toEqual([]);
          } else {
            expect(outcome.batchItemFailures).toEqual([{ itemIdentifier: records[firstFailed]!.change.sequenceNumber }]);
            // What the checkpoint passes (everything before the reported record) was published.
            for (const r of records.slice(0, firstFailed))
              if (r.event && r.change.eventName === 'INSERT') expect(throws || refused.has(r.event.detail.eventId)).toBe(false);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
