import type { EventPublisher } from '../events/publisher';
import type { EmailSender } from '../notifications/email';
import type { MeteredCounts } from './usage';

/** Counts usage for a store known by id only (events and emails carry the id, not a resolved store). */
export type CountById = (tenantId: string, counts: Partial<MeteredCounts>) => void;

/** The stream publisher's bus, counting each event the bus accepted to its store. */
export function meteredPublisher(publisher: EventPublisher, count: CountById): EventPublisher {
  return {
    async publish(events) {
      const result = await publisher.publish(events);
      const refused = new Set(result.failed.map((f) => f.eventId));
      for (const event of events) if (!refused.has(event.detail.eventId)) count(event.detail.tenantId, { eventsPublished: 1 });
      return result;
    },
  };
}

/** The email port, counting each accepted email about a store to that store. */
export function meteredSender(sender: EmailSender, count: CountById): EmailSender {
  return {
    async send(message) {
      const sent = await sender.send(message);
      if (message.tenantId) count(message.tenantId, { emailsSent: 1 });
      return sent;
    },
  };
}
