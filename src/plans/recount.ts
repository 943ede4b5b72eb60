import type { TenantClientProvider } from '../adapters/dynamodb/client';
import { recountTotals } from '../adapters/dynamodb/plan-counters';
import { allTenants } from '../tenants/all-tenants';
import type { TenantRegistry } from '../tenants/registry';

export type RecountedStore = { store: string; products: number; staff: number };

/**
 * Sets every store's product and staff counters to what its items say, for stores written before
 * the counters existed: `npm start` on kept data, and `npm run usage:recount` on a deployed table
 * (scripts/usage-recount.ts). Run while the stores are quiet: a creation between a store's count
 * and its write is lost to the counter. Storage is not recounted (it takes a HEAD of every image).
 */
export async function recountPlanUsage(deps: {
  registry: TenantRegistry;
  clients: TenantClientProvider;
  tableName: string;
  /** Only these stores (slugs); every store when absent. */
  only?: readonly string[];
  onStore?: (recounted: RecountedStore) => void;
}): Promise<RecountedStore[]> {
  const recounted: RecountedStore[] = [];
  const wanted = deps.only && deps.only.length > 0 ? new Set(deps.only) : undefined;
  for await (const tenant of allTenants(deps.registry)) {
    if (wanted && !wanted.has(tenant.id)) continue;
    const totals = await recountTotals(await deps.clients(tenant), deps.tableName, tenant);
    const line = { store: tenant.id, ...totals };
    recounted.push(line);
    deps.onStore?.(line);
  }
  return recounted;
}
