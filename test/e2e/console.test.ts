import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoUsers, type DemoTotpSecrets } from '../../src/identity/demo-users';
import { totpCode } from '../../src/identity/mfa';
import { browserSuite, hasChromium } from '../support/browser';
import { client, testManifests, testPlatform } from '../support/platform';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe.skipIf(!hasChromium)('store console in a real browser', () => {
  let totp: DemoTotpSecrets;
  const suite = browserSuite(async () => {
    const p = await testPlatform({ realTokens: true });
    totp = await seedDemoUsers(testManifests, p.identity);
    return p;
  });

  /**
   * Admins and the operator are enrolled in TOTP, and the consoles do not show the MFA challenge
   * yet: they sign in through the API (password, then code) and the page starts with that token
   * where the console keeps it. The sign-in form itself is exercised by the clerk.
   */
  async function tokenWithCode(host: string, path: '/auth' | '/platform/auth', email: string, username: string) {
    const api = client(suite.platform.app, host);
    const first = await api('POST', `${path}/login`, { email, password: DEMO_PASSWORD });
    const answered = await api('POST', `${path}/mfa/challenge`, { email, session: first.body.session, code: totpCode(totp.get(username)!) });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    return answered.body.idToken as string;
  }

  const pageErrors: string[] = [];
  async function signIn(host: string, email: string): Promise<Page> {
    const page = await (await suite.browser.newContext()).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
    page.setDefaultTimeout(8000);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(suite.server.urlFor(host, '/admin'));
    const enrolled = totp.get(`${host.split('.')[0]}:${email}`);
    if (enrolled) {
      const token = await tokenWithCode(host, '/auth', email, `${host.split('.')[0]}:${email}`);
      await page.evaluate(`localStorage.setItem('idToken', ${JSON.stringify(token)})`);
      await page.reload();
    } else {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await page.locator('#workspace').waitFor({ state: 'visible' });
    return page;
  }

  it('an admin creates a product, uploads an image and adjusts stock', async () => {
    const page = await signIn('alpha.test', 'a@alpha.test');
    const form = page.locator('#product-form');
    await form.getByLabel('Name').fill('Console Boot');
    await form.getByLabel('SKU').fill('CON-1');
    await form.getByLabel('Price').fill('59.90');
    await form.getByLabel('Status').selectOption('active');
    await form.getByLabel('Initial stock').fill('4');
    await form.getByRole('button', { name: 'Create product' }).click();
    const row = page.locator('#inventory tbody tr', { hasText: 'Console Boot' });
    await row.waitFor({ timeout: 5000 }).catch(async (error) => {
      throw new Error(`${error.message}; status: ${await page.locator('#console-status').textContent()}; errors: ${pageErrors.join(' | ')}`);
    });
    await expect(row.getByTestId('stock').textContent()).resolves.toBe('4');

    await row.getByLabel('Upload an image for Console Boot').setInputFiles({ name: 'boot.png', mimeType: 'image/png', buffer: PNG });
    await page.waitForFunction("document.getElementById('console-status').textContent === 'Image added.'").catch(async (error) => {
      throw new Error(`${error.message}; status: ${await page.locator('#console-status').textContent()}; errors: ${pageErrors.join(' | ')}`);
    });
    await expect(page.locator('#inventory tbody tr', { hasText: 'Console Boot' }).locator('.images').textContent()).resolves.toBe('1 image(s)');

    const again = page.locator('#inventory tbody tr', { hasText: 'Console Boot' });
    await again.getByLabel('Change stock of Console Boot by').fill('-3');
    await again.getByLabel('Reason').selectOption('sale');
    await again.getByRole('button', { name: 'Adjust' }).click();
    await page.waitForFunction("document.getElementById('console-status').textContent === 'Stock 4 → 1.'");
    // Low stock means out of stock or at or under the product's threshold (this one has none).
    await page.getByLabel('Low stock only').check();
    await expect(page.locator('#inventory tbody tr', { hasText: 'Console Boot' }).count()).resolves.toBe(0);
    await page.getByLabel('Low stock only').uncheck();
    await page.locator('#inventory tbody tr', { hasText: 'Console Boot' }).getByRole('button', { name: 'History' }).click();
    await expect(page.locator('#history li').first().textContent()).resolves.toContain('-3 (sale) 4 → 1');

    // The storefront shows it with its image.
    const store = await suite.browser.newPage();
    await store.goto(suite.server.urlFor('alpha.test', '/?q=console'));
    await expect(store.getByTestId('product-card').locator('img').count()).resolves.toBe(1);
    await store.close();
    await page.close();
  });

  it('prices follow the currency’s minor unit (yen has none, dinar three)', async () => {
    const page = await signIn('alpha.test', 'a@alpha.test');
    const form = page.locator('#product-form');
    for (const [name, sku, price, currency, shown] of [['Yen Sandal', 'CON-JPY', '1500', 'JPY', '1500 JPY'], ['Dinar Clog', 'CON-KWD', '12.345', 'KWD', '12.345 KWD']]) {
      await form.getByLabel('Name').fill(name!);
      await form.getByLabel('SKU').fill(sku!);
      await form.getByLabel('Price').fill(price!);
      await form.getByLabel('Currency').fill(currency!);
      await form.getByLabel('Initial stock').fill('1');
      await form.getByRole('button', { name: 'Create product' }).click();
      const row = page.locator('#inventory tbody tr', { hasText: name! });
      await row.waitFor({ timeout: 5000 });
      await expect(row.textContent()).resolves.toContain(shown);
    }
    await page.close();
  });

  it('a clerk adjusts stock but sees no product editing or users', async () => {
    const page = await signIn('alpha.test', 'clerk@alpha.example');
    await expect(page.locator('#products-section').isHidden()).resolves.toBe(true);
    await expect(page.locator('#users-section').isHidden()).resolves.toBe(true);
    const row = page.locator('#inventory tbody tr', { hasText: 'Console Boot' });
    await row.waitFor();
    await expect(row.getByRole('button', { name: 'Edit' }).count()).resolves.toBe(0);
    await expect(row.getByRole('button', { name: 'Delete' }).count()).resolves.toBe(0);
    await row.getByLabel('Change stock of Console Boot by').fill('5');
    await row.getByRole('button', { name: 'Adjust' }).click();
    await page.waitForFunction("document.getElementById('console-status').textContent === 'Stock 1 → 6.'");
    await page.close();
  });

  it("store B's admin never sees store A's products", async () => {
    const page = await signIn('beta.test', 'b@beta.test');
    await page.locator('#inventory tbody tr').first().waitFor();
    expect(await page.locator('#inventory').textContent()).not.toContain('Console Boot');
    await page.close();
  });

  it('an admin manages roles in the users list', async () => {
    const page = await signIn('alpha.test', 'a@alpha.test');
    const row = page.locator('#users tbody tr', { hasText: 'customer@alpha.example' });
    await row.waitFor();
    await row.getByLabel('Role of customer@alpha.example').selectOption('clerk');
    await page.waitForFunction("document.getElementById('console-status').textContent.includes('is now clerk')");
    await page.close();
  });

  it('an operator onboards, suspends and resumes a store', async () => {
    const page = await (await suite.browser.newContext()).newPage();
    page.setDefaultTimeout(8000);
    await page.goto(suite.server.urlFor('platform.test', '/platform'));
    const token = await tokenWithCode('platform.test', '/platform/auth', 'operator@platform.example', 'platform:operator@platform.example');
    await page.evaluate(`sessionStorage.setItem('operatorToken', ${JSON.stringify(token)})`);
    await page.reload();
    await page.locator('#tenants tbody tr', { hasText: 'Alpha Store' }).waitFor();

    const form = page.locator('#onboard-form');
    await form.getByLabel('Name', { exact: true }).fill('Delta Store');
    await form.getByLabel('Slug').fill('delta');
    await form.getByLabel('Domains (comma-separated)').fill('delta.test');
    await form.getByLabel("First admin's email").fill('owner@delta.test');
    await form.getByLabel("First admin's name").fill('Owner');
    await form.getByRole('button', { name: 'Onboard' }).click();
    await page.waitForFunction("document.getElementById('console-status').textContent.includes('temporary password')");

    const row = page.locator('#tenants tbody tr', { hasText: 'Delta Store' });
    await row.getByRole('button', { name: 'Suspend' }).click();
    await page.waitForFunction("document.getElementById('console-status').textContent === 'Delta Store is now suspended.'");
    const store = await suite.browser.newPage();
    expect((await store.goto(suite.server.urlFor('delta.test')))?.status()).toBe(403);
    await page.locator('#tenants tbody tr', { hasText: 'Delta Store' }).getByRole('button', { name: 'Resume' }).click();
    await page.waitForFunction("document.getElementById('console-status').textContent === 'Delta Store is now active.'");
    expect((await store.goto(suite.server.urlFor('delta.test')))?.status()).toBe(200);
    await store.close();
    await page.close();
  });
});
