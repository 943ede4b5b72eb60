import type { DomainEvent } from '../../events/event';
import type { TenantRecord } from '../registry';
import type { AuditRecord, Offboarding } from './offboarding';

/**
 * A store's offboarding records on the platform (src/adapters/dynamodb/offboarding-repository.ts).
 * A transition changes the store's registry record (or removes it), its offboarding, one audit
 * record and the events on the platform's outbox in one transaction: none happens without the
 * others.
 */
export interface OffboardingRepository {
  get(tenantId: string): Promise<Offboarding | undefined>;
  /** ConflictError when the store's record changed since `current` was read. */
  transition(change: {
    current: TenantRecord;
    next: TenantRecord | 'removed';
    offboarding: Offboarding;
    audit: AuditRecord;
    events: readonly DomainEvent[];
  }): Promise<void>;
  /** A purge's checkpoint (or the export's copy) on the offboarding alone. */
  save(offboarding: Offboarding): Promise<void>;
  /** An audit record with its events, nothing else changing (a purge run that failed). */
  note(audit: AuditRecord, events: readonly DomainEvent[]): Promise<void>;
  auditTrail(tenantId: string): Promise<AuditRecord[]>;
}

/**
 * Erases what the table holds of a store, under the platform's role: a page of a Scan over every
 * item whose key begins `TENANT#<id>#` (a store's items span many partitions, some in no index)
 * and the platform's payment pointers to it. `next` is where the following page starts.
 */
export interface TenantItemEraser {
  erasePage(
    tenantId: string,
    start: Record<string, unknown> | undefined,
    readLimit?: number,
  ): Promise<{ erased: number; next?: Record<string, unknown> | undefined }>;
  /** Removes the domain map's entry of `domain` if it still points at the store. */
  releaseDomain(domain: string, tenantId: string): Promise<void>;
}
