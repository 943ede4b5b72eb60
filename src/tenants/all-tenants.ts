import type { TenantRegistry } from './registry';
import { tenantContext, type TenantContext } from './tenant';

/** Every tenant, page by page: for platform jobs (start-up reindexing, migrations). */
export async function* allTenants(registry: TenantRegistry, pageSize = 100): AsyncGenerator<TenantContext> {
  let cursor: string | undefined;
  do {
    const page = await registry.list({ limit: pageSize, cursor });
    for (const record of page.items) yield tenantContext(record);
    cursor = page.nextCursor;
  } while (cursor);
}
