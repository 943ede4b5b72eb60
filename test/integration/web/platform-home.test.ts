import { beforeAll, describe, expect, it } from 'vitest';
import { localStoreLinks } from '../../../src/entry/local-banner';
import { createPlatform } from '../../../src/platform';
import { testManifests, testPlatform, type TestPlatform } from '../../support/platform';

let p: TestPlatform;
let local: ReturnType<typeof createPlatform>;

const get = (app: { request(url: string, init?: RequestInit): Response | Promise<Response> }, host: string) =>
  app.request(`http://${host}/`, { headers: { host } });

beforeAll(async () => {
  p = await testPlatform();
  // As npm start wires it: the start page lists the stores it seeded.
  local = createPlatform({ ...p.options, homeStores: localStoreLinks(testManifests, 3000) });
});

describe('GET / on the platform host', () => {
  it('is a page linking each store’s storefront and console and the operator console, under the CSP, with no inline script or style', async () => {
    const response = await get(local.app, 'localhost:3000');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual(
      expect.arrayContaining([
        '/platform',
        'http://alpha.test:3000/',
        'http://alpha.test:3000/admin',
        'http://beta.test:3000/',
        'http://beta.test:3000/admin',
        'http://gamma.test:3000/',
      ]),
    );
    expect(html).toContain('Alpha Store');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=/i);
  });

  it('lists no stores where the entry point gives none (on AWS it must not publish the tenants), but still leads to the operator console', async () => {
    const response = await get(p.app, 'localhost');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('href="/platform"');
    expect(html).not.toContain('Alpha Store');
  });

  it('is the landing page: the three plans, the sign-up form with the store domain suffix, and its script from /assets', async () => {
    const html = await (await get(p.app, 'localhost')).text();
    for (const plan of ['basic', 'standard', 'premium']) expect(html).toContain(`data-plan="${plan}"`);
    expect(html).toContain('id="signup-form"');
    expect(html).toContain('id="confirm-form"');
    expect(html).toContain('.localhost</span>');
    expect(html).toMatch(/<script type="module" src="\/assets\/signup-[^"]+\.js">/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=/i);
  });

  it('leaves a store’s own `/` to its storefront, and an unknown host’s to the unknown-store 404', async () => {
    const storefront = await get(local.app, 'alpha.test');
    expect(storefront.status).toBe(200);
    const html = await storefront.text();
    expect(html).toContain('Alpha Store');
    expect(html).not.toContain('Operator console');
    const unknown = await get(local.app, 'nobody.test');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
  });
});
