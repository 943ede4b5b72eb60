import { describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../src/identity/demo-users';
import { TEST_CARDS } from '../../src/payments/test-provider';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { client, testPlatform } from '../support/platform';
import { signInAnsweringMfa } from '../support/sign-in';

/**
 * Issue 19's acceptance, the "buy now" half (the cart's half comes with its branch): a visitor
 * checks out a variant as a guest with the test card and sees the order; staff ship it; the stock
 * is right at every step.
 */
describe.skipIf(!hasChromium)('checkout in a real browser', () => {
  let admin: ReturnType<typeof client>;
  let product: { id: string; m: string };
  const suite = browserSuite(async () => {
    const p = await testPlatform({ manifests: browserManifests, realTokens: true });
    const totp = await seedDemoUsers(browserManifests, p.identity);
    admin = client(p.app, 'alpha.localhost', (await signInAnsweringMfa(p.app, 'alpha.localhost', 'a@alpha.test', totp)).idToken);
    const settings = (await admin('GET', '/admin/settings')).body;
    await admin('PUT', '/admin/settings', { ...settings, taxRate: 2000, shippingRates: [{ id: 'standard', name: 'Standard', price: 495, minSubtotal: null }] });
    const created = await admin('POST', '/admin/products', {
      name: 'Trail Runner',
      status: 'active',
      options: [{ name: 'Size', values: ['S', 'M'] }],
      variants: [
        { sku: 'E2E-CO-S', optionValues: ['S'], price: { amount: 8999, currency: 'EUR' }, stock: 0 },
        { sku: 'E2E-CO-M', optionValues: ['M'], price: { amount: 8999, currency: 'EUR' }, stock: 2 },
      ],
    });
    product = { id: created.body.id, m: created.body.variants[1].id };
    return p;
  });
  const stock = async () => {
    const level = (await admin('GET', `/admin/products/${product.id}/variants/${product.m}/inventory`)).body;
    return { onHand: level.onHand, reserved: level.reserved };
  };

  it('a guest buys a size with the test card, sees the order number; staff ship it; stock follows', async () => {
    const page = await suite.browser.newPage();
    await page.goto(suite.server.urlFor('alpha.localhost', `/p/${product.id}?variant=${product.m}`));
    await Promise.all([page.waitForURL(/\/checkout/), page.getByRole('button', { name: 'Buy now' }).click()]);
    await expect(page.getByTestId('totals').textContent()).resolves.toContain('€94.94');
    await page.getByLabel('Email').fill('guest@example.com');
    await page.getByLabel('Full name').fill('Guest Buyer');
    await page.getByLabel('Address', { exact: true }).fill('1 Main St');
    await page.getByLabel('City').fill('Berlin');
    await page.getByLabel('Postal code').fill('10115');
    await page.getByLabel('Country (two letters)').fill('DE');
    await page.getByLabel('Card number').fill(TEST_CARDS.succeeds);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: /Place order/ }).click()]);
    const number = (await page.getByTestId('order-number').textContent())!;
    expect(number).toMatch(/^[0-9A-Z]{10}$/);
    expect(await stock()).toEqual({ onHand: 2, reserved: 1 });
    // The guest's invoice: the confirmation's button posts the number and email; the page answers a five-minute link to the PDF.
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: /Download your invoice \(INV-000001\)/ }).click()]);
    const href = (await page.getByTestId('invoice-download').getAttribute('href'))!;
    expect(href).toContain('/tenants/alpha/invoices/INV-000001.pdf');
    const pdf = await fetch(href);
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const shipped = await admin('POST', `/admin/orders/${number}/fulfilments`, { lines: [{ variantId: product.m, quantity: 1 }] });
    expect(shipped.body.status).toBe('fulfilled');
    expect(await stock()).toEqual({ onHand: 1, reserved: 0 });
    expect((await client(suite.platform.app, 'alpha.localhost')('POST', '/orders/lookup', { number, email: 'guest@example.com' })).body.status).toBe(
      'fulfilled',
    );
    await page.close();
  });
});
