import * as v from 'valibot';
import { ValidationError } from '../../shared/errors';
import type { IdempotentWrite } from '../../shared/idempotency';
import type { TenantContext } from '../../tenants/tenant';
import { jobView, type Job, type JobView } from '../../jobs/job';
import type { JobService } from '../../jobs/service';
import { PresignedPutSchema, type MediaStore } from '../media';
import { EXPORT_LINK_SECONDS, exportKey, importKey, MAX_IMPORT_BYTES } from './files';
import { CSV_CONTENT_TYPE } from './shopify-columns';

/** Body of POST /admin/imports/uploads: the file's exact size (its upload is signed for it). */
export const ImportUploadSchema = v.strictObject({
  size: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_IMPORT_BYTES, `must be at most ${MAX_IMPORT_BYTES} bytes`)),
});
/** Answer: PUT the file to `url` with `headers`; then start the import with `uploadId`. */
export const ImportUploadTicketSchema = v.strictObject({ uploadId: v.string(), ...PresignedPutSchema.entries });
/** Body of POST /admin/exports: `{}` for now (room for options such as a status filter); anything else is refused. */
export const ExportStartSchema = v.strictObject({});
/** Body of POST /admin/imports: the upload to import. */
export const ImportStartSchema = v.strictObject({ uploadId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be the uploadId of an upload')) });

/**
 * Import and export of the catalog as Shopify product CSV (docs/import-export.md), over the job
 * port: the request records the job, a runner does the work.
 */
export function createTransferService(deps: { jobs: JobService; media: MediaStore; newId?: () => string }) {
  const newId = deps.newId ?? (() => crypto.randomUUID());
  return {
    /** A presigned PUT to the import's own private key; its id becomes the job's. */
    async requestImportUpload(tenant: TenantContext, size: number) {
      const uploadId = newId();
      return { uploadId, ...(await deps.media.presignPut(tenant, importKey(tenant, uploadId), { contentType: CSV_CONTENT_TYPE, size })) };
    },

    async startImport(tenant: TenantContext, actor: string, uploadId: string, idempotent?: IdempotentWrite<Job>): Promise<Job> {
      if (!(await deps.media.head(tenant, importKey(tenant, uploadId))))
        throw new ValidationError('Nothing was uploaded for this import yet.', [{ path: 'uploadId', message: 'upload the file to the ticket’s url first' }]);
      return deps.jobs.start(tenant, actor, 'catalog-import', { key: importKey(tenant, uploadId) }, { id: uploadId, idempotent });
    },

    startExport: (tenant: TenantContext, actor: string, idempotent?: IdempotentWrite<Job>) =>
      deps.jobs.start(tenant, actor, 'catalog-export', {}, { idempotent }),

    /** A job as staff see it; a finished export carries a fresh short-lived link to its file. */
    async view(tenant: TenantContext, id: string): Promise<JobView> {
      const job = await deps.jobs.get(tenant, id);
      const view = jobView(job);
      if (job.type === 'catalog-export' && job.state === 'succeeded')
        return { ...view, download: await deps.media.presignPrivate(tenant, exportKey(tenant, job.id), EXPORT_LINK_SECONDS) };
      return view;
    },
  };
}

export type TransferService = ReturnType<typeof createTransferService>;
