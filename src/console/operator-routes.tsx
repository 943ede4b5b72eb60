import type { Handler } from 'hono';
import type { AppEnv } from '../http/env';
import { Layout, PLATFORM_NAME, type PageAssets } from '../storefront/layout';
import { sessionView } from '../storefront/session-view';
import { MfaEnrolmentSection } from '../storefront/sign-in-fields';
import { DataTable, SignInSection } from './parts';

/**
 * The platform operator's console at `/platform`, on the platform's own hosts only (app.ts):
 * stores are listed, onboarded, suspended and resumed through the operator API with the
 * operator's session cookie. The handler of `GET /platform`, loaded by its first request
 * (src/console/operator-console-route.ts mounts it).
 */
export function operatorConsolePage(assets: PageAssets): Handler<AppEnv> {
  return async (c) => {
    const session = sessionView(c, c.get('claims'));
    const isOperator = session.roles.includes('operator');
    const page = (
      <Layout audience="operator" assets={assets} siteName={PLATFORM_NAME} title="Operator console" script="operator">
        <h2 class="visually-hidden">Operator console</h2>
        <p id="console-status" role="status" aria-live="polite"></p>
        <SignInSection title="Operator sign-in" withNewPassword hidden={isOperator} refresh={session.refreshable} resetBase="/platform/auth/password" />
        <div id="workspace" hidden={!isOperator}>
          <p class="who">
            <span>
              Signed in as <span id="who">{isOperator ? session.email : ''}</span>
            </span>
            <button type="button" id="sign-out">
              Sign out
            </button>
          </p>
          <MfaEnrolmentSection />
          <section aria-labelledby="tenants-title">
            <h3 id="tenants-title">Stores</h3>
            <form id="store-search" class="inline">
              <label>
                Find a store
                <input name="q" type="search" maxlength={100} placeholder="slug, name or domain" autocomplete="off" />
              </label>
              <button type="submit">Search</button>
            </form>
            {/* Plan: a select that changes it at once (PUT /platform/tenants/:slug/plan). Usage: today's and this month's requests, products against the plan, storage (src/usage/service.ts). */}
            <DataTable id="tenants" columns={['Name', 'Slug', 'Domains', 'Plan', 'Status', 'Created', 'Usage', 'Actions']} />
            <p class="form-actions">
              <span id="tenants-count" class="hint"></span>
              <button type="button" id="tenants-more" class="secondary" hidden>
                More stores
              </button>
            </p>
            {/* A page of up to 100 stores; the answer's Link header (rel="next") names the next page. */}
            <p>
              <a href="/platform/usage.csv?limit=100" download>
                Download this month's usage per store (CSV)
              </a>
            </p>
          </section>
          <section aria-labelledby="onboard-title">
            <h3 id="onboard-title">Onboard a store</h3>
            <form id="onboard-form" class="filters">
              <label>
                Name
                <input name="name" required />
              </label>
              <label>
                Slug
                <input name="slug" required pattern="[a-z0-9][a-z0-9\-]{0,38}[a-z0-9]?" />
              </label>
              <label>
                Domains (comma-separated)
                <input name="domains" required />
              </label>
              <label>
                Tier
                <select name="tier">
                  <option>basic</option>
                  <option>standard</option>
                  <option>premium</option>
                </select>
              </label>
              <label>
                First admin's email
                <input name="adminEmail" type="email" required />
              </label>
              <label>
                First admin's name
                <input name="adminName" required />
              </label>
              <button type="submit">Onboard</button>
            </form>
          </section>
        </div>
      </Layout>
    );
    return c.html(`<!DOCTYPE html>${await page.toString()}`);
  };
}
