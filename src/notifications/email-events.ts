import { createHash } from 'node:crypto';
import { domainEvent, type DomainEvent } from '../events/event';
import type { TenantContext } from '../tenants/tenant';

/**
 * "Every email is an event too" (docs/emails.md): each email sent to a shopper is an `EmailSent`
 * event (source `shop.notifications`) in the store's outbox, so the bus, its archive and any
 * later consumer (a store's email log, bounce accounting) see it like any other change. It names
 * the template and the order, never the address: a hash of it stands for the recipient.
 */
export interface EmailEventLog {
  /** Writes the event to the store's outbox unless it is there already (a redelivery): true when written now. */
  record(tenant: TenantContext, event: DomainEvent): Promise<boolean>;
}

/**
 * The recipient as the event shows them: SHA-256 of the store and the lower-cased address, so the
 * same person at the same store has the same hash (emails to one person can be counted) while the
 * address itself never reaches the bus, its archive or the consumers' logs.
 */
export const recipientHash = (tenantId: string, address: string) => createHash('sha256').update(`${tenantId}:${address.trim().toLowerCase()}`).digest('hex');

/**
 * The `EmailSent` event of one email: its id follows from the event that caused it and the
 * recipient, and its time from that event's, so its outbox key is the same on every delivery and
 * the write happens once.
 */
export function emailSentEvent(facts: {
  tenantId: string;
  tag: string;
  to: string;
  /** The event the email answers (`OrderPaid`, a restock's `BackInStock`). */
  cause: DomainEvent;
  /** Who among the cause's recipients (`shopper`, a wisher's user id): part of the event id. */
  recipientKey: string;
  orderId?: string | undefined;
}): DomainEvent {
  const event = domainEvent(
    'shop.notifications',
    'EmailSent',
    { tenantId: facts.tenantId, actor: 'system:notifications', occurredAt: facts.cause.detail.occurredAt },
    {
      template: facts.tag,
      ...(facts.orderId ? { orderId: facts.orderId } : {}),
      recipientHash: recipientHash(facts.tenantId, facts.to),
      cause: facts.cause.detail.eventId,
    },
  );
  event.detail.eventId = `email-${facts.cause.detail.eventId}-${facts.recipientKey}`;
  return event;
}
