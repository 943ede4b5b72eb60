import { Hono, type Env, type Handler, type MiddlewareHandler } from 'hono';
import { lazyFunction } from '../shared/lazy';
import type { AppEnv } from './env';
import { isGuard } from './middleware/access';

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

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** What runs before a route's handler: the store's middleware, or the app's (guards, marks). */
type Before<E extends Env> = MiddlewareHandler<E> | MiddlewareHandler<AppEnv>;
type Table<E extends Env> = { [M in Lowercase<Method>]: (path: string, ...middleware: Before<E>[]) => Table<E> } & {
  /** Middleware the module `use`s on every method under a path: registered here, at start-up, in its place. */
  use: (path: string, ...middleware: Before<E>[]) => Table<E>;
  routes: Hono<E>;
};

const routeKey = (method: string, path: string) => `${method} ${path}`;
const accessOf = (handlers: readonly unknown[]) => handlers.flatMap((h) => (isGuard(h) ? [JSON.stringify(h.access)] : [])).join();

/**
 * A lazy route group (docs/architecture.md, "Lazy route groups"): the group's routes are
 * registered at start-up, each with the guard, marks and middleware that run before its handler,
 * so the route table, the access rules, the read-ahead plan and the contract see them as before;
 * the module that builds the group (`load`, the route file as it is, returning its Hono) is
 * imported by the first request to any of them, and each route then runs that module's own
 * handler for it (the last one registered for its method and path).
 *
 * The table must say exactly what the module registers: when it loads, a route (or a `use`)
 * missing on either side or a guard that differs fails every request of the group (a 500,
 * logged) rather than serving a route nobody reviewed.
 */
export function lazyRouteGroup<E extends Env>(name: string, load: () => Promise<Hono<E>>): Table<E> {
  const routes = new Hono<E>();
  const declared = new Map<string, unknown[]>();
  const handlers = lazyFunction(async () => {
    const group = await load();
    const loaded = new Map<string, unknown[]>();
    // `ALL` entries are the module's `use`s: they must be the table's too, and run from it.
    for (const route of group.routes)
      loaded.set(routeKey(route.method, route.path), [...(loaded.get(routeKey(route.method, route.path)) ?? []), route.handler]);
    const drift = [...new Set([...declared.keys(), ...loaded.keys()])].filter(
      (key) => !declared.has(key) || !loaded.has(key) || accessOf(declared.get(key)!) !== accessOf(loaded.get(key)!),
    );
    if (drift.length > 0) throw new Error(`lazy route group ${name}: the table and the module disagree on ${drift.join(', ')}`);
    return async (key: string) => loaded.get(key)!.at(-1) as Handler<E>;
  });
  const table = { routes } as Table<E>;
  table.use = (path, ...middleware) => {
    const key = routeKey('ALL', path);
    declared.set(key, [...(declared.get(key) ?? []), ...middleware]);
    routes.use(path, ...(middleware as MiddlewareHandler<E>[]));
    return table;
  };
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
    table[method.toLowerCase() as Lowercase<Method>] = (path, ...middleware) => {
      const key = routeKey(method, path);
      declared.set(key, middleware);
      const handler = lazyHandler<E>(async () => (await handlers(key)) as Handler<E>);
      routes.on(method, [path], ...(middleware as MiddlewareHandler<E>[]), handler);
      return table;
    };
  }
  return table;
}
