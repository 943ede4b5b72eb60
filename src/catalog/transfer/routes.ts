import { Hono, type MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import type { TenantEnv } from '../../http/env';
import { idempotentWrite, jsonAnswer, reply } from '../../http/idempotency';
import { allow } from '../../http/middleware/access';
import { IdParamSchema, jsonBody } from '../../http/request';
import { actorOf } from '../../identity/actor';
import { NotFoundError } from '../../shared/errors';
import { jobView, type Job } from '../../jobs/job';
import { ExportStartSchema, ImportStartSchema, ImportUploadSchema, type TransferService } from './service';

/**
 * Catalog import and export (admins): upload a CSV, start its import, start an export, follow a
 * job. Starting answers 202 at once with the job; `GET /admin/jobs/:jobId` shows its progress.
 */
export function transferRoutes(transfer: TransferService, idempotent: MiddlewareHandler<TenantEnv>) {
  const answer = (job: Job) => jsonAnswer(202, jobView(job), { location: `/admin/jobs/${job.id}` });
  return new Hono<TenantEnv>()
    .post('/admin/imports/uploads', allow('admin'), idempotent, async (c) => {
      const { size } = await jsonBody(c, ImportUploadSchema);
      return c.json(await transfer.requestImportUpload(c.get('tenant'), size), 201);
    })
    .post('/admin/imports', allow('admin'), idempotent, async (c) => {
      const { uploadId } = await jsonBody(c, ImportStartSchema);
      return reply(c, answer(await transfer.startImport(c.get('tenant'), actorOf(c), uploadId, idempotentWrite(c, answer))));
    })
    .post('/admin/exports', allow('admin'), idempotent, async (c) => {
      await jsonBody(c, ExportStartSchema);
      return reply(c, answer(await transfer.startExport(c.get('tenant'), actorOf(c), idempotentWrite(c, answer))));
    })
    .get('/admin/jobs/:jobId', allow('admin'), async (c) => {
      const id = c.req.param('jobId');
      if (!v.is(IdParamSchema, id)) throw new NotFoundError('No such job.');
      return c.json(await transfer.view(c.get('tenant'), id));
    });
}
