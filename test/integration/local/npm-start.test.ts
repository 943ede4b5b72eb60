import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../src/adapters/dynamodb/client';
import { freePort } from '../../../src/adapters/local/free-port';
import { DEMO_PASSWORD } from '../../../src/identity/demo-users';
import { totpCode } from '../../../src/identity/mfa';

/**
 * The real `npm start` entry (src/entry/local.ts) as a child process on free ports, as a person
 * runs it: restarted with kept data and in memory, the demo admin signs in (password and TOTP
 * code) and writes after each start; then a stand-in is killed under it.
 */

const ADMIN = 'admin@demo-shoes.example';
const STORE = 'demo-shoes.localhost';
// Whatever the test run was given, the child starts its own stand-ins.
const INHERITED_OUT = /^(DYNAMODB_ENDPOINT|COGNITO_ENDPOINT|S3_ENDPOINT|CURSOR_KEY|MEDIA_BASE_URL|MEDIA_ORIGINS|PORT|LOCAL_.*_PORT|TABLE_NAME)$/;

type Ports = { app: number; dynamo: number; cognito: number; s3: number };
type Run = { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null>; ports: Ports };

const running = new Set<ChildProcess>();
const dirs: string[] = [];

async function freePorts(): Promise<Ports> {
  return { app: await freePort(), dynamo: await freePort(), cognito: await freePort(), s3: await freePort() };
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'npm-start-test-'));
  dirs.push(dir);
  return dir;
}

async function start(options: { dataDir: string; inMemory: boolean; ports: Ports }): Promise<Run> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !INHERITED_OUT.test(k)));
  const args = ['--import', 'tsx', 'src/entry/local.ts', `--data-dir=${options.dataDir}`, ...(options.inMemory ? ['--in-memory'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: path.resolve(import.meta.dirname, '../../..'),
    env: {
      ...env,
      PORT: String(options.ports.app),
      LOCAL_DYNAMODB_PORT: String(options.ports.dynamo),
      LOCAL_COGNITO_PORT: String(options.ports.cognito),
      LOCAL_S3_PORT: String(options.ports.s3),
      LOG_LEVEL: 'warn',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += String(chunk)));
  child.stderr!.on('data', (chunk) => (err += String(chunk)));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const began = Date.now();
  const deadline = began + 150_000;
  while (!out.includes('Ctrl-C stops everything')) {
    if (child.exitCode !== null) throw new Error(`npm start exited during start-up:\n${out}\n${err}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${out}\n${err}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.log(`npm start${options.inMemory ? ' --in-memory' : ''} up in ${Date.now() - began} ms`);
  return { child, stdout: () => out, stderr: () => err, exited, ports: options.ports };
}

async function stop(run: Run): Promise<number | null> {
  run.child.kill('SIGTERM');
  return run.exited;
}

function call(port: number, host: string, method: string, pathname: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: pathname,
        // A connection per call: no pooled socket outlives the platform that accepted it.
        agent: false,
        headers: { host, ...(payload ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += String(chunk)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text.startsWith('{') ? JSON.parse(text) : text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The secret the banner printed for an account, as a person would copy it. */
function secretIn(banner: string, email: string): string {
  const match = new RegExp(`^\\s+${email.replace(/[.]/g, '\\.')}: ([A-Z2-7]+)\\s*$`, 'm').exec(banner);
  if (!match) throw new Error(`No TOTP secret for ${email} in:\n${banner}`);
  return match[1]!;
}

/** Signs in as the demo admin with the printed secret, creates a product, and answers its id. */
async function signInAndWrite(run: Run, sku: string): Promise<string> {
  const api = (method: string, pathname: string, body?: unknown, token?: string) => call(run.ports.app, STORE, method, pathname, body, token);
  const first = await api('POST', '/auth/login', { email: ADMIN, password: DEMO_PASSWORD });
  expect(first.status, JSON.stringify(first.body)).toBe(200);
  expect(first.body.challenge).toBe('SOFTWARE_TOKEN_MFA');
  const signedIn = await api('POST', '/auth/mfa/challenge', { email: ADMIN, session: first.body.session, code: totpCode(secretIn(run.stdout(), ADMIN)) });
  expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
  const created = await api(
    'POST',
    '/admin/products',
    { name: `Restart ${sku}`, sku, price: { amount: 100, currency: 'EUR' }, status: 'active', stock: 1 },
    signedIn.body.idToken,
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

/** The items the pre-variant code wrote for a product (product item, SKU claim, trail entry), written raw. */
async function writeOldProduct(dynamoPort: number) {
  const client = createDocumentClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${dynamoPort}` });
  const t = 'TENANT#demo-shoes#';
  const at = '2026-01-01T00:00:00.000Z';
  const id = 'old-shape-1';
  const items = [
    {
      PK: `${t}PRODUCT#${id}`,
      SK: '#PRODUCT',
      type: 'product',
      GSI1PK: `${t}PRODUCTS`,
      GSI1SK: `${at}#${id}`,
      GSI2PK: `${t}ACTIVE`,
      GSI2SK: `${at}#${id}`,
      GSI3PK: `${t}ACTIVE`,
      GSI3SK: `0000000004200#${id}`,
      GSI4PK: `${t}ACTIVE`,
      GSI4SK: `old shape shoe#${id}`,
      searchText: 'old shape shoe old-1',
      id,
      name: 'Old Shape Shoe',
      description: '',
      price: { amount: 4200, currency: 'EUR' },
      sku: 'OLD-1',
      status: 'active',
      stock: 3,
      lowStockThreshold: null,
      tags: [],
      images: [],
      createdAt: at,
      updatedAt: at,
      version: 1,
    },
    { PK: `${t}SKU#OLD-1`, SK: '#SKU', type: 'sku', productId: id },
    {
      PK: `${t}PRODUCT#${id}`,
      SK: `INV#${at}#e-old`,
      type: 'inventory',
      eventId: 'e-old',
      productId: id,
      previous: 0,
      current: 3,
      delta: 3,
      reason: 'initial',
      actor: 'old',
      occurredAt: at,
    },
  ];
  for (const Item of items) await client.send(new PutCommand({ TableName: 'catalog-local', Item }));
  client.destroy();
}

const SHOPPER = { email: 'kim@example.com', password: 'Sh0pping-Time', name: 'Kim' };
const signUpShopper = async (run: Run) => expect((await call(run.ports.app, STORE, 'POST', '/auth/signup', SHOPPER)).status).toBe(201);
/** The shopper's sign-in, and with its token what the store answers about her (200, or 401 if it does not know her). */
async function shopperStanding(run: Run): Promise<{ login: number; me?: number }> {
  const login = await call(run.ports.app, STORE, 'POST', '/auth/login', { email: SHOPPER.email, password: SHOPPER.password });
  if (login.status !== 200) return { login: login.status };
  return { login: login.status, me: (await call(run.ports.app, STORE, 'GET', '/auth/me', undefined, login.body.idToken)).status };
}

const skusOf = async (run: Run) => ((await call(run.ports.app, STORE, 'GET', '/products?limit=100')).body.items as { sku: string }[]).map((p) => p.sku);

/** Children of a process, by their command name (from /proc: Linux, as the stand-ins' JVM is found). */
function childrenOf(pid: number): { pid: number; name: string }[] {
  const found: { pid: number; name: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push({ pid: Number(entry), name });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// One after the other: side by side, on two cores, the two JVMs and seeds only slowed each other down.
describe('npm start restarted', () => {
  it('with kept data: the demo admin signs in with the kept TOTP secret and writes after the restart, and earlier writes are still there', {
    timeout: 400_000,
  }, async () => {
    const dataDir = tempDir();
    const ports = await freePorts();
    const first = await start({ dataDir, inMemory: false, ports });
    expect(first.stdout()).toContain(`Data kept in ${dataDir}`);
    await signInAndWrite(first, 'KEPT-1');
    await signUpShopper(first);
    // A product as the code before variants wrote it, left in the kept table: the restart migrates it.
    await writeOldProduct(first.ports.dynamo);
    expect(await stop(first)).toBe(0);

    // Fresh ports: on the old ones, Node's global agent (keep-alive since Node 19) could hand a request
    // a pooled socket the first run's server had closed, and it hung up (this test failed so, now and then).
    const second = await start({ dataDir, inMemory: false, ports: await freePorts() });
    expect(secretIn(second.stdout(), ADMIN)).toBe(secretIn(first.stdout(), ADMIN));
    await signInAndWrite(second, 'KEPT-2');
    expect(await skusOf(second)).toEqual(expect.arrayContaining(['KEPT-1', 'KEPT-2', 'OLD-1']));
    const old = await call(second.ports.app, STORE, 'GET', '/products/old-shape-1');
    expect(old.body).toMatchObject({
      handle: 'old-shape-shoe',
      sku: 'OLD-1',
      price: { amount: 4200, currency: 'EUR' },
      inStock: true,
      listedPrice: { amount: 4200 },
    });
    expect(await shopperStanding(second)).toEqual({ login: 200, me: 200 });
    expect(await stop(second)).toBe(0);
  });

  it('in memory: nothing is written to the data directory, the scratch directory goes at exit, the admin signs in and writes after the restart; a dying stand-in stops the platform, saying so', async () => {
    const dataDir = tempDir();
    const ports = await freePorts();
    const first = await start({ dataDir, inMemory: true, ports });
    const scratch = /files are in (\S+), removed at exit/.exec(first.stdout())?.[1];
    expect(scratch, first.stdout()).toBeDefined();
    expect(existsSync(path.join(scratch!, 'cognito'))).toBe(true);
    await signInAndWrite(first, 'MEM-1');
    await signUpShopper(first);
    expect(await shopperStanding(first)).toEqual({ login: 200, me: 200 });
    expect(await stop(first)).toBe(0);
    expect(existsSync(scratch!)).toBe(false);
    expect(readdirSync(dataDir)).toEqual([]);

    const second = await start({ dataDir, inMemory: true, ports: await freePorts() });
    // A fresh pool and a fresh table: the accounts and the stores agree again.
    await signInAndWrite(second, 'MEM-2');
    expect(await skusOf(second)).not.toContain('MEM-1');
    // The pool forgot her as the table did: no account that signs in and then gets 401 everywhere.
    expect(await shopperStanding(second)).toEqual({ login: 401 });
    await signUpShopper(second);
    expect(readdirSync(dataDir)).toEqual([]);

    // DynamoDB Local dies under it (out of memory, killed): the platform says so and stops.
    const standIns = childrenOf(second.child.pid!);
    const java = standIns.find((c) => c.name === 'java');
    expect(java, JSON.stringify(standIns)).toBeDefined();
    process.kill(java!.pid, 'SIGKILL');
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toMatch(
      /DynamoDB Local exited \(SIGKILL\)\. The platform cannot work without it, so it stops now\. Everything was in memory and is gone\./,
    );
    // It took the other stand-ins (cognito-local is a node child) and its scratch files with it.
    const others = standIns.filter((c) => c.name === 'node');
    expect(others.length, JSON.stringify(standIns)).toBeGreaterThan(0);
    for (let tries = 0; tries < 50 && others.some((c) => alive(c.pid)); tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(others.filter((c) => alive(c.pid))).toEqual([]);
    const secondScratch = /files are in (\S+), removed at exit/.exec(second.stdout())?.[1];
    expect(existsSync(secondScratch!)).toBe(false);
  }, 400_000);
});
