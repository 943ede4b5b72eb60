import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { lazyHandler } from '../http/lazy-handler';
import { everyone } from '../http/middleware/access';
import type { PageAssets } from '../storefront/layout';

/** The operator console's page at `/platform` (src/console/operator-routes.tsx), loaded by its first request. */
export function operatorConsoleRoutes(assets: PageAssets) {
  return new Hono<AppEnv>().get(
    '/platform',
    everyone,
    lazyHandler(async () => (await import('./operator-routes')).operatorConsolePage(assets)),
  );
}
