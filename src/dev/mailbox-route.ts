import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { lazyHandler } from '../http/lazy-handler';
import { everyone } from '../http/middleware/access';
import { platformHostOnly } from '../http/middleware/platform-host';
import type { MailboxPageOptions } from './mailbox-routes';

/** `GET /dev/mailbox` and `/dev/mailbox/:id` on the platform's hosts (src/dev/mailbox-routes.tsx, loaded by their first request). */
export function devMailboxRoutes(options: MailboxPageOptions) {
  const pages = async () => (await import('./mailbox-routes')).mailboxPages(options);
  const app = new Hono<AppEnv>();
  app.use('/dev/*', platformHostOnly(options.platformHosts));
  app.get(
    '/dev/mailbox',
    everyone,
    lazyHandler(async () => (await pages()).list),
  );
  app.get(
    '/dev/mailbox/:id',
    everyone,
    lazyHandler(async () => (await pages()).message),
  );
  return app;
}
