import { describe, expect, it } from 'vitest';
import { tenantContext } from '../../src/tenants/tenant';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { testPlatform } from '../support/platform';

/** A visitor switches the storefront to USD with the header's switcher (no script needed) and sees the product in USD, and back. */
describe.skipIf(!hasChromium)('the storefront’s currency switcher in a real browser', () => {
  let productId = '';
  const suite = browserSuite(async () => {
    const manifests = browserManifests.map((m) => (m.slug === 'alpha' ? { ...m, settings: { ...m.settings, currency: 'EUR', currencies: ['USD'] } } : m));
    const p = await testPlatform({ manifests });
    const alpha = tenantContext((await p.registry.get('alpha'))!);
    const lamp = await p.catalog.create(alpha, 'seed', {
      name: 'Reading Lamp',
      description: '',
      status: 'active',
      tags: [],
      sku: 'LAMP-USD',
      price: { amount: 4990, currency: 'EUR' },
      stock: 3,
    });
    await p.catalog.setCurrencyPrices(alpha, 'seed', lamp.id, 'USD', {
      version: lamp.version,
      prices: { [lamp.variants[0]!.id]: { price: 5490, compareAtPrice: null } },
    });
    productId = lamp.id;
    return p;
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`switches to USD and back on the product page (${javaScriptEnabled ? 'with' : 'without'} scripts)`, async () => {
      const context = await suite.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(8000);
      await page.goto(suite.server.urlFor('alpha.localhost', `/p/${productId}`));
      const price = page.getByTestId('price');
      await expect(price.textContent()).resolves.toContain('€49.90');
      const switcher = page.getByTestId('currency-switcher');
      await switcher.getByLabel('Currency').selectOption('USD');
      await switcher.getByRole('button', { name: 'Show prices' }).click();
      await page.waitForURL(/\/p\//);
      await expect(price.textContent()).resolves.toContain('$54.90');
      expect(new URL(page.url()).pathname).toBe(`/p/${productId}`);
      // The catalog keeps the choice (the cookie), and the switcher shows it.
      await page.goto(suite.server.urlFor('alpha.localhost', '/'));
      await expect(page.getByTestId('product-card').filter({ hasText: 'Reading Lamp' }).textContent()).resolves.toContain('$54.90');
      await expect(page.getByTestId('currency-switcher').getByLabel('Currency').inputValue()).resolves.toBe('USD');
      await page.getByTestId('currency-switcher').getByLabel('Currency').selectOption('EUR');
      await page.getByTestId('currency-switcher').getByRole('button', { name: 'Show prices' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await expect(page.getByTestId('product-card').filter({ hasText: 'Reading Lamp' }).textContent()).resolves.toContain('€49.90');
      await context.close();
    });
  }
});
