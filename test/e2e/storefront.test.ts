import { describe, expect, it } from 'vitest';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { seedDemoUsers } from '../../src/identity/demo-users';
import { usernameFor } from '../../src/identity/provider';
import { signInAnsweringMfa } from '../support/sign-in';
import { client, testPlatform } from '../support/platform';

describe.skipIf(!hasChromium)('storefront in a real browser', () => {
  const suite = browserSuite(async () => {
    // Real pool tokens: the pages' session cookie holds one, verified like any other.
    const p = await testPlatform({ manifests: browserManifests, realTokens: true });
    const totp = await seedDemoUsers(browserManifests, p.identity);
    const adminToken = async (host: string, email: string) => (await signInAnsweringMfa(p.app, host, email, totp)).idToken;
    const alpha = client(p.app, 'alpha.localhost', await adminToken('alpha.localhost', 'a@alpha.test'));
    const products = [
      { name: 'Trail Runner', sku: 'E2E-1', price: { amount: 8999, currency: 'EUR' }, stock: 12, tags: ['running'] },
      { name: 'Hiking Boot', sku: 'E2E-2', price: { amount: 14950, currency: 'EUR' }, stock: 0, tags: ['hiking'] },
      { name: 'Rain Boot', sku: 'E2E-3', price: { amount: 4500, currency: 'EUR' }, stock: 3, tags: ['rain'] },
      { name: 'Beach Sandal', sku: 'E2E-4', price: { amount: 2499, currency: 'EUR' }, stock: 40, tags: ['summer'] },
    ];
    for (const product of products) await alpha('POST', '/admin/products', { ...product, status: 'active' });
    await client(p.app, 'beta.localhost', await adminToken('beta.localhost', 'b@beta.test'))('POST', '/admin/products', {
      name: 'Beta Secret Book',
      sku: 'B-1',
      price: { amount: 100, currency: 'EUR' },
      status: 'active',
      stock: 1,
    });
    return p;
  });

  it('a visitor searches, filters and sorts a store, and opens a product', async () => {
    const page = await suite.browser.newPage();
    await page.goto(suite.server.urlFor('alpha.localhost'));
    await expect(page.title()).resolves.toBe('Catalog · Alpha Store');
    expect(await page.getByTestId('product-card').count()).toBe(4);

    await page.getByLabel('Search', { exact: true }).fill('boot');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/q=boot/);
    expect(await page.getByTestId('product-card').locator('h3').allTextContents()).toEqual(expect.arrayContaining(['Hiking Boot', 'Rain Boot']));
    expect(await page.getByTestId('product-card').count()).toBe(2);

    await page.getByLabel('In stock only').check();
    await page.getByLabel('Sort by').selectOption('price-asc');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/inStock=true/);
    expect(await page.getByTestId('product-card').locator('h3').allTextContents()).toEqual(['Rain Boot']);
    // Visitors learn whether they can buy it, not how many are left (counts are the store's).
    await expect(page.getByTestId('product-card').locator('.stock').textContent()).resolves.toBe('In stock');

    await page.goto(suite.server.urlFor('alpha.localhost', '/?sort=price-asc&max=100'));
    expect(await page.getByTestId('product-card').locator('h3').allTextContents()).toEqual(['Beach Sandal', 'Rain Boot', 'Trail Runner']);

    await page.getByRole('link', { name: /Trail Runner/ }).click();
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Trail Runner');
    await expect(page.locator('.price').first().textContent()).resolves.toBe('€89.99');
    await page.close();
  });

  it('shows each store only its own products', async () => {
    const page = await suite.browser.newPage();
    await page.goto(suite.server.urlFor('alpha.localhost'));
    expect(await page.content()).not.toContain('Beta Secret Book');
    await page.goto(suite.server.urlFor('beta.localhost'));
    expect(await page.getByTestId('product-card').locator('h3').allTextContents()).toEqual(['Beta Secret Book']);
    const unknown = await page.goto(suite.server.urlFor('nobody.localhost'));
    expect(unknown?.status()).toBe(404);
    await page.close();
  });

  it('a customer signs up, is signed in, and signs out', async () => {
    const page = await suite.browser.newPage();
    await page.goto(suite.server.urlFor('alpha.localhost', '/account'));
    const signUp = page.locator('#signup-form');
    await signUp.getByLabel('Name').fill('Browser Shopper');
    await signUp.getByLabel('Email').fill('browser@example.com');
    await signUp.getByLabel(/^Password/).fill('weak');
    await signUp.getByRole('button', { name: 'Create account' }).click();
    // The browser's own minlength check or the API's 422 stops a weak password.
    await expect(page.url()).toContain('/account');
    await signUp.getByLabel(/^Password/).fill('Br0wser-shopper');
    await signUp.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(suite.server.urlFor('alpha.localhost', '/'));
    await expect(page.locator('#account-link').textContent()).resolves.toBe('Signed in as browser@example.com');

    await page.goto(suite.server.urlFor('alpha.localhost', '/account'));
    const login = page.locator('#login-form');
    await page.locator('#sign-out').click();
    await page.waitForURL(suite.server.urlFor('alpha.localhost', '/'));
    await expect(page.locator('#account-link').textContent()).resolves.toBe('Sign in or sign up');

    await page.goto(suite.server.urlFor('alpha.localhost', '/account'));
    await login.getByLabel('Email').fill('browser@example.com');
    await login.getByLabel('Password').fill('Wrong-passw0rd');
    await login.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#account-status', { hasText: 'Wrong email or password' }).waitFor();
    await login.getByLabel('Password').fill('Br0wser-shopper');
    await login.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(suite.server.urlFor('alpha.localhost', '/'));
    await expect(page.locator('#account-link').textContent()).resolves.toBe('Signed in as browser@example.com');
    await page.close();
  });

  it('a customer who forgot their password gets a code, sets a new password and signs in with it', async () => {
    const email = 'forgetful@example.com';
    expect((await client(suite.platform.app, 'alpha.localhost')('POST', '/auth/signup', { email, password: 'Old-Passw0rd-1' })).status).toBe(201);
    const page = await (await suite.browser.newContext()).newPage();
    page.setDefaultTimeout(8000);
    await page.goto(suite.server.urlFor('alpha.localhost', '/account'));
    await page.locator('#login-form').getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    // The reset stands in for the sign-in and sign-up forms, with the email typed so far.
    await expect(page.locator('#account-forms').isHidden()).resolves.toBe(true);
    const reset = page.locator('#password-reset');
    await expect(reset.getByLabel('Email', { exact: true }).inputValue()).resolves.toBe(email);
    await reset.getByRole('button', { name: 'Email me a code' }).click();
    await reset.getByLabel('Code from the email').waitFor({ state: 'visible' });
    await reset.locator('#reset-status', { hasText: 'we have emailed it a code' }).waitFor();

    const code = await suite.platform.cognito.mailbox?.lastCode(usernameFor({ id: 'alpha' }, email));
    expect(code).toMatch(/^\d{6}$/);
    // A wrong code is refused with the API's words, and the step stays open.
    await reset.getByLabel('Code from the email').fill(code === '000000' ? '111111' : '000000');
    await reset.getByLabel(/^New password/).fill('New-Passw0rd-2');
    await reset.getByRole('button', { name: 'Set the new password' }).click();
    await reset.locator('#reset-status', { hasText: 'wrong or has expired' }).waitFor();
    await expect(reset.getByLabel('Code from the email').isVisible()).resolves.toBe(true);

    await reset.getByLabel('Code from the email').fill(code!);
    await reset.getByLabel(/^New password/).fill('New-Passw0rd-2');
    await reset.getByRole('button', { name: 'Set the new password' }).click();
    await reset.locator('#reset-status', { hasText: 'Your password has been changed' }).waitFor();

    await reset.getByRole('button', { name: 'Sign in' }).click();
    const login = page.locator('#login-form');
    await login.waitFor({ state: 'visible' });
    await expect(login.getByLabel('Email').inputValue()).resolves.toBe(email);
    await login.getByLabel('Password').fill('Old-Passw0rd-1');
    await login.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#account-status', { hasText: 'Wrong email or password' }).waitFor();
    await login.getByLabel('Password').fill('New-Passw0rd-2');
    await login.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(suite.server.urlFor('alpha.localhost', '/'));
    await expect(page.locator('#account-link').textContent()).resolves.toBe(`Signed in as ${email}`);
    await page.close();
  });

  it('fits a phone screen without horizontal scrolling', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 360, height: 740 } });
    for (const path of ['/', '/account']) {
      await page.goto(suite.server.urlFor('alpha.localhost', path));
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    }
    await page.close();
  });
});
