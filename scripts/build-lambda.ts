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
  const results: Record<string, { file: string; bytes: number; metafile: Metafile }> = {};
  await rm(options.outDir, { recursive: true, force: true });
  for (const [name, entry] of Object.entries(LAMBDA_ENTRIES)) {
    const outfile = path.join(options.outDir, name, 'index.mjs');
    await mkdir(path.dirname(outfile), { recursive: true });
    const result = await build({
      entryPoints: [path.join(root, entry)],
      outfile,
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
    const bytes = Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
    results[name] = { file: outfile, bytes, metafile: result.metafile };
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = path.resolve(process.argv[2] ?? 'dist/lambda');
  const results = await buildLambdas({ outDir });
  for (const [name, r] of Object.entries(results)) process.stdout.write(`${name}: ${r.file} ${(r.bytes / 1024).toFixed(1)} KiB\n`);
}
