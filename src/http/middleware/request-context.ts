import type { Logger } from 'pino';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';

/**
 * One access-log line per request when it ends, with the fields the conventions ask for
 * (requestId, tenantId, route, status, ms). The root logger with the request id as a field, not a
 * child logger per request: a child costs a serialisation of its bindings on every request, and
 * nothing else logs per request.
 */
export function requestContext(root: Logger) {
  return createMiddleware<AppEnv>(async function requestContext(c, next) {
    const started = performance.now();
    c.set('claims', undefined);
    c.set('credential', undefined);
    await next();
    if (!root.isLevelEnabled('info')) return;
    const tenant = (c.var as { tenant?: { id: string } }).tenant;
    root.info(
      {
        requestId: c.get('requestId'),
        tenantId: tenant?.id,
        method: c.req.method,
        route: c.req.routePath,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  });
}
