import type { Logger } from 'pino';
import type { DomainEvent } from '../../events/event';
import { eventFromEnvelope, type SqsBatchResponse, type SqsEvent } from './event-batch';

/**
 * A message of the search queue: EventBridge's envelope, as the rule put it on the inbox queue,
 * or that message's record wrapped by the pipe that moves it to the FIFO queue (`{ body }`).
 */
export function searchEventFrom(body: string): DomainEvent {
  const parsed = JSON.parse(body) as { body?: unknown };
  return eventFromEnvelope(typeof parsed.body === 'string' && !('detail-type' in parsed) ? parsed.body : body);
}

/**
 * One batch of the FIFO search queue: messages grouped by store, each store's applied and saved
 * together (`handleStore`), stores in parallel. A store that fails reports all its messages, so
 * SQS redelivers them (in order: a FIFO group waits for its failed messages); other stores' go.
 * A message that is not an event fails alone and ends in the dead-letter queue.
 */
export async function consumeSearchBatch(
  event: SqsEvent,
  handleStore: (events: readonly DomainEvent[]) => Promise<unknown>,
  logger: Logger,
): Promise<SqsBatchResponse> {
  const batchItemFailures: SqsBatchResponse['batchItemFailures'] = [];
  const stores = new Map<string, { ids: string[]; events: DomainEvent[] }>();
  for (const record of event.Records) {
    try {
      const domainEvent = searchEventFrom(record.body);
      const store = stores.get(domainEvent.detail.tenantId) ?? { ids: [], events: [] };
      store.ids.push(record.messageId);
      store.events.push(domainEvent);
      stores.set(domainEvent.detail.tenantId, store);
    } catch (error) {
      logger.warn({ err: error, messageId: record.messageId }, 'not an event; it will reach the dead-letter queue');
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  const outcomes = await Promise.allSettled([...stores.values()].map((store) => handleStore(store.events)));
  [...stores.values()].forEach((store, i) => {
    const outcome = outcomes[i]!;
    if (outcome.status === 'fulfilled') return;
    logger.warn({ err: outcome.reason, messages: store.ids.length }, 'store index not written; SQS will deliver its events again');
    for (const id of store.ids) batchItemFailures.push({ itemIdentifier: id });
  });
  return { batchItemFailures };
}
