import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLANS, type PlanLimits } from '../../../src/plans/plans';
import { createRequestLimiter, leaseBatch, REQUEST_WINDOW_SECONDS } from '../../../src/plans/request-limit';
import type { RateLimiter } from '../../../src/shared/rate-limit';
import { memoryRateLimiter } from '../../../src/shared/rate-limit/memory';
import { tenantContext } from '../../../src/tenants/tenant';

const store = tenantContext({ id: 'alpha', name: 'Alpha', tier: 'basic', status: 'active' });
const other = tenantContext({ id: 'beta', name: 'Beta', tier: 'basic', status: 'active' });

/** A shared counter (the table) counting its lease calls, and instances on it sharing one clock. */
function setUp(limits: Pick<PlanLimits, 'requestsPerSecond' | 'burst'>, instances: number) {
  let clock = 0;
  const shared = memoryRateLimiter();
  const calls = { lease: 0 };
  const counted: RateLimiter = {
    ...shared,
    lease: (...args) => {
      calls.lease++;
      return shared.lease(...args);
    },
  };
  const full = { ...PLANS.basic.limits, ...limits };
  const limiters = Array.from({ length: instances }, () => createRequestLimiter({ limiter: counted, limits: () => full, now: () => clock }));
  return { limiters, calls, at: (ms: number) => (clock = ms) };
}

describe('request limit per store: leased token buckets', () => {
  it('never admits more than the burst in a second, nor the rate × window in a window, across any number of instances', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ requestsPerSecond: fc.integer({ min: 1, max: 60 }), extra: fc.integer({ min: 0, max: 60 }) }),
        fc.integer({ min: 1, max: 6 }),
        // Requests: which instance, and when (ms): crowded into three seconds, or spread over three windows.
        fc
          .constantFrom(3_000, 3 * REQUEST_WINDOW_SECONDS * 1000)
          .chain((span) => fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: span - 1 })), { minLength: 1, maxLength: 400 })),
        async ({ requestsPerSecond, extra }, instances, arrivals) => {
          const limits = { requestsPerSecond, burst: requestsPerSecond + extra };
          const { limiters, at } = setUp(limits, instances);
          const perSecond = new Map<number, number>();
          const perWindow = new Map<number, number>();
          for (const [which, ms] of [...arrivals].sort((a, b) => a[1] - b[1])) {
            at(ms);
            const admission = await limiters[which % instances]!.admit(store);
            if (!admission.allowed) {
              expect(admission.retryAfterSeconds).toBeGreaterThanOrEqual(1);
              continue;
            }
            const second = Math.floor(ms / 1000);
            perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
            const window = Math.floor(second / REQUEST_WINDOW_SECONDS);
            perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
          }
          for (const n of perSecond.values()) expect(n).toBeLessThanOrEqual(limits.burst);
          for (const n of perWindow.values()) expect(n).toBeLessThanOrEqual(requestsPerSecond * REQUEST_WINDOW_SECONDS);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a store within its rate is always admitted, by one instance (nothing lost to batching)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 30 }), async (requestsPerSecond, seconds) => {
        const { limiters, at } = setUp({ requestsPerSecond, burst: requestsPerSecond }, 1);
        for (let s = 0; s < seconds; s++) {
          for (let i = 0; i < requestsPerSecond; i++) {
            at(s * 1000 + Math.floor((i * 1000) / requestsPerSecond));
            expect((await limiters[0]!.admit(store)).allowed).toBe(true);
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('spends leased tokens from memory (one lease per batch) and refuses locally once refused, until the second ends', async () => {
    const limits = { requestsPerSecond: 40, burst: 40 };
    const { limiters, calls, at } = setUp(limits, 1);
    const limiter = limiters[0]!;
    at(5_000);
    for (let i = 0; i < 40; i++) expect((await limiter.admit(store)).allowed).toBe(true);
    expect(calls.lease).toBe(40 / leaseBatch(limits));
    const refused = await limiter.admit(store);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
    const leasesWhenRefused = calls.lease;
    for (let i = 0; i < 100; i++) expect((await limiter.admit(store)).allowed).toBe(false);
    expect(calls.lease).toBe(leasesWhenRefused);
    // Another store is another counter.
    expect((await limiter.admit(other)).allowed).toBe(true);
    at(6_000);
    expect((await limiter.admit(store)).allowed).toBe(true);
  });

  it('a window spent is refused until the window ends, Retry-After saying so', async () => {
    const { limiters, at } = setUp({ requestsPerSecond: 1, burst: 10 }, 1);
    at(0);
    for (let i = 0; i < 10; i++) expect((await limiters[0]!.admit(store)).allowed).toBe(true);
    at(1_000);
    expect(await limiters[0]!.admit(store)).toEqual({ allowed: false, retryAfterSeconds: REQUEST_WINDOW_SECONDS - 1 });
    at(REQUEST_WINDOW_SECONDS * 1000);
    expect((await limiters[0]!.admit(store)).allowed).toBe(true);
  });

  it('lets requests through when the shared counter cannot be reached (their own work answers the outage)', async () => {
    const failures: unknown[] = [];
    const broken = { ...memoryRateLimiter(), lease: async () => Promise.reject(new Error('down')) } satisfies RateLimiter;
    const limiter = createRequestLimiter({ limiter: broken, limits: () => PLANS.basic.limits, onError: (e) => failures.push(e) });
    expect((await limiter.admit(store)).allowed).toBe(true);
    expect(failures).toHaveLength(1);
  });
});
