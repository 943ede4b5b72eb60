/**
 * `npm run bench`: cold start, warm throughput, DynamoDB round trips per request and catalog
 * latency at scale, written to docs/benchmarks.md. Everything runs on loopback against
 * DynamoDB Local and cognito-local started here.
 */
import { roundTrips } from '../test/support/dynamo-calls';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import pino from 'pino';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ensureUserPool } from '../src/adapters/cognito/bootstrap';
import { createCognitoClient } from '../src/adapters/cognito/client';
import { cognitoIdentityProvider } from '../src/adapters/cognito/identity-provider';
import { createDocumentClient } from '../src/adapters/dynamodb/client';
import { productItem } from '../src/adapters/dynamodb/product-repository';
import { ensureTable } from '../src/adapters/dynamodb/table';
import { createCognitoTokenVerifier } from '../src/adapters/jwt/cognito-verifier';
import { startCognitoLocal } from '../src/adapters/local/cognito-local';
import { startDynamoDbLocal } from '../src/adapters/local/dynamodb-local';
import { freePort } from '../src/adapters/local/free-port';
import { loadConfig } from '../src/config';
import { loadWebAssets } from '../src/web/load-assets';
import { createPlatform, type PlatformOptions } from '../src/platform';
import { newCursorKey } from '../src/adapters/dynamodb/cursor';
import { tenantContext } from '../src/tenants/tenant';
import { buildLambdas } from '../scripts/build-lambda';
import { defaultSettings } from '../src/settings/store-settings';
import { TEST_CARDS } from '../src/payments/test-provider';
import { createS3Client, s3MediaStore } from '../src/adapters/s3/media-store';
import { bareApp } from './bare-app';
import { productPageBench } from './product-page';
import { searchBench } from './search';

const root = path.resolve(import.meta.dirname, '..');
/**
 * `npm run bench -- --only=reads --runs=5`: only the three cached read rows, alternated with the
 * bare route `runs` times, medians printed; `--only=cold`: only the cold start; `--only=product-page`:
 * only the product page with reviews (bench/product-page.ts). Each leaves
 * docs/benchmarks.md as it is (a partial run on busy cores is for comparing, not for the record).
 */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) as 'reads' | 'cold' | 'product-page' | undefined;
const runsArg = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice('--runs='.length));
const runCount = Number.isInteger(runsArg) && runsArg > 0 ? runsArg : 2;
const lines: string[] = [];
const say = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

type Outputs = Awaited<ReturnType<typeof buildLambdas>>['api']['metafile']['outputs'];
/** Bytes a lazy chunk adds when loaded: itself and its static imports, less what the entry already loaded. */
function chunkBytes(outputs: Outputs, chunk: RegExp, entryName: string): number {
  const closure = (file: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(file) || !outputs[file]) return seen;
    seen.add(file);
    for (const i of outputs[file]!.imports) if (i.kind === 'import-statement') closure(i.path, seen);
    return seen;
  };
  const entry = Object.keys(outputs).find((f) => f.endsWith(`/${entryName}`));
  const chunkFile = Object.keys(outputs).find((f) => chunk.test(f));
  if (!entry || !chunkFile) return 0;
  const loaded = closure(entry);
  return [...closure(chunkFile)].filter((f) => !loaded.has(f)).reduce((sum, f) => sum + outputs[f]!.bytes, 0);
}

async function coldStart() {
  const out = mkdtempSync(path.join(os.tmpdir(), 'bench-bundles-'));
  const ours = await buildLambdas({ outDir: path.join(out, 'ours'), root });
  const yardstick = async (entry: string) => {
    const outfile = path.join(out, path.basename(entry, '.ts'), 'index.mjs');
    // Built the way the platform's bundle is (ES modules of the SDK first).
    const result = await build({
      entryPoints: [path.join(root, entry)],
      outfile,
      bundle: true,
      minify: true,
      platform: 'node',
      mainFields: ['module', 'main'],
      target: 'node22',
      format: 'esm',
      metafile: true,
      logLevel: 'warning',
    });
    return { file: outfile, bytes: Object.values(result.metafile.outputs)[0]!.bytes };
  };
  const bare = await yardstick('bench/bare-lambda.ts');
  const withDynamo = await yardstick('bench/bare-dynamodb-lambda.ts');
  // Import and initialise in a fresh Node process each time, as a cold Lambda would.
  // What the entry point refuses to start without (src/entry/lambda.ts); METRICS off: no EMF lines on the bench's stdout.
  const env = {
    ...process.env,
    USER_POOL_ID: 'eu-west-1_bench',
    USER_POOL_CLIENT_ID: 'bench',
    TABLE_NAME: 'bench',
    AWS_REGION: 'eu-west-1',
    LOG_LEVEL: 'silent',
    METRICS: 'off',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    MEDIA_BASE_URL: 'https://d111111abcdef8.cloudfront.net',
    CURSOR_KEY: newCursorKey().toString('base64'),
    SIGNUP_TICKET_SECRET: 'bench-secret-of-at-least-32-characters!!',
  };
  const importMs = (file: string, extra: Record<string, string> = {}) =>
    median(
      Array.from({ length: 15 }, () =>
        Number(
          execFileSync(
            process.execPath,
            ['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`],
            { env: { ...env, ...extra } },
          ).toString(),
        ),
      ),
    );
  const oursMs = importMs(ours.api.file);
  // As on Lambda with active tracing: the X-Ray tracer's chunk is loaded during init (src/adapters/aws/tracing.ts).
  const tracingBytes = chunkBytes(ours.api.metafile.outputs, /chunks\/tracing-/, 'index.mjs');
  const tracedMs = importMs(ours.api.file, { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR' });
  const bareMs = importMs(bare.file);
  const dynamoMs = importMs(withDynamo.file);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  say('## Cold start');
  say();
  say('| bundle | loaded at cold start (minified) | with lazy chunks | import + init (median of 15 fresh processes) |');
  say('|---|---|---|---|');
  say(`| catalog API (\`src/entry/lambda.ts\`) | ${kib(ours.api.bytes)} | ${kib(ours.api.totalBytes)} | ${oursMs.toFixed(1)} ms |`);
  say(`| catalog API on Lambda, X-Ray tracer loaded at init | ${kib(ours.api.bytes)} + ${kib(tracingBytes)} tracer chunk | | ${tracedMs.toFixed(1)} ms |`);
  say(`| stream publisher (\`src/entry/stream-publisher.ts\`) | ${kib(ours['stream-publisher'].bytes)} | ${kib(ours['stream-publisher'].totalBytes)} | |`);
  say(`| bare Hono Lambda | ${kib(bare.bytes)} | | ${bareMs.toFixed(1)} ms |`);
  say(`| bare Hono Lambda + DynamoDB document client | ${kib(withDynamo.bytes)} | | ${dynamoMs.toFixed(1)} ms |`);
  say();
  say(
    `Size ${kib(ours.api.bytes)} (target ≤ 500 KiB), ${(ours.api.bytes / bare.bytes).toFixed(1)}× the bare Hono bundle; import ${(oursMs / bareMs).toFixed(1)}× the bare Hono bundle (target ≤ 1.5×) and ${(oursMs / dynamoMs).toFixed(1)}× the bare bundle with a DynamoDB client.`,
  );
  say();
  say(
    "The bundle is built from the SDK's ES modules, which tree-shake and load the credential providers a Lambda never uses (SSO, ini files, IMDS) only when asked; the Cognito, EventBridge, S3 and STS clients are chunks loaded on first use. What a cold start still loads is what every request needs: the DynamoDB client and the SDK core under it, with the Node `https`, `tls` and `crypto` modules it brings, pino, Hono, valibot and the routes. The import target is out of reach for any handler that talks to DynamoDB: the last row, a bare Hono route with nothing but a document client, already costs several times the bare bundle. Deferring the client to the first request would only move that time from the init phase (where AWS recommends creating clients, and which runs at full CPU) into the first visitor's wait.",
  );
  say();
  return { bytes: ours.api.bytes, ratio: oursMs / bareMs };
}

async function main() {
  const started = Date.now();
  say(`# Benchmarks`);
  say();
  say(
    `Run on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}. Produced by \`npm run bench\`; DynamoDB Local and cognito-local on loopback, so absolute latencies are those of the stand-ins, and the ratios are what carries over.`,
  );
  say();
  if (only !== 'reads' && only !== 'product-page') await coldStart();
  if (only === 'cold') process.exit(0);

  const dynamo = await startDynamoDbLocal({ inMemory: true });
  const cognito = await startCognitoLocal({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'bench-cognito-')) });
  try {
    const client = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint });
    // Count every DynamoDB call the platform makes, by operation.
    const calls = new Map<string, number>();
    // And when each was sent and answered: calls sent side by side are one round trip (`roundTrips`).
    const timings: { startedAt: number; endedAt?: number }[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        calls.set(context.commandName ?? '?', (calls.get(context.commandName ?? '?') ?? 0) + 1);
        const timing: { startedAt: number; endedAt?: number } = { startedAt: performance.now() };
        timings.push(timing);
        try {
          return await next(args);
        } finally {
          timing.endedAt = performance.now();
        }
      },
      { step: 'initialize', name: 'benchCallCounter' },
    );
    await ensureTable(client as never, 'bench');
    const cognitoClient = createCognitoClient({ region: 'us-east-1', endpoint: cognito.endpoint });
    const pool = await ensureUserPool(cognitoClient, { poolName: 'bench', clientName: 'web', issuerBase: cognito.endpoint });
    const options: PlatformOptions = {
      logger: pino({ level: 'silent' }),
      platformClient: client,
      tableName: 'bench',
      // Bench products carry no images, so the store is never asked for an object.
      media: s3MediaStore({
        clients: () => ({ client: createS3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' }) }),
        bucket: 'bench',
        publicBaseUrl: 'http://127.0.0.1:9/media',
      }),
      verifier: createCognitoTokenVerifier({ issuer: pool.issuer, clientId: pool.clientId, jwksUri: pool.jwksUri }),
      identityProvider: cognitoIdentityProvider({ client: cognitoClient, userPoolId: pool.userPoolId, clientId: pool.clientId }),
      tenantCacheTtlMs: 30_000,
      maxBodyBytes: 65536,
      cursorKey: newCursorKey(),
      platformHosts: loadConfig({}).PLATFORM_HOSTS,
      assets: await loadWebAssets(),
      // The bench measures what the platform can serve, not what a store's plan allows it.
      limitRequests: false,
    };
    // As deployed (visitors' reads cached per store for a moment), and with that cache off, to
    // show what a cache miss costs and to measure the store itself.
    const catalogCacheTtlMs = loadConfig({}).CATALOG_CACHE_TTL_MS;
    const platform = createPlatform({ ...options, catalogCacheTtlMs });
    const uncached = createPlatform({ ...options, catalogCacheTtlMs: 0 });

    // 100 stores; the measured one gets products through the API, the rest in bulk.
    const stores = Array.from({ length: 100 }, (_, i) => `store-${String(i).padStart(3, '0')}`);
    const at = new Date().toISOString();
    // Every store ships at one flat rate, so a checkout can be placed.
    const settings = defaultSettings({ shippingRates: [{ id: 'standard', name: 'Standard', price: 495, minSubtotal: null }] });
    for (const id of stores)
      await platform.registry.create({ id, name: id, domains: [`${id}.bench`], tier: 'basic', status: 'active', settings, createdAt: at, updatedAt: at });
    const measured = tenantContext({ id: stores[0]!, name: stores[0]!, tier: 'basic', status: 'active' });
    const admin = await platform.identity.ensureUser(measured, { email: 'admin@bench.example', name: 'Admin', role: 'admin', password: 'Bench-Passw0rd' });
    // Admins must have enrolled TOTP to write; the bench records it directly so sign-in stays one call.
    if (admin) await platform.directory.markMfaEnrolled(measured, admin.user.userId, at);
    const login = await platform.identity.logIn(measured, 'admin@bench.example', 'Bench-Passw0rd');
    if (login.kind !== 'tokens') throw new Error('bench admin needs a password change');
    const host = `${measured.id}.bench`;
    const product = await platform.catalog.create(measured, 'bench', {
      name: 'Trail Runner',
      description: 'Bench product',
      price: { amount: 8999, currency: 'EUR' },
      sku: 'BENCH-0',
      status: 'active',
      stock: 1_000_000,
      lowStockThreshold: null,
      tags: [],
    });
    // A product with Size × Colour variants: the page and the product read stay one call each.
    const sized = await platform.catalog.create(measured, 'bench', {
      name: 'Sized Runner',
      description: '',
      status: 'active',
      tags: [],
      options: [
        { name: 'Size', values: ['40', '41', '42'] },
        { name: 'Colour', values: ['Black', 'Blue'] },
      ],
      variants: ['40', '41', '42'].flatMap((size) =>
        ['Black', 'Blue'].map((colour) => ({
          sku: `BENCH-V-${size}-${colour}`,
          optionValues: [size, colour],
          price: { amount: 9000, currency: 'EUR' },
          compareAtPrice: null,
          lowStockThreshold: null,
          weightGrams: null,
          barcode: null,
          imageIds: [],
          active: true,
          stock: 1_000_000,
        })),
      ),
    });
    const sizedVariant = sized.variants[3]!.id;
    for (let i = 1; i < 19; i++)
      await platform.catalog.create(measured, 'bench', {
        name: `Product ${i}`,
        description: '',
        price: { amount: 1000 + i, currency: 'EUR' },
        sku: `BENCH-${i}`,
        status: 'active',
        stock: 10,
        lowStockThreshold: null,
        tags: [],
      });

    // A category holding the first product: its page is the tree (cached) and one Query of its rows.
    const benchCategory = await platform.groupings.createCategory(measured, { name: 'Running', slug: 'running', description: '', parentId: null });
    await platform.groupings.setProductCategories(measured, product.id, [benchCategory.id]);

    // A guest's order of two variants of one product and one of another: one BatchGetItem, one transaction.
    const placeOrder = (n: number) =>
      JSON.stringify({
        email: `buyer-${n}@bench.example`,
        shippingAddress: { name: 'Bench Buyer', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
        shippingMethodId: 'standard',
        lines: [
          { productId: sized.id, variantId: sized.variants[0]!.id, quantity: 1 },
          { productId: sized.id, variantId: sized.variants[1]!.id, quantity: 2 },
          { productId: product.id, variantId: product.variants[0]!.id, quantity: 1 },
        ],
        card: { number: TEST_CARDS.succeeds },
      });

    // Round trips per request type.
    const requestTo =
      (app: typeof platform.app) =>
      (p: string, init: RequestInit = {}) =>
        app.request(p, { ...init, headers: { host, ...(init.headers ?? {}) } });
    const request = requestTo(platform.app);
    const requestUncached = requestTo(uncached.app);
    await request('/products?limit=20');
    await requestUncached('/products?limit=20');
    await request(`/products/${product.id}`);
    await request('/categories');
    const count = async (label: string, run: () => Response | Promise<Response>) => {
      calls.clear();
      timings.splice(0);
      const response = await run();
      if (response.status >= 400) throw new Error(`${label}: ${response.status} ${await response.text()}`);
      const total = [...calls.values()].reduce((a, b) => a + b, 0);
      return { label, total, rounds: roundTrips(timings), detail: [...calls].map(([k, v]) => `${k.replace('Command', '')} ${v}`).join(', ') };
    };
    // Cart (docs/architecture.md, "Cart and wishlist"): a guest's first addition makes its cookie, kept for the rows after it.
    const addLine = (headers: Record<string, string>) =>
      request('/cart/lines', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ productId: product.id, variantId: product.variants[0]!.id, quantity: 1 }),
      });
    let guestCookie = '';
    const cartTrips = async () => [
      await count('add to cart, guest (`POST /cart/lines`)', async () => {
        const response = await addLine({});
        guestCookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
        return response;
      }),
      await count('add to cart, signed in (caller re-checked first)', () => addLine({ authorization: `Bearer ${login.idToken}` })),
      await count('cart read with notices checked (`GET /cart/lines`)', () => request('/cart/lines', { headers: { cookie: guestCookie } })),
      await count('cart read, signed in (the cart joins the caller’s re-check)', () =>
        request('/cart/lines', { headers: { authorization: `Bearer ${login.idToken}` } }),
      ),
      await count('mini cart (`GET /cart/summary`)', () => request('/cart/summary', { headers: { cookie: guestCookie } })),
    ];
    const productPage = () => productPageBench({ say, store: measured, productId: product.id, host, cached: platform, uncached, count });
    if (only === 'product-page') {
      await productPage();
      await cognito.stop();
      await dynamo.stop();
      process.exit(0);
    }
    const trips = [
      await count('catalog page (`GET /products`), cache miss', () => requestUncached('/products?limit=20')),
      await count('catalog page, cached', () => request('/products?limit=20')),
      await count('category page (`GET /categories/:slug`), tree cached, page not', () => request('/categories/running?limit=20')),
      await count('category page, cached', () => request('/categories/running?limit=20')),
      await count('product read (`GET /products/:id`), cache miss', () => requestUncached(`/products/${product.id}`)),
      await count('product read, cached', () => request(`/products/${product.id}`)),
      await count('inventory adjust (`POST …/inventory/adjustments`)', () =>
        request(`/admin/products/${product.id}/inventory/adjustments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${login.idToken}` },
          body: JSON.stringify({ delta: -1, reason: 'sale' }),
        }),
      ),
      await count('stock level (`PUT …/inventory`)', () =>
        request(`/admin/products/${product.id}/inventory`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${login.idToken}` },
          body: JSON.stringify({ stock: 999_000, reason: 'correction' }),
        }),
      ),
      await count('variant adjust (`POST …/variants/:variantId/inventory/adjustments`)', () =>
        request(`/admin/products/${sized.id}/variants/${sizedVariant}/inventory/adjustments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${login.idToken}` },
          body: JSON.stringify({ delta: -1, reason: 'sale' }),
        }),
      ),
      await count('product read with 6 variants, cache miss', () => requestUncached(`/products/${sized.id}`)),
      await count('stock history (`GET …/inventory/history`)', () =>
        request(`/admin/products/${product.id}/inventory/history`, { headers: { authorization: `Bearer ${login.idToken}` } }),
      ),
      await count('warm host lookup (`GET /store`)', () => request('/store')),
      ...(await cartTrips()),
      await count('place order (`POST /checkout/orders`), guest, with Idempotency-Key', () =>
        request('/checkout/orders', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'bench-order-1' },
          body: placeOrder(1),
        }),
      ),
    ];
    if (!only) {
      say('## DynamoDB round trips per request');
      say();
      say('| request | round trips | calls | which |');
      say('|---|---|---|---|');
      for (const t of trips) say(`| ${t.label} | ${t.rounds} | ${t.total} | ${t.detail || 'none'} |`);
      say();
      say(
        `Aim: 1, 0, 1, 0, 1, 0 for the visitors' reads (a category page's tree and slug come from the cached tree, so a page is one Query of its rows), 2 for a stock change (a variant's as a single-variant product's), 1 for a product read with variants (they live on its item), 2 for its history, 0 for a warm host lookup. Catalog pages and product reads cost one Query or GetItem when the visitors' cache misses (once per store, page and instance every ${catalogCacheTtlMs / 1000} s, or after a write) and none when it hits. A stock change (adjust or set) needs two round trips: one consistent BatchGetItem that re-checks the caller (the user's record and the token's session link: a signed-out, removed or demoted user must not read or write) and, in the same call, reads the product the route declared it reads first (its \`previous\` stock, version and low-stock threshold), then the single transaction (stock, audit entry, outbox). Nothing more: the events go out from the table's stream, not from the request. The history's product check rides on the same BatchGetItem, before its Query.`,
      );
      say();
      say(
        'Cart aim: 2 for an addition (one BatchGetItem of the cart and the product, then the conditional save), plus the caller’s re-check when signed in; 2 for a cart read, a guest’s or a signed-in caller’s (the cart, or the caller’s re-check with the cart read ahead in the same BatchGetItem, then its products in one BatchGetItem; a read that finds a change adds one save so each notice is told once); 1 for the mini cart (the cart item only).',
      );
      say();
      // Add-to-cart latency: each a new guest's first addition (the cart and the product read, the save).
      const addTimes: number[] = [];
      for (let i = 0; i < 300; i++) {
        const t0 = performance.now();
        const response = await addLine({});
        if (response.status !== 200) throw new Error(`add to cart: ${response.status} ${await response.text()}`);
        addTimes.push(performance.now() - t0);
      }
      const pct = (p: number) => percentile(addTimes, p).toFixed(1);
      say('## Add to cart latency');
      say();
      say('| request | n | p50 ms | p99 ms |');
      say('|---|---|---|---|');
      say(`| add to cart, guest (\`POST /cart/lines\`) | ${addTimes.length} | ${pct(50)} | ${pct(99)} |`);
      say();
      say('Sequential, in process (`app.request`), against DynamoDB Local: the two round trips and the middleware chain, no network beyond loopback.');
      say();
    }

    // Placing orders one after another (no contention): the latency of checkout's read and transaction.
    const orderMs: number[] = [];
    for (let n = 0; n < 200; n++) {
      const begun = performance.now();
      const placed = await request('/checkout/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: placeOrder(n + 2) });
      if (placed.status !== 201) throw new Error(`place order: ${placed.status} ${await placed.text()}`);
      orderMs.push(performance.now() - begun);
    }
    orderMs.sort((a, b) => a - b);
    const pct = (q: number) => orderMs[Math.min(orderMs.length - 1, Math.floor(q * orderMs.length))]!.toFixed(1);
    say('## Placing an order');
    say();
    say('| request | round trips | p50 ms | p99 ms |');
    say('|---|---|---|---|');
    say(
      `| place order (\`POST /checkout/orders\`, 3 lines over 2 products, test card), 200 in a row | ${trips.at(-1)!.rounds} (${trips.at(-1)!.total} calls: ${trips.at(-1)!.detail}) | ${pct(0.5)} | ${pct(0.99)} |`,
    );
    say();
    say(
      "Aim: at most 3 round trips (issue 19). A guest with an Idempotency-Key: the key's claim (PutItem) with, side by side, the Query of the store's discounts and the GetItem of its invoice counter (started before the claim: reads, so a replay only wastes them); then one consistent BatchGetItem of the products; then one TransactWriteItems (each product's counts, the order, its payment pointer, the events, the invoice counter, the idempotency record). Without a key, 2. A signed-in customer with a key, 3 too: the products ride on the re-check's BatchGetItem (`readsAhead` reads the lines from the JSON body), then the claim with the discounts and the counter, then the transaction (test/integration/api/checkout.test.ts). A code with a usage limit adds the BatchGetItem of its counters, a discount aimed at categories or collections the products' memberships. Retries after a lost race add a read and a transaction each; in-process checkouts of one product queue instead of racing.",
    );
    say();
    await productPage();

    // Warm throughput, full middleware against a bare Hono route returning the same JSON.
    const pageJson = await (await request('/products?limit=20')).json();
    const productJson = await (await request(`/products/${product.id}`)).json();
    const ours = serve({ fetch: platform.app.fetch, port: await freePort(), hostname: '127.0.0.1' });
    const oursUncached = serve({ fetch: uncached.app.fetch, port: await freePort(), hostname: '127.0.0.1' });
    const storeJson = await (await request('/store')).json();
    const bare = serve({ fetch: bareApp(pageJson, productJson, storeJson).fetch, port: await freePort(), hostname: '127.0.0.1' });
    const portOf = (server: typeof ours) => (server.address() as { port: number }).port;
    const load = (port: number, p: string, duration = 6) =>
      autocannon({ url: `http://127.0.0.1:${port}${p}`, headers: { host }, connections: 20, duration }) as Promise<autocannon.Result>;
    // The better of two runs each, alternated, so a passing burst of other work on the shared cores
    // does not decide the ratio.
    const best = (runs: autocannon.Result[]) => runs.reduce((a, b) => (b.requests.average > a.requests.average ? b : a));
    say('## Warm throughput');
    say();
    say(
      `autocannon, 20 connections, server and load generator on the same 2 cores; per route a 3 s warm-up, then platform and bare route alternated ${runCount === 2 ? 'twice' : `${runCount} times`} for 6 s each, the ${only === 'reads' ? 'median' : 'better'} run of each kept.`,
    );
    say();
    say('| route | platform req/s | p50 / p99 ms | bare Hono req/s | p50 / p99 ms | ratio |');
    say('|---|---|---|---|---|---|');
    const rows = [
      ['catalog page', ours, '/products?limit=20'],
      ['product read', ours, `/products/${product.id}`],
      ['store info (all middleware, no DynamoDB call)', ours, '/store'],
      ['catalog page, visitors’ cache off', oursUncached, '/products?limit=20'],
      ['product read, visitors’ cache off', oursUncached, `/products/${product.id}`],
    ] as const;
    // A partial run reports each side's median run rather than its best.
    const pick =
      only === 'reads' ? (rs: autocannon.Result[]) => [...rs].sort((x, y) => x.requests.average - y.requests.average)[Math.floor(rs.length / 2)]! : best;
    for (const [label, server, p] of only === 'reads' ? rows.slice(0, 3) : rows) {
      await load(portOf(server), p, 3); // warm-up run, discarded
      const runs = { ours: [] as autocannon.Result[], bare: [] as autocannon.Result[] };
      for (let i = 0; i < runCount; i++) {
        runs.ours.push(await load(portOf(server), p));
        runs.bare.push(await load(portOf(bare), p));
      }
      if ([...runs.ours, ...runs.bare].some((r) => r.non2xx)) throw new Error(`${label}: non-2xx responses during load`);
      const [a, b] = [pick(runs.ours), pick(runs.bare)];
      say(
        `| ${label} | ${a.requests.average.toFixed(0)} | ${a.latency.p50} / ${a.latency.p99} | ${b.requests.average.toFixed(0)} | ${b.latency.p50} / ${b.latency.p99} | ${((a.requests.average / b.requests.average) * 100).toFixed(0)}% |`,
      );
    }
    say();
    say(
      `Target: ≥ 60% of bare Hono. Each platform request runs the whole middleware chain (request id, logging, body limit, authentication, store resolution from the Host header, cached) and then the route; the bare route answers the same JSON from memory. The first three rows are the platform as deployed: visitors' reads are kept per store for ${catalogCacheTtlMs / 1000} s (\`CATALOG_CACHE_TTL_MS\`), so under load nearly every request is served from memory, like the bare route. The last two rows turn that cache off: every request then waits for DynamoDB Local (a JVM over loopback, sharing the 2 cores), which is what a cache miss costs.`,
    );
    say();
    ours.close();
    oursUncached.close();
    bare.close();

    // The same reads through app.request() in this process: CPU time per request (process.cpuUsage),
    // which other work on shared cores disturbs far less than requests per second do.
    const bareInProcess = bareApp(pageJson, productJson, storeJson);
    const cpuPerRequest = async (app: { request: typeof platform.app.request }, p: string, n = 3000) => {
      for (let i = 0; i < n / 10; i++) await (await app.request(p, { headers: { host } })).arrayBuffer();
      const start = process.cpuUsage();
      for (let i = 0; i < n; i++) await (await app.request(p, { headers: { host } })).arrayBuffer();
      const used = process.cpuUsage(start);
      return (used.user + used.system) / n;
    };
    say('## CPU per request, in process');
    say();
    say('`app.request()` in a loop, no HTTP server; median of 5 alternated rounds of 3,000 requests each.');
    say();
    say('| route | platform µs | bare Hono µs | ratio |');
    say('|---|---|---|---|');
    for (const [label, , p] of rows.slice(0, 3)) {
      const times = { ours: [] as number[], bare: [] as number[] };
      for (let i = 0; i < 5; i++) {
        times.ours.push(await cpuPerRequest(platform.app, p));
        times.bare.push(await cpuPerRequest(bareInProcess, p));
      }
      const [a, b] = [median(times.ours), median(times.bare)];
      say(`| ${label} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${((b / a) * 100).toFixed(0)}% |`);
    }
    say();
    if (only === 'reads') {
      await cognito.stop();
      await dynamo.stop();
      process.exit(0);
    }

    // Catalog latency as the table grows: 1k, 10k, 100k products over 100 stores.
    say('## Catalog page latency as the table grows');
    say();
    say('| products in the table (100 stores) | catalog page p50 | p99 | DynamoDB calls per page |');
    say('|---|---|---|---|');
    let loaded = 20;
    for (const target of [1_000, 10_000, 100_000]) {
      const batch: Record<string, unknown>[] = [];
      const flush = async () => {
        for (let i = 0; i < batch.length; i += 25) {
          await client.send(new BatchWriteCommand({ RequestItems: { bench: batch.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
        }
        batch.length = 0;
      };
      for (; loaded < target; loaded++) {
        const store = tenantContext({ id: stores[loaded % 100]!, name: 'x', tier: 'basic', status: 'active' });
        const id = `p${loaded}`;
        const createdAt = new Date(Date.now() - loaded).toISOString();
        const variant = {
          id: `v${loaded}`,
          sku: `S-${loaded}`,
          optionValues: [],
          price: 100,
          compareAtPrice: null,
          lowStockThreshold: null,
          weightGrams: null,
          barcode: null,
          imageIds: [],
          active: true,
        };
        // The item exactly as the repository writes it (its index attributes included).
        batch.push(
          productItem(store, {
            id,
            handle: `product-${loaded}`,
            name: `Product ${loaded}`,
            description: '',
            status: 'active',
            tags: [],
            images: [],
            options: [],
            variants: [variant],
            stock: { [variant.id]: { onHand: 5, reserved: 0 } },
            listedPrice: 100,
            listedCompareAt: null,
            available: true,
            variantCount: 1,
            createdAt,
            updatedAt: createdAt,
            version: 1,
          }),
        );
        if (batch.length >= 500) await flush();
      }
      await flush();
      const times: number[] = [];
      calls.clear();
      for (let i = 0; i < 60; i++) {
        const t = performance.now();
        const response = await requestUncached('/products?limit=20');
        await response.arrayBuffer();
        times.push(performance.now() - t);
      }
      say(
        `| ${target.toLocaleString('en')} | ${percentile(times, 50).toFixed(1)} ms | ${percentile(times, 99).toFixed(1)} ms | ${([...calls.values()].reduce((a, b) => a + b, 0) / 60).toFixed(0)} (Query) |`,
      );
    }
    say();
    say("Flat: a page is one Query on the store's own index partition, whatever else the table holds; nothing scans.");
    say();
    await searchBench(say);
    say(`Whole run: ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    await cognito.stop();
    await dynamo.stop();
  }
  writeFileSync(path.join(root, 'docs/benchmarks.md'), `${lines.join('\n')}\n`);
  process.stdout.write('Wrote docs/benchmarks.md\n');
  process.exit(0);
}

await main();
