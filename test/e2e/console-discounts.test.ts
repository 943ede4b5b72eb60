import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoUsers, type DemoTotpSecrets } from '../../src/identity/demo-users';
import { totpCode } from '../../src/identity/mfa';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { testPlatform } from '../support/platform';

/** An admin manages discounts in the console: creates a code, sees it listed with its uses, edits it, deletes it. */
describe.skipIf(!hasChromium)('the console’s discounts', () => {
  let totp: DemoTotpSecrets;
  const suite = browserSuite(async () => {
    const p = await testPlatform({ realTokens: true, manifests: browserManifests });
    totp = await seedDemoUsers(browserManifests, p.identity);
    return p;
  });
  const pageErrors: string[] = [];

  async function signedInAdmin(): Promise<Page> {
    const page = await (await suite.browser.newContext()).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(8000);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(suite.server.urlFor('beta.localhost', '/admin'));
    const form = page.locator('#signin-form');
    await form.getByLabel('Email').fill('b@beta.test');
    await form.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    const secret = totp.get('beta:b@beta.test');
    if (secret) {
      await form.locator('#mfa-code').waitFor({ state: 'visible' });
      await form.getByLabel('Code from your authenticator app').fill(totpCode(secret));
      await form.getByRole('button', { name: 'Sign in' }).click();
    }
    await page.locator('#workspace').waitFor({ state: 'visible' });
    return page;
  }

  it('creates a code with a limit, lists it with its uses, edits and deletes it', async () => {
    const page = await signedInAdmin();
    const form = page.locator('#discount-form');
    await form.getByLabel('Title').fill('Spring');
    await form.getByLabel('Code', { exact: true }).fill('spring15');
    await form.getByLabel('Value (% or amount)').fill('15');
    await form.getByLabel('Uses in total (optional)').fill('50');
    await form.getByRole('button', { name: 'Save discount' }).click();
    await page.locator('#discount-status', { hasText: 'Saved “Spring”.' }).waitFor();
    const row = page.locator('#discount-list tbody tr', { hasText: 'Spring' });
    await expect(row.textContent()).resolves.toContain('Code SPRING15');
    await expect(row.textContent()).resolves.toContain('15 % off');
    await expect(row.textContent()).resolves.toContain('0 of 50');

    await row.getByRole('button', { name: 'Edit' }).click();
    await expect(form.getByLabel('Value (% or amount)').inputValue()).resolves.toBe('15');
    await form.getByLabel('Kind').selectOption('fixed-order');
    await form.getByLabel('Value (% or amount)').fill('5');
    await form.getByRole('button', { name: 'Save discount' }).click();
    await page.locator('#discount-list tbody tr', { hasText: 'off the order' }).waitFor();
    await expect(page.locator('#discount-form-title').textContent()).resolves.toBe('New discount');

    await page.locator('#discount-list tbody tr', { hasText: 'Spring' }).getByRole('button', { name: 'Delete' }).click();
    await page.locator('#discount-status', { hasText: 'Deleted “Spring”.' }).waitFor();
    await expect(page.locator('#discount-list tbody tr').count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('creates a buy X get Y with its own "get" target, uses per order and a minimum quantity; the API and the edit form give every field back', async () => {
    const page = await signedInAdmin();
    const form = page.locator('#discount-form');
    await expect(form.locator('#discount-get').isHidden()).resolves.toBe(true);
    await form.getByLabel('Title').fill('Socks on us');
    await form.getByLabel('Code', { exact: true }).fill('socks');
    await form.getByLabel('Kind').selectOption('buy-x-get-y');
    await expect(form.locator('#discount-get').isVisible()).resolves.toBe(true);
    await form.getByLabel('Customer buys').selectOption('products');
    await form.getByLabel('Their ids (comma-separated)').first().fill('shoe-1, shoe-2');
    await form.getByLabel('Minimum requirement').selectOption('quantity');
    await form.getByLabel('Minimum (amount or items)').fill('3');
    await form.getByLabel('Buy (units)').fill('2');
    await form.getByLabel('Get (units)').fill('1');
    await form.getByLabel('Customer gets').selectOption('collections');
    await form.locator('input[name=getTargetIds]').fill('socks');
    await form.getByLabel('Uses per order (optional)').fill('2');
    await form.getByRole('button', { name: 'Save discount' }).click();
    await page.locator('#discount-status', { hasText: 'Saved “Socks on us”.' }).waitFor();
    await expect(page.locator('#discount-list tbody tr', { hasText: 'Socks on us' }).textContent()).resolves.toContain('Buy 2, get 1 free, 2× per order');

    // Read back from the API with the page's own session.
    const read = (path: string): Promise<any> => page.evaluate(async (url) => (await fetch(url)).json(), path);
    const listed = (await read('/admin/discounts')).items as { id: string; title: string }[];
    const saved = listed.find((d) => d.title === 'Socks on us');
    expect(saved).toMatchObject({
      method: 'code',
      code: 'SOCKS',
      target: { type: 'products', ids: ['shoe-1', 'shoe-2'] },
      minimum: { type: 'quantity', quantity: 3 },
      effect: {
        type: 'buy-x-get-y',
        buyQuantity: 2,
        getQuantity: 1,
        getTarget: { type: 'collections', ids: ['socks'] },
        percentBp: 10_000,
        maxApplications: 2,
      },
    });

    // Edit shows every field as saved; a half-price "get" replaces "free" and the rest stays.
    await page.locator('#discount-list tbody tr', { hasText: 'Socks on us' }).getByRole('button', { name: 'Edit' }).click();
    await expect(form.getByLabel('Customer gets').inputValue()).resolves.toBe('collections');
    await expect(form.locator('input[name=getTargetIds]').inputValue()).resolves.toBe('socks');
    await expect(form.getByLabel('Uses per order (optional)').inputValue()).resolves.toBe('2');
    await expect(form.getByLabel('Minimum requirement').inputValue()).resolves.toBe('quantity');
    await expect(form.getByLabel('Minimum (amount or items)').inputValue()).resolves.toBe('3');
    await form.getByLabel('The items got are').selectOption('percentage');
    await form.getByLabel('Percentage off the items got').fill('50');
    await form.getByRole('button', { name: 'Save discount' }).click();
    await page.locator('#discount-list tbody tr', { hasText: 'at 50 % off' }).waitFor();
    const replaced = await read(`/admin/discounts/${saved!.id}`);
    expect(replaced).toMatchObject({
      target: { type: 'products', ids: ['shoe-1', 'shoe-2'] },
      minimum: { type: 'quantity', quantity: 3 },
      effect: { type: 'buy-x-get-y', buyQuantity: 2, getQuantity: 1, getTarget: { type: 'collections', ids: ['socks'] }, percentBp: 5000, maxApplications: 2 },
      version: 2,
    });
    expect(pageErrors).toEqual([]);
  });
});
