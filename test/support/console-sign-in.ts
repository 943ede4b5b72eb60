import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, type DemoTotpSecrets } from '../../src/identity/demo-users';
import { totpCode } from '../../src/identity/mfa';

/**
 * Admins and the operator are enrolled in TOTP (as `npm start` enrols the demo ones): after the
 * password the form asks for the authenticator's code, which the test computes from the secret.
 */
export async function answerCodeIfAsked(form: Locator, totp: DemoTotpSecrets, username: string) {
  const secret = totp.get(username);
  if (!secret) return;
  await form.locator('#mfa-code').waitFor({ state: 'visible' });
  await form.getByLabel('Code from your authenticator app').fill(totpCode(secret));
  await form.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * A demo user signed in to their store's console (`/admin`) in a fresh browser context, with the
 * demo password and, when enrolled, the authenticator's code; the page's errors are collected
 * into `pageErrors`, and its confirmation dialogs accepted (each shown to `onDialog` first).
 */
export async function signInToConsole(
  browser: Browser,
  options: {
    url: string;
    host: string;
    email: string;
    totp: DemoTotpSecrets;
    pageErrors: string[];
    viewport?: { width: number; height: number };
    onDialog?: (message: string) => void;
  },
): Promise<Page> {
  const page = await (await browser.newContext(options.viewport ? { viewport: options.viewport } : {})).newPage();
  page.on('pageerror', (error) => options.pageErrors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && options.pageErrors.push(message.text()));
  page.setDefaultTimeout(8000);
  page.on('dialog', (dialog) => {
    options.onDialog?.(dialog.message());
    void dialog.accept();
  });
  await page.goto(options.url);
  const form = page.locator('#signin-form');
  await form.getByLabel('Email').fill(options.email);
  await form.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await answerCodeIfAsked(form, options.totp, `${options.host.split('.')[0]}:${options.email}`);
  await page.locator('#workspace').waitFor({ state: 'visible' });
  return page;
}
