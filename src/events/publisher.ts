import type { DomainEvent } from './event';

/**
 * Sends events to the bus. A publisher never throws for a delivery failure: it reports which
 * events did not get through, so the stream publisher retries exactly those (from the first failed record).
 */
export interface EventPublisher {
  publish(events: readonly DomainEvent[]): Promise<PublishResult>;
}

export type PublishResult = { failed: { eventId: string; reason: string }[] };

export const allFailed = (events: readonly DomainEvent[], reason: string): PublishResult => ({
  failed: events.map((event) => ({ eventId: event.detail.eventId, reason })),
});
