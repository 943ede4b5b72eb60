import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { lazyHandler } from '../http/lazy-handler';
import { platformHostMatcher, requestHost } from '../http/middleware/platform-host';
import type { PlatformHomeOptions } from './routes';

/**
 * `GET /`: the landing page on the platform's own hosts (src/platform-home/routes.tsx, loaded by
 * its first request); on a store's domain `/` is the storefront, and this hands the request on.
 */
export function platformHomeRoutes(options: PlatformHomeOptions) {
  const isPlatformHost = platformHostMatcher(options.platformHosts);
  const page = lazyHandler<AppEnv>(async () => (await import('./routes')).platformHomePage(options));
  // No guard of its own: `GET /` is public, and its one rule is the storefront's (route-access test).
  return new Hono<AppEnv>().get('/', async (c, next) => (isPlatformHost(requestHost(c)) ? page(c, next) : next()));
}
