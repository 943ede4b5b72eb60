import { describe, expect, it } from 'vitest';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { tokenFor } from '../support/fake-verifier';
import { client, testPlatform } from '../support/platform';

describe.skipIf(!hasChromium)('categories and collections in a real browser', () => {
  const suite = browserSuite(async () => {
    const p = await testPlatform({ manifests: browserManifests });
    const admin = client(p.app, 'alpha.localhost', tokenFor('admin', 'alpha'));
    const ids: Record<string, string> = {};
    for (const [name, sku, amount] of [
      ['Trail Runner', 'CE2E-1', 8999],
      ['Road Racer', 'CE2E-2', 11999],
      ['Beach Sandal', 'CE2E-3', 2499],
    ] as const) {
      ids[name] = (await admin('POST', '/admin/products', { name, sku, price: { amount, currency: 'EUR' }, status: 'active', stock: 5 })).body.id;
    }
    const shoes = (await admin('POST', '/admin/categories', { name: 'Shoes', slug: 'shoes' })).body.id;
    const running = (await admin('POST', '/admin/categories', { name: 'Running', slug: 'running', parentId: shoes })).body.id;
    await admin('PUT', `/admin/products/${ids['Trail Runner']}/categories`, { categoryIds: [running] });
    await admin('PUT', `/admin/products/${ids['Road Racer']}/categories`, { categoryIds: [running] });
    await admin('PUT', `/admin/products/${ids['Beach Sandal']}/categories`, { categoryIds: [shoes] });
    await admin('POST', '/admin/collections', { name: 'Summer', slug: 'summer', productIds: [ids['Beach Sandal'], ids['Trail Runner']] });
    return p;
  });

  for (const [device, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`a visitor on a ${device} opens a category from the storefront menu and sees its products`, async () => {
      const page = await suite.browser.newPage({ viewport });
      await page.goto(suite.server.urlFor('alpha.localhost'));
      const menu = page.getByRole('navigation', { name: 'Categories' });
      await menu.getByText('Shop by category').click();
      await menu.getByRole('link', { name: /Running/ }).click();
      await page.waitForURL(/\/category\/running$/);
      await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Running');
      expect(await page.getByTestId('product-card').locator('h3').allTextContents()).toEqual(['Road Racer', 'Trail Runner']);
      await expect(page.getByTestId('result-count').textContent()).resolves.toBe('2 products');

      // Breadcrumbs lead up the tree; the parent shows its own product and its subcategory with its count.
      await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: 'Shoes' }).click();
      await page.waitForURL(/\/category\/shoes$/);
      expect(await page.getByTestId('product-card').locator('h3').allTextContents()).toEqual(['Beach Sandal']);
      await expect(page.locator('ul.subcategories').textContent()).resolves.toContain('Running (2)');

      // A collection keeps its hand-made order; a card opens the product.
      await page.getByRole('navigation', { name: 'Categories' }).getByText('Shop by category').click();
      await page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'Summer' }).click();
      expect(await page.getByTestId('product-card').locator('h3').allTextContents()).toEqual(['Beach Sandal', 'Trail Runner']);
      await page.getByRole('link', { name: /Trail Runner/ }).click();
      await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Trail Runner');
      await page.close();
    });
  }

  it('another store shows no menu of this store', async () => {
    const page = await suite.browser.newPage();
    await page.goto(suite.server.urlFor('beta.localhost'));
    expect(await page.content()).not.toContain('Shop by category');
    await page.close();
  });
});
