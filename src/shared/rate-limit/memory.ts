import { leaseWindowOf, roomIn, scopeId, windowOf, type RateLimiter } from './index';

/** Counters in this process only: unit tests, and nothing deployed (instances would not share them). */
export function memoryRateLimiter(options: { now?: () => number } = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const counts = new Map<string, { count: number; endsAt: number }>();
  const leases = new Map<string, { total: number; seconds: number[]; endsAt: number }>();
  const read = (key: string, at: number) => {
    const entry = counts.get(key);
    return entry && entry.endsAt > at ? entry.count : 0;
  };
  const keyOf = (scope: Parameters<RateLimiter['hit']>[0], name: string, subject: string, start: number) => `${scopeId(scope)}\n${name}\n${subject}\n${start}`;
  return {
    async hit(scope, rule, subject) {
      const at = now();
      const window = windowOf(rule, at);
      const key = keyOf(scope, rule.name, subject, window.start);
      const count = read(key, at) + 1;
      counts.set(key, { count, endsAt: window.endsAt });
      for (const [k, v] of counts) if (v.endsAt <= at) counts.delete(k);
      return { count, allowed: count <= rule.limit, retryAfterSeconds: window.retryAfterSeconds };
    },
    async peek(scope, rule, subject) {
      const at = now();
      const window = windowOf(rule, at);
      const count = read(keyOf(scope, rule.name, subject, window.start), at);
      return { count, allowed: count < rule.limit, retryAfterSeconds: window.retryAfterSeconds };
    },
    async lease(scope, rule, subject, wanted, atMs) {
      const window = leaseWindowOf(rule, atMs);
      const key = keyOf(scope, rule.name, subject, window.start);
      for (const [k, v] of leases) if (v.endsAt <= atMs) leases.delete(k);
      const entry = leases.get(key) ?? { total: 0, seconds: [], endsAt: window.start + rule.windowSeconds * 1000 };
      const second = entry.seconds[window.secondIndex] ?? 0;
      const granted = roomIn(rule, entry.total, second, wanted);
      entry.total += granted;
      entry.seconds[window.secondIndex] = second + granted;
      leases.set(key, entry);
      const windowFull = entry.total >= rule.perSecond * rule.windowSeconds;
      return { granted, retryAfterSeconds: windowFull ? window.untilWindowEnds : window.untilSecondEnds };
    },
  };
}
