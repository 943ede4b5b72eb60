import * as v from 'valibot';
import type { DomainEvent } from '../events/event';
import type { Page, PageRequest } from '../shared/page';
import { StoreSettingsSchema, type StoreSettings } from '../settings/store-settings';
import { DomainSchema, TenantIdSchema, TenantStatusSchema, TenantTierSchema } from './tenant';

export const TenantRecordSchema = v.object({
  id: TenantIdSchema,
  name: v.string(),
  domains: v.array(DomainSchema),
  tier: TenantTierSchema,
  status: TenantStatusSchema,
  /** Absent on stores written before settings existed: they read as the defaults until saved or migrated. */
  settings: v.optional(StoreSettingsSchema),
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
  /**
   * Stores by slug; with `search` (lower case), only those whose slug, a word of whose name, or one
   * of whose domains begins with it. A searched page may hold fewer than `limit` stores while
   * `nextCursor` says more may follow.
   */
  list(page: PageRequest, search?: string): Promise<Page<TenantRecord>>;
  /** The store's plan (its tier), on its record and every domain copy, with `events` in the same write. */
  setTier(id: string, tier: TenantRecord['tier'], at: string, events?: (next: TenantRecord) => readonly DomainEvent[]): Promise<TenantRecord>;
  /**
   * Replaces the store's settings if they are still at `readVersion` (ConflictError otherwise), on
   * the store's record and every copy of it the resolver reads, with `events` in the same write.
   */
  updateSettings(id: string, readVersion: number, next: StoreSettings, at: string, events?: readonly DomainEvent[]): Promise<TenantRecord>;
}
