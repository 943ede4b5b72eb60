import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { TenantEnv } from '../http/env';
import { Layout, type PageAssets } from './layout';
import { sessionView } from './session-view';
import { ForgotPasswordLink, PasswordResetSection, SignInChallengeFields, SignInFields } from './sign-in-fields';
import { YourDataSection } from './your-data-section';

/** An HTML page with its doctype (JSX renders elements only), so browsers use standards mode. */
async function page(c: Context<TenantEnv>, node: JSX.Element) {
  return c.html(`<!DOCTYPE html>${await node.toString()}`);
}

/**
 * `GET /account`: sign-in, sign-up and password reset for a visitor, the customer's own data once
 * signed in. Its own module, loaded by the page's first request (src/storefront/routes.tsx), so a
 * cold start that serves the catalog does not parse it.
 */
export function accountPage(assets: PageAssets) {
  return (c: Context<TenantEnv>) => {
    const tenant = c.get('tenant');
    const session = sessionView(c, c.get('claims'));
    return page(
      c,
      <Layout audience="storefront" assets={assets} signedInAs={session.email} siteName={tenant.name} title="Your account" script="account" noindex>
        <div id="account" data-refresh={session.refreshable ? '' : undefined}>
          <h2>Your account at {tenant.name}</h2>
          <p id="account-status" role="status" aria-live="polite">
            {session.email ? `You are signed in as ${session.email}.` : ''}
          </p>
          {session.email ? null : (
            <div class="forms" id="account-forms">
              <form id="login-form" aria-labelledby="login-title">
                <h3 id="login-title">Sign in</h3>
                <SignInFields />
                <SignInChallengeFields />
                <button type="submit">Sign in</button>
                <ForgotPasswordLink />
              </form>
              <form id="signup-form" aria-labelledby="signup-title">
                <h3 id="signup-title">Create an account</h3>
                <label>
                  Name
                  <input type="text" name="name" autocomplete="name" />
                </label>
                <label>
                  Email
                  <input type="email" name="email" autocomplete="email" required />
                </label>
                <label>
                  Password (at least 12 characters, upper and lower case, a digit)
                  <input type="password" name="password" autocomplete="new-password" required minlength={12} />
                </label>
                <button type="submit">Create account</button>
              </form>
            </div>
          )}
          {session.email ? null : <PasswordResetSection base="/auth/password" />}
          <p>
            <button type="button" id="sign-out" hidden={!session.email}>
              Sign out
            </button>
          </p>
          {c.get('claims')?.roles.includes('customer') ? <YourDataSection storeName={tenant.name} /> : null}
        </div>
      </Layout>,
    );
  };
}
