import { scopeId, windowOf, type RateLimiter } from './index';

/** Counters in this process only: unit tests, and nothing deployed (instances would not share them). */
export function memoryRateLimiter(options: { now?: () => number } = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const counts = new Map<string, { count: number; endsAt: number }>();
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
  };
}
