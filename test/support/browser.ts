import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { freePort } from '../../src/adapters/local/free-port';
import { afterAll, beforeAll } from 'vitest';
import type { TenantManifest } from '../../src/tenants/manifest';
import { testManifests, type TestPlatform } from './platform';

export const CHROMIUM = '/usr/bin/chromium';
/** Debian's Chromium; `.ci/run` installs it. Without it (a bare laptop) the browser tests are skipped. */
export const hasChromium = existsSync(CHROMIUM);

/** Headless Chromium that resolves every `*.test` store domain to this machine. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP *.test 127.0.0.1',
    ],
  });
}

/**
 * The test stores on `*.localhost` domains for the browser: Chromium resolves those to this
 * machine and treats them as secure contexts, as it does `https://` on AWS. On `http://*.test` it
 * would refuse the session's Secure `__Host-` cookies and send no `Sec-Fetch-Site`, so no page
 * could sign in.
 */
export const browserManifests: TenantManifest[] = testManifests.map((m) => ({ ...m, domains: m.domains.map((d) => d.replace(/\.test$/, '.localhost')) }));

/** The platform's app on a free loopback port, as `npm start` serves it. */
export async function servePlatform(p: TestPlatform) {
  const port = await freePort();
  const server = serve({ fetch: p.app.fetch, port, hostname: '127.0.0.1' });
  return {
    port,
    urlFor: (host: string, path = '/') => `http://${host}:${port}${path}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * For a browser suite: before its tests, the platform `start` returns, served over HTTP, and a
 * Chromium; after them, both stopped. Read the fields inside tests, once the hooks have run.
 */
export function browserSuite(start: () => Promise<TestPlatform>) {
  const suite = {} as { platform: TestPlatform; server: Awaited<ReturnType<typeof servePlatform>>; browser: Browser };
  beforeAll(async () => {
    suite.platform = await start();
    suite.server = await servePlatform(suite.platform);
    suite.browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
