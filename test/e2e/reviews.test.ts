import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoUsers, type DemoTotpSecrets } from '../../src/identity/demo-users';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { signInToConsole } from '../support/console-sign-in';
import { client, testPlatform } from '../support/platform';
import { signInAnsweringMfa } from '../support/sign-in';

/**
 * Reviews in a real browser: a customer writes one on the product page, the store holds it, an
 * admin approves it in the console's Reviews section, and the product page shows it with its stars.
 * Alpha holds reviews for approval and takes them from any signed-in customer.
 */
describe.skipIf(!hasChromium)('reviews in a real browser', () => {
  let totp: DemoTotpSecrets;
  let productId = '';
  const suite = browserSuite(async () => {
    const manifests = browserManifests.map((m) =>
      m.slug === 'alpha' ? { ...m, settings: { reviewModeration: 'hold' as const, reviewsFrom: 'customers' as const } } : m,
    );
    const p = await testPlatform({ manifests, realTokens: true });
    totp = await seedDemoUsers(manifests, p.identity);
    const admin = client(p.app, 'alpha.localhost', (await signInAnsweringMfa(p.app, 'alpha.localhost', 'a@alpha.test', totp)).idToken);
    const created = await admin('POST', '/admin/products', {
      name: 'Trail Boot',
      sku: 'REVIEW-1',
      price: { amount: 8900, currency: 'EUR' },
      status: 'active',
      stock: 5,
    });
    expect(created.status).toBe(201);
    productId = created.body.id;
    return p;
  });

  it('a customer writes a review; it waits for approval; an admin approves it; the product page shows it with its stars', async () => {
    const pageErrors: string[] = [];
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const productUrl = suite.server.urlFor('alpha.localhost', `/p/${productId}`);

    // A visitor is asked to sign in.
    await page.goto(productUrl);
    await page.getByTestId('rating-summary').getByText('No reviews yet.').waitFor();
    await page.locator('#reviews').getByRole('link', { name: 'Sign in' }).waitFor();

    await page.goto(suite.server.urlFor('alpha.localhost', '/account'));
    const login = page.locator('#login-form');
    await login.getByLabel('Email').fill('customer@alpha.example');
    await login.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL(suite.server.urlFor('alpha.localhost', '/')), login.getByRole('button', { name: 'Sign in' }).click()]);

    await page.goto(productUrl);
    const form = page.locator('#review-form');
    // Enabled once the page knows the customer has no review of it yet.
    await form.getByLabel('Title').and(page.locator(':enabled')).waitFor();
    await form.getByLabel('4 ★').check();
    await form.getByLabel('Title').fill('Warm and <dry>');
    await form.getByLabel('Your review').fill('Walked 20 km in the rain; dry feet.');
    await form.getByLabel('Shown as (optional)').fill('Hiker');
    await form.getByRole('button', { name: 'Post review' }).click();
    await page.locator('[data-review-status]', { hasText: 'must be plain text, without HTML tags' }).waitFor();
    await form.getByLabel('Title').fill('Warm and dry');
    await form.getByRole('button', { name: 'Post review' }).click();
    await page.locator('[data-review-status]', { hasText: 'will show once the store has approved it' }).waitFor();
    await page.reload();
    await expect(page.getByTestId('review').count()).resolves.toBe(0);
    await context.close();

    // The admin finds it waiting and approves it.
    const console = await signInToConsole(suite.browser, {
      url: suite.server.urlFor('alpha.localhost', '/admin'),
      host: 'alpha.localhost',
      email: 'a@alpha.test',
      totp,
      pageErrors,
    });
    const row = console.getByTestId('admin-review').filter({ hasText: 'Warm and dry' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Hiker');
    await row.getByRole('button', { name: 'Approve “Warm and dry”' }).click();
    await console.locator('#reviews-status', { hasText: 'Review published.' }).waitFor();
    await console.locator('#reviews-filter select').selectOption('published');
    await console.getByTestId('admin-review').filter({ hasText: 'Warm and dry' }).waitFor();

    // Shoppers see it, with the stars and the rating.
    const visitor = await (await suite.browser.newContext()).newPage();
    visitor.setDefaultTimeout(8_000);
    await visitor.goto(productUrl);
    const review = visitor.getByTestId('review').filter({ hasText: 'Warm and dry' });
    await review.waitFor();
    await expect(review.getByRole('img', { name: '4 out of 5 stars' }).count()).resolves.toBe(1);
    await expect(review.textContent()).resolves.toContain('Walked 20 km in the rain; dry feet.');
    await expect(visitor.getByTestId('rating-summary').getByRole('img', { name: 'Rated 4 out of 5' }).count()).resolves.toBe(1);
    await expect(visitor.getByTestId('rating-summary').textContent()).resolves.toContain('1 review');
    // And on the catalog's card.
    await visitor.goto(suite.server.urlFor('alpha.localhost', '/'));
    await expect(visitor.getByTestId('product-card').filter({ hasText: 'Trail Boot' }).getByTestId('card-rating').count()).resolves.toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
