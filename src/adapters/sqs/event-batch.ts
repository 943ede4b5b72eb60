import type { Logger } from 'pino';
import * as v from 'valibot';
import { DomainEventSchema, type DomainEvent } from '../../events/event';

/** The part of Lambda's SQS event the consumer reads. */
export type SqsEvent = { Records: { messageId: string; body: string }[] };
/** Lambda's partial batch answer (the mapping needs `ReportBatchItemFailures`). */
export type SqsBatchResponse = { batchItemFailures: { itemIdentifier: string }[] };

/** An EventBridge event as a rule's SQS target receives it: the whole envelope, hyphenated names. */
const EnvelopeSchema = v.object({ source: v.string(), 'detail-type': v.string(), detail: v.unknown() });

/** EventBridge's envelope (from an SQS body) back to the domain's event. Throws on anything else. */
export function eventFromEnvelope(body: string): DomainEvent {
  const envelope = v.parse(EnvelopeSchema, JSON.parse(body));
  return v.parse(DomainEventSchema, { source: envelope.source, detailType: envelope['detail-type'], detail: envelope.detail });
}

/**
 * Runs one SQS batch through `handle`, one message after another (SES's send rate is the limit,
 * not the CPU), and reports the messages that failed so only those come back: one store's broken
 * notice must not resend the rest of the batch. A message that is not an event fails too, and
 * after the queue's maxReceiveCount lands in the dead-letter queue, whose alarm a person answers.
 */
export async function consumeEventBatch(event: SqsEvent, handle: (event: DomainEvent) => Promise<unknown>, logger: Logger): Promise<SqsBatchResponse> {
  const batchItemFailures: SqsBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await handle(eventFromEnvelope(record.body));
    } catch (error) {
      logger.warn({ err: error, messageId: record.messageId }, 'event not handled; SQS will deliver it again');
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
