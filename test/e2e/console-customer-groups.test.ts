import { describe, expect, it } from 'vitest';
import { seedDemoUsers, type DemoTotpSecrets } from '../../src/identity/demo-users';
import { tenantContext, type TenantContext } from '../../src/tenants/tenant';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { signInToConsole } from '../support/console-sign-in';
import { testPlatform, type TestPlatform } from '../support/platform';

/**
 * The owner manages customer groups in the console (docs/pricing.md, "Customer groups"): creates
 * one, puts the demo customer in it by email, gives a product a group price, renames it, takes the
 * customer out and deletes it; and a slow answer about one group never paints over another's.
 */
describe.skipIf(!hasChromium)('the console’s customer groups', () => {
  let totp: DemoTotpSecrets;
  let p: TestPlatform;
  let beta: TenantContext;
  let lampId: string;
  const suite = browserSuite(async () => {
    p = await testPlatform({ realTokens: true, manifests: browserManifests });
    totp = await seedDemoUsers(browserManifests, p.identity);
    beta = tenantContext((await p.registry.get('beta'))!);
    const lamp = await p.catalog.create(beta, 'seed', {
      name: 'Desk Lamp',
      description: '',
      status: 'active',
      tags: [],
      sku: 'LAMP-1',
      price: { amount: 4990, currency: 'EUR' },
      stock: 3,
    });
    lampId = lamp.id;
    return p;
  });
  const pageErrors: string[] = [];
  const signedInOwner = () =>
    signInToConsole(suite.browser, { url: suite.server.urlFor('beta.localhost', '/admin'), host: 'beta.localhost', email: 'b@beta.test', totp, pageErrors });

  it('creates a group, adds the customer by email, sets a group price, renames, removes and deletes', async () => {
    const page = await signedInOwner();
    const section = page.locator('#customer-groups-section');
    const status = (text: string) => page.locator('#customer-groups-section [role="status"]', { hasText: text }).waitFor();
    const create = page.locator('#customer-group-form');
    await section.locator('#customer-groups tbody tr', { hasText: 'No customer groups yet.' }).waitFor();
    await create.getByRole('button', { name: 'Create group' }).and(page.locator(':enabled')).waitFor();
    await create.getByLabel('Name').fill('Wholesale');
    await create.getByLabel('Description').fill('Shops and resellers');
    await create.getByRole('button', { name: 'Create group' }).click();
    await status('Created Wholesale.');
    const row = section.locator('#customer-groups tbody tr', { hasText: 'Wholesale' });
    await expect(row.textContent()).resolves.toMatch(/Wholesale.*Shops and resellers.*0/);

    // The new group is open: add the demo customer by email.
    const assign = page.locator('#customer-group-assign');
    await page.locator('#customer-group-title', { hasText: 'Wholesale' }).waitFor();
    await assign.getByRole('button', { name: 'Add to group' }).and(page.locator(':enabled')).waitFor();
    await assign.getByLabel('Customer’s email').fill('nobody@beta.example');
    await assign.getByRole('button', { name: 'Add to group' }).click();
    await status('No customer with the email nobody@beta.example.');
    await assign.getByLabel('Customer’s email').fill('Customer@Beta.example');
    await assign.getByRole('button', { name: 'Add to group' }).click();
    await status('customer@beta.example is in the group.');
    await page.locator('#customer-group-members tbody tr', { hasText: 'customer@beta.example' }).waitFor();
    await expect(row.textContent()).resolves.toMatch(/Wholesale.*1/);

    // A group price for the lamp.
    const prices = page.locator('#customer-group-prices');
    await prices.getByRole('button', { name: 'Save prices' }).and(page.locator(':enabled')).waitFor();
    await expect(prices.getByLabel('Product').locator('option').allTextContents()).resolves.toContain('Desk Lamp');
    await prices.getByLabel('Product').selectOption({ label: 'Desk Lamp' });
    await prices.getByLabel('Group price of LAMP-1').and(page.locator(':enabled')).waitFor();
    await prices.getByLabel('Group price of LAMP-1').fill('39.90');
    await prices.getByLabel('Compare-at of LAMP-1').fill('49.90');
    await prices.getByRole('button', { name: 'Save prices' }).click();
    await status('Prices saved.');
    const groupId = (await p.customerGroups.list(beta)).items.find((g) => g.name === 'Wholesale')!.id;
    const stored = await p.groupPriceReader.pricesFor(beta, groupId, 'EUR', [lampId]);
    expect(Object.values(stored.get(lampId) ?? {})).toEqual([{ price: 3990, compareAtPrice: 4990 }]);
    // Read back into the boxes.
    await expect(prices.getByLabel('Group price of LAMP-1').inputValue()).resolves.toBe('39.90');

    // Renamed.
    const edit = page.locator('#customer-group-edit');
    await edit.getByLabel('Name').fill('Trade');
    await edit.getByRole('button', { name: 'Save' }).click();
    await status('Saved.');
    await section.locator('#customer-groups tbody tr', { hasText: 'Trade' }).waitFor();

    // A group with a member is not deleted; out of the group, it is.
    await edit.getByRole('button', { name: 'Delete group' }).click();
    await status('1 customers are in this group');
    // The browser logs the refusal it was meant to get.
    expect(pageErrors.splice(0)).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);
    await page.locator('#customer-group-members tbody tr', { hasText: 'customer@beta.example' }).getByRole('button', { name: 'Remove' }).click();
    await status('Removed from the group.');
    await page.locator('#customer-group-members tbody tr', { hasText: 'No customers in this group.' }).waitFor();
    await edit.getByRole('button', { name: 'Delete group' }).and(page.locator(':enabled')).waitFor();
    await edit.getByRole('button', { name: 'Delete group' }).click();
    await status('Group deleted.');
    await section.locator('#customer-groups tbody tr', { hasText: 'No customer groups yet.' }).waitFor();
    expect(await page.locator('#customer-group-detail').isHidden()).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('drops a late answer about a group the owner has left for another', async () => {
    const slow = await p.customerGroups.create(beta, { name: 'Slow', description: '' });
    await p.customerGroups.create(beta, { name: 'Fast', description: '' });
    const customer = (await p.customerGroups.findCustomers(beta, 'customer@beta.example'))[0]!;
    await p.customerGroups.assign(beta, customer.userId, slow.id);
    const page = await signedInOwner();
    // The slow group's members are held back until the fast group's are shown.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/admin/customer-groups/${slow.id}/members*`, async (route) => {
      await held;
      await route.continue();
    });
    const rowOf = (name: string) => page.locator('#customer-groups tbody tr', { hasText: name });
    await rowOf('Slow').getByRole('button', { name: 'Manage' }).click();
    await rowOf('Fast').getByRole('button', { name: 'Manage' }).click();
    await page.locator('#customer-group-members tbody tr', { hasText: 'No customers in this group.' }).waitFor();
    release();
    // The slow answer (which names the customer) arrives, and is dropped.
    await page.waitForResponse((response) => response.url().includes(`/admin/customer-groups/${slow.id}/members`));
    await page.waitForTimeout(300);
    await expect(page.locator('#customer-group-members tbody').textContent()).resolves.toContain('No customers in this group.');
    await expect(page.locator('#customer-group-title').textContent()).resolves.toBe('Fast');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
