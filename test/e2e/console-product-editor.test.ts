import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedDemoUsers, type DemoTotpSecrets } from '../../src/identity/demo-users';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { client, testPlatform } from '../support/platform';
import { signInAnsweringMfa } from '../support/sign-in';
import { signInToConsole } from '../support/console-sign-in';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const statusIs = (page: Page, text: string) => page.locator('#console-status', { hasText: new RegExp(`^${escapeRegExp(text)}$`) }).waitFor();

describe.skipIf(!hasChromium)("the console's product page", () => {
  let totp: DemoTotpSecrets;
  let admin: ReturnType<typeof client>;
  const ids = new Map<string, string>();
  const suite = browserSuite(async () => {
    const p = await testPlatform({ realTokens: true, manifests: browserManifests });
    totp = await seedDemoUsers(browserManifests, p.identity);
    const token = (await signInAnsweringMfa(p.app, 'alpha.localhost', 'a@alpha.test', totp)).idToken;
    admin = client(p.app, 'alpha.localhost', token);
    for (const [name, sku] of [
      ['Desk Parka', 'PE-DESK'],
      ['Phone Parka', 'PE-PHONE'],
    ] as const) {
      const created = await admin('POST', '/admin/products', { name, sku, price: { amount: 9000, currency: 'EUR' }, status: 'active', stock: 2 });
      ids.set(name, (created.body as { id: string }).id);
    }
    const pictured = await admin('POST', '/admin/products', {
      name: 'Pictured Parka',
      status: 'active',
      options: [{ name: 'Size', values: ['S', 'M'] }],
      variants: [
        { sku: 'PE-PIC-S', optionValues: ['S'], price: { amount: 9000, currency: 'EUR' }, stock: 1 },
        { sku: 'PE-PIC-M', optionValues: ['M'], price: { amount: 9000, currency: 'EUR' }, stock: 1 },
      ],
    });
    ids.set('Pictured Parka', (pictured.body as { id: string }).id);
    await admin('POST', '/admin/products', { name: 'Draft Anorak', sku: 'PE-DRAFT', price: { amount: 99_999_999, currency: 'EUR' }, status: 'draft' });
    ids.set('Outerwear', ((await admin('POST', '/admin/categories', { name: 'Outerwear', slug: 'outerwear' })).body as { id: string }).id);
    ids.set('Winter picks', ((await admin('POST', '/admin/collections', { name: 'Winter picks', slug: 'winter-picks' })).body as { id: string }).id);
    return p;
  });

  const pageErrors: string[] = [];
  const confirmations: string[] = [];
  const signIn = (viewport: { width: number; height: number }) =>
    signInToConsole(suite.browser, {
      url: suite.server.urlFor('alpha.localhost', '/admin'),
      host: 'alpha.localhost',
      email: 'a@alpha.test',
      totp,
      pageErrors,
      viewport,
      onDialog: (message) => confirmations.push(message),
    });

  /** Opens the product page, adds Size (S, M), generates the M variant, prices both and saves. */
  async function addSizes(page: Page, name: string) {
    await page.getByRole('button', { name: `Open ${name}` }).click();
    const editor = page.locator('#product-editor');
    await editor.getByRole('heading', { name: `Product: ${name}` }).waitFor();
    await editor.getByRole('button', { name: 'Add option' }).click();
    await editor.locator('#editor-options').getByLabel('Option name').fill('Size');
    await editor.locator('#editor-options').getByLabel('Option name').press('Tab');
    await editor.locator('#editor-options').getByLabel('Values').fill('S, M');
    await editor.locator('#editor-options').getByLabel('Values').press('Tab');
    await editor.getByRole('button', { name: 'Generate missing combinations' }).click();
    await statusIs(page, '1 variant(s) added; save to keep them.');
    await editor.getByLabel('Price of S', { exact: true }).fill('40.00');
    await editor.getByLabel('Price of S', { exact: true }).press('Tab');
    await editor.getByLabel('Price of M', { exact: true }).fill('45.50');
    await editor.getByLabel('Price of M', { exact: true }).press('Tab');
    await editor.getByRole('button', { name: 'Save product' }).click();
    await statusIs(page, `Saved ${name}.`).catch(async (error) => {
      throw new Error(`${error.message}; status: ${await page.locator('#console-status').textContent()}; errors: ${pageErrors.join(' | ')}`);
    });
    return editor;
  }

  /** Adjusts M's stock by +5 and reads its history on the page. */
  async function restockM(page: Page, editor: Locator) {
    const row = editor.locator('#editor-stock tbody tr', { hasText: 'M (' });
    await row.getByLabel('Stock change or count of M').fill('5');
    await row.getByLabel('Reason for M').selectOption('restock');
    await row.getByRole('button', { name: 'Adjust by' }).click();
    await statusIs(page, 'Stock of M 0 → 5.');
    await expect(editor.locator('#editor-stock tbody tr', { hasText: 'M (' }).getByTestId('available').textContent()).resolves.toBe('5');
    await expect(editor.locator('#editor-history-title').textContent()).resolves.toContain('History of M');
    await expect(editor.locator('#editor-history li').first().textContent()).resolves.toContain('+5 (restock) 0 → 5');
  }

  it('on a desktop an admin adds an option with two values, prices the variants, restocks one and reads its history', async () => {
    const page = await signIn({ width: 1280, height: 900 });
    const editor = await addSizes(page, 'Desk Parka');
    const stored = (await admin('GET', `/admin/products/${ids.get('Desk Parka')}`)).body as {
      options: unknown;
      variants: { optionValues: string[]; price: { amount: number }; onHand: number }[];
    };
    expect(stored.options).toEqual([{ name: 'Size', values: ['S', 'M'] }]);
    // The existing variant became S and kept its stock; M is new.
    expect(stored.variants.map((v) => [v.optionValues, v.price.amount, v.onHand])).toEqual([
      [['S'], 4000, 2],
      [['M'], 4550, 0],
    ]);
    await page.locator('#inventory tbody tr', { hasText: 'Desk Parka (M)' }).waitFor();
    await restockM(page, editor);

    // The history comes 10 entries at a time; "Older changes" reads the next page.
    const m = stored.variants.findIndex((v) => v.optionValues[0] === 'M');
    const mId = ((await admin('GET', `/admin/products/${ids.get('Desk Parka')}`)).body as { variants: { id: string }[] }).variants[m]!.id;
    for (let n = 0; n < 10; n++)
      await admin('POST', `/admin/products/${ids.get('Desk Parka')}/variants/${mId}/inventory/adjustments`, { delta: 1, reason: 'return' });
    await editor.locator('#editor-stock tbody tr', { hasText: 'M (' }).getByRole('button', { name: 'History' }).click();
    await editor.locator('#editor-history li:first-child', { hasText: '+1 (return) 14 → 15' }).waitFor();
    await expect(editor.locator('#editor-history li').count()).resolves.toBe(10);
    await editor.getByRole('button', { name: 'Older changes' }).click();
    await editor.locator('#editor-history li', { hasText: '+5 (restock) 0 → 5' }).waitFor();
    await expect(editor.getByRole('button', { name: 'Older changes' }).isHidden()).resolves.toBe(true);

    // The API's 422 shows beside the field it names.
    await editor.getByLabel('SKU of M', { exact: true }).fill('PE-DESK');
    await editor.getByLabel('SKU of M', { exact: true }).press('Tab');
    await editor.getByRole('button', { name: 'Save product' }).click();
    await statusIs(page, 'Not saved: check the fields marked.');
    await expect(editor.locator('#editor-variants tbody tr').nth(1).locator('.field-error').textContent()).resolves.toContain('used by another variant');

    // Someone else saves first: a clear conflict, not a lost edit.
    await admin('PATCH', `/admin/products/${ids.get('Desk Parka')}`, { description: 'Changed elsewhere' });
    await editor.getByLabel('SKU of M', { exact: true }).fill('PE-DESK-M');
    await editor.getByLabel('SKU of M', { exact: true }).press('Tab');
    await editor.getByRole('button', { name: 'Save product' }).click();
    await statusIs(page, 'This product was changed by someone else: reload it to see their changes.');

    // Removing a variant asks first.
    await page.getByRole('button', { name: 'Open Desk Parka' }).click();
    await editor.getByLabel('Description').waitFor();
    await expect.poll(() => editor.getByLabel('Description').inputValue()).toBe('Changed elsewhere');
    await editor.locator('#editor-variants tbody tr').nth(1).getByRole('button', { name: 'Remove' }).click();
    expect(confirmations.at(-1)).toContain('Remove the variant M');
    await expect(editor.locator('#editor-variants tbody tr').count()).resolves.toBe(1);
    expect(pageErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await page.close();
  });

  it('an admin uploads images, reorders them, gives a variant one and removes one with confirmation', async () => {
    const page = await signIn({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'Open Pictured Parka' }).click();
    const editor = page.locator('#product-editor');
    await editor.getByRole('heading', { name: 'Product: Pictured Parka' }).waitFor();
    for (const n of [1, 2]) {
      await editor.getByLabel('Upload an image').setInputFiles({ name: `p${n}.png`, mimeType: 'image/png', buffer: PNG });
      await statusIs(page, 'Image added.');
      await editor
        .locator('#editor-images li[data-image]')
        .nth(n - 1)
        .waitFor();
    }
    const id = ids.get('Pictured Parka')!;
    const imageIds = async () => ((await admin('GET', `/admin/products/${id}`)).body as { images: { id: string }[] }).images.map((image) => image.id);
    const [first, second] = await imageIds();
    await editor.getByRole('button', { name: 'Move image 2 left' }).click();
    await statusIs(page, 'Moved image 2 left.');
    expect(await imageIds()).toEqual([second, first]);

    // M shows the (now first) image; saved with the rest of the product.
    await editor.getByLabel('Image 1 for M', { exact: true }).check();
    await editor.getByRole('button', { name: 'Save product' }).click();
    await statusIs(page, 'Saved Pictured Parka.');
    const variants = ((await admin('GET', `/admin/products/${id}`)).body as { variants: { sku: string; imageIds: string[] }[] }).variants;
    expect(variants.map((v) => [v.sku, v.imageIds])).toEqual([
      ['PE-PIC-S', []],
      ['PE-PIC-M', [second]],
    ]);

    await editor.getByRole('button', { name: 'Remove image 1' }).click();
    expect(confirmations.at(-1)).toContain('Remove image 1?');
    await statusIs(page, 'Removed image 1.');
    expect(await imageIds()).toEqual([first]);
    await expect(editor.getByLabel('Image 1 for M', { exact: true }).isChecked()).resolves.toBe(false);
    await page.close();
  });

  it("an admin puts a product in a category and a collection from the product's page", async () => {
    const page = await signIn({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'Open Pictured Parka' }).click();
    const form = page.locator('#editor-groupings');
    await form.getByLabel('Outerwear').check();
    await form.getByLabel('Winter picks').check();
    // The read after a save held back, as a slow answer would be: the unticks below must not be undone by it.
    await page.route('**/admin/products/*/categories', async (route) => {
      if (route.request().method() === 'GET') await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await form.getByRole('button', { name: 'Save categories and collections' }).click();
    await statusIs(page, 'Saved the categories and collections of Pictured Parka.');
    const id = ids.get('Pictured Parka')!;
    expect((await admin('GET', `/admin/products/${id}/categories`)).body).toMatchObject({ categoryIds: [ids.get('Outerwear')] });
    expect((await admin('GET', `/admin/collections/${ids.get('Winter picks')}`)).body).toMatchObject({ productIds: [id] });

    // Taken out again: the collection forgets it, the category too.
    await form.getByLabel('Winter picks').uncheck();
    await form.getByLabel('Outerwear').uncheck();
    await form.getByRole('button', { name: 'Save categories and collections' }).click();
    await statusIs(page, 'Saved the categories and collections of Pictured Parka.');
    // The status reads as after the first save: wait for the store to say so.
    await expect.poll(async () => (await admin('GET', `/admin/collections/${ids.get('Winter picks')}`)).body.productIds).toEqual([]);
    await expect.poll(async () => (await admin('GET', `/admin/products/${id}/categories`)).body.categoryIds).toEqual([]);
    await page.close();
  });

  it('the product list filters by status and sorts by name and price', async () => {
    const page = await signIn({ width: 1280, height: 900 });
    // One line per variant: the products' names, without the low-stock badge and the variant's values.
    const names = async () =>
      (await page.locator('#inventory tbody tr td:first-child').allTextContents()).map((name) => name.replace(/ low$/, '').replace(/ \(.*\)$/, ''));
    await page.locator('#inventory tbody tr', { hasText: 'Draft Anorak' }).waitFor();
    await page.locator('#list-filters').getByLabel('Status').selectOption('draft');
    expect(await names()).toEqual(['Draft Anorak']);
    await page.locator('#list-filters').getByLabel('Status').selectOption('');
    await page.getByLabel('Sort by').selectOption('price-desc');
    expect((await names())[0]).toBe('Draft Anorak');
    await page.getByLabel('Sort by').selectOption('name');
    const byName = await names();
    expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b)));
    await expect(page.locator('#list-count').textContent()).resolves.toMatch(/^\d+ of \d+ product\(s\) read\.$/);
    await page.close();
  });

  it('on a phone the same works without horizontal scrolling', async () => {
    const page = await signIn({ width: 390, height: 844 });
    const editor = await addSizes(page, 'Phone Parka');
    await restockM(page, editor);
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(390);
    const box = await editor.getByRole('button', { name: 'Save product' }).boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await page.close();
  });
});
