/**
 * Bundles the Lambda entry points with esbuild: per function a directory with `index.mjs` (ESM,
 * node22, tree-shaken, minified) and the chunks it loads lazily. The AWS SDK is bundled rather
 * than taken from the runtime, so the versions that run are the pinned ones. Nothing here is
 * architecture-specific (no native modules), so the same bundle runs on arm64 and x86_64.
 *
 *   npm run build:lambda [-- <outDir>] [--no-minify]
 *
 * The browser code (src/web/browser/) is bundled first, here, and its files are compiled into the
 * API's bundle in place of src/web/load-assets.ts (which from source would run esbuild at start-up):
 * the Lambda serves the same `/assets/<name>-<hash>` files with no esbuild and no disk reads.
 *
 * Each function's esbuild metafile is written next to its directory (`<outDir>/<name>.meta.json`,
 * for https://esbuild.github.io/analyze/), not inside it, so it is not shipped in the zip.
 */
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import type { AssetManifest } from '../src/web/assets';
import { buildWebAssets } from '../src/web/build-assets';
import { deepSdkImports } from './deep-sdk-imports';

export const LAMBDA_ENTRIES = {
  api: 'src/entry/lambda.ts',
  'stream-publisher': 'src/entry/stream-publisher.ts',
  'pre-sign-up': 'src/entry/pre-sign-up.ts',
  'inventory-consumer': 'src/entry/inventory-consumer.ts',
  'listing-consumer': 'src/entry/listing-consumer.ts',
  'job-runner': 'src/entry/job-runner.ts',
  'search-indexer': 'src/entry/search-indexer.ts',
  'reservation-sweeper': 'src/entry/reservation-sweeper.ts',
  'domain-checks': 'src/entry/domain-checks.ts',
  'offboarding-purge': 'src/entry/offboarding-purge.ts',
} as const;
export type LambdaName = keyof typeof LAMBDA_ENTRIES;

export type BuiltLambda = {
  /** The function's directory: what the stack zips. */
  dir: string;
  file: string;
  /** What a cold start loads: the entry and its static imports, not the lazy chunks. */
  bytes: number;
  /** Everything in the directory. */
  totalBytes: number;
  metafile: Metafile;
};

export async function buildLambdas(options: { outDir: string; minify?: boolean; root?: string }): Promise<Record<LambdaName, BuiltLambda>> {
  const root = options.root ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  await rm(options.outDir, { recursive: true, force: true });
  const results = {} as Record<LambdaName, BuiltLambda>;
  const assets = await buildWebAssets();
  for (const [name, entry] of Object.entries(LAMBDA_ENTRIES) as [LambdaName, string][]) {
    const dir = path.join(options.outDir, name);
    await mkdir(dir, { recursive: true });
    const result = await build({
      absWorkingDir: root,
      entryPoints: { index: path.join(root, entry) },
      outdir: dir,
      outExtension: { '.js': '.mjs' },
      // Dynamic imports (Cognito, S3, STS clients) become chunks loaded on first use, not at cold start.
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      platform: 'node',
      // The SDK ships ES modules next to CommonJS; only the ES build tree-shakes, and its credential
      // chain imports SSO/ini/process providers lazily. esbuild's node default picks `main` (CommonJS).
      mainFields: ['module', 'main'],
      target: 'node22',
      format: 'esm',
      minify: options.minify ?? true,
      treeShaking: true,
      sourcemap: false,
      legalComments: 'none',
      metafile: true,
      // CommonJS dependencies (pino, parts of the SDK) call require(); give them one in ESM.
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      logLevel: 'warning',
      plugins: [prebuiltWebAssets(assets), scalarBundleBesideEntry(), noLogTransports(), deepSdkImports()],
    });
    if (name === 'api') await copyFile(scalarStandalonePath(), path.join(dir, SCALAR_FILE));
    await writeFile(path.join(options.outDir, `${name}.meta.json`), JSON.stringify(result.metafile));
    const outputs = result.metafile.outputs;
    const entryFile = Object.keys(outputs).find((file) => file.endsWith(`${name}/index.mjs`));
    if (!entryFile) throw new Error(`esbuild wrote no ${name}/index.mjs`);
    results[name] = {
      dir,
      file: path.join(dir, 'index.mjs'),
      bytes: startupBytes(outputs, entryFile),
      totalBytes: Object.values(outputs).reduce((sum, o) => sum + o.bytes, 0),
      metafile: result.metafile,
    };
  }
  return results;
}

/**
 * Replaces src/web/load-assets.ts with a module that returns the assets bundled at build time: the
 * entries' names at cold start, the files' bodies (tens of KiB) in a chunk of their own, loaded by
 * the first `/assets/*` request.
 */
function prebuiltWebAssets(assets: AssetManifest): Plugin {
  const FILES = 'prebuilt-web-asset-files';
  return {
    name: 'prebuilt-web-assets',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]web[\\/]load-assets\.ts$/ }, () => ({
        contents: `export const loadWebAssets = async () => ({ entries: ${JSON.stringify(assets.entries)}, files: () => import(${JSON.stringify(FILES)}).then((m) => m.files) });`,
        loader: 'js',
      }));
      b.onResolve({ filter: new RegExp(`^${FILES}$`) }, () => ({ path: FILES, namespace: FILES }));
      b.onLoad({ filter: /.*/, namespace: FILES }, async () => ({
        contents: `export const files = ${JSON.stringify(typeof assets.files === 'function' ? await assets.files() : assets.files)};`,
        loader: 'js',
      }));
    },
  };
}

/**
 * pino loads thread-stream at start-up for its transports (worker threads: pino-pretty and the
 * like), which a Lambda never uses: it logs JSON lines to stdout (src/shared/logger.ts is pretty
 * only at a terminal). Stubbed, it is ~10 KiB less to load at every cold start; a transport asked
 * for anyway fails loudly rather than logging nowhere.
 */
function noLogTransports(): Plugin {
  return {
    name: 'no-log-transports',
    setup(b) {
      b.onResolve({ filter: /^thread-stream$/ }, () => ({ path: 'thread-stream', namespace: 'no-log-transports' }));
      b.onLoad({ filter: /.*/, namespace: 'no-log-transports' }, () => ({
        contents:
          "module.exports = class ThreadStream { constructor() { throw new Error('pino transports are not bundled into the Lambda functions: they log JSON to stdout.'); } };",
        loader: 'js',
      }));
    },
  };
}

/** Scalar's standalone bundle for `/docs` (a devDependency), shipped as a file beside index.mjs. */
const SCALAR_FILE = 'scalar-standalone.js';
function scalarStandalonePath() {
  // Resolved from this script, whose package has it: the root being built may be a bare source tree.
  return path.join(path.dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')), 'browser', 'standalone.js');
}

/**
 * Replaces src/http/contract/scalar-bundle.ts (which reads node_modules) with a module reading the
 * copy beside index.mjs, on the first `/docs/scalar.js` only: 3.5 MB never on the cold path.
 */
function scalarBundleBesideEntry(): Plugin {
  return {
    name: 'scalar-bundle-beside-entry',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]http[\\/]contract[\\/]scalar-bundle\.ts$/ }, () => ({
        contents: [
          "import { readFile } from 'node:fs/promises';",
          "import { existsSync } from 'node:fs';",
          'let loaded;',
          // The module lands in a lazy chunk (chunks/) or in index.mjs: look beside and above it.
          `const file = () => ['./${SCALAR_FILE}', '../${SCALAR_FILE}'].map((f) => new URL(f, import.meta.url)).find((u) => existsSync(u));`,
          "export const loadScalarBundle = () => (loaded ??= readFile(file(), 'utf8').catch((e) => { loaded = undefined; throw e; }));",
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}

function startupBytes(outputs: Metafile['outputs'], entry: string, seen = new Set<string>()): number {
  const output = outputs[entry];
  if (seen.has(entry) || !output) return 0;
  seen.add(entry);
  return output.bytes + output.imports.filter((i) => i.kind === 'import-statement').reduce((sum, i) => sum + startupBytes(outputs, i.path, seen), 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const outDir = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'dist/lambda');
  const results = await buildLambdas({ outDir, minify: !args.includes('--no-minify') });
  for (const [name, r] of Object.entries(results)) {
    process.stdout.write(
      `${name}: ${path.relative(process.cwd(), r.file)}  ${(r.bytes / 1024).toFixed(1)} KiB at cold start, ${(r.totalBytes / 1024).toFixed(1)} KiB with lazy chunks  (metafile ${path.relative(process.cwd(), path.join(outDir, `${name}.meta.json`))})\n`,
    );
  }
}
