import { describe, expect, it } from 'vitest';
import { planImport } from '../../../src/catalog/transfer/shopify-import';
import { createLocalJobRunner } from '../../../src/jobs/consumer';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform } from '../../support/platform';

const HEADER =
  'Handle,Title,Body (HTML),Product Category,Tags,Published,Option1 Name,Option1 Value,Variant SKU,Variant Grams,Variant Inventory Qty,Variant Price,Status';
const SIZES = ['S', 'M', 'L', 'XL'];

/** 10,000 lines: 2,500 products of 4 variants each, in 10 categories of two levels. */
function tenThousandRows(): string {
  const lines = [HEADER];
  for (let p = 0; p < 2500; p++)
    SIZES.forEach((size, i) => {
      const first = i === 0;
      lines.push(
        [
          `product-${p}`,
          first ? `Product ${p}` : '',
          first ? `"<p>Description of product ${p}, long enough to look like one a store would write.</p>"` : '',
          first ? `Department ${p % 5} > Shelf ${p % 10}` : '',
          first ? '"bulk, test"' : '',
          first ? 'TRUE' : '',
          first ? 'Size' : '',
          size,
          `P${p}-${size}`,
          '250',
          '10',
          `${10 + (p % 90)}.99`,
          first ? 'active' : '',
        ].join(','),
      );
    });
  return `${lines.join('\n')}\n`;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

describe('10,000 rows (docs/import-export.md, "How big a file")', () => {
  it('reads and checks 10,000 rows in seconds and a few tens of MB', () => {
    const csv = tenThousandRows();
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const plan = planImport(csv, 'EUR');
    const ms = performance.now() - started;
    expect(plan.rows).toBe(10_000);
    expect(plan.products).toHaveLength(2500);
    expect(plan.errors).toEqual([]);
    console.info(`plan of 10,000 rows (${mb(csv.length)} MB file): ${Math.round(ms)} ms, heap +${mb(process.memoryUsage().heapUsed - before)} MB`);
    expect(ms).toBeLessThan(10_000);
  });

  // The whole import on DynamoDB Local: minutes on a busy machine, so only when asked (BENCH_IMPORT=1).
  it.runIf(process.env.BENCH_IMPORT === '1')(
    'imports 10,000 rows end to end in one run',
    async () => {
      const p = await testPlatform();
      const runner = createLocalJobRunner(p.bus, p.jobConsumer);
      const api = client(p.app, 'gamma.test', tokenFor('admin', 'gamma'));
      const body = Buffer.from(tenThousandRows());
      const ticket = await api('POST', '/admin/imports/uploads', { size: body.length });
      expect((await fetch(ticket.body.url, { method: 'PUT', headers: ticket.body.headers, body })).ok).toBe(true);
      const rss = process.memoryUsage().rss;
      let peak = rss;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 250);
      const started = performance.now();
      const job = await api('POST', '/admin/imports', { uploadId: ticket.body.uploadId });
      await p.streams.drain();
      await runner.idle();
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      const done = (await api('GET', `/admin/jobs/${job.body.id}`)).body;
      expect(done).toMatchObject({ state: 'succeeded', result: { created: 2500, skipped: 0 } });
      console.info(`import of 10,000 rows: ${seconds.toFixed(1)} s, rss ${mb(rss)} → peak ${mb(peak)} MB`);
    },
    1_800_000,
  );
});
