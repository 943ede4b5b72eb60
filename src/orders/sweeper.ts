import type { Logger } from 'pino';
import type { TenantRegistry } from '../tenants/registry';
import { allTenants } from '../tenants/all-tenants';
import type { TenantContext } from '../tenants/tenant';

/** How often the sweeper runs: locally on an interval, on AWS from an EventBridge schedule (docs/architecture.md). */
export const SWEEP_INTERVAL_MS = 60_000;

/** The message of the summary logged after each run on AWS: the alarm on stores it failed reads its `failed` (stacks/monitoring.ts). */
export const SWEEP_LOG_MESSAGE = 'reservations swept';

/**
 * The reservation sweeper: for every store, the unpaid orders whose reservation ended give their
 * stock back (`OrderService.expireReservations`, each with a ReservationExpired event). Table TTL
 * could take days on AWS, and reads already show such orders as expired; this gives the units
 * back to sale within a minute. One store failing does not stop the others.
 */
export async function sweepReservations(deps: {
  registry: Pick<TenantRegistry, 'list'>;
  expire: (tenant: TenantContext) => Promise<number>;
  logger: Pick<Logger, 'warn'>;
}): Promise<{ stores: number; expired: number; failed: number }> {
  let stores = 0;
  let expired = 0;
  let failed = 0;
  for await (const tenant of allTenants(deps.registry as TenantRegistry)) {
    stores++;
    try {
      expired += await deps.expire(tenant);
    } catch (err) {
      failed++;
      deps.logger.warn({ err, tenantId: tenant.id }, 'reservation sweep of a store failed; the next run tries again');
    }
  }
  return { stores, expired, failed };
}

/** Locally: the sweep every `intervalMs`, one at a time; `stop` ends it. */
export function startSweeper(sweep: () => Promise<unknown>, intervalMs = SWEEP_INTERVAL_MS) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweep().finally(() => {
      running = false;
    });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
