import type { Logger } from 'pino';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';

/**
 * A pino child per request carrying its id, and one access-log line when it ends with the
 * fields the conventions ask for (requestId, tenantId, route, status, ms).
 */
export function requestContext(root: Logger) {
  return createMiddleware<AppEnv>(async function requestContext(c, next) {
    const started = performance.now();
    const log = root.child({ requestId: c.get('requestId') });
    c.set('log', log);
    c.set('claims', undefined);
    await next();
    const tenant = (c.var as { tenant?: { id: string } }).tenant;
    log.info(
      {
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
