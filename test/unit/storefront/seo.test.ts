import { describe, expect, it } from 'vitest';
import { prefersHtml } from '../../../src/http/negotiate';
import { decimalPrice, metaDescription, robotsTxt, sitemapXml, storeOrigin } from '../../../src/storefront/seo';
import { tenantContext } from '../../../src/tenants/tenant';

const store = tenantContext({ id: 'shop', name: 'Shop', tier: 'basic', status: 'active', domains: ['shop.example.com', 'www.shop.example.com'] });

describe('storeOrigin', () => {
  it('is https on the primary domain on AWS, whatever the request came by', () => {
    expect(storeOrigin(store, { scheme: 'https' }, 'http://www.shop.example.com:8080/p/1')).toBe('https://shop.example.com');
  });
  it("locally takes the request's scheme and the configured port, never the Host's", () => {
    expect(storeOrigin(store, { scheme: 'request', port: 3000 }, 'http://evil.example:6666/')).toBe('http://shop.example.com:3000');
    expect(storeOrigin(store, { scheme: 'request', port: 443 }, 'https://x/')).toBe('https://shop.example.com');
  });
  it('is undefined for a store without a domain', () => {
    expect(storeOrigin(tenantContext({ id: 'x', name: 'X', tier: 'basic', status: 'active' }), { scheme: 'https' }, 'http://x/')).toBeUndefined();
  });
});

describe('prefersHtml', () => {
  it.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    ['text/html;q=0.9, application/json;q=0.5', true],
    [undefined, false],
    ['*/*', false],
    ['application/json', false],
    ['application/json, text/html', false],
    ['text/html;q=0', false],
    ['application/json;q=0.5, text/html;q=0.4', false],
  ])('%s → %s', (accept, html) => {
    expect(prefersHtml(accept)).toBe(html);
  });
});

describe('page text', () => {
  it('folds whitespace and cuts long descriptions at a word', () => {
    expect(metaDescription('  A   shoe.\n')).toBe('A shoe.');
    const long = metaDescription(`${'word '.repeat(60)}end`);
    expect(long.length).toBeLessThanOrEqual(160);
    expect(long).toMatch(/word…$/);
  });
  it('writes prices in the currency’s own decimals', () => {
    expect(decimalPrice(8999, 'EUR')).toBe('89.99');
    expect(decimalPrice(500, 'JPY')).toBe('500');
    expect(decimalPrice(1234, 'KWD')).toBe('1.234');
  });
  it('escapes sitemap URLs and names the sitemap in robots.txt', () => {
    expect(sitemapXml([{ url: 'https://s.example/?a=1&b=2' }])).toContain('<loc>https://s.example/?a=1&#38;b=2</loc>');
    expect(robotsTxt('https://s.example')).toMatch(/\nSitemap: https:\/\/s.example\/sitemap.xml\n$/);
    expect(robotsTxt(undefined)).not.toContain('Sitemap');
  });
});
