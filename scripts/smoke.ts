/**
 * `npm run smoke -- --base-url <url>`: is a running platform serving? Health, readiness, a
 * catalog read on a store, a customer's sign-in, the store knowing that customer, and the
 * sign-out (so a pipeline run leaves no session behind). Read-only apart from the sign-in.
 *
 * The pipeline runs it against each applied stage (.github/workflows/smoke.yml); locally it runs
 * against `npm start` with no other argument than the base URL: the store is then
 * `demo-shoes.localhost` on that port and the account the demo customer. docs/deploy.md,
 * "Smoke checks", says what an environment needs (a smoke store and customer, and their secrets).
 *
 *   --base-url <url>    the platform's API (health and readiness are answered on every host)
 *   --store-url <url>   a store, at its own address (AWS: `https://smoke.<platform domain>`)
 *   --store-host <host> a store reached through --base-url with this Host header (local stores)
 *   --email <address>   the smoke customer (or SMOKE_EMAIL); the password only from SMOKE_PASSWORD
 *   --health-only       health and readiness only (an environment with no smoke store yet)
 *   --wait <seconds>    how long the health check retries a stage that is still starting (60)
 *
 * Exit code: 0 all checks passed, 1 one failed, 2 wrong arguments.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pathToFileURL } from 'node:url';
import { DEMO_PASSWORD } from '../src/identity/demo-users';

export type SmokeOptions = {
  baseUrl: URL;
  /** Where the store's requests go, and the Host header they carry. */
  store?: { url: URL; host: string };
  email?: string;
  password?: string;
  waitSeconds: number;
};

/** The demo store and customer `npm start` seeds (src/identity/demo-users.ts, tenants/demo-shoes.json). */
export const LOCAL_STORE_HOST = 'demo-shoes.localhost';
export const LOCAL_CUSTOMER = 'customer@demo-shoes.example';

export class UsageError extends Error {
  override name = 'UsageError';
}

const isLocal = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

export function optionsFromArgs(args: string[], env: NodeJS.ProcessEnv): SmokeOptions {
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    if (at === -1) return undefined;
    const found = args[at + 1];
    if (found === undefined || found.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return found;
  };
  const known = new Set(['--base-url', '--store-url', '--store-host', '--email', '--wait', '--health-only']);
  const unknown = args.filter((a, i) => a.startsWith('--') && !known.has(a) && !(i > 0 && known.has(args[i - 1]!)));
  if (unknown.length > 0) throw new UsageError(`unknown argument ${unknown[0]}`);
  const url = (flag: string, text: string | undefined) => {
    if (!text) return undefined;
    try {
      return new URL(text);
    } catch {
      throw new UsageError(`${flag} is not a URL: ${text}`);
    }
  };
  const baseUrl = url('--base-url', value('--base-url') ?? env.SMOKE_BASE_URL);
  if (!baseUrl) throw new UsageError('--base-url is required (the API, e.g. http://localhost:3000)');
  const waitSeconds = Number(value('--wait') ?? 60);
  if (!Number.isInteger(waitSeconds) || waitSeconds < 0) throw new UsageError('--wait is a number of seconds');
  if (args.includes('--health-only')) return { baseUrl, waitSeconds };

  const storeUrl = url('--store-url', value('--store-url') ?? env.SMOKE_STORE_URL);
  const storeHost = value('--store-host');
  if (storeUrl && storeHost) throw new UsageError('give --store-url or --store-host, not both');
  const local = isLocal(baseUrl);
  let store: SmokeOptions['store'];
  if (storeUrl) store = { url: storeUrl, host: storeUrl.host };
  else if (storeHost || local) store = { url: baseUrl, host: `${storeHost ?? LOCAL_STORE_HOST}${baseUrl.port ? `:${baseUrl.port}` : ''}` };
  else throw new UsageError('name the store to read and sign in at: --store-url https://<store domain> (or --health-only)');

  // The demo customer's password is public (README, `npm start`); any other lives in a secret.
  const email = value('--email') ?? env.SMOKE_EMAIL ?? (local ? LOCAL_CUSTOMER : undefined);
  const password = env.SMOKE_PASSWORD ?? (local ? DEMO_PASSWORD : undefined);
  if (!email || !password) throw new UsageError('the smoke customer: --email (or SMOKE_EMAIL) and SMOKE_PASSWORD in the environment');
  return { baseUrl, store, email, password, waitSeconds };
}

type Answer = { status: number; body: unknown; ms: number };

/** One HTTP call, with the Host header set apart from the address (fetch would not let us). */
function call(url: URL, host: string, method: string, body?: unknown, token?: string): Promise<Answer> {
  const began = Date.now();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method,
        headers: {
          host,
          accept: 'application/json',
          'user-agent': 'catalog-smoke',
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        timeout: 15_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON: kept as text for the report.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, ms: Date.now() - began });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 15 s')));
    req.on('error', reject);
    req.end(payload);
  });
}

export type CheckResult = { name: string; ok: boolean; detail: string; ms?: number; skipped?: boolean };

/** What an answer says in a line: its status and, for a problem, its title and detail. */
function describe(answer: Answer): string {
  const b = answer.body as Record<string, unknown> | undefined;
  const problem = b && typeof b === 'object' && (b.title || b.detail) ? `: ${[b.title, b.detail].filter(Boolean).join(': ')}` : '';
  return `${answer.status}${problem}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs every check (a failed one does not stop the others, except those needing its token) and answers each result. */
export async function smoke(o: SmokeOptions, report: (r: CheckResult) => void = () => undefined): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const record = (r: CheckResult) => {
    results.push(r);
    report(r);
    return r;
  };
  const at = (base: URL, pathname: string) => new URL(pathname, base);
  const check = async (name: string, run: () => Promise<{ ok: boolean; detail: string; answer?: Answer }>) => {
    try {
      const { ok, detail, answer } = await run();
      return record({ name, ok, detail, ...(answer ? { ms: answer.ms } : {}) });
    } catch (error) {
      return record({ name, ok: false, detail: `no answer: ${(error as Error).message}` });
    }
  };

  // A stage just deployed may take a moment to answer: retry health for --wait seconds.
  await check('health', async () => {
    const deadline = Date.now() + o.waitSeconds * 1000;
    for (;;) {
      try {
        const answer = await call(at(o.baseUrl, '/health'), o.baseUrl.host, 'GET');
        const ok = answer.status === 200 && (answer.body as { status?: string })?.status === 'ok';
        if (ok || Date.now() >= deadline) return { ok, detail: ok ? 'GET /health 200' : `GET /health ${describe(answer)}`, answer };
      } catch (error) {
        if (Date.now() >= deadline) throw error;
      }
      await sleep(2000);
    }
  });
  await check('readiness', async () => {
    const answer = await call(at(o.baseUrl, '/health/ready'), o.baseUrl.host, 'GET');
    const body = answer.body as { status?: string; failing?: string[] } | undefined;
    if (answer.status === 200 && body?.status === 'ready') return { ok: true, detail: 'GET /health/ready 200: every dependency answers', answer };
    const failing = body?.failing?.length ? ` (failing: ${body.failing.join(', ')})` : '';
    return { ok: false, detail: `GET /health/ready ${describe(answer)}${failing}`, answer };
  });
  if (!o.store) return results;

  const store = o.store;
  const onStore = (pathname: string, method = 'GET', body?: unknown, token?: string) => call(at(store.url, pathname), store.host, method, body, token);
  await check('catalog read', async () => {
    const answer = await onStore('/products?limit=1');
    const items = (answer.body as { items?: unknown[] } | undefined)?.items;
    const ok = answer.status === 200 && Array.isArray(items);
    return { ok, detail: `GET ${store.host}/products ${ok ? `200, ${items!.length} product(s) on the first page` : describe(answer)}`, answer };
  });
  let tokens: { idToken: string; refreshToken?: string } | undefined;
  await check('sign-in', async () => {
    const answer = await onStore('/auth/login', 'POST', { email: o.email, password: o.password });
    const body = answer.body as { idToken?: string; refreshToken?: string; challenge?: string } | undefined;
    if (answer.status === 200 && body?.idToken) {
      tokens = { idToken: body.idToken, ...(body.refreshToken ? { refreshToken: body.refreshToken } : {}) };
      return { ok: true, detail: `POST ${store.host}/auth/login 200 as ${o.email}`, answer };
    }
    const why = body?.challenge ? `: asks for ${body.challenge}; the smoke account must be a customer without MFA or a pending password` : '';
    return { ok: false, detail: `POST ${store.host}/auth/login as ${o.email}: ${describe(answer)}${why}`, answer };
  });
  if (!tokens) {
    for (const name of ['signed-in read', 'sign-out']) record({ name, ok: true, skipped: true, detail: 'skipped: no sign-in' });
    return results;
  }
  const signedIn = tokens;
  await check('signed-in read', async () => {
    const answer = await onStore('/auth/me', 'GET', undefined, signedIn.idToken);
    const me = answer.body as { store?: string; roles?: string[] } | undefined;
    const ok = answer.status === 200 && typeof me?.store === 'string';
    return {
      ok,
      detail: `GET ${store.host}/auth/me ${ok ? `200: store ${me!.store}, roles ${(me!.roles ?? []).join(', ') || 'none'}` : describe(answer)}`,
      answer,
    };
  });
  await check('sign-out', async () => {
    const answer = await onStore('/auth/logout', 'POST', signedIn.refreshToken ? { refreshToken: signedIn.refreshToken } : {}, signedIn.idToken);
    return { ok: answer.status === 204, detail: `POST ${store.host}/auth/logout ${describe(answer)}`, answer };
  });
  return results;
}

const line = (r: CheckResult) => `${r.skipped ? '-' : r.ok ? '✓' : '✗'} ${r.name.padEnd(15)} ${r.detail}${r.ms === undefined ? '' : ` (${r.ms} ms)`}`;

async function main() {
  let options: SmokeOptions;
  try {
    options = optionsFromArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(
      `smoke: ${error.message}\nUsage: npm run smoke -- --base-url <url> [--store-url <url> | --store-host <host>] [--email <address>] [--health-only] [--wait <s>]`,
    );
    return 2;
  }
  console.log(`Smoke checks of ${options.baseUrl.origin}${options.store ? `, store ${options.store.host}` : ' (health only)'}`);
  const results = await smoke(options, (r) => console.log(line(r)));
  const failed = results.filter((r) => !r.ok);
  console.log(
    failed.length === 0
      ? `All ${results.length} checks passed.`
      : `${failed.length} of ${results.length} checks failed: ${failed.map((r) => r.name).join(', ')}.`,
  );
  return failed.length === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
