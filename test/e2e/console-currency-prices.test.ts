import { describe, expect, it } from 'vitest';
import { seedDemoUsers, type DemoTotpSecrets } from '../../src/identity/demo-users';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { signInToConsole } from '../support/console-sign-in';
import { client, testPlatform } from '../support/platform';
import { signInAnsweringMfa } from '../support/sign-in';

/**
 * The owner prices a product's variants in USD on the console's product page (docs/pricing.md);
 * the product editor then saves at the version that save moved to (no false 409), and a variant
 * left empty is not sold in USD.
 */
describe.skipIf(!hasChromium)('the console’s prices in other currencies', () => {
  let totp: DemoTotpSecrets;
  let admin: ReturnType<typeof client>;
  let productId = '';
  const manifests = browserManifests.map((m) => (m.slug === 'alpha' ? { ...m, settings: { ...m.settings, currency: 'EUR', currencies: ['USD'] } } : m));
  const suite = browserSuite(async () => {
    const p = await testPlatform({ realTokens: true, manifests });
    totp = await seedDemoUsers(manifests, p.identity);
    admin = client(p.app, 'alpha.localhost', (await signInAnsweringMfa(p.app, 'alpha.localhost', 'a@alpha.test', totp)).idToken);
    const created = await admin('POST', '/admin/products', {
      name: 'Dollar Parka',
      status: 'active',
      options: [{ name: 'Size', values: ['S', 'M'] }],
      variants: [
        { sku: 'USD-PARKA-S', optionValues: ['S'], price: { amount: 9000, currency: 'EUR' }, stock: 1 },
        { sku: 'USD-PARKA-M', optionValues: ['M'], price: { amount: 9500, currency: 'EUR' }, stock: 1 },
      ],
    });
    productId = (created.body as { id: string }).id;
    return p;
  });
  const pageErrors: string[] = [];

  it('prices S in USD, leaves M unsold in USD, then saves the product’s details without a conflict', async () => {
    const page = await signInToConsole(suite.browser, {
      url: suite.server.urlFor('alpha.localhost', '/admin'),
      host: 'alpha.localhost',
      email: 'a@alpha.test',
      totp,
      pageErrors,
      viewport: { width: 1280, height: 900 },
    });
    await page.getByRole('button', { name: 'Open Dollar Parka' }).click();
    const form = page.locator('#editor-currency-prices');
    await form.waitFor({ state: 'visible' });
    await form.getByLabel('Price of S in USD', { exact: true }).fill('99.90');
    await form.getByLabel('Compare-at of S in USD', { exact: true }).fill('120');
    await form.getByRole('button', { name: 'Save currency prices' }).click();
    await page.locator('#editor-currency-status', { hasText: 'Saved.' }).waitFor();

    const saved = (await admin('GET', `/admin/products/${productId}`)).body;
    const [small] = saved.variants as { id: string }[];
    expect(saved.currencyPrices).toEqual({ USD: { [small!.id]: { price: 9990, compareAtPrice: 12_000 } } });
    const inUsd = await client(suite.platform.app, 'alpha.localhost')('GET', `/products/${productId}`, undefined, { cookie: 'currency=USD' });
    expect(inUsd.body.variants.map((v: { sku: string; price: { amount: number } }) => [v.sku, v.price.amount])).toEqual([['USD-PARKA-S', 9990]]);

    // The editor carries the version the currency save moved to: its own save is not a conflict.
    const editor = page.locator('#product-editor');
    await editor.getByLabel('Name', { exact: true }).fill('Dollar Parka II');
    await editor.getByRole('button', { name: 'Save product' }).click();
    await page.locator('#console-status', { hasText: 'Saved Dollar Parka II.' }).waitFor();
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
