import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoUsers, type DemoTotpSecrets } from '../../src/identity/demo-users';
import { totpCode } from '../../src/identity/mfa';
import { usernameFor } from '../../src/identity/provider';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { client, testPlatform } from '../support/platform';
import { tenantContext } from '../../src/tenants/tenant';
import { signInAnsweringMfa } from '../support/sign-in';
import { answerCodeIfAsked, signInToConsole } from '../support/console-sign-in';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

// The pages' CSP forbids eval, so waits are on locators, never on waitForFunction strings.
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const statusIs = (page: Page, text: string) => page.locator('#console-status', { hasText: new RegExp(`^${escapeRegExp(text)}$`) }).waitFor();
const statusIncludes = (page: Page, text: string) => page.locator('#console-status', { hasText: text }).waitFor();

describe.skipIf(!hasChromium)('store console in a real browser', () => {
  let totp: DemoTotpSecrets;
  const suite = browserSuite(async () => {
    const p = await testPlatform({ realTokens: true, manifests: browserManifests });
    totp = await seedDemoUsers(browserManifests, p.identity);
    return p;
  });

  const pageErrors: string[] = [];
  const signIn = (host: string, email: string) => signInToConsole(suite.browser, { url: suite.server.urlFor(host, '/admin'), host, email, totp, pageErrors });

  it('an admin creates a product, uploads an image and adjusts stock', async () => {
    const page = await signIn('alpha.localhost', 'a@alpha.test');
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
    await statusIs(page, 'Image added.').catch(async (error) => {
      throw new Error(`${error.message}; status: ${await page.locator('#console-status').textContent()}; errors: ${pageErrors.join(' | ')}`);
    });
    await expect(page.locator('#inventory tbody tr', { hasText: 'Console Boot' }).locator('.images').textContent()).resolves.toBe('1 image(s)');

    const again = page.locator('#inventory tbody tr', { hasText: 'Console Boot' });
    await again.getByLabel('Change stock of Console Boot by').fill('-3');
    await again.getByLabel('Reason').selectOption('sale');
    await again.getByRole('button', { name: 'Adjust' }).click();
    await statusIs(page, 'Stock 4 → 1.');
    // Low stock means out of stock or at or under the product's threshold (this one has none).
    await page.getByLabel('Low stock only').check();
    await expect(page.locator('#inventory tbody tr', { hasText: 'Console Boot' }).count()).resolves.toBe(0);
    await page.getByLabel('Low stock only').uncheck();
    await page.locator('#inventory tbody tr', { hasText: 'Console Boot' }).getByRole('button', { name: 'History' }).click();
    await expect(page.locator('#history li').first().textContent()).resolves.toContain('-3 (sale) 4 → 1');
    // Nothing the page does runs into its content security policy.
    expect(pageErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);

    // The storefront shows it with its image.
    const store = await suite.browser.newPage();
    await store.goto(suite.server.urlFor('alpha.localhost', '/?q=console'));
    await expect(store.getByTestId('product-card').locator('img').count()).resolves.toBe(1);
    await store.close();
    await page.close();
  });

  /** Prices are in the store's currency (its settings): the store changes currency between products. */
  async function setCurrency(currency: string) {
    const tenant = tenantContext((await suite.platform.registry.get('alpha'))!);
    await suite.platform.settings.update(tenant, 'test', { ...(await suite.platform.settings.current(tenant)), currency });
  }

  it('prices follow the currency’s minor unit (yen has none, dinar three)', async () => {
    const page = await signIn('alpha.localhost', 'a@alpha.test');
    const form = page.locator('#product-form');
    for (const [name, sku, price, currency, shown] of [
      ['Yen Sandal', 'CON-JPY', '1500', 'JPY', '1500 JPY'],
      ['Dinar Clog', 'CON-KWD', '12.345', 'KWD', '12.345 KWD'],
    ]) {
      await setCurrency(currency!);
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
    await setCurrency('EUR');
    await page.close();
  });

  it('a clerk adjusts stock but sees no product editing or users', async () => {
    const page = await signIn('alpha.localhost', 'clerk@alpha.example');
    await expect(page.locator('#products-section').isHidden()).resolves.toBe(true);
    await expect(page.locator('#users-section').isHidden()).resolves.toBe(true);
    const row = page.locator('#inventory tbody tr', { hasText: 'Console Boot' });
    await row.waitFor();
    await expect(row.getByRole('button', { name: 'Edit' }).count()).resolves.toBe(0);
    await expect(row.getByRole('button', { name: 'Delete' }).count()).resolves.toBe(0);
    await row.getByLabel('Change stock of Console Boot by').fill('5');
    await row.getByRole('button', { name: 'Adjust' }).click();
    await statusIs(page, 'Stock 1 → 6.');
    await page.close();
  });

  it("store B's admin never sees store A's products", async () => {
    const page = await signIn('beta.localhost', 'b@beta.test');
    await page.locator('#inventory tbody tr').first().waitFor();
    expect(await page.locator('#inventory').textContent()).not.toContain('Console Boot');
    await page.close();
  });

  it('an admin sets the tax rate and shipping rates; they are kept, and a rate is removed again', async () => {
    const page = await signIn('gamma.localhost', 'g@gamma.test');
    const form = page.locator('#settings-form');
    await page.locator('#settings-form[data-version="0"]').waitFor();
    expect(await form.getByLabel('Currency').inputValue()).toBe('EUR');
    await form.getByLabel('Tax rate (%)').fill('19.5');
    await form.getByLabel('Prices include tax').uncheck();
    await form.getByRole('button', { name: 'Add a shipping rate' }).click();
    const first = form.locator('#shipping-rates tbody tr').nth(0);
    await first.getByLabel('Rate name').fill('Standard');
    await first.getByLabel('Price').fill('4.95');
    // Also sold in USD, this rate priced in it (docs/pricing.md): an entry that is not "CODE amount" is refused first.
    await form.getByLabel('Also sold in').fill('usd');
    await first.getByLabel('Other currencies').fill('USD five');
    await form.getByRole('button', { name: 'Save settings' }).click();
    expect(await first.getByLabel('Other currencies').evaluate((input) => (input as unknown as { validationMessage: string }).validationMessage)).toContain(
      'currency code and an amount',
    );
    await first.getByLabel('Other currencies').fill('USD 5.95');
    await form.getByRole('button', { name: 'Add a shipping rate' }).click();
    const second = form.locator('#shipping-rates tbody tr').nth(1);
    await second.getByLabel('Rate name').fill('Free over 50');
    await second.getByLabel('Price').fill('0');
    await second.getByLabel('Offered from subtotal').fill('50');
    await form.getByLabel('Legal name').fill('Gamma GmbH');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#settings-status', { hasText: 'Saved.' }).waitFor();

    // What the API kept, in its units: basis points and cents.
    const visitor = client(suite.platform.app, 'gamma.localhost');
    const shown = (await visitor('GET', '/store')).body.settings;
    expect(shown).toMatchObject({ taxRate: 1950, pricesIncludeTax: false, sellerName: 'Gamma GmbH', currencies: ['USD'] });
    expect(shown.shippingRates).toEqual([
      { id: 'standard', name: 'Standard', price: 495, minSubtotal: null, prices: { USD: 595 } },
      { id: 'free-over-50', name: 'Free over 50', price: 0, minSubtotal: 5000 },
    ]);

    await page.reload();
    await page.locator('#settings-form[data-version="1"]').waitFor();
    expect(await form.locator('#shipping-rates tbody tr').count()).toBe(2);
    expect(await form.getByLabel('Tax rate (%)').inputValue()).toBe('19.5');
    expect(await form.locator('#shipping-rates tbody tr').nth(0).getByLabel('Other currencies').inputValue()).toBe('USD 5.95');
    await form.locator('#shipping-rates tbody tr').nth(0).getByRole('button', { name: 'Remove' }).click();
    await form.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#settings-status', { hasText: 'Saved.' }).waitFor();
    expect((await visitor('GET', '/store')).body.settings.shippingRates.map((r: { id: string }) => r.id)).toEqual(['free-over-50']);
    await page.close();
  });

  it('an admin manages roles in the users list', async () => {
    const page = await signIn('alpha.localhost', 'a@alpha.test');
    const row = page.locator('#users tbody tr', { hasText: 'customer@alpha.example' });
    await row.waitFor();
    await row.getByLabel('Role of customer@alpha.example').selectOption('clerk');
    await statusIncludes(page, 'is now clerk');
    await page.close();
  });

  it('an operator onboards, suspends and resumes a store', async () => {
    const page = await (await suite.browser.newContext()).newPage();
    page.setDefaultTimeout(8000);
    // The operator console is served on the platform's own hosts only (localhost here).
    await page.goto(suite.server.urlFor('localhost', '/platform'));
    const signInForm = page.locator('#signin-form');
    await signInForm.getByLabel('Email').fill('operator@platform.example');
    await signInForm.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await signInForm.getByRole('button', { name: 'Sign in' }).click();
    await answerCodeIfAsked(signInForm, totp, 'platform:operator@platform.example');
    await page.locator('#tenants tbody tr', { hasText: 'Alpha Store' }).waitFor();

    const form = page.locator('#onboard-form');
    await form.getByLabel('Name', { exact: true }).fill('Delta Store');
    await form.getByLabel('Slug').fill('delta');
    await form.getByLabel('Domains (comma-separated)').fill('delta.localhost');
    await form.getByLabel("First admin's email").fill('owner@delta.test');
    await form.getByLabel("First admin's name").fill('Owner');
    await form.getByRole('button', { name: 'Onboard' }).click();
    await statusIncludes(page, 'temporary password');

    // The list finds it by a prefix of its slug, name or domain, with its plan and a usage slot.
    const search = page.locator('#store-search');
    await search.getByLabel('Find a store').fill('delt');
    await search.getByRole('button', { name: 'Search' }).click();
    await page.locator('#tenants-count', { hasText: '1 store matching “delt”' }).waitFor();
    await expect(page.locator('#tenants tbody tr').count()).resolves.toBe(1);
    const plan = page.locator('#tenants tbody tr').getByLabel('Plan of Delta Store');
    await expect(plan.inputValue()).resolves.toBe('basic');
    // Its usage reads as a line: its requests, its products against the plan, its storage.
    await expect(page.locator('#tenants tbody tr').getByTestId('usage').textContent()).resolves.toMatch(
      /^[\d,]+\sreq\stoday · [\d,]+\sthis\smonth · 0\s\/\s[\d,]+\sproducts · 0\sB$/,
    );

    // The operator upgrades it from the row; the answer and the list say so.
    await plan.selectOption('premium');
    await statusIs(page, 'Delta Store is now on Premium.');
    await expect(page.locator('#tenants tbody tr', { hasText: 'Delta Store' }).getByLabel('Plan of Delta Store').inputValue()).resolves.toBe('premium');
    const described = await page.evaluate(() =>
      fetch('/platform/tenants/delta/plan', { headers: { 'x-csrf': '1' } }).then((r) => r.json() as Promise<{ plan: { name: string } }>),
    );
    expect(described.plan.name).toBe('premium');
    await expect(page.getByRole('link', { name: /usage per store \(CSV\)/ }).getAttribute('href')).resolves.toBe('/platform/usage.csv?limit=100');

    const row = page.locator('#tenants tbody tr', { hasText: 'Delta Store' });
    await row.getByRole('button', { name: 'Suspend' }).click();
    await statusIs(page, 'Delta Store is now suspended.');
    const store = await suite.browser.newPage();
    expect((await store.goto(suite.server.urlFor('delta.localhost')))?.status()).toBe(403);
    await page.locator('#tenants tbody tr', { hasText: 'Delta Store' }).getByRole('button', { name: 'Resume' }).click();
    await statusIs(page, 'Delta Store is now active.');
    expect((await store.goto(suite.server.urlFor('delta.localhost')))?.status()).toBe(200);
    await store.close();

    // Signing out ends the session at the API and leaves no cookie behind.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#signin').waitFor({ state: 'visible' });
    await expect(page.context().cookies()).resolves.toEqual([]);
    await page.close();
  });

  it('a new store owner sets a password, enrols an authenticator app, and signs in with its code next time', async () => {
    const operator = await signInAnsweringMfa(suite.platform.app, 'localhost', 'operator@platform.example', totp, { platform: true });
    const onboarded = await client(suite.platform.app, 'localhost', operator.idToken)('POST', '/platform/tenants', {
      slug: 'epsilon',
      name: 'Epsilon Store',
      domains: ['epsilon.localhost'],
      tier: 'basic',
      firstAdmin: { email: 'owner@epsilon.test', name: 'Owner' },
    });
    expect(onboarded.status, JSON.stringify(onboarded.body)).toBe(201);
    const newPassword = 'Epsilon-Owner-pw1';

    const page = await (await suite.browser.newContext()).newPage();
    page.setDefaultTimeout(8000);
    await page.goto(suite.server.urlFor('epsilon.localhost', '/admin'));
    const form = page.locator('#signin-form');
    await form.getByLabel('Email').fill('owner@epsilon.test');
    await form.getByLabel('Password', { exact: true }).fill(onboarded.body.firstAdmin.temporaryPassword);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await form.getByLabel('New password').fill(newPassword);
    await form.getByRole('button', { name: 'Sign in' }).click();

    // Signed in, but the API refuses an admin without a second factor: the console offers to enrol.
    const panel = page.locator('#mfa-enrol');
    await panel.waitFor({ state: 'visible' });
    await panel.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.locator('#mfa-details').waitFor({ state: 'visible' });
    const secret = (await page.locator('#mfa-secret').textContent())!;
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expect(page.locator('#mfa-link').getAttribute('href')).resolves.toMatch(/^otpauth:\/\/totp\//);
    await panel.getByLabel('Code from the app').fill(totpCode(secret));
    await Promise.all([page.waitForEvent('load'), panel.getByRole('button', { name: 'Turn on' }).click()]);
    // After the reload the console's calls are answered: no enrolment panel, no error.
    await page.waitForLoadState('networkidle');
    await expect(panel.isHidden()).resolves.toBe(true);
    await expect(page.locator('#console-status').textContent()).resolves.toBe('');

    // The next sign-in asks for the app's code after the password.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await form.waitFor({ state: 'visible' });
    await form.getByLabel('Email').fill('owner@epsilon.test');
    await form.getByLabel('Password', { exact: true }).fill(newPassword);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await form.locator('#mfa-code').waitFor({ state: 'visible' });
    // (Cognito refuses a code used twice; cognito-local does not check, so no wait for a fresh one here.)
    await form.getByLabel('Code from your authenticator app').fill(totpCode(secret));
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#workspace').waitFor({ state: 'visible' });
    await page.close();
  }, 60_000);

  it('a clerk resets a forgotten password from the console sign-in; operators ask the platform', async () => {
    const page = await (await suite.browser.newContext()).newPage();
    page.setDefaultTimeout(8000);
    await page.goto(suite.server.urlFor('beta.localhost', '/admin'));
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await expect(page.locator('#signin-form').isHidden()).resolves.toBe(true);
    const reset = page.locator('#password-reset');
    await reset.getByLabel('Email', { exact: true }).fill('clerk@beta.example');
    await reset.getByRole('button', { name: 'Email me a code' }).click();
    await reset.getByLabel('Code from the email').waitFor({ state: 'visible' });
    const code = await suite.platform.cognito.mailbox?.lastCode(usernameFor({ id: 'beta' }, 'clerk@beta.example'));
    expect(code).toMatch(/^\d{6}$/);
    await reset.getByLabel('Code from the email').fill(code!);
    await reset.getByLabel(/^New password/).fill('Clerk-Reset-pw1');
    await reset.getByRole('button', { name: 'Set the new password' }).click();
    await reset.getByRole('button', { name: 'Sign in' }).click();
    const form = page.locator('#signin-form');
    await expect(form.getByLabel('Email').inputValue()).resolves.toBe('clerk@beta.example');
    await form.getByLabel('Password', { exact: true }).fill('Clerk-Reset-pw1');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#workspace').waitFor({ state: 'visible' });
    await page.close();

    // The operator console's reset goes to the platform's routes, not a store's.
    const operatorPage = await (await suite.browser.newContext()).newPage();
    operatorPage.setDefaultTimeout(8000);
    await operatorPage.goto(suite.server.urlFor('localhost', '/platform'));
    await operatorPage.getByRole('button', { name: 'Forgot your password?' }).click();
    await operatorPage.locator('#password-reset').getByLabel('Email', { exact: true }).fill('nobody@platform.example');
    const [asked] = await Promise.all([
      operatorPage.waitForResponse((response) => response.url().endsWith('/password/forgot')),
      operatorPage.getByRole('button', { name: 'Email me a code' }).click(),
    ]);
    expect(new URL(asked.url()).pathname).toBe('/platform/auth/password/forgot');
    expect(asked.status()).toBe(202);
    await operatorPage.locator('#reset-confirm-form').waitFor({ state: 'visible' });
    await operatorPage.close();
  });

  /** What a page's header and footer say, and where each header link leads (status and content type). */
  async function frame(page: Page) {
    const targets = [];
    const probe = await page.context().newPage();
    for (const link of await page.locator('header a').all()) {
      const href = new URL((await link.getAttribute('href')) ?? '', page.url()).href;
      const response = await probe.goto(href);
      targets.push({ path: new URL(href).pathname, status: response?.status(), type: (await response?.headerValue('content-type')) ?? '' });
    }
    await probe.close();
    return {
      header: (await page.locator('header').innerText()).replace(/\s+/g, ' ').trim(),
      footer: (await page.locator('footer').innerText()).trim(),
      targets,
    };
  }

  it("every page's header and footer fit its audience, and every header link leads to a page", async () => {
    const shopper = await (await suite.browser.newContext()).newPage();
    await shopper.goto(suite.server.urlFor('alpha.localhost', '/'));
    const storefront = await frame(shopper);
    // The mini cart (empty: no number) beside the account link.
    expect(storefront.header).toBe('Alpha Store Search the store Search Cart Sign in or sign up');
    expect(storefront.targets.map((t) => t.path)).toEqual(['/', '/cart', '/account']);
    expect(storefront.footer).toBe('Prices include VAT where applicable.');
    await shopper.close();

    const staff = await signIn('alpha.localhost', 'clerk@alpha.example');
    const console_ = await frame(staff);
    expect(console_.header).toBe('Alpha Store Store console View the storefront');
    expect(console_.footer).not.toMatch(/VAT/);
    expect(console_.targets.map((t) => t.path)).toEqual(['/admin', '/']);
    await staff.close();

    const page = await (await suite.browser.newContext()).newPage();
    page.setDefaultTimeout(8000);
    await page.goto(suite.server.urlFor('localhost', '/platform'));
    const signedOut = await frame(page);
    const form = page.locator('#signin-form');
    await form.getByLabel('Email').fill('operator@platform.example');
    await form.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await answerCodeIfAsked(form, totp, 'platform:operator@platform.example');
    await page.locator('#workspace').waitFor({ state: 'visible' });
    const signedIn = await frame(page);
    for (const operator of [signedOut, signedIn]) {
      expect(operator.header).toBe('Catalog platform Operator console');
      expect(operator.footer).not.toMatch(/VAT/);
      expect(operator.targets.map((t) => t.path)).toEqual(['/platform']);
    }
    await expect(page.locator('#who').textContent()).resolves.toBe('operator@platform.example');
    for (const target of [...storefront.targets, ...console_.targets, ...signedIn.targets]) {
      expect(target, JSON.stringify(target)).toMatchObject({ status: 200, type: expect.stringContaining('text/html') });
    }
    await page.close();
  });

  it("on a phone the console's tables fit the screen, with every row's actions on it", async () => {
    const page = await signIn('alpha.localhost', 'a@alpha.test');
    await page.setViewportSize({ width: 390, height: 844 });
    const row = page.locator('#inventory tbody tr').first();
    await row.waitFor();
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(390);
    for (const name of ['Adjust', 'History', 'Edit', 'Delete']) {
      const box = await row.getByRole('button', { name }).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390, `${name} is on screen`).toBe(true);
    }
    // Each cell carries its column's name, shown beside it once rows become cards.
    await expect(row.locator('td').last().getAttribute('data-label')).resolves.toBe('Actions');
    await page.close();
  });

  it('an owner sees the plan against its limits and usage, and upgrades it', async () => {
    const page = await signIn('beta.localhost', 'b@beta.test');
    const section = page.locator('#plan-section');
    await section.locator('#plan-held tbody tr').first().waitFor();
    await expect(section.locator('#plan-name').textContent()).resolves.toBe('Standard');
    await expect(section.locator('#plan-held tbody tr', { hasText: 'Products' }).locator('td').nth(1).textContent()).resolves.toBe('10,000');
    const requests = section.locator('#plan-usage tbody tr', { hasText: 'Requests' });
    expect(Number(await requests.locator('td').first().textContent())).toBeGreaterThan(0);
    await expect(section.getByRole('link', { name: /usage \(CSV\)/ }).getAttribute('href')).resolves.toBe('/admin/usage.csv');
    await section.getByLabel('Change plan').selectOption('premium');
    await section.getByRole('button', { name: 'Change plan' }).click();
    await section.locator('#plan-status', { hasText: 'Your plan is now Premium.' }).waitFor();
    await expect(section.locator('#plan-name').textContent()).resolves.toBe('Premium');
    expect((await suite.platform.registry.get('beta'))?.tier).toBe('premium');
    await page.close();
  });
});
