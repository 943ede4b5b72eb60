import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoUsers, type DemoTotpSecrets } from '../../../src/identity/demo-users';
import { totpCode } from '../../../src/identity/mfa';
import { platformHostMatcher } from '../../../src/http/middleware/platform-host';
import { client, testManifests, testPlatform, type TestPlatform } from '../../support/platform';

/** Pages, their headers and assets, the platform's own hosts, and the browser session cookies, with real pool tokens. */
let p: TestPlatform;
let productId: string;
const PAGE = { 'x-csrf': '1', 'sec-fetch-site': 'same-origin' };

async function get(host: string, path: string, headers: Record<string, string> = {}) {
  return p.app.request(path, { headers: { host, ...headers } });
}

/** The session cookies a response set, as `name=value` pairs a browser would send back. */
function cookiesOf(response: Response) {
  return response.headers.getSetCookie();
}
const cookieHeader = (setCookies: string[]) => setCookies.map((c) => c.split(';')[0]).join('; ');

let totp: DemoTotpSecrets;
/** The enrolled demo admins' and operator's current code. */
const codeOf = (space: string, email: string) => totpCode(totp.get(`${space}:${email}`)!);

/** A page's sign-in; the admins and the operator answer the authenticator step in the same way. */
async function signInWithCookies(host: string, base: string, email: string) {
  const post = (path: string, body: unknown) =>
    p.app.request(path, { method: 'POST', headers: { host, 'content-type': 'application/json', ...PAGE }, body: JSON.stringify(body) });
  let response = await post(base, { email, password: DEMO_PASSWORD });
  expect(response.status, await response.clone().text()).toBe(200);
  const first = (await response.clone().json()) as { challenge?: string; session?: string };
  if (first.challenge === 'SOFTWARE_TOKEN_MFA') {
    response = await post(`${base}/mfa`, {
      email,
      session: first.session,
      code: codeOf(base.startsWith('/platform') ? 'platform' : host.split('.')[0]!, email),
    });
    expect(response.status, await response.clone().text()).toBe(200);
  }
  return { response, cookie: cookieHeader(cookiesOf(response)) };
}

/** The JSON API's sign-in, answering the authenticator step of enrolled accounts. */
async function bearer(host: string, prefix: '/auth' | '/platform/auth', email: string, space: string) {
  const api = client(p.app, host);
  const first = await api('POST', `${prefix}/login`, { email, password: DEMO_PASSWORD });
  if (first.body.challenge !== 'SOFTWARE_TOKEN_MFA') return first.body.idToken as string;
  return (await api('POST', `${prefix}/mfa/challenge`, { email, session: first.body.session, code: codeOf(space, email) })).body.idToken as string;
}

beforeAll(async () => {
  p = await testPlatform({ realTokens: true });
  totp = await seedDemoUsers(testManifests, p.identity);
  const admin = await bearer('alpha.test', '/auth', 'a@alpha.test', 'alpha');
  productId = (
    await client(p.app, 'alpha.test', admin)('POST', '/admin/products', {
      name: 'Page <b>Boot</b>',
      sku: 'PG-1',
      price: { amount: 100, currency: 'EUR' },
      status: 'active',
      stock: 2,
    })
  ).body.id;
});

describe('the platform’s own hosts', () => {
  it('serves the operator console and API there, and nowhere else', async () => {
    const operator = await bearer('platform.test', '/platform/auth', 'operator@platform.example', 'platform');
    for (const host of ['localhost', 'localhost:3000', '127.0.0.1:8080', 'platform.test']) {
      expect((await get(host, '/platform')).status, host).toBe(200);
      expect((await client(p.app, host, operator)('GET', '/platform/tenants')).status, host).toBe(200);
    }
    for (const host of ['alpha.test', 'www.beta.test', 'nobody.test']) {
      const page = await get(host, '/platform');
      expect(page.status, host).toBe(404);
      const listed = await client(p.app, host, operator)('GET', '/platform/tenants');
      expect(listed.status, host).toBe(404);
      expect(listed.body.type).toBe('/problems/not-found');
      expect((await client(p.app, host)('POST', '/platform/auth/login', { email: 'operator@platform.example', password: DEMO_PASSWORD })).status, host).toBe(
        404,
      );
    }
  });

  it('matches a host with a port only on that port, one without on any', () => {
    const matches = platformHostMatcher(['localhost', 'admin.example.com:8443']);
    expect(['localhost', 'localhost:3000', 'admin.example.com:8443'].map(matches)).toEqual([true, true, true]);
    expect(['admin.example.com', 'admin.example.com:443', 'localhost.evil.test', 'alpha.localhost'].map(matches)).toEqual([false, false, false, false]);
  });
});

describe('every HTML page', () => {
  const pages = () =>
    [
      ['alpha.test', '/'],
      ['alpha.test', `/p/${productId}`],
      ['alpha.test', '/p/nope'],
      ['alpha.test', '/account'],
      ['alpha.test', '/admin'],
      ['localhost', '/platform'],
    ] as const;

  it('carries the content security policy and no inline script, style or event handler', async () => {
    for (const [host, path] of pages()) {
      const response = await get(host, path);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      const csp = response.headers.get('content-security-policy') ?? '';
      for (const directive of [
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "default-src 'none'",
      ]) {
        expect(csp, `${path}: ${directive}`).toContain(directive);
      }
      expect(csp).toMatch(/img-src 'self' data: http:\/\/(localhost|127\.0\.0\.1):\d+/);
      expect(csp).toMatch(/connect-src 'self' http:\/\/(localhost|127\.0\.0\.1):\d+/);
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');

      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      for (const [, attributes, body] of scripts) {
        // Structured data (JSON-LD) is a data block browsers never run, so the CSP allows it: it must be JSON and nothing else.
        if (/^\s*type="application\/ld\+json"\s*$/.test(attributes!)) {
          expect(() => JSON.parse(body!), `${path}: JSON-LD`).not.toThrow();
          continue;
        }
        expect(attributes, `${path}: a script without src`).toMatch(/\ssrc="\/assets\/[\w-]+\.js"/);
        expect(attributes).toMatch(/type="module"/);
        expect(body, `${path}: inline script`).toBe('');
      }
      expect(html, `${path}: <style>`).not.toMatch(/<style\b/i);
      const tags = [...html.matchAll(/<[a-z][^>]*>/gi)].map((m) => m[0]);
      expect(
        tags.filter((tag) => /\son[a-z]+\s*=/i.test(tag)),
        `${path}: event attributes`,
      ).toEqual([]);
      expect(
        tags.filter((tag) => /\sstyle\s*=/i.test(tag)),
        `${path}: style attributes`,
      ).toEqual([]);
      expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/style-[\w]+\.css"/);
    }
  });

  it('references assets served with their content type and immutable caching', async () => {
    const html = await (await get('alpha.test', '/admin')).text();
    const urls = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(urls).toHaveLength(2);
    for (const url of urls) {
      const response = await get('alpha.test', url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toMatch(url.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const body = await response.text();
      expect(body.length).toBeGreaterThan(100);
      // Data goes into the DOM as text nodes, never through innerHTML.
      if (url.endsWith('.js')) expect(body).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    }
    // The same file on the platform host, and nothing under /assets but the bundle.
    expect((await get('localhost', urls[0]!)).status).toBe(200);
    expect((await get('alpha.test', '/assets/nope-12345678.js')).status).toBe(404);
  });

  it('escapes data: a product name with markup is text', async () => {
    const html = await (await get('alpha.test', `/p/${productId}`)).text();
    expect(html).toContain('Page &lt;b&gt;Boot&lt;/b&gt;');
    expect(html).not.toContain('<b>Boot</b>');
  });

  it('JSON and problem responses carry nosniff too', async () => {
    for (const path of ['/products', '/nope', '/store']) {
      const response = await get('alpha.test', path);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });
});

describe('browser sessions in __Host- cookies', () => {
  it('sign-in sets HttpOnly, Secure, SameSite=Lax, Path=/ cookies and returns no token', async () => {
    const { response } = await signInWithCookies('alpha.test', '/auth/session', 'customer@alpha.example');
    const body = await response.json();
    expect(body).toEqual({ signedIn: true });
    const cookies = cookiesOf(response);
    expect(cookies.map((c) => c.split('=')[0]).sort()).toEqual(['__Host-access', '__Host-refresh', '__Host-session']);
    for (const cookie of cookies) {
      const attributes = cookie
        .split(';')
        .slice(1)
        .map((a) => a.trim().toLowerCase());
      expect(attributes).toEqual(expect.arrayContaining(['path=/', 'httponly', 'secure', 'samesite=lax']));
      expect(attributes.some((a) => a.startsWith('domain='))).toBe(false);
      expect(attributes.find((a) => a.startsWith('max-age='))).toMatch(/^max-age=[1-9]\d*$/);
    }
  });

  it('sign-in refuses a request not from this site’s own pages', async () => {
    const body = JSON.stringify({ email: 'customer@alpha.example', password: DEMO_PASSWORD });
    for (const headers of [{}, { 'x-csrf': '1' }, { 'sec-fetch-site': 'same-origin' }, { 'x-csrf': '1', 'sec-fetch-site': 'cross-site' }] as Record<
      string,
      string
    >[]) {
      const response = await p.app.request('/auth/session', {
        method: 'POST',
        headers: { host: 'alpha.test', 'content-type': 'application/json', ...headers },
        body,
      });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });

  it('reads with the cookie; writes only with the CSRF header and a same-origin Sec-Fetch-Site', async () => {
    const { cookie } = await signInWithCookies('alpha.test', '/auth/session', 'clerk@alpha.example');
    const me = await get('alpha.test', '/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ store: 'alpha', roles: ['clerk'] });

    const adjust = (headers: Record<string, string>) =>
      p.app.request(`/admin/products/${productId}/inventory/adjustments`, {
        method: 'POST',
        headers: { host: 'alpha.test', cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ delta: 1, reason: 'restock' }),
      });
    for (const headers of [
      {},
      { 'x-csrf': '1' },
      { 'x-csrf': '1', 'sec-fetch-site': 'cross-site' },
      { 'x-csrf': '1', 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'same-origin' },
    ] as Record<string, string>[]) {
      const refused = await adjust(headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
    }
    const done = await adjust(PAGE);
    expect(done.status, await done.clone().text()).toBe(201);
  });

  it('a signed-in shopper’s plain form (checkout, the cart without a script) needs only a same-origin Sec-Fetch-Site', async () => {
    const { cookie } = await signInWithCookies('alpha.test', '/auth/session', 'customer@alpha.example');
    const post = (headers: Record<string, string>) =>
      p.app.request('/checkout', {
        method: 'POST',
        headers: { host: 'alpha.test', cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: 'email=someone%40example.com',
      });
    // Another site's form, or a browser that does not say where the form came from: refused.
    for (const headers of [{}, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }] as Record<string, string>[])
      expect((await post(headers)).status, JSON.stringify(headers)).toBe(403);
    // This site's own form reaches the checkout (which answers the form again: no lines to order).
    const own = await post({ 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(400);
    expect(own.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('the JSON API keeps bearer tokens', async () => {
    const tokens = (await client(p.app, 'alpha.test')('POST', '/auth/login', { email: 'clerk@alpha.example', password: DEMO_PASSWORD })).body;
    expect(tokens.idToken).toEqual(expect.any(String));
    const adjusted = await client(p.app, 'alpha.test', tokens.idToken)('POST', `/admin/products/${productId}/inventory/adjustments`, {
      delta: 1,
      reason: 'restock',
    });
    expect(adjusted.status).toBe(201);
  });

  it('pages render who is signed in on the server, from the cookie', async () => {
    const { cookie } = await signInWithCookies('alpha.test', '/auth/session', 'a@alpha.test');
    const home = await (await get('alpha.test', '/', { cookie })).text();
    expect(home).toContain('Signed in as a@alpha.test');
    const console = await (await get('alpha.test', '/admin', { cookie })).text();
    expect(console).toMatch(/<div id="workspace" data-roles="admin">/);
    expect(console).toMatch(/<section id="signin" hidden=""/);
    expect(await (await get('alpha.test', '/')).text()).toContain('Sign in or sign up');
    // A cookie of store A is not a session at store B (browsers would not send it; a forged one is refused).
    expect((await get('beta.test', '/', { cookie })).status).toBe(403);
  });

  it('the console shows orders to support, clerks and admins, with only the buttons each may press', async () => {
    const consoleOf = async (email: string) => {
      const { cookie } = await signInWithCookies('alpha.test', '/auth/session', email);
      return (await get('alpha.test', '/admin', { cookie })).text();
    };
    // Support reads orders (and nothing of the inventory, which its role may not read), and may change nothing.
    const support = await consoleOf('support@alpha.example');
    expect(support).toMatch(/<div id="workspace" data-roles="support">/);
    expect(support).toContain('id="orders-section"');
    expect(support).toMatch(/<section id="inventory-section" hidden=""/);
    for (const control of ['ship-form', 'note-form', 'order-manage', 'order-deliver', 'order-cancel', 'order-refund'])
      expect(support).not.toContain(`id="${control}"`);
    // Clerks ship and write notes; delivering, cancelling and refunding are the admins'.
    const clerk = await consoleOf('clerk@alpha.example');
    expect(clerk).toContain('id="ship-form"');
    expect(clerk).toContain('id="note-form"');
    expect(clerk).not.toContain('id="order-manage"');
    expect(clerk).toMatch(/<section id="inventory-section" aria-labelledby/);
    const admin = await consoleOf('a@alpha.test');
    for (const control of ['ship-form', 'note-form', 'order-deliver', 'order-cancel', 'order-refund', 'order-restock'])
      expect(admin).toContain(`id="${control}"`);
    // A customer is not staff: no workspace, no orders.
    const customer = await consoleOf('customer@alpha.example');
    expect(customer).not.toContain('id="orders-section"');
    expect(customer).toContain('This account is not staff of this store.');
  });

  it('refresh renews the ID token cookie; sign-out ends the session and clears both cookies', async () => {
    const { cookie } = await signInWithCookies('alpha.test', '/auth/session', 'customer@alpha.example');
    const refreshCookie = cookie.split('; ').find((c) => c.startsWith('__Host-refresh='))!;
    const refreshed = await p.app.request('/auth/session/refresh', { method: 'POST', headers: { host: 'alpha.test', cookie: refreshCookie, ...PAGE } });
    expect(refreshed.status).toBe(204);
    expect(cookiesOf(refreshed).some((c) => c.startsWith('__Host-session=') && /HttpOnly/.test(c))).toBe(true);
    // With the expired ID token gone, the page offers to bring the session back.
    expect(await (await get('alpha.test', '/account', { cookie: refreshCookie })).text()).toContain('data-refresh=""');

    const out = await p.app.request('/auth/session/logout', { method: 'POST', headers: { host: 'alpha.test', cookie, ...PAGE } });
    expect(out.status).toBe(204);
    const cleared = cookiesOf(out);
    expect(cleared.map((c) => c.split('=')[0]).sort()).toEqual(['__Host-access', '__Host-refresh', '__Host-session']);
    for (const c of cleared) expect(c).toMatch(/Max-Age=0/);
    // The old cookie no longer acts, and its refresh token is revoked.
    const write = await p.app.request('/auth/session/logout', { method: 'POST', headers: { host: 'alpha.test', cookie, ...PAGE } });
    expect(write.status).toBe(401);
    expect((await p.app.request('/auth/session/refresh', { method: 'POST', headers: { host: 'alpha.test', cookie: refreshCookie, ...PAGE } })).status).toBe(
      401,
    );
  });

  it('sign-out with only the refresh cookie left (the ID token cookie expired) still ends the session', async () => {
    const { cookie } = await signInWithCookies('alpha.test', '/auth/session', 'customer@alpha.example');
    const refreshOnly = cookie.split('; ').find((c) => c.startsWith('__Host-refresh='))!;
    const out = await p.app.request('/auth/session/logout', { method: 'POST', headers: { host: 'alpha.test', cookie: refreshOnly, ...PAGE } });
    expect(out.status).toBe(204);
    // The session is over: its refresh token refreshes nothing, and the ID token it had is refused.
    expect((await p.app.request('/auth/session/refresh', { method: 'POST', headers: { host: 'alpha.test', cookie: refreshOnly, ...PAGE } })).status).toBe(401);
    expect((await get('alpha.test', '/auth/me', { cookie })).status).toBe(401);
  });

  it('a cookie whose session ended elsewhere makes pages read as signed out, and writes a 401', async () => {
    const { cookie } = await signInWithCookies('alpha.test', '/auth/session', 'customer@alpha.example');
    const idToken = cookie
      .split('; ')
      .find((c) => c.startsWith('__Host-session='))!
      .slice('__Host-session='.length);
    // The same session signed out through the JSON API (another device of the same account, say).
    expect((await client(p.app, 'alpha.test', idToken)('POST', '/auth/logout', {})).status).toBe(204);
    const home = await get('alpha.test', '/', { cookie });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Sign in or sign up');
    expect(
      cookiesOf(home)
        .map((c) => c.split('=')[0])
        .sort(),
    ).toEqual(['__Host-access', '__Host-refresh', '__Host-session']);
    expect((await get('alpha.test', '/auth/me', { cookie })).status).toBe(401);
    const write = await p.app.request('/auth/session/logout', { method: 'POST', headers: { host: 'alpha.test', cookie, ...PAGE } });
    expect(write.status).toBe(401);
  });

  it('operators sign in and out with cookies on the platform host only', async () => {
    const { cookie } = await signInWithCookies('localhost:3000', '/platform/auth/session', 'operator@platform.example');
    expect((await get('localhost:3000', '/platform/tenants', { cookie })).status).toBe(200);
    expect(await (await get('localhost:3000', '/platform', { cookie })).text()).toMatch(/<div id="workspace">/);
    const out = await p.app.request('/platform/auth/session/logout', { method: 'POST', headers: { host: 'localhost:3000', cookie, ...PAGE } });
    expect(out.status).toBe(204);
    const suspend = await p.app.request('/platform/tenants/gamma/suspend', { method: 'POST', headers: { host: 'localhost:3000', cookie, ...PAGE } });
    expect(suspend.status).toBe(401);
    expect(
      (
        await p.app.request('/platform/auth/session', {
          method: 'POST',
          headers: { host: 'alpha.test', 'content-type': 'application/json', ...PAGE },
          body: '{}',
        })
      ).status,
    ).toBe(404);
  });
});
