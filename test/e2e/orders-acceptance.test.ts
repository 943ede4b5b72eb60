import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedDemoUsers, type DemoTotpSecrets } from '../../src/identity/demo-users';
import { TEST_CARDS } from '../../src/payments/test-provider';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { signInToConsole } from '../support/console-sign-in';
import { client, testPlatform } from '../support/platform';
import { signInAnsweringMfa } from '../support/sign-in';

/**
 * Issue 19's acceptance, whole: a visitor puts a variant in the cart and checks out as a guest
 * with the test card; a customer signs up on the storefront and does the same, then finds the
 * order under /account/orders; staff open both orders in the console and ship, then deliver
 * them. The stock (onHand / reserved, read through the admin API) is checked after every step.
 */
describe.skipIf(!hasChromium)('issue 19 acceptance: cart, checkout, and fulfilment in the console', () => {
  let admin: ReturnType<typeof client>;
  let totp: DemoTotpSecrets;
  let product: { id: string; s: string; m: string };
  const pageErrors: string[] = [];
  const suite = browserSuite(async () => {
    const p = await testPlatform({ manifests: browserManifests, realTokens: true });
    totp = await seedDemoUsers(browserManifests, p.identity);
    admin = client(p.app, 'alpha.localhost', (await signInAnsweringMfa(p.app, 'alpha.localhost', 'a@alpha.test', totp)).idToken);
    const settings = (await admin('GET', '/admin/settings')).body;
    await admin('PUT', '/admin/settings', { ...settings, taxRate: 2000, shippingRates: [{ id: 'standard', name: 'Standard', price: 495, minSubtotal: null }] });
    const created = await admin('POST', '/admin/products', {
      name: 'Acceptance Runner',
      status: 'active',
      options: [{ name: 'Size', values: ['S', 'M'] }],
      variants: [
        { sku: 'E2E-ACC-S', optionValues: ['S'], price: { amount: 5000, currency: 'EUR' }, stock: 3 },
        { sku: 'E2E-ACC-M', optionValues: ['M'], price: { amount: 5000, currency: 'EUR' }, stock: 4 },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    product = { id: created.body.id, s: created.body.variants[0].id, m: created.body.variants[1].id };
    return p;
  });

  const url = (path: string) => suite.server.urlFor('alpha.localhost', path);
  const stockOf = async (variantId: string) => {
    const level = (await admin('GET', `/admin/products/${product.id}/variants/${variantId}/inventory`)).body;
    return { onHand: level.onHand as number, reserved: level.reserved as number };
  };
  const stock = async () => ({ s: await stockOf(product.s), m: await stockOf(product.m) });

  /** From the product page with a size chosen: into the cart (the mini cart counts it), then the cart page. */
  async function addToCart(page: Page, variantId: string, quantity: number) {
    await page.goto(url(`/p/${product.id}?variant=${variantId}`));
    await page.getByLabel('Quantity').fill(String(quantity));
    await page.getByTestId('add-to-cart').click();
    await page.locator('#add-to-cart-status', { hasText: 'Added to your cart.' }).waitFor();
    await page.locator('[data-cart-count]', { hasText: String(quantity) }).waitFor();
    await Promise.all([page.waitForURL(/\/cart$/), page.getByTestId('mini-cart').click()]);
  }

  /** The cart's Checkout, the form filled with the test card that pays: the confirmation's order number. */
  async function checkOut(page: Page, email: string, name: string) {
    await Promise.all([page.waitForURL(/\/checkout$/), page.getByTestId('checkout').click()]);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Full name').fill(name);
    await page.getByLabel('Address', { exact: true }).fill('1 Main St');
    await page.getByLabel('City').fill('Berlin');
    await page.getByLabel('Postal code').fill('10115');
    await page.getByLabel('Country (two letters)').fill('DE');
    await page.getByLabel('Card number').fill(TEST_CARDS.succeeds);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: /Place order/ }).click()]);
    await page
      .getByTestId('confirmation')
      .waitFor()
      .catch(async (error: Error) => {
        throw new Error(`${error.message}; at ${page.url()}: ${(await page.content()).replace(/<head>[\s\S]*<\/head>/, '').slice(0, 3000)}`);
      });
    const number = (await page.getByTestId('order-number').textContent()) ?? '';
    expect(number).toMatch(/^[0-9A-Z]{10}$/);
    return number;
  }

  /** In the console: the order found by its number, opened, shipped whole, then marked delivered. */
  async function fulfil(page: Page, number: string, variantId: string, after: { shipped: () => Promise<void> }) {
    await page.locator('#order-search').fill(number);
    const open = page.getByRole('button', { name: `Open order ${number}` });
    await open.click();
    await page.locator('#order-title', { hasText: `Order ${number}` }).waitFor();
    const ready = page.locator('#order-page[aria-busy="false"]');
    await ready.waitFor();
    await expect(page.locator('#order-badges [data-testid="status"]').textContent()).resolves.toBe('paid');
    // Paid and not shipped: ship is on, delivering is not yet.
    await expect(page.getByRole('button', { name: 'Mark delivered' }).isDisabled()).resolves.toBe(true);
    await expect(page.locator(`#ship-lines input[data-variant="${variantId}"]`).inputValue()).resolves.not.toBe('');
    await page.locator('#ship-form').getByLabel('Tracking (carrier and number)').fill(`DHL ${number}`);
    await page.locator('#ship-form').getByRole('button', { name: 'Ship' }).click();
    await page.locator('#console-status', { hasText: `Order ${number}: shipped; now fulfilled.` }).waitFor();
    await expect(page.locator('#order-lines tbody tr [data-testid="shipped"]').allTextContents()).resolves.toEqual([expect.stringMatching(/^(\d+) of \1$/)]);
    await expect(page.locator('#order-history').textContent()).resolves.toContain(`tracking: DHL ${number}`);
    await after.shipped();
    await page.getByRole('button', { name: 'Mark delivered' }).click();
    await page.locator('#console-status', { hasText: `Order ${number}: delivered.` }).waitFor();
    await expect(page.locator('#order-badges [data-testid="status"]').textContent()).resolves.toBe('delivered');
    // Delivered: nothing more to ship, and no way back to delivering.
    await expect(page.getByRole('button', { name: 'Mark delivered' }).isDisabled()).resolves.toBe(true);
    await expect(page.locator('#ship-form').getByRole('button', { name: 'Ship' }).isDisabled()).resolves.toBe(true);
    // The list follows.
    await page.locator(`#orders tbody tr[data-order="${number}"]`, { hasText: 'delivered' }).waitFor();
  }

  /** The open order's invoice, through its short-lived link (the page leaves the console: last). */
  async function openInvoice(page: Page) {
    const invoice = page.locator('#order-documents button', { hasText: /^Invoice INV-\d{6}$/ });
    const fetched = page.waitForRequest((request) => /\/invoices\/INV-\d{6}\.pdf/.test(request.url()));
    await invoice.click();
    await fetched;
  }

  it('a guest and a signed-up customer buy from their carts; staff ship and deliver both in the console; stock is right at every step', {
    timeout: 180_000,
  }, async () => {
    expect(await stock()).toEqual({ s: { onHand: 3, reserved: 0 }, m: { onHand: 4, reserved: 0 } });

    // A visitor: two of size M into the cart, checked out as a guest.
    const guest = await (await suite.browser.newContext()).newPage();
    guest.setDefaultTimeout(10_000);
    await addToCart(guest, product.m, 2);
    await expect(guest.getByTestId('subtotal').textContent()).resolves.toBe('€100.00');
    const guestOrder = await checkOut(guest, 'guest.buyer@example.com', 'Guest Buyer');
    expect(await stock()).toEqual({ s: { onHand: 3, reserved: 0 }, m: { onHand: 4, reserved: 2 } });
    // The cart is empty once ordered.
    await guest.goto(url('/cart'));
    await guest.getByTestId('cart-empty').waitFor();
    await guest.context().close();

    // A customer signs up on the storefront (and is signed in), then buys one of size S from the cart.
    const shopper = await (await suite.browser.newContext()).newPage();
    shopper.setDefaultTimeout(10_000);
    await shopper.goto(url('/account'));
    const signUp = shopper.locator('#signup-form');
    await signUp.getByLabel('Name').fill('Accepted Customer');
    await signUp.getByLabel('Email').fill('accepted.customer@example.com');
    await signUp.getByLabel(/^Password/).fill('Acc3pted-customer');
    await Promise.all([shopper.waitForURL(url('/')), signUp.getByRole('button', { name: 'Create account' }).click()]);
    await expect(shopper.locator('#account-link').textContent()).resolves.toBe('Signed in as accepted.customer@example.com');
    await addToCart(shopper, product.s, 1);
    const customerOrder = await checkOut(shopper, 'accepted.customer@example.com', 'Accepted Customer');
    expect(await stock()).toEqual({ s: { onHand: 3, reserved: 1 }, m: { onHand: 4, reserved: 2 } });
    await shopper.goto(url('/account/orders'));
    await shopper.getByTestId('orders').locator('tr', { hasText: customerOrder }).waitFor();
    // Their own order only, not the guest's.
    await expect(shopper.getByTestId('orders').textContent()).resolves.not.toContain(guestOrder);

    // Staff: both orders in the console, each shipped (the units leave the shelf) and then delivered.
    const staff = await signInToConsole(suite.browser, { url: url('/admin'), host: 'alpha.localhost', email: 'a@alpha.test', totp, pageErrors });
    await staff.locator(`#orders tbody tr[data-order="${guestOrder}"]`).waitFor();
    await staff.locator(`#orders tbody tr[data-order="${customerOrder}"]`).waitFor();
    await fulfil(staff, guestOrder, product.m, {
      shipped: async () => expect(await stock()).toEqual({ s: { onHand: 3, reserved: 1 }, m: { onHand: 2, reserved: 0 } }),
    });
    expect(await stock()).toEqual({ s: { onHand: 3, reserved: 1 }, m: { onHand: 2, reserved: 0 } });
    await fulfil(staff, customerOrder, product.s, {
      shipped: async () => expect(await stock()).toEqual({ s: { onHand: 2, reserved: 0 }, m: { onHand: 2, reserved: 0 } }),
    });
    expect(await stock()).toEqual({ s: { onHand: 2, reserved: 0 }, m: { onHand: 2, reserved: 0 } });

    // Both buyers see their orders delivered.
    const visitor = client(suite.platform.app, 'alpha.localhost');
    expect((await visitor('POST', '/orders/lookup', { number: guestOrder, email: 'guest.buyer@example.com' })).body.status).toBe('delivered');
    await shopper.goto(url('/account/orders'));
    await expect(shopper.getByTestId('orders').locator('tr', { hasText: customerOrder }).textContent()).resolves.toContain('delivered');
    expect(pageErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    // The customer's order, still open in the console, was paid: staff open its invoice.
    await openInvoice(staff);
    await staff.context().close();
    await shopper.context().close();
  });

  it('the read-only support role reads an order in the console and has no button to change it', { timeout: 90_000 }, async () => {
    const placed = await client(suite.platform.app, 'alpha.localhost')('POST', '/checkout/orders', {
      email: 'support.case@example.com',
      shippingAddress: { name: 'Support Case', line1: '2 Side St', city: 'Berlin', postalCode: '10115', country: 'DE' },
      shippingMethodId: 'standard',
      lines: [{ productId: product.id, variantId: product.m, quantity: 1 }],
      card: { number: TEST_CARDS.succeeds },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const number = placed.body.id as string;
    const support = await signInToConsole(suite.browser, { url: url('/admin'), host: 'alpha.localhost', email: 'support@alpha.example', totp, pageErrors });
    await support.getByRole('button', { name: `Open order ${number}` }).click();
    await support.locator('#order-page[aria-busy="false"]').waitFor();
    await support.locator('#order-lines tbody tr', { hasText: 'E2E-ACC-M' }).waitFor();
    await expect(support.locator('#order-customer').textContent()).resolves.toContain('support.case@example.com');
    // Reading only: the buttons on the order's page lead back to the list or open its invoice (support may read it); no inventory either.
    await expect(support.locator('#order-page button').allTextContents()).resolves.toEqual(['Back to orders', expect.stringMatching(/^Invoice INV-\d{6}$/)]);
    await expect(support.locator('#inventory-section').isHidden()).resolves.toBe(true);
    expect(pageErrors).toEqual([]);
    await support.context().close();
  });

  it('an admin notes an order, then cancels it without putting the stock back (written off)', { timeout: 90_000 }, async () => {
    const before = await stockOf(product.s);
    const placed = await client(suite.platform.app, 'alpha.localhost')('POST', '/checkout/orders', {
      email: 'damaged@example.com',
      shippingAddress: { name: 'Damaged Goods', line1: '3 Side St', city: 'Berlin', postalCode: '10115', country: 'DE' },
      shippingMethodId: 'standard',
      lines: [{ productId: product.id, variantId: product.s, quantity: 1 }],
      card: { number: TEST_CARDS.succeeds },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const number = placed.body.id as string;
    expect(await stockOf(product.s)).toEqual({ onHand: before.onHand, reserved: before.reserved + 1 });
    const dialogs: string[] = [];
    const page = await signInToConsole(suite.browser, {
      url: url('/admin'),
      host: 'alpha.localhost',
      email: 'a@alpha.test',
      totp,
      pageErrors,
      onDialog: (text) => dialogs.push(text),
    });
    await page.getByRole('button', { name: `Open order ${number}` }).click();
    await page.locator('#order-page[aria-busy="false"]').waitFor();
    await page.getByLabel('Add a note (staff only)').fill('Box crushed in the warehouse.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('#console-status', { hasText: `Order ${number}: note added.` }).waitFor();
    await expect(page.locator('#order-notes').textContent()).resolves.toContain('Box crushed in the warehouse.');
    await page.getByLabel(/Put the stock back/).uncheck();
    await page.getByRole('button', { name: 'Cancel order' }).click();
    await page.locator('#console-status', { hasText: `Order ${number}: cancelled.` }).waitFor();
    expect(dialogs).toEqual([`Cancel order ${number}? Its unshipped units are written off.`]);
    await expect(page.locator('#order-badges [data-testid="status"]').textContent()).resolves.toBe('cancelled');
    // Over: nothing more to press.
    for (const name of ['Mark delivered', 'Cancel order', 'Refund']) await expect(page.getByRole('button', { name }).isDisabled()).resolves.toBe(true);
    // Written off: the unit left the shelf and the reservation.
    expect(await stockOf(product.s)).toEqual({ onHand: before.onHand - 1, reserved: before.reserved });
    await page.context().close();
  });
});
