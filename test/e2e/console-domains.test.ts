import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedDemoUsers, type DemoTotpSecrets } from '../../src/identity/demo-users';
import { browserManifests, browserSuite, hasChromium } from '../support/browser';
import { signInToConsole } from '../support/console-sign-in';
import { testPlatform } from '../support/platform';

/** The owner connects a domain of their own in the console: add, check (pending, then verified through the local DNS), remove. */
describe.skipIf(!hasChromium)('the console’s own domains', () => {
  let totp: DemoTotpSecrets;
  const suite = browserSuite(async () => {
    const p = await testPlatform({ realTokens: true, manifests: browserManifests });
    totp = await seedDemoUsers(browserManifests, p.identity);
    return p;
  });
  const pageErrors: string[] = [];

  const signedInOwner = (): Promise<Page> =>
    signInToConsole(suite.browser, { url: suite.server.urlFor('beta.localhost', '/admin'), host: 'beta.localhost', email: 'b@beta.test', totp, pageErrors });

  it('adds a domain, shows why it is pending, verifies it once its TXT record is in DNS, and removes it', async () => {
    const page = await signedInOwner();
    const domain = 'shop.beta-console.example';
    const status = (text: string | RegExp) => page.locator('#custom-domain-status', { hasText: text }).waitFor();

    await page.locator('#custom-domain-form').getByLabel('Domain').fill(domain);
    await page.getByRole('button', { name: 'Add domain' }).click();
    await status(`${domain} added`);
    const card = page.locator(`.domain-card[data-domain="${domain}"]`);
    await expect(card.getAttribute('data-status')).resolves.toBe('pending');
    const token = (await card.locator('tbody tr').first().locator('code').nth(1).textContent())!;
    expect(token).toMatch(/^[0-9a-f]{32}$/);

    await card.getByRole('button', { name: 'Check now' }).click();
    await status(`${domain} is not verified yet.`);
    await expect(card.locator('.notice').textContent()).resolves.toMatch(/No TXT record/);

    suite.platform.localDns!.set(`_storeverify.${domain}`, [token]);
    await card.getByRole('button', { name: 'Check now' }).click();
    await status(`${domain} is verified and serves your store.`);
    await page.locator(`.domain-card[data-domain="${domain}"][data-status="verified"]`).waitFor();
    // The checklist reloads on the domains' status line: the addresses the store answers at now include it.
    await page.locator('#domain-list li', { hasText: domain }).waitFor();

    await card.getByRole('button', { name: 'Remove' }).click();
    await status(`${domain} removed.`);
    await expect(page.locator(`.domain-card[data-domain="${domain}"]`).count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
