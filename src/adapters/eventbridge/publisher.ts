import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { clientSettings, namedDependency } from '../aws/client-settings';
import type { DomainEvent } from '../../events/event';
import { allFailed, type EventPublisher, type PublishResult } from '../../events/publisher';

/** The bus's client, with EventBridge's time budget (src/adapters/aws/client-settings.ts). */
export function createEventBridgeClient(options: { region: string; endpoint?: string | undefined }) {
  return namedDependency(
    new EventBridgeClient({ region: options.region, ...clientSettings('eventbridge'), ...(options.endpoint ? { endpoint: options.endpoint } : {}) }),
    'eventbridge',
  );
}

/** PutEvents accepts at most 10 entries per call. */
const BATCH = 10;

/**
 * EventBridge PutEvents adapter. PutEvents can fail as a whole (throws) or entry by entry
 * (FailedEntryCount with per-entry ErrorCode, in request order): both become `failed` ids so the
 * outbox keeps exactly the undelivered events.
 */
export function eventBridgePublisher(options: { client: EventBridgeClient; busName: string }): EventPublisher {
  const { client, busName } = options;
  return {
    async publish(events) {
      const failed: PublishResult['failed'] = [];
      for (let i = 0; i < events.length; i += BATCH) {
        const batch = events.slice(i, i + BATCH);
        try {
          const result = await client.send(new PutEventsCommand({ Entries: batch.map((event) => toEntry(event, busName)) }));
          (result.Entries ?? []).forEach((entry, index) => {
            const event = batch[index];
            if (event && entry.ErrorCode) failed.push({ eventId: event.detail.eventId, reason: `${entry.ErrorCode}: ${entry.ErrorMessage ?? ''}`.trim() });
          });
          // A response with fewer entries than sent would hide failures: count the missing as failed.
          for (const event of batch.slice(result.Entries?.length ?? 0)) failed.push({ eventId: event.detail.eventId, reason: 'no result entry' });
        } catch (error) {
          failed.push(...allFailed(batch, error instanceof Error ? error.name : 'PutEvents failed').failed);
        }
      }
      return { failed };
    },
  };
}

export function toEntry(event: DomainEvent, busName: string) {
  return {
    EventBusName: busName,
    Source: event.source,
    DetailType: event.detailType,
    Detail: JSON.stringify(event.detail),
    Time: new Date(event.detail.occurredAt),
  };
}
