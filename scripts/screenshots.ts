/**
 * `npm run screenshots`: starts the local platform on free ports with fresh in-memory data,
 * opens the demo stores in Debian's Chromium and saves screenshots under docs/screenshots/.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { freePort } from '../src/adapters/local/free-port';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

const [port, dynamo, cognito, s3] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
const server = spawn(process.execPath, ['--import', 'tsx', 'src/entry/local.ts', '--in-memory', `--data-dir=${mkdtempSync(path.join(os.tmpdir(), 'shots-'))}`], {
  cwd: root,
  env: { ...process.env, PORT: String(port), LOCAL_DYNAMODB_PORT: String(dynamo), LOCAL_COGNITO_PORT: String(cognito), LOCAL_S3_PORT: String(s3), LOG_LEVEL: 'warn', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  let seen = '';
  server.stdout.on('data', (chunk) => {
    seen += String(chunk);
    if (seen.includes('Ctrl-C stops everything')) resolve();
  });
  server.once('exit', (code) => reject(new Error(`the platform exited (${code}) before it was up`)));
});

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const shots: [string, string, { width: number; height: number }][] = [
    ['storefront-shoes.png', `http://demo-shoes.localhost:${port}/`, { width: 1280, height: 800 }],
    ['storefront-books-search.png', `http://demo-books.localhost:${port}/?q=tech&sort=price-asc`, { width: 1280, height: 800 }],
    ['storefront-phone.png', `http://demo-shoes.localhost:${port}/?inStock=true`, { width: 390, height: 844 }],
    ['account-phone.png', `http://demo-shoes.localhost:${port}/account`, { width: 390, height: 844 }],
    ['console-admin.png', `http://demo-shoes.localhost:${port}/admin`, { width: 1280, height: 900 }],
    ['account-desktop.png', `http://demo-shoes.localhost:${port}/account`, { width: 1280, height: 800 }],
    ['console-clerk-phone.png', `http://demo-shoes.localhost:${port}/admin`, { width: 390, height: 844 }],
    ['operator-console.png', `http://localhost:${port}/platform`, { width: 1280, height: 900 }],
    ['operator-console-phone.png', `http://localhost:${port}/platform`, { width: 390, height: 844 }],
  ];
  // The console needs a signed-in user: the demo admin, and the demo clerk for the phone shot.
  const staff: Record<string, string> = { 'console-admin.png': 'admin@demo-shoes.example', 'console-clerk-phone.png': 'clerk@demo-shoes.example' };
  const operators = new Set(['operator-console.png', 'operator-console-phone.png']);
  for (const [file, url, viewport] of shots) {
    // A fresh context per shot: no session cookie carries over from the one before.
    const page = await (await browser.newContext({ viewport })).newPage();
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(url);
    if (staff[file]) {
      await page.getByLabel('Email').fill(staff[file]);
      await page.getByLabel('Password', { exact: true }).fill('Demo-Passw0rd');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#inventory tbody tr').first().waitFor();
    }
    if (operators.has(file)) {
      const form = page.locator('#signin-form');
      await form.getByLabel('Email').fill('operator@platform.example');
      await form.getByLabel('Password', { exact: true }).fill('Demo-Passw0rd');
      await form.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#tenants tbody tr').first().waitFor();
    }
    const violations = errors.splice(0).filter((e) => /Content Security Policy|Refused to/i.test(e));
    if (violations.length) throw new Error(`${file}: ${violations.join(' | ')}`);
    await page.screenshot({ path: path.join(out, file), fullPage: false });
    await page.close();
    process.stdout.write(`docs/screenshots/${file}\n`);
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
