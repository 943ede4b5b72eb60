import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoUsers, type DemoTotpSecrets } from '../../src/identity/demo-users';
import { totpCode } from '../../src/identity/mfa';
import { PLANS, type PlanBook } from '../../src/plans/plans';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { testPlatform } from '../support/platform';

/**
 * The real plans, but once the stores are seeded basic allows no staff account: a store with any
 * staff is over it after a downgrade. (The platform reads the book at each check, so the limit can
 * drop after the seed, which itself creates staff.)
 */
const basicLimits = { ...PLANS.basic.limits };
const NO_STAFF_ON_BASIC: PlanBook = { ...PLANS, basic: { ...PLANS.basic, limits: basicLimits } };
const OPERATOR = 'operator@platform.example';

describe.skipIf(!hasChromium)('the operator console’s plans', () => {
  let totp: DemoTotpSecrets;
  const suite = browserSuite(async () => {
    const p = await testPlatform({ realTokens: true, manifests: browserManifests, plans: NO_STAFF_ON_BASIC });
    totp = await seedDemoUsers(browserManifests, p.identity);
    basicLimits.staff = 0;
    return p;
  });

  async function signedInOperator(): Promise<Page> {
    const page = await (await suite.browser.newContext()).newPage();
    page.setDefaultTimeout(8000);
    await page.goto(suite.server.urlFor('localhost', '/platform'));
    const form = page.locator('#signin-form');
    await form.getByLabel('Email').fill(OPERATOR);
    await form.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    const secret = totp.get(`platform:${OPERATOR}`);
    if (secret) {
      await form.locator('#mfa-code').waitFor({ state: 'visible' });
      await form.getByLabel('Code from your authenticator app').fill(totpCode(secret));
      await form.getByRole('button', { name: 'Sign in' }).click();
    }
    await page.locator('#tenants tbody tr', { hasText: 'Beta Store' }).waitFor();
    return page;
  }

  it('a downgrade below what the store holds is made, and the row and the status say what is over', async () => {
    const page = await signedInOperator();
    const row = () => page.locator('#tenants tbody tr', { hasText: 'Beta Store' });
    await expect(row().getByLabel('Plan of Beta Store').inputValue()).resolves.toBe('standard');
    await expect(row().getByTestId('over').count()).resolves.toBe(0);

    await row().getByLabel('Plan of Beta Store').selectOption('basic');
    await page.locator('#console-status', { hasText: 'Beta Store is now on Basic. Over the plan: staff accounts' }).waitFor();
    await expect(row().getByLabel('Plan of Beta Store').inputValue()).resolves.toBe('basic');
    await expect(row().getByTestId('over').textContent()).resolves.toBe('Over the plan: staff accounts');

    // Back up: nothing is over any more.
    await row().getByLabel('Plan of Beta Store').selectOption('standard');
    await page.locator('#console-status', { hasText: /^Beta Store is now on Standard\.$/ }).waitFor();
    await expect(row().getByTestId('over').count()).resolves.toBe(0);
    await page.close();
  });
});
