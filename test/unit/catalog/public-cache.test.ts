import { describe, expect, it, vi } from 'vitest';
import { createPublicCatalogCache, forgettingOnWrite } from '../../../src/catalog/public-cache';
import type { ProductRepository } from '../../../src/catalog/repository';
import { tenantContext } from '../../../src/tenants/tenant';

const alpha = tenantContext({ id: 'alpha', name: 'Alpha', tier: 'basic', status: 'active' });
const beta = tenantContext({ id: 'beta', name: 'Beta', tier: 'basic', status: 'active' });

describe('public catalog cache', () => {
  describe('while a dependency is unavailable', () => {
    const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const marked = (last: { page: number }) => ({ ...last, stale: true as const });

    it('answers the last good value, marked by the caller, once the fresh one has expired', async () => {
      // Prepare
      let clock = 0;
      const cache = createPublicCatalogCache({ ttlMs: 1_000, now: () => clock });
      await cache.read(alpha, 'browse', async () => ({ page: 1 }), marked);
      clock = 5_000;
      // Act: two readers at once, sharing the failing load
      const [first, second] = await Promise.all([
        cache.read(alpha, 'browse', async () => Promise.reject(refused()), marked),
        cache.read(alpha, 'browse', async () => ({ page: 2 }), marked),
      ]);
      // Assess
      expect(first).toEqual({ page: 1, stale: true });
      expect(second).toEqual({ page: 1, stale: true });
      // Back up: fresh again, unmarked.
      expect(await cache.read(alpha, 'browse', async () => ({ page: 3 }), marked)).toEqual({ page: 3 });
    });

    it('passes on a failure that is not an outage, and an outage with nothing good to fall back on', async () => {
      let clock = 0;
      const cache = createPublicCatalogCache({ ttlMs: 1_000, now: () => clock });
      await cache.read(alpha, 'browse', async () => ({ page: 1 }), marked);
      clock = 5_000;
      const bug = new TypeError('x is not a function');
      await expect(cache.read(alpha, 'browse', async () => Promise.reject(bug), marked)).rejects.toBe(bug);
      await expect(cache.read(alpha, 'other', async () => Promise.reject(refused()), marked)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      await expect(cache.read(beta, 'browse', async () => Promise.reject(refused()), marked)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    });

    it('forgets the last good value on a write, and keeps none when caching is off', async () => {
      let clock = 0;
      const cache = createPublicCatalogCache({ ttlMs: 1_000, now: () => clock });
      await cache.read(alpha, 'browse', async () => ({ page: 1 }), marked);
      cache.forget(alpha);
      clock = 5_000;
      await expect(cache.read(alpha, 'browse', async () => Promise.reject(refused()), marked)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      const off = createPublicCatalogCache({ ttlMs: 0 });
      await off.read(alpha, 'browse', async () => ({ page: 1 }), marked);
      await expect(off.read(alpha, 'browse', async () => Promise.reject(refused()), marked)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    });

    it('keeps last good values within the same bounds as fresh ones', async () => {
      let clock = 0;
      const cache = createPublicCatalogCache({ ttlMs: 1_000, maxEntries: 2, now: () => clock });
      for (const key of ['a', 'b', 'c']) await cache.read(alpha, key, async () => ({ page: key.charCodeAt(0) }), marked);
      clock = 5_000;
      await expect(cache.read(alpha, 'a', async () => Promise.reject(refused()), marked)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      expect(await cache.read(alpha, 'c', async () => Promise.reject(refused()), marked)).toEqual({ page: 99, stale: true });
    });
  });

  it('answers from memory until the time to live has passed', async () => {
    let clock = 0;
    const cache = createPublicCatalogCache({ ttlMs: 1_000, now: () => clock });
    const load = vi.fn(async () => ({ page: clock }));
    expect(await cache.read(alpha, 'browse', load)).toEqual({ page: 0 });
    clock = 999;
    expect(await cache.read(alpha, 'browse', load)).toEqual({ page: 0 });
    expect(load).toHaveBeenCalledTimes(1);
    clock = 1_000;
    expect(await cache.read(alpha, 'browse', load)).toEqual({ page: 1_000 });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps each store apart: the same key in another store is another load', async () => {
    const cache = createPublicCatalogCache({ ttlMs: 60_000 });
    expect(await cache.read(alpha, 'product:1', async () => 'alpha’s')).toBe('alpha’s');
    expect(await cache.read(beta, 'product:1', async () => 'beta’s')).toBe('beta’s');
    expect(await cache.read(alpha, 'product:1', async () => 'reloaded')).toBe('alpha’s');
  });

  it('shares one load between concurrent misses', async () => {
    const cache = createPublicCatalogCache({ ttlMs: 60_000 });
    let release!: (value: string) => void;
    const load = vi.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const readers = Array.from({ length: 20 }, () => cache.read(alpha, 'browse', load));
    release('page');
    expect(await Promise.all(readers)).toEqual(Array(20).fill('page'));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does not keep a failed load', async () => {
    const cache = createPublicCatalogCache({ ttlMs: 60_000 });
    await expect(cache.read(alpha, 'browse', async () => Promise.reject(new Error('throttled')))).rejects.toThrow('throttled');
    expect(await cache.read(alpha, 'browse', async () => 'page')).toBe('page');
  });

  it('forgets one store at once, and a load started before the write does not come back', async () => {
    const cache = createPublicCatalogCache({ ttlMs: 60_000 });
    await cache.read(alpha, 'a', async () => 'old');
    await cache.read(beta, 'a', async () => 'beta');
    let release!: (value: string) => void;
    const inFlight = cache.read(alpha, 'b', () => new Promise<string>((resolve) => (release = resolve)));
    cache.forget(alpha);
    release('read before the write');
    expect(await inFlight).toBe('read before the write');
    expect(await cache.read(alpha, 'a', async () => 'new')).toBe('new');
    expect(await cache.read(alpha, 'b', async () => 'after the write')).toBe('after the write');
    expect(await cache.read(beta, 'a', async () => 'reloaded')).toBe('beta');
  });

  it('holds at most maxPerStore entries for a store, dropping its oldest', async () => {
    const cache = createPublicCatalogCache({ ttlMs: 60_000, maxPerStore: 2 });
    for (const key of ['1', '2', '3']) await cache.read(alpha, key, async () => key);
    expect(await cache.read(alpha, '1', async () => 'reloaded')).toBe('reloaded');
    expect(await cache.read(alpha, '3', async () => 'reloaded')).toBe('3');
  });

  it('holds at most maxEntries in all: expired entries go first, then the oldest store’s oldest', async () => {
    let clock = 0;
    const cache = createPublicCatalogCache({ ttlMs: 1_000, maxEntries: 3, now: () => clock });
    await cache.read(alpha, 'a1', async () => 'a1');
    clock = 600;
    await cache.read(beta, 'b1', async () => 'b1');
    await cache.read(beta, 'b2', async () => 'b2');
    clock = 1_100; // a1 has expired: making room sweeps it, the fresh ones stay
    await cache.read(beta, 'b3', async () => 'b3');
    expect(await cache.read(beta, 'b1', async () => 'reloaded')).toBe('b1');
    expect(await cache.read(beta, 'b2', async () => 'reloaded')).toBe('b2');
    // Full of fresh entries: the oldest store's oldest entry gives way.
    await cache.read(alpha, 'a2', async () => 'a2');
    expect(await cache.read(beta, 'b1', async () => 'reloaded')).toBe('reloaded');
  });

  it('counts what a write dropped, so the room comes back', async () => {
    const cache = createPublicCatalogCache({ ttlMs: 60_000, maxEntries: 2 });
    await cache.read(alpha, 'a1', async () => 'a1');
    await cache.read(alpha, 'a2', async () => 'a2');
    cache.forget(alpha);
    await cache.read(beta, 'b1', async () => 'b1');
    await cache.read(beta, 'b2', async () => 'b2');
    expect(await cache.read(beta, 'b1', async () => 'reloaded')).toBe('b1');
    expect(await cache.read(beta, 'b2', async () => 'reloaded')).toBe('b2');
  });

  it('with a time to live of 0, always loads', async () => {
    const cache = createPublicCatalogCache({ ttlMs: 0 });
    const load = vi.fn(async () => 'page');
    await cache.read(alpha, 'browse', load);
    await cache.read(alpha, 'browse', load);
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe('forgettingOnWrite', () => {
  const repository = (write: () => Promise<void>) =>
    ({
      get: vi.fn(),
      list: vi.fn(),
      browse: vi.fn(),
      history: vi.fn(),
      create: vi.fn(write),
      update: vi.fn(write),
      delete: vi.fn(write),
      recordStockChange: vi.fn(write),
      rankByRating: vi.fn(),
    }) satisfies ProductRepository;

  it.each(['create', 'update', 'delete', 'recordStockChange'] as const)('%s drops the store’s entries, after success and after failure', async (method) => {
    for (const outcome of [() => Promise.resolve(), () => Promise.reject(new Error('timed out'))]) {
      const cache = createPublicCatalogCache({ ttlMs: 60_000 });
      await cache.read(alpha, 'browse', async () => 'before');
      await cache.read(beta, 'browse', async () => 'beta');
      const products = forgettingOnWrite(repository(outcome), cache);
      const write = (products[method] as (...args: unknown[]) => Promise<void>)(alpha, {}, {}, {}, []);
      await write.catch(() => undefined);
      expect(await cache.read(alpha, 'browse', async () => 'after')).toBe('after');
      expect(await cache.read(beta, 'browse', async () => 'reloaded')).toBe('beta');
    }
  });
});
