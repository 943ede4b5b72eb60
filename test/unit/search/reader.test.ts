import { describe, expect, it } from 'vitest';
import { indexOf, searchIndex, serialiseIndex } from '../../../src/search/engine';
import { memorySearchIndexStore } from '../../../src/search/index-store';
import { createIndexReader } from '../../../src/search/reader';
import { tenantContext } from '../../../src/tenants/tenant';
import { sampleDoc } from '../../support/search-catalog';

const alpha = tenantContext({ id: 'alpha', name: 'Alpha', tier: 'basic', status: 'active' });
const beta = tenantContext({ id: 'beta', name: 'Beta', tier: 'basic', status: 'active' });
const names = async (reader: ReturnType<typeof createIndexReader>, tenant = alpha) =>
  searchIndex(await reader.index(tenant), { q: '', filters: { options: [] }, page: 1, pageSize: 24, audience: 'public' }).items.map((i) => i.name);

describe('index reader', () => {
  it('costs one GetObject cold, none warm, and a conditional one after the freshness window', async () => {
    const store = memorySearchIndexStore();
    await store.write(alpha, serialiseIndex(await indexOf([sampleDoc(1, { name: 'First' })])));
    let now = 0;
    const reader = createIndexReader({ store, freshnessMs: 5_000, now: () => now });
    expect(await names(reader)).toEqual(['First']);
    expect(store.calls.get).toBe(1);
    now = 4_999;
    await Promise.all([names(reader), names(reader)]);
    expect(store.calls.get).toBe(1);
    now = 5_000;
    expect(await names(reader)).toEqual(['First']);
    expect(store.calls).toMatchObject({ get: 2, notModified: 1 });
    // The writer saves a new version: the next check after the window loads it.
    await store.write(alpha, serialiseIndex(await indexOf([sampleDoc(2, { name: 'Second' })])));
    now = 10_000;
    expect(await names(reader)).toEqual(['Second']);
  });

  it('answers a store without an index with nothing, and never another store’s index', async () => {
    const store = memorySearchIndexStore();
    await store.write(alpha, serialiseIndex(await indexOf([sampleDoc(1, { name: 'Alpha Only' })])));
    const reader = createIndexReader({ store });
    expect(await names(reader, alpha)).toEqual(['Alpha Only']);
    expect(await names(reader, beta)).toEqual([]);
  });

  it('keeps answering from memory while S3 is unavailable', async () => {
    const store = memorySearchIndexStore();
    await store.write(alpha, serialiseIndex(await indexOf([sampleDoc(1, { name: 'Kept' })])));
    let now = 0;
    let down = false;
    const reader = createIndexReader({
      store: {
        ...store,
        read: (tenant, etag) => (down ? Promise.reject(Object.assign(new Error('slow down'), { name: 'SlowDown' })) : store.read(tenant, etag)),
      },
      now: () => now,
    });
    expect(await names(reader)).toEqual(['Kept']);
    down = true;
    now = 60_000;
    expect(await names(reader)).toEqual(['Kept']);
  });
});
