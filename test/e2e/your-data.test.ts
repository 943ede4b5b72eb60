import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { client, testPlatform } from '../support/platform';

/** "Your data" on the account page (docs/privacy.md): the download, and the account's deletion. */
describe.skipIf(!hasChromium)('a customer’s own data in a real browser', () => {
  const suite = browserSuite(() => testPlatform({ manifests: browserManifests, realTokens: true }));

  it('downloads their data, then deletes the account with the password and the confirmation, and is signed out for good', async () => {
    const email = 'leaving@example.com';
    const password = 'Leav1ng-for-good';
    expect((await client(suite.platform.app, 'alpha.localhost')('POST', '/auth/signup', { email, password, name: 'Leaving' })).status).toBe(201);
    const page = await (await suite.browser.newContext({ acceptDownloads: true })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(suite.server.urlFor('alpha.localhost', '/account'));
    const login = page.locator('#login-form');
    await login.getByLabel('Email').fill(email);
    await login.getByLabel('Password').fill(password);
    await login.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(suite.server.urlFor('alpha.localhost', '/'));
    await page.goto(suite.server.urlFor('alpha.localhost', '/account'));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download my data' }).click()]);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(data).toMatchObject({ format: 'customer-data/1', account: { email, name: 'Leaving' }, orders: [], wishlist: [] });

    const form = page.locator('#delete-account-form');
    await form.getByLabel('Your password').fill('Not-my-passw0rd');
    await form.getByLabel('I understand that this cannot be undone').check();
    await form.getByRole('button', { name: 'Delete my account' }).click();
    await page.locator('#your-data-status', { hasText: 'not this account’s password' }).waitFor();

    await form.getByLabel('Your password').fill(password);
    await form.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL(suite.server.urlFor('alpha.localhost', '/'));
    await expect(page.locator('#account-link').textContent()).resolves.toBe('Sign in or sign up');
    expect((await client(suite.platform.app, 'alpha.localhost')('POST', '/auth/login', { email, password })).status).toBe(401);
    await page.close();
  });
});
