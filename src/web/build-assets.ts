/**
 * Bundles the browser code (src/web/browser/) with esbuild's JS API, in memory. Runs at start-up
 * from source (`npm start`, tests) where esbuild is installed as a devDependency, and at build
 * time for the Lambda (scripts/build-lambda.ts), which has no esbuild at run time.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASSET_PREFIX, WEB_ENTRIES, type AssetFile, type AssetManifest, type WebEntry } from './assets';

const BROWSER_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'browser');
const SOURCES: Record<WebEntry, string> = {
  admin: 'admin.ts',
  operator: 'operator.ts',
  account: 'account.ts',
  signup: 'signup.ts',
  product: 'product.ts',
  minicart: 'minicart.ts',
  cart: 'cart.ts',
  search: 'search.ts',
  style: 'style.css',
};
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

let built: Promise<AssetManifest & { files: AssetFile[] }> | undefined;

/** Once per process: every platform a test suite starts serves the same files. */
export function buildWebAssets(): Promise<AssetManifest & { files: AssetFile[] }> {
  built ??= bundle().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

async function bundle(): Promise<AssetManifest & { files: AssetFile[] }> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: Object.fromEntries(WEB_ENTRIES.map((entry) => [entry, path.join(BROWSER_DIR, SOURCES[entry])])),
    outdir: '/assets',
    entryNames: '[name]-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    write: false,
    metafile: true,
    logLevel: 'warning',
  });
  const files: AssetFile[] = [];
  const entries = {} as Record<WebEntry, string>;
  for (const [outPath, output] of Object.entries(result.metafile.outputs)) {
    const name = path.basename(outPath);
    const file = result.outputFiles.find((f) => path.basename(f.path) === name);
    if (!file) throw new Error(`esbuild listed ${outPath} but wrote nothing for it`);
    files.push({ name, contentType: TYPES[path.extname(name)] ?? 'application/octet-stream', body: file.text });
    const entry = WEB_ENTRIES.find((e) => output.entryPoint?.endsWith(SOURCES[e]));
    if (entry) entries[entry] = `${ASSET_PREFIX}${name}`;
  }
  for (const entry of WEB_ENTRIES) if (!entries[entry]) throw new Error(`esbuild produced no file for the ${entry} entry`);
  return { entries, files };
}
