/**
 * Bundles the Lambda entry points with esbuild: one minified ESM file per function, the AWS SDK
 * bundled (pinned, tree-shaken) rather than taken from the runtime. `npm run build:lambda`.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

export const LAMBDA_ENTRIES = { api: 'src/entry/lambda.ts', relay: 'src/entry/relay.ts' } as const;

export async function buildLambdas(options: { outDir: string; minify?: boolean; root?: string }) {
  const root = options.root ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const results: Record<string, { file: string; bytes: number; totalBytes: number; metafile: Metafile }> = {};
  await rm(options.outDir, { recursive: true, force: true });
  for (const [name, entry] of Object.entries(LAMBDA_ENTRIES)) {
    const outdir = path.join(options.outDir, name);
    const outfile = path.join(outdir, 'index.mjs');
    await mkdir(outdir, { recursive: true });
    const result = await build({
      entryPoints: { index: path.join(root, entry) },
      outdir,
      outExtension: { '.js': '.mjs' },
      // Dynamic imports become chunks loaded on first use, not at cold start.
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      platform: 'node',
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
    });
    await writeFile(path.join(options.outDir, name, 'meta.json'), JSON.stringify(result.metafile));
    const outputs = result.metafile.outputs;
    const entryFile = Object.keys(outputs).find((file) => file.endsWith(`${name}/index.mjs`))!;
    const bytes = startupBytes(outputs, entryFile);
    const totalBytes = Object.values(outputs).reduce((sum, o) => sum + o.bytes, 0);
    results[name] = { file: outfile, bytes, totalBytes, metafile: result.metafile };
  }
  return results;
}

/** What a cold start loads: the entry and the chunks it imports statically, not the lazy ones. */
function startupBytes(outputs: Metafile['outputs'], entry: string, seen = new Set<string>()): number {
  if (seen.has(entry) || !outputs[entry]) return 0;
  seen.add(entry);
  return outputs[entry].bytes + outputs[entry].imports.filter((i) => i.kind === 'import-statement').reduce((sum, i) => sum + startupBytes(outputs, i.path, seen), 0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = path.resolve(process.argv[2] ?? 'dist/lambda');
  const results = await buildLambdas({ outDir });
  for (const [name, r] of Object.entries(results)) process.stdout.write(`${name}: ${r.file} ${(r.bytes / 1024).toFixed(1)} KiB at start, ${(r.totalBytes / 1024).toFixed(1)} KiB with lazy chunks\n`);
}
