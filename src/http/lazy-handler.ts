import type { Env, Handler } from 'hono';
import { lazyFunction } from '../shared/lazy';

/**
 * A route handler whose module is loaded by the route's first request, then kept. The route itself
 * (path, guard, idempotency) is registered at start-up like any other, so the route table, the
 * access rules and the contract still see it; only the handler's code (a page's markup, a service
 * few requests reach) stays out of the Lambda's cold start, in a chunk of its own (docs/benchmarks.md).
 */
export function lazyHandler<E extends Env>(load: () => Promise<Handler<E>>): Handler<E> {
  const handle = lazyFunction(async () => {
    const handler = await load();
    return async (...args: Parameters<Handler<E>>) => handler(...args);
  });
  return function lazyHandler(c, next) {
    return handle(c, next);
  };
}
