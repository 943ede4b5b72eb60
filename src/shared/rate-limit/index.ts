import type { TenantContext } from '../../tenants/tenant';

/**
 * A limit on how often something may happen: at most `limit` per fixed window of
 * `windowSeconds`. Fixed windows cost one atomic counter per window; a burst straddling two
 * windows can reach twice the limit, which is acceptable for throttles measured in tens.
 */
export type RateRule = { readonly name: string; readonly limit: number; readonly windowSeconds: number };

/** Whose counter: a store's (its users and visitors) or the platform's (operators). */
export type RateScope = TenantContext | 'platform';

export type RateDecision = {
  /** The count in the current window, this event included for `hit`. */
  count: number;
  allowed: boolean;
  /** Until the current window ends. */
  retryAfterSeconds: number;
};

/**
 * Counters shared by every instance of the platform (a per-process count would let each Lambda
 * instance grant the limit again). `subject` is what is counted: an account, a client address.
 */
export interface RateLimiter {
  /** Counts one event and says whether the count is still within the rule. */
  hit(scope: RateScope, rule: RateRule, subject: string): Promise<RateDecision>;
  /** The current count, without counting anything; `allowed` means one more would still be within the rule. */
  peek(scope: RateScope, rule: RateRule, subject: string): Promise<RateDecision>;
}

/** The window an instant falls in, and how long until it ends. */
export function windowOf(rule: RateRule, nowMs: number) {
  const size = rule.windowSeconds * 1000;
  const start = Math.floor(nowMs / size) * size;
  return { start, endsAt: start + size, retryAfterSeconds: Math.max(1, Math.ceil((start + size - nowMs) / 1000)) };
}

export const scopeId = (scope: RateScope) => (scope === 'platform' ? 'platform' : `tenant:${scope.id}`);
