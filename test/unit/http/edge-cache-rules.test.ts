import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cacheControlFor, PERSONAL } from '../../../src/http/edge/cache-control';
import { CACHE_CLASSES, EDGE_CACHE_RULES, edgeCacheDecision, edgeKeepsFor, normalisedAccept } from '../../../src/http/edge/cache-rules';
import { prefersHtml } from '../../../src/http/negotiate';

const get = (path: string, headers: Record<string, string> = {}, query?: string) => ({
  method: 'GET',
  path,
  ...(query ? { query } : {}),
  headers: { host: 'alpha.test', ...headers },
});

describe('edgeCacheDecision: what the edge may keep', () => {
  it('keeps public catalog reads, storefront pages, SEO files and assets', () => {
    for (const path of ['/', '/p/abc', '/products', '/products/abc', '/categories', '/categories/shoes', '/collections/summer', '/store']) {
      expect(edgeCacheDecision(get(path)), path).toMatchObject({ cache: true, ttl: 60, cacheClass: 'catalog' });
    }
    expect(edgeCacheDecision(get('/sitemap.xml'))).toMatchObject({ cache: true, ttl: 300 });
    expect(edgeCacheDecision(get('/robots.txt'))).toMatchObject({ cache: true, ttl: 300 });
    expect(edgeCacheDecision(get('/favicon.svg'))).toMatchObject({ cache: true, ttl: 86_400 });
    expect(edgeCacheDecision(get('/assets/admin-3F2A.js'))).toMatchObject({ cache: true, ttl: 31_536_000 });
    expect(edgeCacheDecision({ ...get('/products'), method: 'HEAD' }).cache).toBe(true);
  });

  it('keeps nothing off the allow list: admin, platform, account, auth, and paths yet to come (default deny)', () => {
    for (const path of [
      '/admin',
      '/admin/products',
      '/platform',
      '/platform/tenants',
      '/account',
      '/auth/me',
      '/auth/session',
      '/cart',
      '/cart/lines',
      '/cart/summary',
      '/checkout',
      '/wishlist',
      '/wishlist/items',
      '/orders/1',
      '/media/tenants/alpha/products/p/i.png',
      '/openapi.json',
      '/health',
      '/Products',
      '/storefront',
      '/sitemap.xml.bak',
    ]) {
      expect(edgeCacheDecision(get(path)), path).toEqual({ cache: false, ttl: 0 });
    }
  });

  it('keeps no answer to a write, to a bearer token or to a session cookie', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) expect(edgeCacheDecision({ ...get('/products'), method }).cache, method).toBe(false);
    expect(edgeCacheDecision(get('/products', { authorization: 'Bearer x' })).cache).toBe(false);
    for (const cookie of ['__Host-session=abc', 'currency=EUR; __Host-refresh=r', '__Host-access=a']) {
      expect(edgeCacheDecision(get('/', { cookie })).cache, cookie).toBe(false);
    }
    // Cookies that identify nobody do not make a read personal.
    expect(edgeCacheDecision(get('/', { cookie: 'currency=EUR; theme=dark' })).cache).toBe(true);
  });

  it('keys per Host, per page-or-JSON, per currency (cookie or query) and per query string', () => {
    const key = (path: string, headers: Record<string, string> = {}, query?: string) => {
      const d = edgeCacheDecision(get(path, headers, query));
      return d.cache ? d.key : undefined;
    };
    const base = key('/products');
    expect(key('/products', { host: 'beta.test' })).not.toBe(base);
    expect(key('/products', { host: 'ALPHA.test' })).toBe(base);
    expect(key('/products/1', { accept: 'text/html' })).not.toBe(key('/products/1', { accept: 'application/json' }));
    expect(key('/products/1', { accept: 'application/json' })).toBe(key('/products/1', { accept: '*/*' }));
    expect(key('/products', { cookie: 'currency=EUR' })).not.toBe(key('/products', { cookie: 'currency=USD' }));
    expect(key('/products', {}, 'currency=EUR')).not.toBe(key('/products', {}, 'currency=USD'));
    expect(key('/products', {}, 'cursor=abc')).not.toBe(base);
    expect(key('/products', { cookie: 'theme=dark' })).toBe(base);
  });
});

describe('edgeKeepsFor: the edge honours the app’s Cache-Control', () => {
  const catalog = edgeCacheDecision(get('/products'));
  it('keeps for s-maxage (else max-age), never past the rule’s TTL, and nothing without a header', () => {
    expect(edgeKeepsFor(catalog, 'public, max-age=0, s-maxage=30')).toBe(30);
    expect(edgeKeepsFor(catalog, 'public, max-age=20')).toBe(20);
    expect(edgeKeepsFor(catalog, 'public, s-maxage=3600')).toBe(60);
    expect(edgeKeepsFor(catalog, undefined)).toBe(0);
    expect(edgeKeepsFor(catalog, null)).toBe(0);
  });
  it('keeps nothing private, no-store or no-cache, nor anything the rules refuse', () => {
    for (const header of [PERSONAL, 'no-store', 'no-cache', 'private, max-age=60', 'public, s-maxage=0']) expect(edgeKeepsFor(catalog, header), header).toBe(0);
    expect(edgeKeepsFor(edgeCacheDecision(get('/admin')), 'public, s-maxage=60')).toBe(0);
  });
});

describe('cacheControlFor: the one Cache-Control rule of the app', () => {
  const ok = { status: 200, setsCookie: false };
  it('marks public reads on the allow list public for their class’s times', () => {
    expect(cacheControlFor(get('/products'), ok)).toBe('public, max-age=0, s-maxage=60');
    expect(cacheControlFor(get('/products/abc'), { status: 303, setsCookie: false })).toBe('public, max-age=0, s-maxage=60');
    expect(cacheControlFor(get('/robots.txt'), ok)).toBe('public, max-age=300');
    expect(cacheControlFor(get('/favicon.svg'), ok)).toBe('public, max-age=86400');
    expect(cacheControlFor(get('/assets/a.js'), ok)).toBe('public, max-age=31536000, immutable');
  });
  it('marks anything asked with credentials, or setting a cookie, private and unstored, on any path', () => {
    for (const path of ['/products', '/', '/admin/products', '/assets/a.js']) {
      expect(cacheControlFor(get(path, { authorization: 'Bearer t' }), ok), path).toBe(PERSONAL);
      expect(cacheControlFor(get(path, { cookie: 'a=b; __Host-session=s' }), ok), path).toBe(PERSONAL);
      expect(cacheControlFor(get(path), { status: 200, setsCookie: true }), path).toBe(PERSONAL);
    }
  });
  it('never lets a failure be kept, and leaves other routes’ own headers', () => {
    for (const status of [400, 404, 429, 500, 503]) expect(cacheControlFor(get('/products'), { status, setsCookie: false }), String(status)).toBe('no-store');
    expect(cacheControlFor({ ...get('/products'), method: 'POST' }, ok)).toBeUndefined();
    expect(cacheControlFor(get('/openapi.json'), ok)).toBeUndefined();
    expect(cacheControlFor(get('/admin'), ok)).toBeUndefined();
  });
  it('has a class for every rule, each with an edge TTL no shorter than its browser TTL', () => {
    for (const rule of EDGE_CACHE_RULES) expect(CACHE_CLASSES[rule.cacheClass].sMaxAge).toBeGreaterThanOrEqual(CACHE_CLASSES[rule.cacheClass].maxAge);
  });
});

describe('the viewer-request function (stacks/edge-viewer-request.js), run as CloudFront would', () => {
  const source = readFileSync(new URL('../../../stacks/edge-viewer-request.js', import.meta.url), 'utf8');
  const context = vm.createContext({});
  vm.runInContext(source, context);
  const handler = context.handler as (event: unknown) => { headers: Record<string, { value: string }> };
  const run = (headers: Record<string, { value: string }>, ip = '203.0.113.9') =>
    handler({ request: { method: 'GET', uri: '/', headers }, viewer: { ip } }).headers;

  it('copies the viewer’s Host and address over whatever the viewer sent as them', () => {
    const headers = run({ host: { value: 'alpha.test' }, 'x-forwarded-host': { value: 'beta.test' }, 'x-viewer-address': { value: '10.0.0.1' } });
    expect(headers['x-forwarded-host']).toEqual({ value: 'alpha.test' });
    expect(headers['x-viewer-address']).toEqual({ value: '203.0.113.9' });
  });

  it('decides page or JSON exactly as the app does, for any Accept header', () => {
    const part = fc.tuple(
      fc.constantFrom('text/html', 'application/json', '*/*', 'TEXT/HTML', 'application/xhtml+xml', 'image/webp', ' text/html', 'application/json '),
      fc.option(fc.constantFrom(';q=0', ';q=0.5', ';q=1', ';q=0.9', '; q=0.8', ';q=', ';q=abc', ';level=1', ';q=1.0;x=y'), { nil: '' }),
    );
    const accept = fc.oneof(
      fc.array(part, { maxLength: 4 }).map((parts) => parts.map(([type, params]) => type + params).join(',')),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(accept, (value) => {
        const edge = run({ host: { value: 'a.test' }, ...(value ? { accept: { value } } : {}) })['x-edge-accept']!.value;
        expect(edge).toBe(normalisedAccept(value || undefined));
        expect(edge === 'text/html').toBe(prefersHtml(value || undefined));
      }),
      { numRuns: 2000 },
    );
  });
});
