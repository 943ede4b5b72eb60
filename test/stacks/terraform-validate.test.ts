/**
 * `terraform validate` on every environment's synthesized stack, against the AWS provider schema
 * the machine's filesystem mirror holds (issue 12 item 8). Synth pins provider 6.25.0; the mirror
 * has one other version (5.100.0 when written) and nothing can be downloaded here, so the test
 * rewrites the constraint in a copy and says which schema it validated against. Skips, saying why,
 * where there is no `terraform` CLI or no mirror.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { App } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { environments } from '../../stacks/config';
import { PlatformStack } from '../../stacks/platform-stack';
import { fakeAssets, MANIFESTS } from './synth';

const run = promisify(execFile);
const MIRROR = process.env.TF_PLUGIN_MIRROR ?? '/opt/tf-plugins';
const AWS_IN_MIRROR = path.join(MIRROR, 'registry.terraform.io', 'hashicorp', 'aws');

function terraformCli(): string | undefined {
  try {
    return execFileSync('terraform', ['version', '-json'], { encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
  } catch {
    return undefined;
  }
}

/** The newest AWS provider version the mirror holds for this platform (unpacked layout). */
function mirroredAwsVersion(): string | undefined {
  if (!existsSync(AWS_IN_MIRROR)) return undefined;
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  const versions = readdirSync(AWS_IN_MIRROR).filter((v) => /^\d+\.\d+\.\d+$/.test(v) && existsSync(path.join(AWS_IN_MIRROR, v, platform)));
  return versions.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1);
}

const cli = terraformCli();
const version = mirroredAwsVersion();
const skipReason = !cli ? 'no terraform CLI on PATH' : !version ? `no hashicorp/aws provider in the filesystem mirror ${MIRROR}` : undefined;
if (skipReason) console.warn(`terraform validate skipped: ${skipReason}`);

type Validation = { valid: boolean; error_count: number; diagnostics: { severity: string; summary: string; detail?: string; address?: string }[] };

describe.skipIf(skipReason !== undefined)(`terraform validate (aws provider ${version ?? 'absent'} from ${MIRROR}, synth pins 6.25.0)`, () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'tf-validate-'));
  // Only the mirror, never the network: a missing provider fails init here instead of hanging on a download.
  const cliConfig = path.join(work, 'terraformrc');
  writeFileSync(
    cliConfig,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(MIRROR)}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n  direct {\n    exclude = ["*/*/*"]\n  }\n}\n`,
  );
  const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };

  // The real program's output (App.synth: cdk.tf.json plus the zipped assets beside it).
  const outdir = path.join(work, 'cdktf.out');
  const app = new App({ outdir });
  const envs = environments({});
  for (const e of envs) new PlatformStack(app, e.name, { env: e, lambdaAssets: fakeAssets, manifests: MANIFESTS });
  app.synth();

  for (const e of envs) {
    it(`${e.name}: valid against hashicorp/aws ${version}`, { timeout: 240_000 }, async () => {
      const dir = path.join(work, e.name);
      cpSync(path.join(outdir, 'stacks', e.name), dir, { recursive: true });
      const file = path.join(dir, 'cdk.tf.json');
      const stack = JSON.parse(readFileSync(file, 'utf8'));
      expect(stack.terraform.required_providers.aws.version, 'synth keeps its pin').toBe('6.25.0');
      stack.terraform.required_providers.aws.version = version;
      writeFileSync(file, JSON.stringify(stack, null, 2));

      await run('terraform', ['init', '-backend=false', '-input=false', '-no-color'], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 });
      const result = await run('terraform', ['validate', '-json', '-no-color'], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 }).catch(
        (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
      );
      const validation = JSON.parse(result.stdout) as Validation;
      const lines = validation.diagnostics.map((d) => `${d.severity}: ${d.summary}${d.address ? ` (${d.address})` : ''}${d.detail ? ` — ${d.detail}` : ''}`);
      console.log(
        `terraform validate ${e.name}: ${validation.valid ? 'valid' : 'INVALID'} against hashicorp/aws ${version} (synth pins 6.25.0)${lines.length ? `\n  ${lines.join('\n  ')}` : ''}`,
      );
      expect(
        lines.filter((l) => l.startsWith('error')),
        `validate errors of ${e.name}`,
      ).toEqual([]);
      expect(validation.valid).toBe(true);
    });
  }
});
