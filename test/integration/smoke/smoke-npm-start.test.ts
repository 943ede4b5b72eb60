import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../src/adapters/local/free-port';

/**
 * `npm run smoke` against the platform as `npm start` runs it (src/entry/local.ts as a child
 * process, in memory, on free ports): green with nothing but the base URL, and non-zero with a
 * clear line when a check fails (a wrong password, nothing answering).
 */

const root = path.resolve(import.meta.dirname, '../../..');
// Whatever the test run was given, the child starts its own stand-ins.
const INHERITED_OUT = /^(DYNAMODB_ENDPOINT|COGNITO_ENDPOINT|S3_ENDPOINT|CURSOR_KEY|MEDIA_BASE_URL|MEDIA_ORIGINS|PORT|LOCAL_.*_PORT|TABLE_NAME|SMOKE_.*)$/;
const cleanEnv = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([k]) => !INHERITED_OUT.test(k)));

let platform: ChildProcess | undefined;
let exited: Promise<number | null> | undefined;
let port = 0;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'smoke-test-'));

beforeAll(async () => {
  port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/entry/local.ts', `--data-dir=${dataDir}`, '--in-memory'], {
    cwd: root,
    env: {
      ...cleanEnv(),
      PORT: String(port),
      LOCAL_DYNAMODB_PORT: String(await freePort()),
      LOCAL_COGNITO_PORT: String(await freePort()),
      LOCAL_S3_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  platform = child;
  exited = new Promise((resolve) => child.once('exit', resolve));
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += String(chunk)));
  child.stderr!.on('data', (chunk) => (err += String(chunk)));
  const deadline = Date.now() + 150_000;
  while (!out.includes('Ctrl-C stops everything')) {
    if (child.exitCode !== null) throw new Error(`npm start exited during start-up:\n${out}\n${err}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${out}\n${err}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 180_000);

afterAll(async () => {
  if (platform && platform.exitCode === null) {
    platform.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

/** `npm run smoke -- <args>` as the pipeline runs it: its exit code and everything it printed. */
function smoke(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/smoke.ts', ...args], {
      cwd: root,
      env: { ...cleanEnv(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run smoke against npm start', () => {
  it('passes every check with only the base URL: health, readiness, a catalog read, the demo customer’s sign-in, a signed-in read, sign-out', async () => {
    const run = await smoke(['--base-url', `http://127.0.0.1:${port}`]);
    expect(run.code, run.output).toBe(0);
    for (const check of ['health', 'readiness', 'catalog read', 'sign-in', 'signed-in read', 'sign-out'])
      expect(run.output, check).toMatch(new RegExp(`^✓ ${check}\\s`, 'm'));
    expect(run.output).toContain(`store demo-shoes.localhost:${port}`);
    expect(run.output).toMatch(/signed-in read\s+GET \S+\/auth\/me 200: store demo-shoes, roles customer/);
    expect(run.output).toContain('All 6 checks passed.');
  }, 120_000);

  it('fails, naming the check, when the smoke customer’s password is wrong', async () => {
    const run = await smoke(['--base-url', `http://127.0.0.1:${port}`], { SMOKE_PASSWORD: 'Not-The-Passw0rd' });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/^✗ sign-in\s+POST \S+\/auth\/login as customer@demo-shoes\.example: 401/m);
    expect(run.output).toMatch(/^✓ health/m);
    expect(run.output).toContain('1 of 6 checks failed: sign-in.');
  }, 120_000);

  it('fails when nothing answers at the base URL', async () => {
    const run = await smoke(['--base-url', `http://127.0.0.1:${await freePort()}`, '--wait', '0']);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/^✗ health\s+no answer/m);
  }, 120_000);

  it('stops with usage (exit 2) without a base URL', async () => {
    const run = await smoke([]);
    expect(run.code).toBe(2);
    expect(run.output).toContain('--base-url is required');
  }, 60_000);
});
