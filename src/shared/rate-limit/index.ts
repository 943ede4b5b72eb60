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
  /**
   * Takes up to `wanted` events of the second `atMs` falls in at once (a batch an instance then
   * spends without asking again), never past either cap of `rule`; `granted` may be 0.
   */
  lease(scope: RateScope, rule: LeaseRule, subject: string, wanted: number, atMs: number): Promise<RateLease>;
}

/**
 * Two caps on one counter: `perSecond × windowSeconds` in each fixed window (the sustained rate)
 * and `burst` in any one second of it. One item holds the window's total and each second's
 * count, so one conditional UpdateItem checks both.
 */
export type LeaseRule = { readonly name: string; readonly perSecond: number; readonly burst: number; readonly windowSeconds: number };

export type RateLease = {
  granted: number;
  /** When none are granted: seconds until the cap that refused ends (the second's, or the window's). */
  retryAfterSeconds: number;
};

/** How many of `wanted` still fit a window holding `total` and a second holding `second`. */
export function roomIn(rule: LeaseRule, total: number, second: number, wanted: number): number {
  return Math.max(0, Math.min(wanted, rule.perSecond * rule.windowSeconds - total, rule.burst - second));
}

/** The lease window `atMs` falls in, the index of its second, and what to wait when refused. */
export function leaseWindowOf(rule: LeaseRule, atMs: number) {
  const size = rule.windowSeconds * 1000;
  const start = Math.floor(atMs / size) * size;
  const secondIndex = Math.floor((atMs - start) / 1000);
  return {
    start,
    secondIndex,
    untilSecondEnds: Math.max(1, Math.ceil((start + (secondIndex + 1) * 1000 - atMs) / 1000)),
    untilWindowEnds: Math.max(1, Math.ceil((start + size - atMs) / 1000)),
  };
}

/** The window an instant falls in, and how long until it ends. */
export function windowOf(rule: RateRule, nowMs: number) {
  const size = rule.windowSeconds * 1000;
  const start = Math.floor(nowMs / size) * size;
  return { start, endsAt: start + size, retryAfterSeconds: Math.max(1, Math.ceil((start + size - nowMs) / 1000)) };
}

export const scopeId = (scope: RateScope) => (scope === 'platform' ? 'platform' : `tenant:${scope.id}`);
