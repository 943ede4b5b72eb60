import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { CACHE_CLASSES, CACHED_METHODS, cacheRuleFor, isPersonal, type CacheClassName } from './cache-rules';

export const PERSONAL = 'private, no-store';

/** Each class's public Cache-Control, written once rather than per answer. */
const PUBLIC_CACHE_CONTROL = Object.fromEntries(
  Object.entries(CACHE_CLASSES).map(([name, { maxAge, sMaxAge, ...rest }]) => [
    name,
    // s-maxage only where the edge's time differs from the browsers' (shared caches read max-age otherwise).
    `public, max-age=${maxAge}${sMaxAge !== maxAge ? `, s-maxage=${sMaxAge}` : ''}${'immutable' in rest ? ', immutable' : ''}`,
  ]),
) as Record<CacheClassName, string>;

/**
 * The Cache-Control of an answer, from the one table of public reads (cache-rules.ts): anything
 * asked for with someone's credentials, or setting a cookie, is `private, no-store` whatever the
 * route said; a public read on the allow list that succeeded (2xx, or a redirect) is `public` for
 * its class's times; anything else there is `no-store`, so an outage is never kept, and neither is
 * a 404 (a store just signed up is live at once, even if its host was asked for a moment before). Elsewhere the route's own header (or none) stands: the edge caches
 * nothing off the allow list anyway. `undefined`: leave the header as the route set it.
 */
export function cacheControlFor(
  request: { method: string; path: string; headers: Record<string, string | undefined> },
  response: { status: number; setsCookie: boolean },
) {
  if (isPersonal(request.headers) || response.setsCookie) return PERSONAL;
  const rule = cacheRuleFor(request.path);
  if (!rule || !(CACHED_METHODS as readonly string[]).includes(request.method.toUpperCase())) return undefined;
  if (response.status >= 400) return 'no-store';
  return PUBLIC_CACHE_CONTROL[rule.cacheClass];
}

/** Writes `cacheControlFor` on every answer, errors included (so it runs outside the error handler's answer too). */
export function cacheControl() {
  return createMiddleware<AppEnv>(async function cacheControl(c, next) {
    await next();
    const value = cacheControlFor(
      { method: c.req.method, path: c.req.path, headers: { authorization: c.req.header('authorization'), cookie: c.req.header('cookie') } },
      { status: c.res.status, setsCookie: c.res.headers.has('set-cookie') },
    );
    if (value) c.res.headers.set('cache-control', value);
  });
}
