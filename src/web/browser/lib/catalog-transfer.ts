/**
 * The console's "Import and export" section: a CSV goes straight to storage by a presigned PUT,
 * the import starts as a job, and the job is read every second until it ends; an export the same,
 * ending with a short-lived download link. Only the latest job is shown: answers about an earlier
 * one are dropped, and the forms are disabled while a job runs.
 */
import type { createApi } from './api';
import { $, el, field, fill, fillRows } from './dom';

type Api = ReturnType<typeof createApi>;
type JobError = { line: number | null; subject: string | null; message: string };
type Job = {
  id: string;
  type: 'catalog-import' | 'catalog-export';
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: { done: number; total: number | null };
  errors: JobError[];
  errorCount: number;
  result: Record<string, unknown> | null;
  download?: { url: string; expiresAt: string };
};
type UploadTicket = { uploadId: string; url: string; headers: Record<string, string> };

const POLL_MS = 1000;

function summary(job: Job): string {
  const r = (job.result ?? {}) as Record<string, number | string[]>;
  if (job.state === 'queued') return 'Waiting to start…';
  if (job.state === 'running')
    return job.progress.total === null ? `Working… ${job.progress.done} products so far.` : `Working… ${job.progress.done} of ${job.progress.total} products.`;
  if (job.state === 'failed') return `The ${job.type === 'catalog-import' ? 'import' : 'export'} failed: ${job.errors.at(-1)?.message ?? 'unknown error'}`;
  if (job.type === 'catalog-export') return `Exported ${r.products ?? 0} products.`;
  const ignored = (r.ignoredColumns as string[] | undefined) ?? [];
  const notStored = (r.notStored as string[] | undefined) ?? [];
  return [
    `Imported: ${r.created ?? 0} created, ${r.updated ?? 0} updated, ${r.unchanged ?? 0} unchanged, ${r.skipped ?? 0} left out.`,
    ignored.length ? `Columns ignored: ${ignored.join(', ')}.` : '',
    notStored.length ? `Not kept by this store: ${notStored.join(', ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export function wireCatalogTransfer(api: Api) {
  const status = (text: string) => fill($('#transfer-status'), text);
  const progress = $<HTMLProgressElement>('#transfer-progress');
  const download = $('#transfer-download');
  const errors = $<HTMLTableElement>('#transfer-errors');
  const forms = [$<HTMLFormElement>('#import-form'), $<HTMLFormElement>('#export-form')];
  let current = '';

  const busy = (on: boolean) => {
    for (const form of forms) for (const control of form.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button')) control.disabled = on;
  };

  const show = (job: Job) => {
    status(summary(job));
    progress.hidden = job.state === 'succeeded' || job.state === 'failed';
    if (job.progress.total) {
      progress.max = job.progress.total;
      progress.value = job.progress.done;
    } else progress.removeAttribute('value');
    download.hidden = !job.download;
    if (job.download) download.querySelector('a')!.href = job.download.url;
    errors.hidden = job.errors.length === 0;
    fillRows(
      errors,
      job.errors.map((e) =>
        el(
          'tr',
          {},
          el('td', { 'data-label': 'Line' }, e.line === null ? '' : String(e.line)),
          el('td', { 'data-label': 'Handle' }, e.subject ?? ''),
          el('td', { 'data-label': 'Reason' }, e.message),
        ),
      ),
    );
    if (job.errorCount > job.errors.length) status(`${summary(job)} The first ${job.errors.length} of ${job.errorCount} errors are listed.`);
  };

  const follow = async (job: Job) => {
    current = job.id;
    show(job);
    while (job.state === 'queued' || job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const next = await api<Job>('GET', `/admin/jobs/${job.id}`);
      // Another job started meanwhile: this answer is no longer the one on screen.
      if (current !== job.id) return;
      job = next;
      show(job);
    }
  };

  const run = (start: () => Promise<Job>) => {
    busy(true);
    download.hidden = true;
    errors.hidden = true;
    start()
      .then(follow)
      .catch((error: unknown) => status(error instanceof Error ? error.message : String(error)))
      .finally(() => busy(false));
  };

  forms[0]!.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = field<HTMLInputElement>(forms[0]!, 'file').files?.[0];
    if (!file) return status('Choose a CSV file first.');
    status('Uploading…');
    run(async () => {
      const ticket = await api<UploadTicket>('POST', '/admin/imports/uploads', { size: file.size });
      const uploaded = await fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: file });
      if (!uploaded.ok) throw new Error(`Upload failed (${uploaded.status}).`);
      return api<Job>('POST', '/admin/imports', { uploadId: ticket.uploadId });
    });
  });
  forms[1]!.addEventListener('submit', (event) => {
    event.preventDefault();
    status('Starting the export…');
    run(() => api<Job>('POST', '/admin/exports', {}));
  });
}
