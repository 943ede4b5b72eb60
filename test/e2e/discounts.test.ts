import { describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../src/identity/demo-users';
import { TEST_CARDS } from '../../src/payments/test-provider';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { client, testPlatform } from '../support/platform';
import { signInAnsweringMfa } from '../support/sign-in';

/**
 * Issue 21: a shopper enters two discount codes in the cart, sees the discount line of the one that
 * applies and why the other does not, removes that one, carries the first to checkout and places
 * the order at the discounted total.
 */
describe.skipIf(!hasChromium)('discount codes in a real browser', () => {
  let admin: ReturnType<typeof client>;
  let productId = '';
  const suite = browserSuite(async () => {
    const p = await testPlatform({ manifests: browserManifests, realTokens: true });
    const totp = await seedDemoUsers(browserManifests, p.identity);
    admin = client(p.app, 'alpha.localhost', (await signInAnsweringMfa(p.app, 'alpha.localhost', 'a@alpha.test', totp)).idToken);
    const settings = (await admin('GET', '/admin/settings')).body;
    await admin('PUT', '/admin/settings', { ...settings, taxRate: 0, shippingRates: [{ id: 'standard', name: 'Standard', price: 500, minSubtotal: null }] });
    const created = await admin('POST', '/admin/products', {
      name: 'Code Tee',
      sku: 'E2E-CODE',
      price: { amount: 2500, currency: 'EUR' },
      status: 'active',
      stock: 5,
    });
    expect(created.status).toBe(201);
    productId = created.body.id;
    const discount = (code: string, over: Record<string, unknown> = {}) =>
      admin('POST', '/admin/discounts', {
        title: 'Welcome',
        method: 'code',
        code,
        effect: { type: 'percentage', percentBp: 1000 },
        target: { type: 'all' },
        minimum: { type: 'none' },
        startsAt: '2020-01-01T00:00:00.000Z',
        endsAt: null,
        usageLimit: null,
        perCustomerLimit: null,
        combinesWith: { product: false, order: false, shipping: true },
        ...over,
      });
    expect((await discount('WELCOME10')).status).toBe(201);
    expect((await discount('SUMMER21', { title: 'Last summer', endsAt: '2021-09-01T00:00:00.000Z' })).status).toBe(201);
    return p;
  });

  it('two codes in the cart: one shows its line, the stale one says why and is removed; checkout charges the discounted total', async () => {
    const page = await suite.browser.newPage();
    page.setDefaultTimeout(8_000);
    await page.goto(suite.server.urlFor('alpha.localhost', `/p/${productId}`));
    await page.getByLabel('Quantity').fill('2');
    await page.getByTestId('add-to-cart').click();
    await page.locator('[data-cart-count]', { hasText: '2' }).waitFor();
    await page.goto(suite.server.urlFor('alpha.localhost', '/cart'));

    await page.getByLabel('Discount code').fill('summer21');
    await Promise.all([page.waitForURL(/code=summer21/), page.getByRole('button', { name: 'Apply' }).click()]);
    await expect(page.getByTestId('discount-rejections').textContent()).resolves.toContain('This code has expired.');
    await expect(page.getByTestId('discount-line').count()).resolves.toBe(0);

    // A second code joins the first: each says whether it applies and why not.
    await page.getByLabel('Another discount code').fill('welcome10');
    await Promise.all([page.waitForURL(/code=SUMMER21&code=welcome10/), page.getByRole('button', { name: 'Apply' }).click()]);
    await expect(page.getByTestId('discount-line').textContent()).resolves.toContain('Welcome (WELCOME10)');
    await expect(page.getByTestId('discount-line').textContent()).resolves.toContain('−€5.00');
    await expect(page.getByTestId('discount-rejections').textContent()).resolves.toContain('SUMMER21: This code has expired.');
    await expect(page.getByTestId('discounted-subtotal').textContent()).resolves.toBe('€45.00');
    await expect(page.getByLabel('Another discount code').inputValue()).resolves.toBe('');

    // Each code has its own Remove: the expired one goes, the other stays.
    await Promise.all([
      page.waitForURL(/\/cart\?code=WELCOME10$/),
      page.getByTestId('discount-rejections').getByRole('link', { name: 'Remove code SUMMER21' }).click(),
    ]);
    await expect(page.getByTestId('discount-rejections').count()).resolves.toBe(0);
    await expect(page.getByTestId('discount-line').textContent()).resolves.toContain('Welcome (WELCOME10)');

    await Promise.all([page.waitForURL(/\/checkout\?code=WELCOME10/), page.getByTestId('checkout').click()]);
    await expect(page.getByTestId('discount-total').textContent()).resolves.toBe('−€5.00');
    // €50.00 − €5.00 + €5.00 shipping.
    await expect(page.getByRole('button', { name: /Place order/ }).textContent()).resolves.toContain('€50.00');
    await page.getByLabel('Email').fill('coded@example.com');
    await page.getByLabel('Full name').fill('Coded Buyer');
    await page.getByLabel('Address', { exact: true }).fill('1 Main St');
    await page.getByLabel('City').fill('Berlin');
    await page.getByLabel('Postal code').fill('10115');
    await page.getByLabel('Country (two letters)').fill('DE');
    await page.getByLabel('Card number').fill(TEST_CARDS.succeeds);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: /Place order/ }).click()]);
    const number = (await page.getByTestId('order-number').textContent())!;
    const order = (await admin('GET', `/admin/orders/${number}`)).body;
    expect(order.totals).toMatchObject({ subtotal: 5000, shipping: 500, discount: 500, total: 5000 });
    expect(order.discounts.applied[0]).toMatchObject({ code: 'WELCOME10', amount: 500 });
    await page.close();
  });
});
