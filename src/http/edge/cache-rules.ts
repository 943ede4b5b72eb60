import { prefersHtml } from '../negotiate';
import { ACCESS_COOKIE, REFRESH_COOKIE, SESSION_COOKIE } from '../session-cookie';

/**
 * What the edge (CloudFront in front of the API, stacks/edge.ts) may keep, and for how long: the
 * one table both the distribution's cache behaviours are generated from and the app's
 * Cache-Control is written from (src/http/edge/cache-control.ts), so neither can drift from the
 * other. Default deny: a path on no row is never cached (admin, platform, account, auth, and
 * every cart, checkout, wishlist or order path still to come).
 */

/** How long a class of public answers may be kept: by browsers (`maxAge`) and by the edge (`sMaxAge`, the cache policy's ceiling). */
export type CacheClass = { name: string; maxAge: number; sMaxAge: number; immutable?: true; comment: string };

export const CACHE_CLASSES = {
  /** Catalog reads: short, so a price or stock change shows within a minute without invalidations. */
  catalog: { name: 'catalog', maxAge: 0, sMaxAge: 60, comment: 'Public catalog reads and storefront pages: one minute at the edge' },
  /** What search engines read; changes with the catalog but nobody waits for it. */
  seo: { name: 'seo', maxAge: 300, sMaxAge: 300, comment: 'sitemap.xml and robots.txt: five minutes' },
  /** The same icon for ever, but not named by its content. */
  icon: { name: 'icon', maxAge: 86_400, sMaxAge: 86_400, comment: 'favicon.svg: a day' },
  /** Named by their content (src/web/assets.ts): a release references new names. */
  static: { name: 'static', maxAge: 31_536_000, sMaxAge: 31_536_000, immutable: true, comment: 'Bundled browser code and styles, content-hashed: a year' },
} as const satisfies Record<string, CacheClass>;

export type CacheClassName = keyof typeof CACHE_CLASSES;

/**
 * The allow list, in CloudFront path-pattern syntax (`*` any characters, `/` included; `?` one;
 * case-sensitive), in the order CloudFront tries them. Each row becomes one cache behaviour.
 */
export const EDGE_CACHE_RULES: readonly { pattern: string; cacheClass: CacheClassName }[] = [
  // The storefront's pages: its home and product pages.
  { pattern: '/', cacheClass: 'catalog' },
  { pattern: '/p/*', cacheClass: 'catalog' },
  // The public catalog API and the store's public settings.
  { pattern: '/products', cacheClass: 'catalog' },
  { pattern: '/products/*', cacheClass: 'catalog' },
  { pattern: '/categories', cacheClass: 'catalog' },
  { pattern: '/categories/*', cacheClass: 'catalog' },
  { pattern: '/collections', cacheClass: 'catalog' },
  { pattern: '/collections/*', cacheClass: 'catalog' },
  { pattern: '/store', cacheClass: 'catalog' },
  // Search and its suggestions: the same minute as other catalog reads (keyed on the whole query string).
  { pattern: '/search', cacheClass: 'catalog' },
  { pattern: '/search/*', cacheClass: 'catalog' },
  { pattern: '/find', cacheClass: 'catalog' },
  { pattern: '/sitemap.xml', cacheClass: 'seo' },
  { pattern: '/robots.txt', cacheClass: 'seo' },
  { pattern: '/favicon.svg', cacheClass: 'icon' },
  { pattern: '/assets/*', cacheClass: 'static' },
];

/** Only these methods' answers are kept (CloudFront's `cachedMethods`); any other passes through. */
export const CACHED_METHODS = ['GET', 'HEAD'] as const;

/** The viewer's Host, copied by the viewer-request function (CloudFront never sends the Host itself to an API Gateway origin). */
export const FORWARDED_HOST_HEADER = 'x-forwarded-host';
/**
 * Page or JSON: the viewer-request function's reading of Accept (`normalisedAccept`), keyed on
 * instead of the raw header, which would split the cache per browser. The app still reads Accept
 * itself; the two agree because the function decides as `prefersHtml` does (a test runs both).
 */
export const EDGE_ACCEPT_HEADER = 'x-edge-accept';

/**
 * What a cached answer is keyed on besides the path and the whole query string: the store (its
 * host), page or JSON (`EDGE_ACCEPT_HEADER`), and the currency a visitor chose (a cookie; `?currency=` is in the query already), so
 * a per-currency price list can never be served in another currency. The credentials are in the
 * key too, never to share an answer (the app marks those answers `private, no-store` anyway, so
 * they are not kept at all); keying on them is what makes CloudFront forward them.
 */
export const CURRENCY_COOKIE = 'currency';
export const CREDENTIAL_COOKIES = [SESSION_COOKIE, ACCESS_COOKIE, REFRESH_COOKIE] as const;
export const EDGE_CACHE_KEY = {
  headers: [FORWARDED_HOST_HEADER, EDGE_ACCEPT_HEADER, 'authorization'],
  cookies: [CURRENCY_COOKIE, ...CREDENTIAL_COOKIES],
  queryStrings: 'all',
} as const;

/** The two values of `EDGE_ACCEPT_HEADER`: what `prefersHtml` decides, made explicit. */
export const normalisedAccept = (accept: string | undefined) => (prefersHtml(accept) ? 'text/html' : 'application/json');

/** A CloudFront path pattern as a regular expression. */
const patternRegExp = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
  );

/** CloudFront's path-pattern matching. */
export function matchesPathPattern(pattern: string, path: string): boolean {
  return patternRegExp(pattern).test(path);
}

// Compiled once: every answer asks (src/http/edge/cache-control.ts), and compiling the rows' patterns
// per request cost more than the rest of a cached catalog read's middleware together.
const COMPILED_RULES = EDGE_CACHE_RULES.map((rule) => ({ rule, regExp: patternRegExp(rule.pattern) }));

/** The rule a path falls under: the first matching row, as CloudFront picks behaviours; none: not cached. */
export function cacheRuleFor(path: string) {
  return COMPILED_RULES.find(({ regExp }) => regExp.test(path))?.rule;
}

export type EdgeRequest = { method: string; path: string; query?: string; headers: Record<string, string | undefined> };
export type EdgeCacheDecision = { cache: false; ttl: 0 } | { cache: true; key: string; ttl: number; cacheClass: CacheClassName };

/** The cookies of a Cookie header, by name. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) cookies.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return cookies;
}

/** A request that carries someone's credentials: its answer is theirs alone. */
export function isPersonal(headers: Record<string, string | undefined>): boolean {
  if (headers.authorization) return true;
  const cookies = parseCookies(headers.cookie);
  return CREDENTIAL_COOKIES.some((name) => cookies.get(name));
}

/**
 * The local stand-in of the edge's cache rules: whether an answer to this request may be served
 * from (and kept in) the shared cache, under which key, and for at most how long. Header names
 * are lower case; `headers.host` is the viewer's Host. The distribution is generated from the
 * same table (stacks/edge.ts) and a test compares the two.
 */
export function edgeCacheDecision(request: EdgeRequest): EdgeCacheDecision {
  const rule = cacheRuleFor(request.path);
  if (!rule || !(CACHED_METHODS as readonly string[]).includes(request.method.toUpperCase()) || isPersonal(request.headers)) return { cache: false, ttl: 0 };
  const host = (request.headers.host ?? '').toLowerCase();
  const currency = parseCookies(request.headers.cookie).get(CURRENCY_COOKIE) ?? '';
  const query = request.query ? `?${request.query}` : '';
  const key = [host, normalisedAccept(request.headers.accept), `currency=${currency}`, `${request.path}${query}`].join(' ');
  return { cache: true, key, ttl: CACHE_CLASSES[rule.cacheClass].sMaxAge, cacheClass: rule.cacheClass };
}

/**
 * How long the edge keeps an answer it may cache, honouring the app's Cache-Control as CloudFront
 * does with a minimum TTL of 0 and a default TTL of 0: `private`, `no-store`, `no-cache` or no
 * header at all keeps nothing; otherwise `s-maxage` (else `max-age`), capped by the rule's TTL.
 */
export function edgeKeepsFor(decision: EdgeCacheDecision, cacheControl: string | null | undefined): number {
  if (!decision.cache || !cacheControl) return 0;
  const directives = new Map(
    cacheControl
      .toLowerCase()
      .split(',')
      .map((d) => d.trim().split('=') as [string, string | undefined]),
  );
  if (directives.has('private') || directives.has('no-store') || directives.has('no-cache')) return 0;
  const seconds = Number(directives.get('s-maxage') ?? directives.get('max-age'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, decision.ttl) : 0;
}
