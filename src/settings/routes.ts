import { Hono } from 'hono';
import type { TenantEnv } from '../http/env';
import { allow } from '../http/middleware/access';
import { jsonBody } from '../http/request';
import { actorOf } from '../identity/actor';
import type { SettingsService } from './service';
import { StoreSettingsUpdateSchema } from './store-settings';

/** Admins read and replace the whole settings document; `version` in the body guards concurrent edits. */
export function settingsRoutes(settings: SettingsService) {
  return new Hono<TenantEnv>()
    .get('/admin/settings', allow('admin'), async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await settings.current(c.get('tenant')));
    })
    .put('/admin/settings', allow('admin'), async (c) => {
      const input = await jsonBody(c, StoreSettingsUpdateSchema);
      return c.json(await settings.update(c.get('tenant'), actorOf(c), input));
    });
}
