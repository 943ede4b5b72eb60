import type { TenantContext } from '../tenants/tenant';
import type { CountedResource } from './plans';

export type StoreTotals = Record<CountedResource, number>;

/**
 * What a store holds against its plan. Products and staff are counted inside their own
 * transactions (the repositories do it); image bytes are known only once uploaded, so the
 * catalog reserves them here before listing an image and releases them when it goes.
 */
export interface PlanCounters {
  totals(tenant: TenantContext): Promise<StoreTotals>;
  /** PlanLimitError when `by` more would pass the plan's limit; nothing is counted then. */
  reserve(tenant: TenantContext, resource: CountedResource, by: number): Promise<void>;
  release(tenant: TenantContext, resource: CountedResource, by: number): Promise<void>;
}
