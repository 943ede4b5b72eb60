import type { Logger } from 'pino';
import { allTenants } from '../tenants/all-tenants';
import type { TenantRegistry } from '../tenants/registry';
import type { TenantContext } from '../tenants/tenant';

/**
 * The scheduled price job: for every store, the price changes now due are applied
 * (`PriceScheduleService.applyDue`). It runs beside the reservation sweeper, on the same
 * one-minute schedule (locally its interval, on AWS its EventBridge rule), so a sale starts and
 * ends within a minute of its time. One store failing does not stop the others.
 */
export async function applyDuePriceChanges(deps: {
  registry: Pick<TenantRegistry, 'list'>;
  applyDue: (tenant: TenantContext) => Promise<number>;
  logger: Pick<Logger, 'warn'>;
}): Promise<{ stores: number; applied: number; failed: number }> {
  let stores = 0;
  let applied = 0;
  let failed = 0;
  for await (const tenant of allTenants(deps.registry as TenantRegistry)) {
    stores++;
    try {
      applied += await deps.applyDue(tenant);
    } catch (err) {
      failed++;
      deps.logger.warn({ err, tenantId: tenant.id }, 'price changes of a store failed; the next run tries again');
    }
  }
  return { stores, applied, failed };
}
