import { createMiddleware } from 'hono/factory';
import { NotFoundError } from '../../shared/errors';
import type { AppEnv } from '../env';

/**
 * The request's host as the client named it: the viewer's Host forwarded by our edge (verified by
 * its secret: src/http/edge/origin.ts), else the Host header (what Node and API Gateway route
 * on), else the URL's (`app.request` in tests sends none). Lower case, port kept.
 */
export function requestHost(c: { req: { header(name: string): string | undefined; url: string }; var?: { viewerHost?: string | undefined } }): string {
  return (c.var?.viewerHost ?? c.req.header('host') ?? new URL(c.req.url).host).trim().toLowerCase();
}

/**
 * Whether `host` is one of the platform's own hosts. An entry with a port matches that port only;
 * one without matches the name on any port (`localhost` covers `localhost:3000`).
 */
export function platformHostMatcher(hosts: readonly string[]) {
  const exact = new Set(hosts.filter((h) => /:\d+$/.test(h)));
  const anyPort = new Set(hosts.filter((h) => !/:\d+$/.test(h)));
  return (host: string) => exact.has(host) || anyPort.has(host.replace(/:\d+$/, ''));
}

/**
 * Routes of the platform itself (operator console and API, later the landing page) exist only on
 * the platform's hosts: on a store's domain they are not found, as if they were not there.
 */
export function platformHostOnly(hosts: readonly string[]) {
  const isPlatformHost = platformHostMatcher(hosts);
  return createMiddleware<AppEnv>(async function platformHostOnly(c, next) {
    if (!isPlatformHost(requestHost(c))) throw new NotFoundError(`No route for ${c.req.method} ${c.req.path}.`);
    await next();
  });
}
