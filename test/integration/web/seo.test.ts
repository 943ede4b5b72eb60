import type { Product } from '../../../src/catalog/product';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadManifests } from '../../../src/tenants/manifest';
import { tenantContext } from '../../../src/tenants/tenant';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

/** The demo stores as `npm start` seeds them (with their pictures): what a crawler would find. */
let p: TestPlatform;
let byName: Map<string, Product>;
const SHOES = 'demo-shoes.localhost';
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

async function get(host: string, path: string, headers: Record<string, string> = {}) {
  return p.app.request(path, { headers: { host, ...headers } });
}
const attr = (html: string, pattern: RegExp) => html.match(pattern)?.[1];
function jsonLdOf(html: string): any[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));
}

beforeAll(async () => {
  const manifests = await loadManifests(path.resolve('tenants'));
  p = await testPlatform({ manifests });
  const shoes = manifests.find((m) => m.slug === 'demo-shoes')!;
  const listed = await p.catalog.listAll(tenantContext({ id: shoes.slug, name: shoes.name, tier: shoes.tier, status: 'active' }), { limit: 100 });
  byName = new Map(listed.items.map((x) => [x.name, x]));
  expect(byName.size).toBe(shoes.seedProducts.length);
}, 120_000);

describe('product page for search engines', () => {
  it('has its own title, a description, the canonical URL on the primary domain and a JSON-LD Product in the store currency', async () => {
    const runner = byName.get('Trail Runner')!;
    // Reached by the store's second domain, with a port a visitor chose: the canonical URL is still the primary domain's.
    const response = await get('shoes.demo.localhost:6666', `/p/${runner.id}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(attr(html, /<title>([^<]*)<\/title>/)).toBe('Trail Runner · Demo Shoes');
    expect(attr(html, /<meta name="description" content="([^"]*)"/)).toBe('Light trail running shoe with a grippy sole.');
    const canonical = `https://${SHOES}/p/${runner.id}`;
    expect(attr(html, /<link rel="canonical" href="([^"]*)"/)).toBe(canonical);
    const [ld, ...more] = jsonLdOf(html);
    expect(more).toEqual([]);
    expect(ld).toEqual({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: 'Trail Runner',
      description: 'Light trail running shoe with a grippy sole.',
      image: runner.images.map((key) => expect.stringMatching(new RegExp(`/${key.replace(/[.]/g, '\\.')}$`))),
      url: canonical,
      // One offer per variant (Size × Colour), each with its SKU, price and availability.
      offers: runner.variants.map((variant) => ({
        '@type': 'Offer',
        sku: variant.sku,
        price: '89.99',
        priceCurrency: 'EUR',
        availability: runner.stock[variant.id]!.onHand > 0 ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
        url: canonical,
      })),
    });
    expect(ld.offers).toHaveLength(8);
    expect(ld.offers.find((offer: { sku: string }) => offer.sku === 'RUN-001-41-BLA').availability).toBe('https://schema.org/OutOfStock');
    expect(ld.image.length).toBeGreaterThan(0);
  });

  it('says out of stock when it is', async () => {
    const html = await (await get(SHOES, `/p/${byName.get('Hiking Boot')!.id}`)).text();
    expect(jsonLdOf(html)[0].offers).toEqual([expect.objectContaining({ sku: 'BOOT-010', availability: 'https://schema.org/OutOfStock' })]);
  });

  it("keeps a product's own text inside its JSON-LD block: no </script> breaks out", async () => {
    const admin = client(p.app, SHOES, tokenFor('admin', 'demo-shoes'));
    const hostile = 'Nice </script><script>alert(1)</script> <!-- shoe';
    const created = await admin('POST', '/admin/products', {
      name: 'Tricky',
      sku: 'TRICK-1',
      description: hostile,
      price: { amount: 500, currency: 'EUR' },
      status: 'active',
    });
    expect(created.status).toBe(201);
    const html = await (await get(SHOES, `/p/${created.body.id}`)).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(jsonLdOf(html)[0].description).toBe(hostile);
  });

  it('marks a missing product and the account page noindex', async () => {
    for (const where of ['/p/no-such-product', '/account']) {
      const html = await (await get(SHOES, where)).text();
      expect(html, where).toContain('<meta name="robots" content="noindex, follow"/>');
      expect(html, where).not.toContain('rel="canonical"');
    }
  });
});

describe('catalog page', () => {
  it('has a description and its canonical URL; filtered or later pages are not search results', async () => {
    const plain = await (await get(SHOES, '/')).text();
    expect(attr(plain, /<meta name="description" content="([^"]*)"/)).toMatch(/Demo Shoes/);
    expect(attr(plain, /<link rel="canonical" href="([^"]*)"/)).toBe(`https://${SHOES}/`);
    expect(plain).not.toContain('name="robots"');
    const filtered = await (await get(SHOES, '/?tag=running')).text();
    expect(filtered).toContain('<meta name="robots" content="noindex, follow"/>');
    expect(filtered).not.toContain('rel="canonical"');
  });

  it('links the favicon, which is served as SVG', async () => {
    const html = await (await get(SHOES, '/')).text();
    const href = attr(html, /<link rel="icon" type="image\/svg\+xml" href="([^"]*)"/);
    expect(href).toBe('/favicon.svg');
    const icon = await get(SHOES, href!);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await icon.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });
});

describe('sitemap.xml and robots.txt', () => {
  it("lists the catalog and every active product's page on the primary domain, and no draft", async () => {
    const response = await get('shoes.demo.localhost', '/sitemap.xml');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = await response.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    const locs = [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toContain(`https://${SHOES}/`);
    const seeded = [...byName.values()];
    // The demo store's Wool Slipper is a draft.
    expect(seeded.filter((x) => x.status !== 'active').map((x) => x.name)).toEqual(['Wool Slipper']);
    for (const product of seeded) expect(locs.includes(`https://${SHOES}/p/${product.id}`), product.name).toBe(product.status === 'active');
    expect(xml).toMatch(/<lastmod>\d{4}-\d\d-\d\dT/);
  });

  it("is the store's own: another store's sitemap lists none of these products", async () => {
    const xml = await (await get('demo-books.localhost', '/sitemap.xml')).text();
    for (const product of byName.values()) expect(xml).not.toContain(product.id);
    expect(xml).toContain('<loc>https://demo-books.localhost/</loc>');
  });

  it('robots.txt points to the sitemap and keeps crawlers out of accounts and the console', async () => {
    const response = await get(SHOES, '/robots.txt');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain(`Sitemap: https://${SHOES}/sitemap.xml`);
    expect(text).toContain('Disallow: /admin');
    expect(text).toContain('Disallow: /account');
  });
});

describe('/products/:id for people and for programs', () => {
  it('sends a browser to the product page and gives API clients the JSON', async () => {
    const id = byName.get('Road Racer')!.id;
    const browser = await get(SHOES, `/products/${id}`, { accept: BROWSER_ACCEPT });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe(`/p/${id}`);
    expect(browser.headers.get('vary')).toMatch(/accept/i);
    for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html']) {
      const api = await get(SHOES, `/products/${id}`, accept ? { accept } : {});
      expect(api.status, accept).toBe(200);
      expect(api.headers.get('vary'), accept).toMatch(/accept/i);
      expect(((await api.json()) as { sku: string }).sku, accept).toBe('RUN-002');
    }
  });

  it('still answers a malformed id with a problem, not a redirect, whoever asks', async () => {
    const response = await get(SHOES, '/products/bad%20id!', { accept: BROWSER_ACCEPT });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
