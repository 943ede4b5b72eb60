import { Hono } from 'hono';
import type { TenantEnv } from '../http/env';
import { allow } from '../http/middleware/access';
import type { GettingStarted } from './getting-started';

/** `GET /admin/getting-started`: the console's checklist for the store's admins. */
export function gettingStartedRoutes(gettingStarted: GettingStarted) {
  return new Hono<TenantEnv>().get('/admin/getting-started', allow('admin'), async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(await gettingStarted(c.get('tenant')));
  });
}
