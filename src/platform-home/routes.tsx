import type { Handler } from 'hono';
import type { AppEnv } from '../http/env';
import type { PageAssets } from '../storefront/layout';
import { FAVICON_PATH } from '../web/favicon';
import { PLAN_COPY } from './plans-copy';

/** A store as the start page links it: the storefront and the staff console. */
export type HomeStoreLink = { name: string; storefront: string; console: string };

/** What the landing page shows: its assets, the local demo stores, the stores' domain suffix. */
export type PlatformHomeOptions = {
  platformHosts: readonly string[];
  assets: PageAssets;
  stores?: readonly HomeStoreLink[] | undefined;
  /** Stores that sign up live at `<slug>.<suffix>`; the form shows it beside the slug. */
  storeDomainSuffix?: string | undefined;
};

/**
 * `GET /` on the platform's own hosts: the landing page, where a store owner learns what the
 * platform is, picks a plan and signs up (src/web/browser/signup.ts drives the form against
 * `/signup`), and where operators find their console. The local demo stores are listed only when
 * the entry point passes them: on AWS the platform host must not publish its tenants. Loaded by
 * the page's first request; src/platform-home/home-route.ts mounts it, and hands `/` on a
 * store's domain to the storefront without loading it.
 */
export function platformHomePage(options: PlatformHomeOptions): Handler<AppEnv> {
  const stores = options.stores ?? [];
  // No store domain suffix (no wildcard domain on AWS): sign-up is off, and the page says so.
  const suffix = options.storeDomainSuffix;
  return async (c) => {
    const page = (
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Open your online store · Catalog platform</title>
          <meta name="description" content="Sign up, pick a plan and your store is live at its own address in a minute." />
          <link rel="icon" type="image/svg+xml" href={FAVICON_PATH} />
          <link rel="stylesheet" href={options.assets.style} />
          {suffix ? <script type="module" src={options.assets.signup}></script> : null}
        </head>
        <body class="landing">
          <header>
            <h1>Catalog platform</h1>
            <nav aria-label="Platform">
              <a href="#signup-title">Start your store</a> · <a href="/platform">Operator console</a>
            </nav>
          </header>
          <main id="main">
            <section class="hero" aria-labelledby="hero-title">
              <h2 id="hero-title">Your online store, live in a minute</h2>
              <p>
                Sign up, choose your store’s address and a plan: your storefront is online at once at <code>{`your-store.${suffix ?? '…'}`}</code>, with a
                console to add products, pictures and stock, invite your staff and, when you are ready, connect your own domain.
              </p>
            </section>

            <section aria-labelledby="plans-title">
              <h2 id="plans-title">Plans</h2>
              <ul class="plans" id="plans">
                {PLAN_COPY.map((plan) => (
                  <li class="plan" data-plan={plan.tier}>
                    <h3>{plan.name}</h3>
                    <p>{plan.tagline}</p>
                    <ul>
                      {plan.includes.map((line) => (
                        <li>{line}</li>
                      ))}
                    </ul>
                    {/* Filled with the plan's limits once src/plans/ defines them (merge). */}
                    <div class="plan-limits" data-plan-limits={plan.tier}></div>
                  </li>
                ))}
              </ul>
            </section>

            <section aria-labelledby="signup-title" id="signup">
              <h2 id="signup-title">Start your store</h2>
              <p id="signup-status" role="status" aria-live="polite">
                {suffix ? '' : 'Sign-up is not open on this platform yet: it needs the platform’s store domain (STORE_DOMAIN_SUFFIX).'}
              </p>
              <form id="signup-form" hidden={!suffix} class="forms signup-form">
                <label>
                  Store name
                  <input name="storeName" required maxlength={120} autocomplete="organization" />
                </label>
                <label for="slug">Store address</label>
                <div class="slug-field">
                  <input
                    id="slug"
                    name="slug"
                    required
                    maxlength={40}
                    pattern="[a-z0-9](?:[a-z0-9\-]{0,38}[a-z0-9])?"
                    autocapitalize="none"
                    spellcheck={false}
                    aria-describedby="slug-status"
                  />
                  <span class="suffix">{`.${suffix ?? ''}`}</span>
                </div>
                <p id="slug-status" class="hint" aria-live="polite"></p>
                <div id="slug-suggestions" class="suggestions" hidden></div>
                <fieldset class="plan-choice">
                  <legend>Plan</legend>
                  {PLAN_COPY.map((plan, i) => (
                    <label class="check">
                      <input type="radio" name="plan" value={plan.tier} checked={i === 0} /> {plan.name}
                    </label>
                  ))}
                </fieldset>
                <label>
                  Your email
                  <input name="email" type="email" required autocomplete="email" />
                </label>
                <label>
                  Password
                  <input name="password" type="password" required minlength={12} autocomplete="new-password" aria-describedby="password-hint" />
                </label>
                <p id="password-hint" class="hint">
                  At least 12 characters, with a lower-case and an upper-case letter and a digit.
                </p>
                <button type="submit">Create my store</button>
              </form>

              <form id="confirm-form" class="forms signup-form" hidden>
                <p id="confirm-intro">We emailed you a 6-digit code.</p>
                <label>
                  Code from the email
                  <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="\d{6}" maxlength={6} required />
                </label>
                <p class="hint">Running the platform on your machine? npm start prints the code, and it is in the dev mailbox.</p>
                <button type="submit">Open my store</button>
              </form>
            </section>

            {stores.length ? (
              <section aria-labelledby="stores-title">
                <h2 id="stores-title">Demo stores</h2>
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
          <footer>
            <small>Catalog platform: stores for everyone who sells.</small>
          </footer>
        </body>
      </html>
    );
    return c.html(`<!DOCTYPE html>${await page.toString()}`);
  };
}
