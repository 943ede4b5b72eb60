/**
 * Planted bugs (issue 11 item 2): each `*.diff` beside this file is a mistake as it would really be
 * made (code and the tests' literals changed together), with `Caught-by:` lines naming the test
 * files that must then fail. Each is applied to a fresh copy of the code and those files run
 * there, against this run's DynamoDB Local, cognito-local and s3rver; the check fails if a patch
 * no longer applies or if the named tests still pass with the bug in. Run with
 * `npm run proof:planted` (a few minutes on two cores, so not part of `npm test`).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const HERE = import.meta.dirname;
const COPIED = ['src', 'test', 'stacks', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.web.json', 'vitest.config.ts'];

type Planted = { name: string; file: string; caughtBy: string[] };
const planted: Planted[] = readdirSync(HERE)
  .filter((f) => f.endsWith('.diff'))
  .sort()
  .map((f) => {
    const text = readFileSync(path.join(HERE, f), 'utf8');
    return { name: f.replace(/\.diff$/, ''), file: path.join(HERE, f), caughtBy: [...text.matchAll(/^Caught-by: (\S+)$/gm)].map((m) => m[1]!) };
  });

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** A copy of the code (not of node_modules, which is linked) with the patch applied. */
async function patchedCopy(p: Planted) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `planted-${p.name}-`));
  for (const entry of COPIED) if (existsSync(path.join(ROOT, entry))) cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const applied = await run('git', ['apply', '--verbose', p.file], dir);
  return { dir, applied };
}

describe('planted bugs are caught', () => {
  it('has planted bugs, each naming the tests that catch it', () => {
    expect(planted.length).toBeGreaterThanOrEqual(3);
    for (const p of planted) {
      expect(p.caughtBy.length, p.name).toBeGreaterThan(0);
      for (const f of p.caughtBy) expect(existsSync(path.join(ROOT, f)), `${p.name}: ${f}`).toBe(true);
    }
  });

  it.each(planted)(
    '$name',
    async (p) => {
      const { dir, applied } = await patchedCopy(p);
      try {
        expect(applied.code, `the patch no longer applies:\n${applied.output}`).toBe(0);
        const report = path.join(dir, 'planted-report.json');
        const result = await run(path.join(dir, 'node_modules/.bin/vitest'), ['run', ...p.caughtBy, '--reporter=json', `--outputFile=${report}`], dir, {
          ...process.env,
          // The nested run uses this run's stand-ins instead of starting its own.
          DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
          COGNITO_ENDPOINT: inject('cognitoEndpoint'),
          S3_ENDPOINT: inject('s3Endpoint'),
          SIGNUP_TICKET_SECRET: inject('signUpTicketSecret'),
        });
        expect(existsSync(report), `no report from the nested run:\n${result.output.slice(-3000)}`).toBe(true);
        const json = JSON.parse(readFileSync(report, 'utf8')) as {
          numTotalTests: number;
          numFailedTests: number;
          testResults: { name: string; assertionResults: { status: string; fullName: string }[] }[];
        };
        // Caught means a test ran and failed, not a file that could not load.
        const failed = json.testResults.flatMap((f) =>
          f.assertionResults.filter((a) => a.status === 'failed').map((a) => `${path.relative(dir, f.name)}: ${a.fullName}`),
        );
        expect(failed.length, `the planted bug went through ${p.caughtBy.join(', ')} (${json.numTotalTests} tests passed)`).toBeGreaterThan(0);
        console.log(`planted ${p.name}: caught by ${failed.length} failing test(s), e.g. ${failed[0]}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    240_000,
  );
});
