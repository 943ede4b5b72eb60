import type { Logger } from 'pino';
import { createMiddleware } from 'hono/factory';
import type { RequestMetrics } from '../../shared/request-metrics';
import type { AppEnv } from '../env';

/**
 * One access-log line per request when it ends, with the fields the conventions ask for
 * (requestId, tenantId, route, status, ms), and the request's metrics when they are on. The root
 * logger, not a child logger per request: a child costs a serialisation of its bindings on every
 * request; the request's ids reach every line through the logger's mixin (src/shared/request-scope.ts).
 */
export function requestContext(root: Logger, metrics?: RequestMetrics) {
  return createMiddleware<AppEnv>(async function requestContext(c, next) {
    const started = performance.now();
    c.set('claims', undefined);
    c.set('credential', undefined);
    await next();
    const logging = root.isLevelEnabled('info');
    if (!logging && !metrics) return;
    const tenantId = (c.var as { tenant?: { id: string } }).tenant?.id;
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const route = c.req.routePath;
    metrics?.record({ tenantId, method: c.req.method, route, status: c.res.status, ms });
    if (!logging) return;
    root.info({ requestId: c.get('requestId'), tenantId, method: c.req.method, route, path: c.req.path, status: c.res.status, ms }, 'request');
  });
}
