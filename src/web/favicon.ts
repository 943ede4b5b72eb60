import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { everyone } from '../http/middleware/access';

export const FAVICON_PATH = '/favicon.svg';

/**
 * The pages' icon: a shopping bag, one small SVG kept here rather than a binary .ico. Every page
 * links it (`<link rel="icon">`), which every current browser follows instead of asking for
 * /favicon.ico. The same on every host: a store's own icon belongs to its settings, later.
 */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#1f6f5c"/><path d="M16 24h32l-3 28H19z" fill="#f4efe6"/><path d="M24 26v-6a8 8 0 0 1 16 0v6" fill="none" stroke="#f4efe6" stroke-width="4" stroke-linecap="round"/><circle cx="32" cy="38" r="5" fill="#e0a340"/></svg>`;

export function faviconRoutes() {
  return new Hono<AppEnv>().get(FAVICON_PATH, everyone, (c) =>
    c.body(FAVICON_SVG, 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'public, max-age=86400' }),
  );
}
