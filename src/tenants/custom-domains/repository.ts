import type { DomainEvent } from '../../events/event';
import type { TenantRecord } from '../registry';
import type { TenantContext } from '../tenant';
import type { CustomDomain } from './custom-domain';

/**
 * A store's custom domains (src/adapters/dynamodb/custom-domain-repository.ts). Attaching and
 * detaching change the store's registry record, the platform's domain map and the domain's own
 * record in one transaction, with the events.
 */
export interface CustomDomainRepository {
  list(tenant: TenantContext): Promise<CustomDomain[]>;
  get(tenant: TenantContext, domain: string): Promise<CustomDomain | undefined>;
  /** ConflictError when the store has this domain already. */
  add(tenant: TenantContext, record: CustomDomain, events: readonly DomainEvent[]): Promise<void>;
  /** The record's checks and certificate progress; ConflictError when it was removed meanwhile. */
  save(tenant: TenantContext, record: CustomDomain): Promise<void>;
  /**
   * Claims `record.domain` for the store (DomainTakenError when another store holds it) and adds
   * it to the store's record as read (`current`; ConflictError when the record changed since).
   */
  attach(tenant: TenantContext, current: TenantRecord, record: CustomDomain, at: string, events: readonly DomainEvent[]): Promise<TenantRecord>;
  /**
   * Removes the domain's record; a verified one also leaves the store's record and the domain
   * map (ConflictError when `current` changed since it was read).
   */
  remove(tenant: TenantContext, current: TenantRecord, record: CustomDomain, at: string, events: readonly DomainEvent[]): Promise<TenantRecord>;
}
