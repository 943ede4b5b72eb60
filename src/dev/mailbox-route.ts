import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { lazyHandler } from '../http/lazy-handler';
import { everyone } from '../http/middleware/access';
import { platformHostOnly } from '../http/middleware/platform-host';
import type { MailboxPageOptions } from './mailbox-routes';

/** `GET /dev/mailbox`, `/dev/mailbox/:id` and `POST /dev/dns` on the platform's hosts (src/dev/mailbox-routes.tsx, loaded by their first request). */
export function devMailboxRoutes(options: MailboxPageOptions) {
  const pages = async () => (await import('./mailbox-routes')).mailboxPages(options);
  const app = new Hono<AppEnv>();
  app.use('/dev/*', platformHostOnly(options.platformHosts));
  app.get(
    '/dev/mailbox',
    everyone,
    lazyHandler(async () => (await pages()).list),
  );
  // Only where a DNS stand-in was handed over (npm start): custom domains verify against its records.
  if (options.dns) {
    app.post(
      '/dev/dns',
      everyone,
      lazyHandler(async () => (await pages()).setDns),
    );
  }
  app.get(
    '/dev/mailbox/:id',
    everyone,
    lazyHandler(async () => (await pages()).message),
  );
  return app;
}
