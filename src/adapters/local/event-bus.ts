import type { DomainEvent } from '../../events/event';
import type { EventPublisher } from '../../events/publisher';

type Pattern = { source?: string; detailType?: string };
type Handler = (event: DomainEvent) => void | Promise<void>;

export type FailedDelivery = { event: DomainEvent; error: unknown };

/**
 * The EventBridge stand-in for local runs and tests: records every event it accepts and hands it
 * to subscribers whose pattern matches, the way a rule targets a consumer. A subscriber's failure
 * is the consumer's problem, not the publisher's, as with EventBridge: it lands in
 * `deadLetters` (a rule's dead-letter queue) and goes to `onDeadLetter`, never back to the writer.
 */
export function createLocalEventBus(options: { onDeadLetter?: (failure: FailedDelivery) => void } = {}) {
  const delivered: DomainEvent[] = [];
  const deadLetters: FailedDelivery[] = [];
  const subscribers: { pattern: Pattern; handler: Handler }[] = [];
  const deliver = async (handler: Handler, event: DomainEvent) => {
    try {
      await handler(event);
    } catch (error) {
      deadLetters.push({ event, error });
      options.onDeadLetter?.({ event, error });
    }
  };

  const publisher: EventPublisher = {
    async publish(events) {
      for (const event of events) {
        delivered.push(event);
        for (const { pattern, handler } of subscribers) {
          if (pattern.source && pattern.source !== event.source) continue;
          if (pattern.detailType && pattern.detailType !== event.detailType) continue;
          queueMicrotask(() => void deliver(handler, event));
        }
      }
      return { failed: [] };
    },
  };

  return {
    publisher,
    delivered: delivered as readonly DomainEvent[],
    deadLetters: deadLetters as readonly FailedDelivery[],
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
