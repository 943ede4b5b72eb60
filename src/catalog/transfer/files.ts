import type { TenantContext } from '../../tenants/tenant';

/**
 * Where import and export files live and their limits: what the API's routes need of the jobs,
 * apart from the jobs themselves, so the API does not load the CSV parser to start one.
 */

/** The largest file an import reads (10,000 rows of a typical export are about 3 MB). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** Where a store's uploaded import file lives: the job's own key, private. */
export const importKey = (tenant: TenantContext, jobId: string) => `tenants/${tenant.id}/imports/${jobId}.csv`;

/** Where an export's file is written: the job's own key, private, handed out presigned. */
export const exportKey = (tenant: TenantContext, jobId: string) => `tenants/${tenant.id}/exports/${jobId}.csv`;
/** How long an export's download link lives. */
export const EXPORT_LINK_SECONDS = 300;
