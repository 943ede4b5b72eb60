import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLambdas } from '../../scripts/build-lambda';
import { synthesize } from '../../stacks/program';
import { fakeAssets } from './synth';

const root = path.resolve(import.meta.dirname, '../..');

describe('scripts/build-lambda.ts', () => {
  it('bundles each entry into its own directory, lazy imports as chunks, the metafile beside it', async () => {
    const fake = mkdtempSync(path.join(os.tmpdir(), 'build-root-'));
    mkdirSync(path.join(fake, 'src', 'entry'), { recursive: true });
    writeFileSync(path.join(fake, 'src', 'entry', 'later.ts'), 'export const later = () => "loaded later";\n');
    // `require` is what CommonJS dependencies call inside the ESM bundle: the banner provides it.
    writeFileSync(
      path.join(fake, 'src', 'entry', 'lambda.ts'),
      'export const handler = async () => ({ body: (await import("./later")).later(), require: typeof require });\n',
    );
    writeFileSync(path.join(fake, 'src', 'entry', 'stream-publisher.ts'), 'export const handler = async () => ({ batchItemFailures: [] });\n');
    writeFileSync(path.join(fake, 'src', 'entry', 'pre-sign-up.ts'), 'export const handler = async (event: unknown) => event;\n');
    writeFileSync(path.join(fake, 'src', 'entry', 'inventory-consumer.ts'), 'export const handler = async () => ({ batchItemFailures: [] });\n');
    writeFileSync(path.join(fake, 'src', 'entry', 'listing-consumer.ts'), 'export const handler = async () => ({ batchItemFailures: [] });\n');
    writeFileSync(path.join(fake, 'src', 'entry', 'job-runner.ts'), 'export const handler = async () => ({ batchItemFailures: [] });\n');
    writeFileSync(path.join(fake, 'src', 'entry', 'search-indexer.ts'), 'export const handler = async () => ({ batchItemFailures: [] });\n');
    writeFileSync(path.join(fake, 'src', 'entry', 'reservation-sweeper.ts'), 'export const handler = async () => ({ stores: 0, expired: 0, failed: 0 });\n');
    writeFileSync(path.join(fake, 'src', 'entry', 'domain-checks.ts'), 'export const handler = async () => ({ checked: 0 });\n');
    writeFileSync(path.join(fake, 'src', 'entry', 'offboarding-purge.ts'), 'export const handler = async () => ({ purged: 0 });\n');
    const out = path.join(fake, 'dist');

    const built = await buildLambdas({ outDir: out, root: fake, minify: false });

    expect(Object.keys(built)).toEqual([
      'api',
      'stream-publisher',
      'pre-sign-up',
      'inventory-consumer',
      'listing-consumer',
      'job-runner',
      'search-indexer',
      'reservation-sweeper',
      'domain-checks',
      'offboarding-purge',
    ]);
    expect(built.api.file).toBe(path.join(out, 'api', 'index.mjs'));
    expect(built.api.bytes).toBeLessThan(built.api.totalBytes);
    expect(existsSync(path.join(out, 'api.meta.json'))).toBe(true);
    expect(existsSync(path.join(out, 'api', 'meta.json'))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(out, 'stream-publisher.meta.json'), 'utf8')).outputs).toBeDefined();
    const api = (await import(built.api.file)) as { handler: () => Promise<unknown> };
    expect(await api.handler()).toEqual({ body: 'loaded later', require: 'function' });
  });
});

describe('the program (npm run synth)', () => {
  it('writes one Terraform JSON per environment, offline, with no AWS credentials', async () => {
    const outdir = mkdtempSync(path.join(os.tmpdir(), 'cdktf-out-'));
    const files = await synthesize({
      root,
      vars: { LAMBDA_ASSETS_DIR: path.dirname(fakeAssets.api), CDKTF_OUTDIR: outdir, GITHUB_REPOSITORY: 'acme/catalog-platform' },
    });
    // The bootstrap stack too, once the repository its roles trust is named.
    expect(files).toEqual(['dev', 'staging', 'prod', 'bootstrap'].map((name) => path.join(outdir, 'stacks', name, 'cdk.tf.json')));
    expect(Object.keys(JSON.parse(readFileSync(files[3]!, 'utf8')).resource.aws_iam_role).sort()).toEqual([
      'dev-deployer',
      'dev-planner',
      'prod-deployer',
      'prod-planner',
      'staging-deployer',
      'staging-planner',
    ]);
    for (const [i, name] of ['dev', 'staging', 'prod'].entries()) {
      const stack = JSON.parse(readFileSync(files[i]!, 'utf8'));
      const fn = stack.resource.aws_lambda_function['api-function'];
      expect(fn.function_name).toBe(`catalog-${name}-api`);
      // The zipped function sits beside the JSON, where Terraform's `filename` finds it.
      expect(existsSync(path.join(outdir, 'stacks', name, fn.filename))).toBe(true);
    }
  }, 120_000); // cdktf zips each function in a child node process: about a second per zip here, and 25 s on a loaded 2-core machine

  it('fails with a clear message when there are no bundles, or the configuration is wrong', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'no-bundles-'));
    await expect(synthesize({ root, vars: { LAMBDA_ASSETS_DIR: empty } })).rejects.toThrow(/no bundle for api at .*index\.mjs \(npm run build:lambda/);
    await expect(synthesize({ root, vars: { LAMBDA_ASSETS_DIR: empty, CATALOG_PROD_ACCOUNT_ID: 'prod' } })).rejects.toThrow(
      /Invalid configuration for environment prod: accountId/,
    );
  });
});
