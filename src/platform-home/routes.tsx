import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { platformHostMatcher, requestHost } from '../http/middleware/platform-host';
import type { PageAssets } from '../storefront/layout';

/** A store as the start page links it: the storefront and the staff console. */
export type HomeStoreLink = { name: string; storefront: string; console: string };

/**
 * `GET /` on the platform's own hosts: a small start page, so a person who opens the platform's
 * address finds the operator console and (locally, where `stores` is given) the demo stores,
 * instead of a JSON 404. On a store's domain `/` is the storefront: this hands the request on.
 * Stores are listed only when the entry point passes them: on AWS the platform host must not
 * publish its tenants. The landing page proper comes with self-service onboarding.
 */
export function platformHomeRoutes(options: { platformHosts: readonly string[]; assets: PageAssets; stores?: readonly HomeStoreLink[] | undefined }) {
  const isPlatformHost = platformHostMatcher(options.platformHosts);
  const stores = options.stores ?? [];
  // No guard of its own: `GET /` is public, and its one rule is the storefront's (route-access test).
  return new Hono<AppEnv>().get('/', async (c, next) => {
    if (!isPlatformHost(requestHost(c))) return next();
    const page = (
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Catalog platform</title>
          <link rel="stylesheet" href={options.assets.style} />
        </head>
        <body>
          <header>
            <h1>Catalog platform</h1>
          </header>
          <main id="main">
            {stores.length ? (
              <section aria-labelledby="stores-title">
                <h2 id="stores-title">Stores</h2>
                <ul id="stores">
                  {stores.map((store) => (
                    <li>
                      {store.name}: <a href={store.storefront}>storefront</a> · <a href={store.console}>console</a>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            <section aria-labelledby="operators-title">
              <h2 id="operators-title">Operators</h2>
              <p>
                <a href="/platform">Operator console</a>
              </p>
            </section>
          </main>
        </body>
      </html>
    );
    return c.html(`<!DOCTYPE html>${await page.toString()}`);
  });
}
