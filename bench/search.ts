/**
 * Search at 1k, 10k and 100k products in ONE store (issue 16, item 2): the index's stored size,
 * the time to load it (a cold API instance), the memory it takes, search latency, and what one
 * product write costs the index writer. The indexes are generated in-process from sample products
 * (test/support/search-catalog.ts), so no table has to hold 100,000 products first.
 *
 * Part of `npm run bench`; alone: `npx tsx --expose-gc bench/search.ts`.
 */
import os from 'node:os';
import { createSearchIndexer } from '../src/search/indexer';
import { deserialiseIndex, indexOf, searchIndex, serialiseIndex, type SearchRequest } from '../src/search/engine';
import { memorySearchIndexStore } from '../src/search/index-store';
import { createIndexReader, SEARCH_FRESHNESS_MS } from '../src/search/reader';
import { tenantContext } from '../src/tenants/tenant';
import type { DomainEvent } from '../src/events/event';
import { SAMPLE_CATEGORIES, sampleDocs, sampleProduct } from '../test/support/search-catalog';

const LAMBDA_MB = 1024;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

/** What visitors type: words, prefixes, typos, a SKU, and browsing with filters and no words. */
const QUERIES: Omit<SearchRequest, 'page' | 'pageSize' | 'audience'>[] = [
  { q: 'linen', filters: { options: [] } },
  { q: 'slim wool', filters: { options: [] } },
  { q: 'jack', filters: { options: [] } },
  { q: 'vintgae denim', filters: { options: [] } },
  { q: 'SKU-4242-01', filters: { options: [] } },
  { q: 'red shirt', filters: { options: [], inStock: true } },
  { q: 'organic cotton', filters: { category: 'shirts', options: [['Colour', 'Navy']] } },
  { q: '', filters: { category: 'shoes', options: [], price: { min: 1000, max: 2500 } } },
  { q: '', filters: { options: [] } },
];

export async function searchBench(say: (line?: string) => void) {
  const tenant = tenantContext({ id: 'bench-search', name: 'Bench', tier: 'premium', status: 'active' });
  say('## Search in one store');
  say();
  say(
    `The index of one store at three sizes (sample products with 2 options and 4 variants, 8 categories, descriptions of ~150 characters), generated in-process. Budget: one ${LAMBDA_MB} MB Lambda. Memory is the heap the loaded index holds after garbage collection${(globalThis as { gc?: unknown }).gc ? '' : ' (run without --expose-gc: an estimate)'}. Search: ${QUERIES.length} query shapes (words, a prefix, a typo, a SKU, filters, browsing without words), each run 30 times, p50/p99 over all. A write: the index writer applying one product event and saving the index (a 304 check, the product read, the change, serialise + gzip, PutObject; the store in memory here, so S3's own time is not in it).`,
  );
  say();
  say('| products | stored (gzip) | JSON | build | load (cold instance) | heap held | search p50 | p99 | one write, writer | results after a write |');
  say('|---|---|---|---|---|---|---|---|---|---|');
  for (const size of [1_000, 10_000, 100_000]) {
    const docs = sampleDocs(size);
    let t = performance.now();
    const built = await indexOf(docs);
    const buildMs = performance.now() - t;
    const bytes = serialiseIndex(built);
    const jsonBytes = JSON.stringify(built.engine).length;
    const before = heap();
    t = performance.now();
    const loaded = await deserialiseIndex(bytes);
    const loadMs = performance.now() - t;
    const held = heap() - before;
    const times: number[] = [];
    for (let round = 0; round < 30; round++) {
      for (const query of QUERIES) {
        const start = performance.now();
        searchIndex(loaded, { ...query, page: 1, pageSize: 24, audience: 'public' });
        times.push(performance.now() - start);
      }
    }

    // One product write through the real writer: the stored index, a catalog that answers the new product.
    const store = memorySearchIndexStore();
    await store.write(tenant, bytes);
    const renamed = sampleProduct(7, { name: 'Bench Okapi Parka' });
    const indexer = createSearchIndexer({
      registry: { get: async () => ({ id: tenant.id, name: tenant.name, tier: tenant.tier, status: 'active' }) as never },
      store,
      catalog: {
        product: async () => ({ product: renamed, categoryIds: [SAMPLE_CATEGORIES[7 % SAMPLE_CATEGORIES.length]!.id] }),
        categories: async () => SAMPLE_CATEGORIES,
        everything: async function* () {},
      },
    });
    const reader = createIndexReader({ store, freshnessMs: 0 });
    const event = {
      source: 'catalog.products',
      detailType: 'ProductUpdated',
      detail: { eventId: 'e1', tenantId: tenant.id, occurredAt: new Date().toISOString(), actor: 'bench', productId: renamed.id },
    } as DomainEvent;
    // The writer's first batch downloads the index; later ones only check it (a 304): measure a later one.
    await indexer.handle(event);
    t = performance.now();
    await indexer.handle({ ...event, detail: { ...event.detail, eventId: 'e2' } });
    const writeMs = performance.now() - t;
    t = performance.now();
    const seen = searchIndex(await reader.index(tenant), { q: 'okapi parka', filters: { options: [] }, page: 1, pageSize: 24, audience: 'public' });
    const visibleMs = writeMs + (performance.now() - t);
    if (seen.items[0]?.productId !== renamed.id) throw new Error('the written product is not found');
    say(
      `| ${size.toLocaleString('en')} | ${mb(bytes.length)} MB | ${mb(jsonBytes)} MB | ${(buildMs / 1000).toFixed(1)} s | ${(loadMs / 1000).toFixed(2)} s | ${mb(held)} MB | ${percentile(times, 50).toFixed(1)} ms | ${percentile(times, 99).toFixed(1)} ms | ${writeMs.toFixed(0)} ms | ${(visibleMs / 1000).toFixed(2)} s + pipeline + ≤ ${SEARCH_FRESHNESS_MS / 1000} s |`,
    );
  }
  say();
  say(
    `"Results after a write": the writer's batch plus a cold reader's load, measured; on AWS add the pipeline (table stream → publisher → EventBridge → queue, about a second) and at most ${SEARCH_FRESHNESS_MS / 1000} s until a warm API instance's freshness check (src/search/reader.ts). A search costs no DynamoDB call: cold one GetObject, warm none. Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, shared.`,
  );
  say();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await searchBench((line = '') => process.stdout.write(`${line}\n`));
}
