import type { DomainEvent } from '../../events/event';
import type { TenantContext } from '../../tenants/tenant';
import { tenantKeys } from './keys';

/** Outbox records to write in the same transaction as the change the events describe. */
export function outboxPuts(tableName: string, tenant: TenantContext, events: readonly DomainEvent[]) {
  const keys = tenantKeys(tenant);
  return events.map((event) => ({
    Put: { TableName: tableName, Item: { ...keys.outbox(event.detail.occurredAt, event.detail.eventId), type: 'outbox', event } },
  }));
}
