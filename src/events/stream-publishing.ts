import * as v from 'valibot';
import { DomainEventSchema, type DomainEvent } from './event';
import type { EventPublisher } from './publisher';

/**
 * One record of the table's change stream, as the adapters hand it over: the Lambda entry
 * (src/entry/stream-publisher.ts) and the local poller (src/adapters/local/stream-poller.ts) both
 * unmarshall the new image first, so this module never sees DynamoDB's attribute-value JSON.
 */
export type StreamChange = {
  sequenceNumber: string;
  /** INSERT, MODIFY or REMOVE. */
  eventName: string;
  newImage?: Record<string, unknown> | undefined;
};

export type PublishOutcome = {
  /** Outbox events the bus accepted. */
  published: number;
  /** Outbox events the bus refused, or outbox records that hold no valid event. */
  failed: number;
  /** Records that are no outbox insert (other items' changes, TTL deletions). */
  skipped: number;
  /**
   * Where the next attempt must start: the earliest failed record, or none. A stream is ordered
   * per shard and the checkpoint is one sequence number, so everything after the first failure
   * is sent again too (consumers dedupe on eventId). This is Lambda's `batchItemFailures`.
   */
  batchItemFailures: { itemIdentifier: string }[];
  /** Why each failed record failed, for the log. */
  failures: { sequenceNumber: string; eventId?: string; reason: string }[];
};

const OutboxItemSchema = v.looseObject({ type: v.literal('outbox'), event: v.unknown() });

/** The records an outbox write produced: the filter the AWS event source mapping also applies. */
export const isOutboxInsert = (change: StreamChange) => change.eventName === 'INSERT' && v.is(OutboxItemSchema, change.newImage);

/**
 * Publishes the outbox events among a batch of stream records, in stream order, and says where a
 * retry has to resume. Never throws: a publisher that throws counts as every event failing, so
 * the batch is retried (and, after the bounded retries, dead-lettered) rather than lost.
 */
export async function publishStreamChanges(changes: readonly StreamChange[], publisher: EventPublisher): Promise<PublishOutcome> {
  const failures: PublishOutcome['failures'] = [];
  const toSend: { change: StreamChange; event: DomainEvent }[] = [];
  let skipped = 0;
  for (const change of changes) {
    if (!isOutboxInsert(change)) {
      skipped++;
      continue;
    }
    const parsed = v.safeParse(DomainEventSchema, change.newImage?.event);
    // A record no retry can fix: failed, so that it reaches the dead-letter queue and its alarm.
    if (!parsed.success) failures.push({ sequenceNumber: change.sequenceNumber, reason: `not a domain event: ${v.summarize(parsed.issues)}` });
    else toSend.push({ change, event: parsed.output });
  }

  let refused = new Map<string, string>();
  if (toSend.length > 0) {
    try {
      const result = await publisher.publish(toSend.map((s) => s.event));
      refused = new Map(result.failed.map((f) => [f.eventId, f.reason]));
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      refused = new Map(toSend.map((s) => [s.event.detail.eventId, reason]));
    }
  }
  for (const { change, event } of toSend) {
    const reason = refused.get(event.detail.eventId);
    if (reason !== undefined) failures.push({ sequenceNumber: change.sequenceNumber, eventId: event.detail.eventId, reason });
  }

  const order = new Map(changes.map((c, i) => [c.sequenceNumber, i]));
  failures.sort((a, b) => (order.get(a.sequenceNumber) ?? 0) - (order.get(b.sequenceNumber) ?? 0));
  const first = failures[0];
  return {
    published: toSend.length - toSend.filter((s) => refused.has(s.event.detail.eventId)).length,
    failed: failures.length,
    skipped,
    batchItemFailures: first ? [{ itemIdentifier: first.sequenceNumber }] : [],
    failures,
  };
}
