import type { DomainEvent } from '../../events/event';
import type { EventPublisher } from '../../events/publisher';

type Pattern = { source?: string; detailType?: string };
type Handler = (event: DomainEvent) => void | Promise<void>;

/**
 * The EventBridge stand-in for local runs and tests: records every event it accepts and hands it
 * to subscribers whose pattern matches, the way a rule targets a consumer. A subscriber's failure
 * is the consumer's problem, not the publisher's, as with EventBridge.
 */
export function createLocalEventBus() {
  const delivered: DomainEvent[] = [];
  const subscribers: { pattern: Pattern; handler: Handler }[] = [];

  const publisher: EventPublisher = {
    async publish(events) {
      for (const event of events) {
        delivered.push(event);
        for (const { pattern, handler } of subscribers) {
          if (pattern.source && pattern.source !== event.source) continue;
          if (pattern.detailType && pattern.detailType !== event.detailType) continue;
          queueMicrotask(() => {
            Promise.resolve(handler(event)).catch(() => undefined);
          });
        }
      }
      return { failed: [] };
    },
  };

  return {
    publisher,
    delivered: delivered as readonly DomainEvent[],
    subscribe(pattern: Pattern, handler: Handler) {
      subscribers.push({ pattern, handler });
    },
  };
}

export type LocalEventBus = ReturnType<typeof createLocalEventBus>;

/** Wraps a publisher so a share of calls fail as a whole, as when EventBridge is unavailable. */
export function flakyPublisher(inner: EventPublisher, failureRate: number, random: () => number = Math.random): EventPublisher {
  return {
    async publish(events) {
      if (random() < failureRate) return { failed: events.map((e) => ({ eventId: e.detail.eventId, reason: 'injected failure' })) };
      return inner.publish(events);
    },
  };
}
