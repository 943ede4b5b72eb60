import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedDemoUsers, type DemoTotpSecrets } from '../../src/identity/demo-users';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { client, testPlatform } from '../support/platform';
import { signInAnsweringMfa } from '../support/sign-in';
import { signInToConsole } from '../support/console-sign-in';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const statusIs = (page: Page, text: string) => page.locator('#console-status', { hasText: new RegExp(`^${escapeRegExp(text)}$`) }).waitFor();

describe.skipIf(!hasChromium)('categories and collections in the store console', () => {
  let totp: DemoTotpSecrets;
  const suite = browserSuite(async () => {
    const p = await testPlatform({ realTokens: true, manifests: browserManifests });
    totp = await seedDemoUsers(browserManifests, p.identity);
    const token = (await signInAnsweringMfa(p.app, 'alpha.localhost', 'a@alpha.test', totp)).idToken;
    const admin = client(p.app, 'alpha.localhost', token);
    for (const [name, sku] of [
      ['Alder Boot', 'CC-1'],
      ['Birch Boot', 'CC-2'],
      ['Cedar Boot', 'CC-3'],
    ])
      await admin('POST', '/admin/products', { name, sku, price: { amount: 5000, currency: 'EUR' }, status: 'active', stock: 3 });
    return p;
  });

  const pageErrors: string[] = [];
  const signIn = (viewport: { width: number; height: number }) =>
    signInToConsole(suite.browser, {
      url: suite.server.urlFor('alpha.localhost', '/admin'),
      host: 'alpha.localhost',
      email: 'a@alpha.test',
      totp,
      pageErrors,
      viewport,
    });

  it('an admin on a phone builds a tree, assigns a product, orders a collection, and removes with confirmation', async () => {
    const page = await signIn({ width: 390, height: 844 });
    // The tree's reads can be held back, as a busy server does, to show a late one wipes no unsaved tick.
    let treeHeld: Promise<void> = Promise.resolve();
    let releaseTree = () => {};
    await page.route('**/admin/categories', async (route) => {
      if (route.request().method() === 'GET') await treeHeld;
      await route.continue();
    });
    const form = page.locator('#category-form');
    await form.getByLabel('Name').fill('Boots');
    await form.getByLabel('Slug').fill('boots');
    await form.getByRole('button', { name: 'Add category' }).click();
    await statusIs(page, 'Added Boots.');
    await form.getByLabel('Name').fill('Winter');
    await form.getByLabel('Slug').fill('winter');
    await form.getByLabel('Parent').selectOption({ label: 'Boots' });
    await form.getByRole('button', { name: 'Add category' }).click();
    await statusIs(page, 'Added Winter.');
    await page.locator('#category-tree li', { hasText: 'Winter' }).waitFor();

    // A second top-level category goes last; moved up, it comes first.
    await form.getByLabel('Name').fill('Clogs');
    await form.getByLabel('Slug').fill('clogs');
    await form.getByLabel('Parent').selectOption({ label: '(top level)' });
    await form.getByRole('button', { name: 'Add category' }).click();
    await statusIs(page, 'Added Clogs.');
    await page.getByRole('button', { name: 'Move Clogs up' }).click();
    await statusIs(page, 'Moved Clogs up.');
    await page.locator('#category-tree li:first-child', { hasText: 'Clogs' }).waitFor();
    expect(await page.locator('#category-tree li .name').allTextContents()).toEqual(['Clogs', 'Boots', 'Winter']);

    // The parent picker never offers Boots' own subtree.
    await page.getByRole('button', { name: 'Edit Boots' }).click();
    expect(await form.getByLabel('Parent').locator('option').allTextContents()).not.toContain('— Winter');
    await form.getByRole('button', { name: 'Cancel' }).click();

    // Renamed in place; the tree's reload after the save is held back.
    treeHeld = new Promise((resolve) => {
      releaseTree = resolve;
    });
    await page.getByRole('button', { name: 'Edit Winter' }).click();
    await form.getByLabel('Name').fill('Winter boots');
    await form.getByRole('button', { name: 'Save category' }).click();
    await statusIs(page, 'Saved Winter boots.');

    // A product's categories: ticked while the tree's reload is still out, which then arrives.
    const assign = page.locator('#product-categories-form');
    await assign.getByLabel('Product').selectOption({ label: 'Birch Boot' });
    await assign.getByLabel('Winter').check();
    const treeRead = page.waitForResponse((r) => r.url().endsWith('/admin/categories') && r.request().method() === 'GET');
    releaseTree();
    await treeRead;
    await page.locator('#category-tree li', { hasText: 'Winter boots' }).waitFor();
    await assign.getByRole('button', { name: 'Save categories' }).click();
    await statusIs(page, 'Birch Boot is in 1 category.');
    await page.locator('#category-tree li', { hasText: '1 active' }).waitFor();

    // A collection: add, pick products, reorder.
    const collections = page.locator('#collection-form');
    await collections.getByLabel('Name').fill('Picks');
    await collections.getByLabel('Slug').fill('picks');
    await collections.getByRole('button', { name: 'Add collection' }).click();
    await statusIs(page, 'Added Picks.');
    const add = page.locator('#collection-add-form');
    for (const name of ['Cedar Boot', 'Alder Boot']) {
      await add.getByLabel('Add a product').selectOption({ label: name });
      await add.getByRole('button', { name: 'Add to collection' }).click();
      await statusIs(page, `Added ${name}.`);
    }
    await page.getByRole('button', { name: 'Move Alder Boot up' }).click();
    await statusIs(page, 'Moved Alder Boot up.');
    expect(await page.locator('#collection-products li .name').allTextContents()).toEqual(['Alder Boot', 'Cedar Boot']);

    // The storefront shows it all.
    const shop = await page.context().newPage();
    await shop.goto(suite.server.urlFor('alpha.localhost', '/collection/picks'));
    expect(await shop.getByTestId('product-card').locator('h3').allTextContents()).toEqual(['Alder Boot', 'Cedar Boot']);
    await shop.goto(suite.server.urlFor('alpha.localhost', '/category/winter'));
    expect(await shop.getByTestId('product-card').locator('h3').allTextContents()).toEqual(['Birch Boot']);

    // Removing a category with a child is refused; the child goes after confirmation, then its parent.
    await page.getByRole('button', { name: 'Remove Boots' }).click();
    await page.locator('#console-status', { hasText: 'subcategories' }).waitFor();
    await page.getByRole('button', { name: 'Remove Winter boots' }).click();
    await statusIs(page, 'Removed Winter boots.');
    await page.getByRole('button', { name: 'Remove Boots' }).click();
    await statusIs(page, 'Removed Boots.');
    // The browser logs the refused removal's 409 itself; nothing else went wrong.
    expect(pageErrors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  });
});
