import type { Page, PageRequest } from '../shared/page';
import type { TenantContext } from '../tenants/tenant';
import type { PriceChange } from './schedule';

/** Pending scheduled price changes of a store (docs/pricing.md); applied or cancelled ones are gone. */
export interface PriceChangeRepository {
  /** A new change; false when one with this id exists already (a revert written by an earlier, interrupted run). */
  put(tenant: TenantContext, change: PriceChange): Promise<boolean>;
  get(tenant: TenantContext, id: string): Promise<PriceChange | undefined>;
  /** Pending changes, soonest due first. */
  list(tenant: TenantContext, page: PageRequest): Promise<Page<PriceChange>>;
  /** Up to `limit` changes due at or before `now`, soonest first. */
  due(tenant: TenantContext, now: Date, limit: number): Promise<PriceChange[]>;
  /** Removes a pending change; false when there was none (applied or cancelled already). */
  remove(tenant: TenantContext, id: string): Promise<boolean>;
}
