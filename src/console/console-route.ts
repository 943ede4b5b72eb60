import { Hono } from 'hono';
import type { TenantEnv } from '../http/env';
import { lazyHandler } from '../http/lazy-handler';
import { everyone } from '../http/middleware/access';
import type { PageAssets } from '../storefront/layout';

/** The store console's page at `/admin` (src/console/routes.tsx): its markup loads with its first request, not at every cold start. */
export function consoleRoutes(assets: PageAssets) {
  return new Hono<TenantEnv>().get(
    '/admin',
    everyone,
    lazyHandler(async () => (await import('./routes')).consolePage(assets)),
  );
}
