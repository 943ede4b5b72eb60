import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoUsers, type DemoTotpSecrets } from '../../src/identity/demo-users';
import { totpCode } from '../../src/identity/mfa';
import { tenantContext } from '../../src/tenants/tenant';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { testPlatform } from '../support/platform';

/** The owner schedules a sale of a variant in the console, sees it pending with its end, and cancels it. */
describe.skipIf(!hasChromium)('the console’s scheduled prices', () => {
  let totp: DemoTotpSecrets;
  const suite = browserSuite(async () => {
    const p = await testPlatform({ realTokens: true, manifests: browserManifests });
    totp = await seedDemoUsers(browserManifests, p.identity);
    const beta = tenantContext((await p.registry.get('beta'))!);
    await p.catalog.create(beta, 'seed', {
      name: 'Desk Lamp',
      description: '',
      status: 'active',
      tags: [],
      sku: 'LAMP-1',
      price: { amount: 4990, currency: 'EUR' },
      stock: 3,
    });
    return p;
  });
  const pageErrors: string[] = [];

  async function signedInOwner(): Promise<Page> {
    const page = await (await suite.browser.newContext()).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(8000);
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

  it('schedules a sale with an end, lists it, and cancels it', async () => {
    const page = await signedInOwner();
    const form = page.locator('#price-change-form');
    const status = (text: string) => page.locator('#price-change-status', { hasText: text }).waitFor();
    // Disabled until the variants and the pending list are in.
    await page.locator('#price-changes tbody tr', { hasText: 'Nothing scheduled.' }).waitFor();
    await expect(form.getByRole('button', { name: 'Schedule' }).isEnabled()).resolves.toBe(true);
    await expect(form.getByLabel('Variant').locator('option').allTextContents()).resolves.toContain('Desk Lamp — LAMP-1 (49.90 EUR)');

    await form.getByLabel('New price').fill('39.90');
    await form.getByLabel('Compare-at (was)').fill('49.90');
    await form.getByLabel('Starts').fill('2030-11-29T00:00');
    await form.getByLabel('Ends (back to today’s price)').fill('2030-12-02T00:00');
    await form.getByRole('button', { name: 'Schedule' }).click();
    await status('Scheduled.');
    const row = page.locator('#price-changes tbody tr', { hasText: 'Desk Lamp' });
    await expect(row.textContent()).resolves.toMatch(/LAMP-1.*New price.*39\.90 EUR \(was 49\.90 EUR\)/);

    await row.getByRole('button', { name: 'Cancel' }).click();
    await status('Cancelled.');
    await page.locator('#price-changes tbody tr', { hasText: 'Nothing scheduled.' }).waitFor();
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
