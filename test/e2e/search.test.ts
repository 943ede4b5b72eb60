import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedDemoUsers, type DemoTotpSecrets } from '../../src/identity/demo-users';
import { tenantContext } from '../../src/tenants/tenant';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { signInToConsole } from '../support/console-sign-in';
import { testPlatform } from '../support/platform';

describe.skipIf(!hasChromium)('search in a real browser', () => {
  let totp: DemoTotpSecrets;
  const suite = browserSuite(async () => {
    const p = await testPlatform({ realTokens: true, manifests: browserManifests });
    totp = await seedDemoUsers(browserManifests, p.identity);
    return p;
  });
  const host = 'beta.localhost';
  const tenant = tenantContext({ id: 'beta', name: 'Beta Store', tier: 'standard', status: 'active' });

  /** Products written through the services, then the store's index built from its catalog (as its writer does on a first event). */
  async function stock(names: { name: string; status?: 'active' | 'draft'; stock?: number }[]) {
    for (const [i, item] of names.entries()) {
      await suite.platform.catalog.create(tenant, 'test', {
        name: item.name,
        description: '',
        price: { amount: 1000 + i * 2000, currency: 'EUR' },
        sku: `SRCH-E2E-${i}-${Date.now()}`,
        status: item.status ?? 'active',
        stock: item.stock ?? 3,
        lowStockThreshold: null,
        tags: [],
      });
    }
    await suite.platform.search.indexer.rebuild(tenant);
  }

  async function visitor(path: string): Promise<Page> {
    const page = await (await suite.browser.newContext()).newPage();
    page.setDefaultTimeout(8000);
    await page.goto(suite.server.urlFor(host, path));
    return page;
  }

  it('suggests products while a visitor types, and the results page filters without script', async () => {
    await stock([{ name: 'Marmot Fleece' }, { name: 'Marmot Beanie', stock: 0 }, { name: 'Marmot Secret Draft', status: 'draft' }]);
    const page = await visitor('/');
    await page.locator('#site-search').pressSequentially('marm', { delay: 30 });
    const suggestions = page.locator('.search-box .suggestions a');
    await suggestions.first().waitFor();
    expect((await suggestions.allTextContents()).sort()).toEqual(['Marmot Beanie', 'Marmot Fleece']);
    await page.locator('#site-search').press('Enter');
    await page.waitForURL(/\/find\?q=marm/);
    await expect(page.getByTestId('result-count').textContent()).resolves.toContain('2 products');

    // Without script: the filter form alone.
    const plain = await (await suite.browser.newContext({ javaScriptEnabled: false })).newPage();
    await plain.goto(suite.server.urlFor(host, '/find?q=marmot'));
    await plain.getByLabel('In stock only').check();
    await plain.getByRole('button', { name: 'Apply' }).click();
    await plain.waitForURL(/inStock=true/);
    await expect(plain.getByTestId('product-card').allTextContents()).resolves.toEqual([expect.stringContaining('Marmot Fleece')]);
  });

  it('the console’s product list searches every status through the same search', async () => {
    await stock([{ name: 'Wombat Parka' }, { name: 'Wombat Draft Cap', status: 'draft' }, { name: 'Koala Scarf' }]);
    const page = await signInToConsole(suite.browser, { url: suite.server.urlFor(host, '/admin'), host, email: 'b@beta.test', totp, pageErrors: [] });
    await page.locator('#inventory tbody tr', { hasText: 'Koala Scarf' }).waitFor();
    await page.getByLabel('Search', { exact: true }).fill('wombat');
    await page.locator('#list-count', { hasText: 'matching “wombat”' }).waitFor();
    const names = await page.locator('#inventory tbody tr td:first-child').allTextContents();
    expect(names.sort()).toEqual(['Wombat Draft Cap', 'Wombat Parka']);
    await page.getByLabel('Search', { exact: true }).fill('');
    await page.locator('#inventory tbody tr', { hasText: 'Koala Scarf' }).waitFor();
  });
});
