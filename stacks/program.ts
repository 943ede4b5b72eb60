/**
 * The CDKTF program as a function: environments, Lambda bundles, store manifests → one stack per
 * environment, synthesized to `<outdir>/stacks/<env>/cdk.tf.json`. `stacks/main.ts` runs it for
 * `npm run synth` (and for `cdktf synth`, through cdktf.json); tests call it in-process.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { App } from 'cdktf';
import { buildLambdas, LAMBDA_ENTRIES } from '../scripts/build-lambda';
import { bootstrapSettings, BootstrapStack } from './bootstrap-stack';
import { environments } from './config';
import { PlatformStack } from './platform-stack';
import { readManifests } from './tenants';

export type SynthOptions = {
  root: string;
  /** Environment variables: stacks/config.ts's settings, LAMBDA_ASSETS_DIR, CDKTF_OUTDIR. */
  vars: Record<string, string | undefined>;
  log?: (line: string) => void;
};

/** Returns the written stack files. Errors carry a message fit for the person running synth. */
export async function synthesize({ root, vars, log = () => {} }: SynthOptions): Promise<string[]> {
  const envs = environments(vars);
  const assets = await lambdaAssets(root, vars.LAMBDA_ASSETS_DIR, log);
  const manifests = await readManifests(path.join(root, 'tenants'));
  // The CDKTF CLI says where to write through CDKTF_OUTDIR; run directly, cdktf.out/.
  const outdir = path.resolve(root, vars.CDKTF_OUTDIR || 'cdktf.out');
  const app = new App({ outdir });
  for (const env of envs) new PlatformStack(app, env.name, { env, lambdaAssets: assets, manifests });
  // Applied once per account by a person, before CI can deploy anything (docs/deploy.md).
  const bootstrap = bootstrapSettings(vars);
  if (bootstrap) new BootstrapStack(app, 'bootstrap', { settings: bootstrap });
  else log('bootstrap stack skipped: set GITHUB_REPOSITORY=<owner>/<name> to synthesize it');
  app.synth();
  return [...envs.map((env) => env.name), ...(bootstrap ? ['bootstrap'] : [])].map((name) => path.join(outdir, 'stacks', name, 'cdk.tf.json'));
}

/**
 * The bundles: built now from the entry points (which must exist), or, with LAMBDA_ASSETS_DIR,
 * taken from a directory built earlier (a CI job that builds once and synthesizes per stage).
 */
async function lambdaAssets(root: string, prebuilt: string | undefined, log: (line: string) => void) {
  const dir = prebuilt ? path.resolve(root, prebuilt) : path.join(root, 'dist', 'lambda');
  if (!prebuilt) {
    const missing = Object.values(LAMBDA_ENTRIES).filter((entry) => !existsSync(path.join(root, entry)));
    if (missing.length > 0)
      throw new Error(
        `cannot bundle the Lambda functions: ${missing.join(', ')} not found. Add the entry points, or set LAMBDA_ASSETS_DIR to bundles built earlier (npm run build:lambda).`,
      );
    const built = await buildLambdas({ outDir: dir, root });
    for (const [name, r] of Object.entries(built))
      log(`bundled ${name}: ${(r.bytes / 1024).toFixed(0)} KiB at cold start, ${(r.totalBytes / 1024).toFixed(0)} KiB in all`);
  }
  const assets = {
    api: path.join(dir, 'api'),
    'stream-publisher': path.join(dir, 'stream-publisher'),
    'pre-sign-up': path.join(dir, 'pre-sign-up'),
    'inventory-consumer': path.join(dir, 'inventory-consumer'),
    'listing-consumer': path.join(dir, 'listing-consumer'),
    'job-runner': path.join(dir, 'job-runner'),
    'search-indexer': path.join(dir, 'search-indexer'),
    'reservation-sweeper': path.join(dir, 'reservation-sweeper'),
    'domain-checks': path.join(dir, 'domain-checks'),
    'offboarding-purge': path.join(dir, 'offboarding-purge'),
  };
  for (const [name, where] of Object.entries(assets)) {
    if (!existsSync(path.join(where, 'index.mjs')))
      throw new Error(`no bundle for ${name} at ${path.join(where, 'index.mjs')} (npm run build:lambda -- ${dir})`);
  }
  return assets;
}
