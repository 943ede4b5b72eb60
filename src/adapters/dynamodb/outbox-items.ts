import type { DomainEvent } from '../../events/event';
import type { TenantContext } from '../../tenants/tenant';
import { tenantKeys } from './keys';
import { TABLE_KEYS } from './table';

/**
 * How long an outbox record stays after its commit. Nothing deletes it: the table's stream
 * publishes it (src/events/stream-publishing.ts) and TTL removes it. A week outlives the stream's
 * 24 h retention with room to spare, so a failed batch's dead-letter entry can still be matched
 * to its records while they exist.
 */
export const OUTBOX_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Outbox records to write in the same transaction as the change the events describe. */
export function outboxPuts(tableName: string, tenant: TenantContext, events: readonly DomainEvent[]) {
  const keys = tenantKeys(tenant);
  return events.map((event) => ({
    Put: {
      TableName: tableName,
      Item: {
        ...keys.outbox(event.detail.occurredAt, event.detail.eventId),
        type: 'outbox',
        event,
        [TABLE_KEYS.ttlAttribute]: Math.floor(Date.parse(event.detail.occurredAt) / 1000) + OUTBOX_TTL_SECONDS,
      },
    },
  }));
}
