import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoUsers } from '../../src/identity/demo-users';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { signInAnsweringMfa } from '../support/sign-in';
import { client, testPlatform } from '../support/platform';

/** A shopper's cart in a real browser: the product page's add, the mini cart, the cart page; and without a script. */
describe.skipIf(!hasChromium)('cart in a real browser', () => {
  const ids: Record<string, string> = {};
  const suite = browserSuite(async () => {
    // Real pool tokens: the customer signs in through the account page, as a shopper does.
    const p = await testPlatform({ manifests: browserManifests, realTokens: true });
    const totp = await seedDemoUsers(browserManifests, p.identity);
    const admin = client(p.app, 'alpha.localhost', (await signInAnsweringMfa(p.app, 'alpha.localhost', 'a@alpha.test', totp)).idToken);
    for (const [sku, stock] of [
      ['CART-1', 5],
      ['CART-2', 3],
    ] as const) {
      const created = await admin('POST', '/admin/products', {
        name: `Cart Tee ${sku}`,
        sku,
        price: { amount: 2500, currency: 'EUR' },
        status: 'active',
        stock,
      });
      expect(created.status).toBe(201);
      ids[sku] = created.body.id;
    }
    return p;
  });

  it('a visitor adds from the product page, sees the mini cart count on every page, changes and removes the line', async () => {
    const page = await suite.browser.newPage();
    page.setDefaultTimeout(8_000);
    await page.goto(suite.server.urlFor('alpha.localhost', `/p/${ids['CART-1']}`));
    await page.getByLabel('Quantity').fill('2');
    await page.getByTestId('add-to-cart').click();
    await page.locator('#add-to-cart-status', { hasText: 'Added to your cart.' }).waitFor();
    await page.locator('[data-cart-count]', { hasText: '2' }).waitFor();
    // Another page: the count comes from the cart, not from the page (which the edge shares).
    await page.goto(suite.server.urlFor('alpha.localhost', '/'));
    await page.locator('[data-cart-count]', { hasText: '2' }).waitFor();
    await page.getByTestId('mini-cart').click();
    await page.waitForURL(/\/cart$/);
    await expect(page.getByTestId('subtotal').textContent()).resolves.toBe('€50.00');
    await page.getByLabel('Quantity of Cart Tee CART-1').fill('3');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Update' }).click()]);
    await expect(page.getByTestId('subtotal').textContent()).resolves.toBe('€75.00');
    // More than is left: refused, the line kept.
    await page.getByLabel('Quantity of Cart Tee CART-1').fill('9');
    await Promise.all([page.waitForURL(/error=stock/), page.getByRole('button', { name: 'Update' }).click()]);
    await page.getByText('Not that many are available.').waitFor();
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: /Remove/ }).click()]);
    await page.getByTestId('cart-empty').waitFor();
    await expect(page.getByRole('link', { name: 'Checkout' }).count()).resolves.toBe(0);
    await page.close();
  });

  it('works without JavaScript: the product page’s form puts the item in the cart and shows it', async () => {
    const context = await suite.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(suite.server.urlFor('alpha.localhost', `/p/${ids['CART-2']}`));
    await Promise.all([page.waitForURL(/\/cart$/), page.getByTestId('add-to-cart').click()]);
    await expect(page.getByTestId('cart-line').count()).resolves.toBe(1);
    await expect(page.getByTestId('cart-line').locator('a').first().textContent()).resolves.toBe('Cart Tee CART-2');
    // The header's number is the page's own here (the cart page knows it).
    await expect(page.locator('[data-cart-count]').textContent()).resolves.toBe('1');
    await expect(page.getByRole('link', { name: 'Checkout' }).getAttribute('href')).resolves.toBe('/checkout');
    await context.close();
  });

  it('a guest who signs in keeps their cart; the customer saves to the wishlist and moves it to the cart, through the CSRF-checked forms', async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    const origin = suite.server.urlFor('alpha.localhost', '/');
    await page.goto(suite.server.urlFor('alpha.localhost', `/p/${ids['CART-1']}`));
    await page.getByTestId('add-to-cart').click();
    await page.locator('[data-cart-count]', { hasText: '1' }).waitFor();
    // Signed in on the account page: the next page asks for the mini cart, which joins the guest cart to theirs.
    await page.goto(suite.server.urlFor('alpha.localhost', '/account'));
    const login = page.locator('#login-form');
    await login.getByLabel('Email').fill('customer@alpha.example');
    await login.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL(origin), login.getByRole('button', { name: 'Sign in' }).click()]);
    await page.goto(suite.server.urlFor('alpha.localhost', `/p/${ids['CART-2']}`));
    await page.locator('[data-cart-count]', { hasText: '1' }).waitFor();
    expect((await context.cookies(origin)).some((cookie) => cookie.name === 'cart')).toBe(false);
    await page.getByTestId('save-to-wishlist').click();
    await page.locator('#add-to-cart-status', { hasText: 'Saved to your wishlist.' }).waitFor();
    await page.getByRole('link', { name: 'Wishlist' }).click();
    await page.getByTestId('wishlist-item').waitFor();
    await Promise.all([page.waitForURL(/\/cart$/), page.getByRole('button', { name: /Move to cart/ }).click()]);
    await expect(page.getByTestId('cart-line').count()).resolves.toBe(2);
    await expect(page.locator('[data-cart-count]').textContent()).resolves.toBe('2');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Remove Cart Tee CART-1' }).click()]);
    await expect(page.getByTestId('cart-line').locator('a').first().textContent()).resolves.toBe('Cart Tee CART-2');
    await page.goto(suite.server.urlFor('alpha.localhost', '/wishlist'));
    await page.getByTestId('wishlist-empty').waitFor();
    await context.close();
  });
});
