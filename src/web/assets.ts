import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { everyone } from '../http/middleware/access';

/** The browser entry points under src/web/browser/ (and the stylesheet), by name. */
export const WEB_ENTRIES = ['admin', 'operator', 'account', 'signup', 'product', 'minicart', 'cart', 'search', 'style'] as const;
export type WebEntry = (typeof WEB_ENTRIES)[number];

export type AssetFile = { name: string; contentType: string; body: string };

/**
 * What the esbuild bundling of the browser code produced: for each entry the URL of its file
 * (`/assets/<name>-<contenthash>.<ext>`), and the files themselves. Built at start-up from source
 * (local, tests) or at Lambda build time into the bundle (see load-assets.ts), where the files are
 * a chunk loaded on the first `/assets/*` request: pages need only the names at cold start.
 */
export type AssetManifest = { entries: Record<WebEntry, string>; files: AssetFile[] | (() => Promise<AssetFile[]>) };

export const ASSET_PREFIX = '/assets/';

/**
 * Serves the bundled files. Their names change with their content, so browsers and CDNs may keep
 * them forever; a new release references new names.
 */
export function assetRoutes(manifest: AssetManifest) {
  const { files } = manifest;
  let byName: Promise<Map<string, AssetFile>> | undefined;
  const index = () => {
    byName ??= (typeof files === 'function' ? files() : Promise.resolve(files)).then((list) => new Map(list.map((file) => [file.name, file])));
    return byName;
  };
  return new Hono<AppEnv>().get(`${ASSET_PREFIX}:file`, everyone, async (c) => {
    const file = (await index()).get(c.req.param('file'));
    if (!file) return c.notFound();
    return c.body(file.body, 200, { 'content-type': file.contentType, 'cache-control': 'public, max-age=31536000, immutable' });
  });
}
