import type { EmailSender } from '../notifications/email';
import type { MeteredCounts } from './usage';

/** Counts usage for a store known by id only (an email carries the id, not a resolved store). */
export type CountById = (tenantId: string, counts: Partial<MeteredCounts>) => void;

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
