import type { TenantContext } from '../tenants/tenant';
import type { DomainEvent } from './event';

/**
 * Events written in the same transaction as the change they describe, kept until the bus has
 * them. Removing is by event id so a relay and a request can race harmlessly.
 */
export interface OutboxStore {
  pending(tenant: TenantContext, limit: number): Promise<DomainEvent[]>;
  remove(tenant: TenantContext, events: readonly DomainEvent[]): Promise<void>;
}
