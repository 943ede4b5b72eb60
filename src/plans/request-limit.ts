import type { LeaseRule, RateLimiter } from '../shared/rate-limit';
import { keyedMutex } from '../shared/keyed-mutex';
import type { TenantContext } from '../tenants/tenant';
import type { PlanLimits } from './plans';

/** The sustained rate is averaged over this many seconds; `burst` caps each one of them. */
export const REQUEST_WINDOW_SECONDS = 10;

/**
 * How many tokens an instance leases at once: a tenth of the store's rate, between 1 and 25.
 * Bigger batches mean fewer DynamoDB calls; what an instance leased and did not spend before its
 * second ended is lost to the store (docs/architecture.md, "Request limits per store").
 */
export const leaseBatch = (limits: Pick<PlanLimits, 'requestsPerSecond'>) => Math.max(1, Math.min(25, Math.floor(limits.requestsPerSecond / 10)));

export const requestRule = (limits: Pick<PlanLimits, 'requestsPerSecond' | 'burst'>): LeaseRule => ({
  name: 'requests',
  perSecond: limits.requestsPerSecond,
  burst: limits.burst,
  windowSeconds: REQUEST_WINDOW_SECONDS,
});

export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

type Bucket = { second: number; tokens: number; refusedUntilMs: number };

// One answer for every admitted request: nothing allocated on the path nearly every request takes.
const ALLOWED: Admission = Object.freeze({ allowed: true });

/**
 * A store's request limit across every instance. Each instance keeps a small bucket per store,
 * filled by leasing a batch of the current second's tokens from the store's shared counter
 * (`RateLimiter.lease`, one conditional UpdateItem): most requests spend a token from memory and
 * cost no DynamoDB call, and since every token served was leased under the shared caps, the sum
 * over all instances never passes them. Once refused, an instance refuses that store locally until
 * the refusing cap's second (or window) ends, so a flood costs no calls either.
 */
export function createRequestLimiter(options: {
  limiter: RateLimiter;
  limits: (tenant: TenantContext) => PlanLimits;
  now?: () => number;
  /** Called when the shared counter cannot be reached; the request is let through (see docs). */
  onError?: (error: unknown) => void;
}) {
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();
  const withLock = keyedMutex();
  const MAX_BUCKETS = 10_000;

  /** Spends a token already leased for this second, or says why not. */
  function fromMemory(id: string, at: number): Admission | undefined {
    const bucket = buckets.get(id);
    if (!bucket) return undefined;
    if (bucket.refusedUntilMs > at) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((bucket.refusedUntilMs - at) / 1000)) };
    if (bucket.second === Math.floor(at / 1000) && bucket.tokens > 0) {
      bucket.tokens--;
      return ALLOWED;
    }
    return undefined;
  }

  return {
    /**
     * The answer itself when this instance's bucket decides (nearly every request: no promise, no
     * allocation), else a promise of it, after one lease from the shared counter.
     */
    admit(tenant: TenantContext): Admission | Promise<Admission> {
      const quick = fromMemory(tenant.id, now());
      if (quick) return quick;
      // One lease at a time per store and instance: requests arriving meanwhile wait for it and
      // spend from it rather than lease again.
      return withLock(tenant.id, async () => {
        const at = now();
        const again = fromMemory(tenant.id, at);
        if (again) return again;
        const limits = options.limits(tenant);
        let lease: { granted: number; retryAfterSeconds: number };
        try {
          lease = await options.limiter.lease(tenant, requestRule(limits), 'store', leaseBatch(limits), at);
        } catch (error) {
          // The counter's table is unreachable: the request's own work will meet the same outage
          // and answer 503; refusing here as well would only hide which dependency failed.
          options.onError?.(error);
          return ALLOWED;
        }
        if (buckets.size >= MAX_BUCKETS) buckets.clear();
        const second = Math.floor(at / 1000);
        if (lease.granted === 0) {
          buckets.set(tenant.id, { second, tokens: 0, refusedUntilMs: second * 1000 + lease.retryAfterSeconds * 1000 });
          return { allowed: false, retryAfterSeconds: lease.retryAfterSeconds };
        }
        buckets.set(tenant.id, { second, tokens: lease.granted - 1, refusedUntilMs: 0 });
        return ALLOWED;
      });
    },
  };
}

export type RequestLimiter = ReturnType<typeof createRequestLimiter>;
