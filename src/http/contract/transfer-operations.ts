import type * as v from 'valibot';
import { JobViewSchema } from '../../jobs/job';
import { ExportStartSchema, ImportStartSchema, ImportUploadSchema, ImportUploadTicketSchema } from '../../catalog/transfer/service';
import { IdParamSchema } from '../request';
import type { HeaderSpec, Operation, ResponseSpec } from './operations';

/** Catalog import and export, and their jobs' part of the contract (docs/import-export.md, docs/jobs.md). */

const json = (description: string, schema: v.GenericSchema, headers?: Record<string, string>): ResponseSpec => ({
  description,
  json: schema,
  ...(headers ? { headers } : {}),
});

const ADMIN = ['admin'] as const;
const started = json('The job, queued; follow it at `location`.', JobViewSchema, { location: "The job's URL." });

export function transferOperations(businessPostHeaders: readonly HeaderSpec[]): Operation[] {
  const transfer = { host: 'store', tag: 'Import and export (staff)', access: ADMIN } as const;
  return [
    {
      ...transfer,
      method: 'post',
      path: '/admin/imports/uploads',
      summary: 'A presigned PUT for a Shopify product CSV to import (its exact size)',
      headers: businessPostHeaders,
      body: ImportUploadSchema,
      responses: { 201: json('PUT the file to `url` with `headers`, then start the import with `uploadId`.', ImportUploadTicketSchema) },
    },
    {
      ...transfer,
      method: 'post',
      path: '/admin/imports',
      summary: 'Start importing an uploaded CSV (an asynchronous job)',
      headers: businessPostHeaders,
      body: ImportStartSchema,
      responses: { 202: started },
      problems: [409],
    },
    {
      ...transfer,
      method: 'post',
      path: '/admin/exports',
      summary: 'Start exporting the catalog as a Shopify product CSV (an asynchronous job)',
      headers: businessPostHeaders,
      body: ExportStartSchema,
      responses: { 202: started },
    },
    {
      ...transfer,
      method: 'get',
      path: '/admin/jobs/:jobId',
      summary: "A job's state, progress and errors (line by line); a finished export's short-lived download link",
      pathParams: { jobId: IdParamSchema },
      responses: { 200: json('The job.', JobViewSchema) },
    },
  ];
}
