import * as v from 'valibot';
import type { DomainEvent } from '../events/event';
import type { Page, PageRequest } from '../shared/page';
import { DomainSchema, TenantIdSchema, TenantStatusSchema, TenantTierSchema } from './tenant';

export const TenantRecordSchema = v.object({
  id: TenantIdSchema,
  name: v.string(),
  domains: v.array(DomainSchema),
  tier: TenantTierSchema,
  status: TenantStatusSchema,
  createdAt: v.string(),
  updatedAt: v.string(),
});

export type TenantRecord = v.InferOutput<typeof TenantRecordSchema>;

/**
 * The platform's own records: which tenants exist and which domain belongs to which. Read by the
 * tenant resolver and the operator routes only; tenant data never lives here.
 */
export interface TenantRegistry {
  findByDomain(domain: string): Promise<TenantRecord | undefined>;
  get(id: string): Promise<TenantRecord | undefined>;
  /** Throws ConflictError when the id or any domain is taken; `events` go to the tenant's outbox atomically. */
  create(record: TenantRecord, events?: readonly DomainEvent[]): Promise<void>;
  setStatus(id: string, status: TenantRecord['status'], at: string, events?: (next: TenantRecord) => readonly DomainEvent[]): Promise<TenantRecord>;
  list(page: PageRequest): Promise<Page<TenantRecord>>;
}
