/**
 * `npm run screenshots`: starts the local platform on free ports with fresh in-memory data,
 * opens the demo stores in Debian's Chromium and saves screenshots under docs/screenshots/
 * (desktop 1280 wide, phone 390 wide). Admins and the operator are enrolled in TOTP at seed: the
 * script answers the authenticator step with a code from the secret `npm start` printed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { freePort } from '../src/adapters/local/free-port';
import { DEMO_OPERATOR, DEMO_PASSWORD } from '../src/identity/demo-users';
import { totpCode } from '../src/identity/mfa';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

const SHOES = 'demo-shoes.localhost';
const ADMIN = 'admin@demo-shoes.example';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const [port, dynamo, cognito, s3] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shots-'));
const server = spawn(process.execPath, ['--import', 'tsx', 'src/entry/local.ts', '--in-memory', `--data-dir=${dataDir}`], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    LOCAL_DYNAMODB_PORT: String(dynamo),
    LOCAL_COGNITO_PORT: String(cognito),
    LOCAL_S3_PORT: String(s3),
    LOG_LEVEL: 'warn',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
// Whatever happens to this script, the platform it started stops with it.
process.on('exit', () => server.kill('SIGTERM'));
let printed = '';
server.stdout.on('data', (chunk) => (printed += String(chunk)));
const exited = new Promise<never>((_, reject) => server.once('exit', (code) => reject(new Error(`the platform exited (${code}) before it was up`))));

/** One JSON call to the platform as `host` (Node cannot resolve `*.localhost`, so the Host header says it). */
function api(host: string, method: string, pathname: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { host: `${host}:${port}` };
    if (payload) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const req = request({ host: '127.0.0.1', port, method, path: pathname, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += String(c)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: /json/.test(res.headers['content-type'] ?? '') && text ? JSON.parse(text) : text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * The demo accounts' TOTP secrets, by email: from the banner's "email: SECRET" lines, or from the
 * data directory's demo-totp.json (keyed by `<store or platform>:<email>`).
 */
function totpSecrets(): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const match of printed.matchAll(/^\s+(\S+@\S+): ([A-Z2-7]{16,})\s*$/gm)) secrets.set(match[1]!, match[2]!);
  const file = path.join(dataDir, 'demo-totp.json');
  if (existsSync(file)) {
    for (const [username, secret] of Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>))
      secrets.set(username.slice(username.indexOf(':') + 1), secret);
  }
  return secrets;
}

/** Up once the operator console answers and the demo secrets are known (the platform seeds before it listens). */
async function whenUp(): Promise<Map<string, string>> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const up = await api('localhost', 'GET', '/platform').then(
      (r) => r.status === 200,
      () => false,
    );
    const secrets = totpSecrets();
    if (up && secrets.has(ADMIN) && secrets.has(DEMO_OPERATOR.email)) return secrets;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the platform was not up within 3 minutes; it printed:\n${printed}`);
}
const secrets = await Promise.race([whenUp(), exited]);
const codeFor = (email: string) => {
  const secret = secrets.get(email);
  if (!secret) throw new Error(`no TOTP secret for ${email}`);
  return totpCode(secret);
};

/** Signs in through a page's sign-in form, answering the new-password and authenticator steps when asked. */
async function signIn(page: Page, email: string, options: { password?: string; newPassword?: string } = {}) {
  const form = page.locator('#signin-form');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password', { exact: true }).fill(options.password ?? DEMO_PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
  if (options.newPassword) {
    await form.getByLabel('New password').waitFor({ state: 'visible' });
    await form.getByLabel('New password').fill(options.newPassword);
    await form.getByRole('button', { name: 'Sign in' }).click();
    return;
  }
  if (secrets.has(email)) {
    await form.locator('#mfa-code').waitFor({ state: 'visible' });
    await form.getByLabel('Code from your authenticator app').fill(codeFor(email));
    await form.getByRole('button', { name: 'Sign in' }).click();
  }
}

/** The demo admin's ID token, through the API's sign-in and TOTP step. */
async function adminToken(): Promise<string> {
  const login = await api(SHOES, 'POST', '/auth/login', { email: ADMIN, password: DEMO_PASSWORD });
  const tokens = await api(SHOES, 'POST', '/auth/mfa/challenge', { email: ADMIN, session: login.body.session, code: codeFor(ADMIN) });
  if (tokens.status !== 200) throw new Error(`the demo admin could not sign in: ${JSON.stringify(tokens.body)}`);
  return tokens.body.idToken;
}

/** An admin the store's first admin just added: a temporary password, no authenticator app yet. */
async function newAdmin(): Promise<{ email: string; temporaryPassword: string }> {
  const email = 'new-admin@demo-shoes.example';
  const created = await api(SHOES, 'POST', '/admin/users', { email, name: 'New Admin', role: 'admin' }, await adminToken());
  if (created.status !== 201) throw new Error(`could not add an admin: ${JSON.stringify(created.body)}`);
  return { email, temporaryPassword: created.body.temporaryPassword };
}

type Shot = { file: string; host: string; path: string; viewport: { width: number; height: number }; fullPage?: boolean; act?: (page: Page) => Promise<void> };

const consoleAs = (email: string) => async (page: Page) => {
  await signIn(page, email);
  await page.locator('#inventory tbody tr').first().waitFor();
};
const consoleSettings = async (page: Page) => {
  await signIn(page, ADMIN);
  await page.locator('#shipping-rates tbody tr').first().waitFor();
  await page.evaluate("document.getElementById('settings-title').scrollIntoView()");
};
/** The admin schedules a weekend sale of the first variant offered, which then shows as pending with its end. */
const consolePrices = async (page: Page) => {
  await signIn(page, ADMIN);
  const form = page.locator('#price-change-form');
  await page.locator('#price-changes tbody tr').first().waitFor();
  await form.getByRole('button', { name: 'Schedule' }).waitFor({ state: 'visible' });
  await page.waitForFunction("!document.querySelector('#price-change-form button').disabled");
  await form.getByLabel('New price').fill('59.90');
  await form.getByLabel('Compare-at (was)').fill('79.90');
  await form.getByLabel('Starts').fill('2030-11-29T00:00');
  await form.getByLabel('Ends (back to today’s price)').fill('2030-12-02T00:00');
  await form.getByRole('button', { name: 'Schedule' }).click();
  await page.locator('#price-change-status', { hasText: 'Scheduled.' }).waitFor();
  await page.evaluate("document.getElementById('price-changes-title').scrollIntoView()");
};
/** The admin creates a group, puts the demo customer in it and gives the first product a group price. */
const consoleCustomerGroups = (name: string, scrollTo: string) => async (page: Page) => {
  await signIn(page, ADMIN);
  const create = page.locator('#customer-group-form');
  await page.locator('#customer-group-form button:enabled').first().waitFor();
  await create.getByLabel('Name').fill(name);
  await create.getByLabel('Description').fill('Shops and resellers');
  await create.getByRole('button', { name: 'Create group' }).click();
  await page.locator('#customer-groups-section [role="status"]', { hasText: `Created ${name}.` }).waitFor();
  const assign = page.locator('#customer-group-assign');
  await page.locator('#customer-group-assign button:enabled').first().waitFor();
  await assign.getByLabel('Customer’s email').fill('customer@demo-shoes.example');
  await assign.getByRole('button', { name: 'Add to group' }).click();
  await page.locator('#customer-group-members tbody tr[data-id]').first().waitFor();
  await page.locator('#customer-group-prices button:enabled').first().waitFor();
  await page.locator('#customer-group-variants input[name^="price-"]').first().fill('31.20');
  await page.locator('#customer-group-prices').getByRole('button', { name: 'Save prices' }).click();
  await page.locator('#customer-groups-section [role="status"]', { hasText: 'Prices saved.' }).waitFor();
  await page.locator('#customer-group-variants input[name^="price-"]:enabled').first().waitFor();
  await page.evaluate(`document.getElementById('${scrollTo}').scrollIntoView()`);
};
const consolePlan = async (page: Page) => {
  await signIn(page, ADMIN);
  await page.locator('#plan-held tbody tr').first().waitFor();
  await page.evaluate("document.getElementById('plan-title').scrollIntoView()");
};
/**
 * The owner adds a domain of their own and checks it before its TXT record exists (the records to
 * create, and why it is pending); with `verify`, the record is then set in the local DNS stand-in
 * (the mailbox page's form) and the check verifies it.
 */
const consoleDomains = (domain: string, verify: boolean) => async (page: Page) => {
  await signIn(page, ADMIN);
  await page.locator('#custom-domain-form input[name=domain]').fill(domain);
  await page.getByRole('button', { name: 'Add domain' }).click();
  const card = page.locator(`.domain-card[data-domain="${domain}"]`);
  await card.getByRole('button', { name: 'Check now' }).click();
  await card.locator('.notice').waitFor();
  if (verify) {
    const token = await card.locator('tbody tr').first().locator('code').nth(1).textContent();
    const set = await page.request.post(`http://localhost:${port}/dev/dns`, { form: { name: `_storeverify.${domain}`, value: token ?? '' }, maxRedirects: 0 });
    if (set.status() !== 303) throw new Error(`the local DNS form answered ${set.status()}`);
    await card.getByRole('button', { name: 'Check now' }).click();
    await page.locator(`.domain-card[data-domain="${domain}"][data-status="verified"]`).waitFor();
  }
  await page.evaluate("document.getElementById('custom-domains-title').scrollIntoView()");
  // The verified card is listed first, so on a phone too the shot shows it.
};
/** The danger zone with the store's slug typed: "Close store" enabled (not pressed: the later shots need the store open). */
const consoleDangerZone = async (page: Page) => {
  await signIn(page, ADMIN);
  const slug = await page.locator('#danger-zone').getAttribute('data-slug');
  await page.locator('#close-store-form input[name=confirm]').fill(slug ?? '');
  await page.getByRole('button', { name: 'Close store' }).waitFor();
  await page.evaluate("document.getElementById('danger-zone').scrollIntoView()");
};
/** "Buy now" on a product with sizes: the checkout page with its totals. */
const buyNow = async (page: Page) => {
  await openRunner(page);
  await Promise.all([page.waitForURL(/\/checkout/), page.getByRole('button', { name: 'Buy now' }).click()]);
};
/** The checkout form filled with the test card that pays: the confirmation. */
const placeOrder = async (page: Page) => {
  await buyNow(page);
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Full name').fill('Ada Buyer');
  await page.getByLabel('Address', { exact: true }).fill('1 Main St');
  await page.getByLabel('City').fill('Berlin');
  await page.getByLabel('Postal code').fill('10115');
  await page.getByLabel('Country (two letters)').fill('DE');
  await page.getByLabel('Card number').fill('4242424242424242');
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: /Place order/ }).click()]);
  await page.getByTestId('confirmation').waitFor();
};
const consoleCategories = async (page: Page) => {
  await signIn(page, ADMIN);
  await page.locator('#category-tree li[data-id]').first().waitFor();
  await page.evaluate("document.getElementById('categories-title').scrollIntoView()");
};
/** An import of a small Shopify CSV with two bad lines: the summary and the lines left out. */
const consoleImport = async (page: Page) => {
  await signIn(page, ADMIN);
  // The signed-in console, its script running (the category tree is one of its first reads).
  await page.locator('#category-tree li[data-id]').first().waitFor();
  const csv = [
    'Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Inventory Qty,Variant Price,Status,Variant Tax Code',
    'canvas-tote,Canvas Tote,Title,Default Title,TOTE-1,12,24.00,active,',
    'wool-beanie,Wool Beanie,Colour,Grey,BEANIE-GREY,5,19.00,active,',
    'wool-beanie,,,Navy,BEANIE-NAVY,3,nineteen,,',
    'Trail Socks,Trail Socks,Title,Default Title,SOCKS-1,9,9.00,active,',
  ].join('\n');
  await page.locator('#import-form input[name=file]').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page
    .locator('#transfer-errors tbody tr')
    .first()
    .waitFor({ timeout: 60_000 })
    .catch(async (error: unknown) => {
      throw new Error(`the import did not finish: ${await page.locator('#transfer-status').textContent()}`, { cause: error });
    });
  await page.evaluate("document.getElementById('transfer-title').scrollIntoView()");
};
/** The product page of a demo product with sizes and colours: its variants grid and one variant's stock history. */
const consoleProduct = (anchor: string) => async (page: Page) => {
  await signIn(page, ADMIN);
  await page.getByRole('button', { name: 'Open Trail Runner' }).click();
  await page.locator('#editor-variants tbody tr').first().waitFor();
  await page.locator('#editor-stock tbody tr button.history').first().click();
  await page.locator('#editor-history li').first().waitFor();
  await page.evaluate(`document.getElementById('${anchor}').scrollIntoView()`);
};
const operator = async (page: Page) => {
  await signIn(page, DEMO_OPERATOR.email);
  await page.locator('#tenants tbody tr').first().waitFor();
};
/**
 * The shoe store also sells in USD (docs/pricing.md): the setting, and the Trail Runner's variants
 * priced in USD (the EUR price plus 10 %, rounded to .90), through the API as an admin would.
 */
async function sellInUsd() {
  const token = await adminToken();
  const settings = (await api(SHOES, 'GET', '/admin/settings', undefined, token)).body;
  if (!settings.currencies?.includes('USD')) {
    const saved = await api(SHOES, 'PUT', '/admin/settings', { ...settings, currencies: [...(settings.currencies ?? []), 'USD'] }, token);
    if (saved.status !== 200) throw new Error(`could not enable USD: ${JSON.stringify(saved.body)}`);
  }
  const products = (await api(SHOES, 'GET', '/admin/products?limit=100', undefined, token)).body.items as {
    id: string;
    name: string;
    version: number;
    variants: { id: string; price: { amount: number } }[];
  }[];
  const runner = products.find((product) => product.name === 'Trail Runner');
  if (!runner) throw new Error('no Trail Runner in the demo shoe store');
  const prices = Object.fromEntries(runner.variants.map((v) => [v.id, { price: Math.ceil((v.price.amount * 1.1) / 100) * 100 - 10 }]));
  const put = await api(SHOES, 'PUT', `/admin/products/${runner.id}/prices/USD`, { version: runner.version, prices }, token);
  if (put.status !== 200) throw new Error(`could not price the Trail Runner in USD: ${JSON.stringify(put.body)}`);
}
/** The visitor switches to USD with the header's switcher, then opens the Trail Runner: its prices in USD. */
const runnerInUsd = async (page: Page) => {
  await sellInUsd();
  await page.reload();
  const switcher = page.getByTestId('currency-switcher');
  await switcher.getByLabel('Currency').selectOption('USD');
  await Promise.all([page.waitForEvent('load'), switcher.getByRole('button', { name: 'Show prices' }).click()]);
  await openRunner(page);
};
/** The admin opens the Trail Runner in the console: its prices in USD beside each variant. */
const consoleCurrencyPrices = async (page: Page) => {
  await sellInUsd();
  await signIn(page, ADMIN);
  await page.getByRole('button', { name: 'Open Trail Runner' }).click();
  await page.locator('#editor-currency-prices:not([hidden]) #editor-currency-table tbody tr').first().waitFor();
  await page.evaluate("document.getElementById('editor-currency-title').scrollIntoView()");
};
/** A product with sizes and colours, so the shot shows the variant picker, with one colour chosen. */
const openRunner = async (page: Page) => {
  await page.getByTestId('product-card').filter({ hasText: 'Trail Runner' }).locator('a').click();
  await page.getByTestId('variant-picker').waitFor();
  await page.locator('label.chip', { hasText: 'Blue' }).click();
  await page.waitForURL(/variant=/);
};

/** A product sold out through the API; its notice reaches the local mailbox once the stream has published it. */
const soldOutNotice = async (page: Page) => {
  const token = await adminToken();
  // One in stock (selling out one at 0 already changes nothing, so announces nothing).
  type Listed = { id: string; variants: { id: string; onHand: number }[] };
  const items = (await api(SHOES, 'GET', '/admin/products?limit=50', undefined, token)).body.items as Listed[];
  const first = items.find((p) => p.variants.some((v) => v.onHand > 0));
  if (!first) throw new Error('no demo product with stock to sell out');
  const variant = first.variants.find((v) => v.onHand > 0)!;
  const sold = await api(SHOES, 'PUT', `/admin/products/${first.id}/variants/${variant.id}/inventory`, { stock: 0, reason: 'correction' }, token);
  if (sold.status !== 200) throw new Error(`could not sell out ${first.id}: ${sold.status} ${JSON.stringify(sold.body)}`);
  for (let i = 0; i < 80 && !(await page.locator('main a[href^="/dev/mailbox/"]').count()); i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    await page.reload();
  }
};

/** Search results once the store's index has caught up with the seeded products (its writer follows the event stream). */
const searchResults = async (page: Page) => {
  for (let i = 0; i < 80 && !(await page.getByTestId('product-card').count()); i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    await page.reload();
  }
};
/** The header's box with suggestions, as a visitor types. */
const searchSuggestions = async (page: Page) => {
  await searchResults(page);
  await page.locator('#site-search').fill('');
  await page.locator('#site-search').pressSequentially('trai', { delay: 50 });
  await page.locator('.search-box .suggestions a').first().waitFor();
};

/** The console's product list searched (drafts too), once the index has the seeded products. */
const consoleSearch = async (page: Page) => {
  await signIn(page, ADMIN);
  await page.locator('#inventory tbody tr').first().waitFor();
  for (let i = 0; i < 40; i++) {
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Search').fill('runner');
    await page.locator('#list-count', { hasText: 'matching' }).waitFor();
    if (await page.locator('#inventory tbody tr', { hasText: 'Runner' }).count()) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await page.evaluate("document.getElementById('inventory-title').scrollIntoView()");
};

/** The landing page's form filled in for a new store; the address checked as it was typed. */
const fillSignUp = async (page: Page, slug = 'tea-house') => {
  const form = page.locator('#signup-form');
  await form.getByLabel('Store name').fill('Tea House');
  await form.getByLabel('Store address').fill(slug);
  await page.locator('#slug-status', { hasText: 'is available' }).waitFor();
  await form.getByLabel('Standard').check();
  await form.getByLabel('Your email').fill(`owner@${slug}.example`);
  await form.getByLabel('Password').fill('Tea-Owner-Passw0rd');
};
const signUpSent = async (page: Page, slug: string) => {
  await fillSignUp(page, slug);
  await page.locator('#signup-form').getByRole('button', { name: 'Create my store' }).click();
  await page.locator('#confirm-form').waitFor({ state: 'visible' });
};
/** The code the pool "emailed": locally it is in the dev mailbox (and printed by npm start). */
const mailedCode = async (page: Page, slug: string) => {
  const mailbox = await page.context().newPage();
  try {
    await mailbox.goto(`http://localhost:${port}/dev/mailbox`);
    await mailbox
      .locator('main a', { hasText: `Your code to open ${slug}` })
      .first()
      .click();
    const text = (await mailbox.locator('main').textContent()) ?? '';
    const code = /code is (\d{6})/.exec(text)?.[1];
    if (!code) throw new Error(`no sign-up code for ${slug} in the dev mailbox`);
    return code;
  } finally {
    await mailbox.close();
  }
};
/** A whole sign-up: the form, the code, the new store's console with its authenticator enrolled, and its checklist. */
const signedUpConsole = (slug: string) => async (page: Page) => {
  await page.goto(`http://localhost:${port}/`);
  await signUpSent(page, slug);
  await page
    .locator('#confirm-form')
    .getByLabel('Code from the email')
    .fill(await mailedCode(page, slug));
  await Promise.all([page.waitForURL(new RegExp(`${slug}\\.localhost`)), page.getByRole('button', { name: 'Open my store' }).click()]);
  await page.locator('#mfa-enrol').waitFor({ state: 'visible' });
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await page.locator('#mfa-details').waitFor({ state: 'visible' });
  const secret = (await page.locator('#mfa-secret').textContent()) ?? '';
  await page.getByLabel('Code from the app').fill(totpCode(secret));
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Turn on' }).click()]);
  await page.locator('#getting-started-progress', { hasText: 'of 4 done' }).waitFor();
};

/** The runner's chosen variant put in the cart from its product page (the mini cart counts it). */
const addedToCart = async (page: Page) => {
  await openRunner(page);
  await page.getByTestId('add-to-cart').click();
  await page.locator('#add-to-cart-status', { hasText: 'Added to your cart.' }).waitFor();
  await page.locator('[data-cart-count]', { hasText: '1' }).waitFor();
};
/** The demo's discounts (src/discounts/): 10 % off, a code that ended, free shipping over 100; once, whichever shot comes first. */
async function demoDiscounts() {
  const token = await adminToken();
  const base = {
    method: 'code',
    effect: { type: 'percentage', percentBp: 1000 },
    target: { type: 'all' },
    minimum: { type: 'none' },
    startsAt: '2020-01-01T00:00:00.000Z',
    endsAt: null,
    usageLimit: 500,
    perCustomerLimit: 1,
    combinesWith: { product: false, order: false, shipping: true },
  };
  for (const body of [
    { ...base, title: 'Welcome', code: 'WELCOME10' },
    { ...base, title: 'Summer sale', code: 'SUMMER21', endsAt: '2021-09-01T00:00:00.000Z', usageLimit: null },
    {
      ...base,
      title: 'Free shipping over 100',
      method: 'automatic',
      code: null,
      effect: { type: 'free-shipping' },
      minimum: { type: 'subtotal', amount: 10_000 },
    },
  ]) {
    const existing = (await api(SHOES, 'GET', '/admin/discounts', undefined, token)).body.items as { title: string }[];
    if (existing.some((d) => d.title === body.title)) continue;
    const made = await api(SHOES, 'POST', '/admin/discounts', body, token);
    if (made.status !== 201 && made.status !== 409) throw new Error(`could not create a discount: ${JSON.stringify(made.body)}`);
  }
}
/** The cart with two codes, one that applies and one that ended: the discount line, the reason, a Remove each, the total after. */
const cartWithCode = async (page: Page) => {
  await demoDiscounts();
  await addedToCart(page);
  await page.goto(`http://${SHOES}:${port}/cart?code=SUMMER21`);
  await page.getByTestId('discount-rejections').waitFor();
  await page.getByLabel('Another discount code').fill('welcome10');
  await Promise.all([page.waitForURL(/code=welcome10/), page.getByRole('button', { name: 'Apply' }).click()]);
  await page.getByTestId('discount-line').waitFor();
};
/** The console's discounts: the list with uses, and the form. */
const consoleDiscounts = async (page: Page) => {
  await demoDiscounts();
  await signIn(page, ADMIN);
  await page.locator('#discount-list tbody tr').first().waitFor();
  await page.evaluate("document.getElementById('discounts-title').scrollIntoView()");
};
/** The console's discount form with buy X get Y chosen: what must be bought, what the customer gets, at what, how often. */
const consoleDiscountBxgy = async (page: Page) => {
  await consoleDiscounts(page);
  const form = page.locator('#discount-form');
  await form.getByLabel('Title').fill('Socks on us');
  await form.getByLabel('Code', { exact: true }).fill('SOCKS');
  await form.getByLabel('Kind').selectOption('buy-x-get-y');
  await form.getByLabel('Customer buys').selectOption('categories');
  await form.locator('input[name=targetIds]').fill('running-shoes');
  await form.getByLabel('Customer gets').selectOption('collections');
  await form.locator('input[name=getTargetIds]').fill('socks');
  await form.getByLabel('Uses per order (optional)').fill('1');
  await form.getByLabel('Minimum requirement').selectOption('quantity');
  await form.getByLabel('Minimum (amount or items)').fill('2');
  // A phone shows the form from its Kind down: what buy X get Y adds.
  const phone = (page.viewportSize()?.width ?? 1280) < 600;
  await page.evaluate(
    phone ? "document.querySelector('#discount-form select[name=kind]').scrollIntoView()" : "document.getElementById('discount-form-title').scrollIntoView()",
  );
};
/** Two in the cart, then the store sells all but one of it: the cart page lowers the line and says so. */
const cartWithNotice = async (page: Page) => {
  await openRunner(page);
  const variantId = new URL(page.url()).searchParams.get('variant')!;
  const productId = new URL(page.url()).pathname.split('/').pop()!;
  const token = await adminToken();
  const stock = async (level: number) => {
    const set = await api(SHOES, 'PUT', `/admin/products/${productId}/variants/${variantId}/inventory`, { stock: level, reason: 'correction' }, token);
    if (set.status !== 200) throw new Error(`could not set the stock: ${JSON.stringify(set.body)}`);
  };
  // Enough for two (an earlier shot may have lowered it), then all but one sold.
  await stock(5);
  await page.locator('#add-to-cart input[name=quantity]').fill('2');
  await page.getByTestId('add-to-cart').click();
  await page.locator('[data-cart-count]', { hasText: '2' }).waitFor();
  await stock(1);
  await page.goto(`http://${SHOES}:${port}/cart`);
  await page.getByTestId('cart-notices').waitFor();
};
/** The demo customer signed in on the storefront, with the runner saved to their wishlist. */
const wishlistOfCustomer = async (page: Page) => {
  await page.goto(`http://${SHOES}:${port}/account`);
  const form = page.locator('#login-form');
  await form.getByLabel('Email').fill('customer@demo-shoes.example');
  await form.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
  // Signed in, the account page goes to the catalog.
  await page.locator('#account-link', { hasText: 'Signed in as' }).waitFor();
  await openRunner(page);
  await page.getByTestId('save-to-wishlist').click();
  await page.locator('#add-to-cart-status', { hasText: 'Saved to your wishlist.' }).waitFor();
  await page.goto(`http://${SHOES}:${port}/wishlist`);
  await page.getByTestId('wishlist-item').first().waitFor();
};

/** Orders to show in the console (placed once through the JSON API, as guests): one paid, one partly shipped with a note. */
let demoOrders: Promise<string[]> | undefined;
const placeDemoOrders = () =>
  (demoOrders ??= (async () => {
    const token = await adminToken();
    type Listed = { id: string; variants: { id: string; available: number }[] };
    const items = (await api(SHOES, 'GET', '/admin/products?limit=50', undefined, token)).body.items as Listed[];
    const lines = items.flatMap((p) => p.variants.filter((v) => v.available >= 3).map((v) => ({ productId: p.id, variantId: v.id }))).slice(0, 3);
    if (lines.length < 2) throw new Error('not enough demo stock for the order shots');
    const buy = async (email: string, name: string, chosen: typeof lines) => {
      const order = chosen.map((l, i) => ({ ...l, quantity: i + 1 }));
      const quote = await api(SHOES, 'POST', '/checkout/quote', { lines: order });
      const placed = await api(SHOES, 'POST', '/checkout/orders', {
        email,
        shippingAddress: { name, line1: '12 Harbour Road', city: 'Hamburg', postalCode: '20457', country: 'DE' },
        shippingMethodId: quote.body.shippingMethods[0].id,
        lines: order,
        card: { number: '4242424242424242' },
      });
      if (placed.status !== 201) throw new Error(`could not place a demo order: ${JSON.stringify(placed.body)}`);
      return placed.body as { id: string; lines: { variantId: string }[] };
    };
    const first = await buy('grace@example.com', 'Grace Hopper', lines.slice(0, 1));
    const second = await buy('ada@example.com', 'Ada Lovelace', lines.slice(0, 2));
    await api(
      SHOES,
      'POST',
      `/admin/orders/${second.id}/fulfilments`,
      { lines: [{ variantId: second.lines[0]!.variantId, quantity: 1 }], tracking: 'DHL 00340434' },
      token,
    );
    await api(SHOES, 'POST', `/admin/orders/${second.id}/notes`, { text: 'Gift wrap, please.' }, token);
    return [second.id, first.id];
  })());
/** The console's order list, with the demo orders in it. */
const consoleOrders = async (page: Page) => {
  await placeDemoOrders();
  await signIn(page, ADMIN);
  await page.locator('#orders tbody tr[data-order]').first().waitFor();
  await page.evaluate("document.getElementById('orders-title').scrollIntoView()");
};
/** An order's page (from `anchor` down): partly shipped, with its tracking in the history and a note. */
const consoleOrder = (anchor: string) => async (page: Page) => {
  const [id] = await placeDemoOrders();
  await signIn(page, ADMIN);
  await page.getByRole('button', { name: `Open order ${id}` }).click();
  await page.locator('#order-page[aria-busy="false"] #order-lines tbody tr').first().waitFor();
  await page.evaluate(`document.getElementById('${anchor}').scrollIntoView()`);
};
/**
 * Reviews for the shots (docs/reviews.md): the store opened to every customer, and the demo
 * customer's reviews of the first products (once per run, whichever shot asks first).
 */
let reviewed: Promise<string> | undefined;
const seedReviews = () =>
  (reviewed ??= (async () => {
    const token = await adminToken();
    const settings = (await api(SHOES, 'GET', '/admin/settings', undefined, token)).body;
    const saved = await api(SHOES, 'PUT', '/admin/settings', { ...settings, reviewsFrom: 'customers' }, token);
    if (saved.status !== 200) throw new Error(`could not open reviews: ${JSON.stringify(saved.body)}`);
    const login = await api(SHOES, 'POST', '/auth/login', { email: 'customer@demo-shoes.example', password: DEMO_PASSWORD });
    if (!login.body.idToken) throw new Error(`the demo customer could not sign in: ${JSON.stringify(login.body)}`);
    const products = (await api(SHOES, 'GET', '/products?limit=4&sort=name')).body.items as { id: string; name: string }[];
    const runner = ((await api(SHOES, 'GET', '/products?q=runner&limit=1')).body.items as { id: string }[])[0]!.id;
    const texts = [
      [5, 'Light and grippy', 'Ran a wet half marathon in them: no slips, dry enough, and no blisters after 21 km.'],
      [4, 'Comfortable from day one', 'True to size. The heel is a little stiff for the first week.'],
      [3, 'Good, runs small', 'Order half a size up.'],
      [4, 'Does the job', 'Solid for the price.'],
    ] as const;
    for (const [i, id] of [runner, ...products.map((p) => p.id).filter((id) => id !== runner)].slice(0, 4).entries()) {
      const [rating, title, text] = texts[i]!;
      const written = await api(SHOES, 'PUT', `/products/${id}/review`, { rating, title, text, authorName: 'Sam' }, login.body.idToken);
      if (written.status !== 200) throw new Error(`could not write a review: ${JSON.stringify(written.body)}`);
    }
    return runner;
  })());
const productWithReviews = async (page: Page) => {
  const runner = await seedReviews();
  await page.goto(`http://${SHOES}:${port}/p/${runner}`);
  await page.getByTestId('review').first().waitFor();
  await page.evaluate("document.getElementById('reviews').scrollIntoView()");
};
const listingWithStars = async (page: Page) => {
  await seedReviews();
  await page.goto(`http://${SHOES}:${port}/?sort=name`);
  await page.getByTestId('card-rating').first().waitFor();
  await page.getByTestId('product-card').first().scrollIntoViewIfNeeded();
};
/** Until `check` holds (the listing consumer and the search indexer run after the reviews' events). */
const eventually = async (what: string, check: () => Promise<boolean>) => {
  for (let i = 0; i < 60; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not happen in 15 s`);
};
const topRated = async (page: Page) => {
  const runner = await seedReviews();
  await eventually('the top-rated sort', async () => (await api(SHOES, 'GET', '/products?sort=top-rated&limit=1')).body.items?.[0]?.id === runner);
  await page.goto(`http://${SHOES}:${port}/?sort=top-rated`);
  await page.getByTestId('card-rating').first().waitFor();
  await page.locator('select[name="sort"]').scrollIntoViewIfNeeded();
};
const searchByRating = async (page: Page) => {
  await seedReviews();
  await eventually('the rating facet', async () => ((await api(SHOES, 'GET', '/search?q=')).body.facets?.rating?.length ?? 0) > 0);
  await page.goto(`http://${SHOES}:${port}/find?rating=4`);
  const facet = page.locator('fieldset.facet', { has: page.locator('legend', { hasText: 'Rating' }) });
  await facet.waitFor();
  await facet.scrollIntoViewIfNeeded();
};
const consoleReviews = async (page: Page) => {
  await seedReviews();
  await signIn(page, ADMIN);
  await page.locator('#reviews-filter select').selectOption('published');
  await page.getByTestId('admin-review').first().waitFor();
  await page.evaluate("document.getElementById('reviews-admin-title').scrollIntoView()");
};
/** The demo customer's account page, signed in: "Your data" with the download and the deletion. */
const customerAccount = async (page: Page) => {
  await page.goto(`http://${SHOES}:${port}/account`);
  const form = page.locator('#login-form');
  await form.getByLabel('Email').fill('customer@demo-shoes.example');
  await form.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#account-link', { hasText: 'Signed in as' }).waitFor();
  await page.goto(`http://${SHOES}:${port}/account`);
  await page.locator('#your-data').scrollIntoViewIfNeeded();
};

const shots: Shot[] = [
  { file: 'landing.png', host: 'localhost', path: '/', viewport: DESKTOP, fullPage: true },
  { file: 'landing-phone.png', host: 'localhost', path: '/', viewport: PHONE },
  {
    file: 'signup-form-phone.png',
    host: 'localhost',
    path: '/',
    viewport: PHONE,
    act: async (page) => {
      await fillSignUp(page, 'tea-house');
      await page.evaluate("document.getElementById('signup-title').scrollIntoView()");
    },
  },
  {
    file: 'signup-taken.png',
    host: 'localhost',
    path: '/',
    viewport: DESKTOP,
    act: async (page) => {
      await page.locator('#signup-form').getByLabel('Store address').fill('demo-shoes');
      await page.locator('#slug-suggestions button').first().waitFor();
      await page.evaluate("document.getElementById('signup-title').scrollIntoView()");
    },
  },
  {
    file: 'signup-code.png',
    host: 'localhost',
    path: '/',
    viewport: DESKTOP,
    act: (page) => signUpSent(page, 'code-shop').then(() => page.evaluate("document.getElementById('signup-title').scrollIntoView()")),
  },
  { file: 'console-getting-started.png', host: 'localhost', path: '/', viewport: { width: 1280, height: 900 }, act: signedUpConsole('tea-garden') },
  { file: 'console-getting-started-phone.png', host: 'localhost', path: '/', viewport: PHONE, act: signedUpConsole('tea-corner') },
  { file: 'storefront-shoes.png', host: SHOES, path: '/', viewport: DESKTOP },
  { file: 'storefront-books-search.png', host: 'demo-books.localhost', path: '/?q=tech&sort=price-asc', viewport: DESKTOP },
  { file: 'storefront-phone.png', host: SHOES, path: '/?inStock=true', viewport: PHONE },
  { file: 'product-page.png', host: SHOES, path: '/', viewport: DESKTOP, act: openRunner },
  { file: 'product-page-phone.png', host: SHOES, path: '/', viewport: PHONE, act: openRunner },
  { file: 'cart-product-page.png', host: SHOES, path: '/', viewport: DESKTOP, act: addedToCart },
  { file: 'cart-product-page-phone.png', host: SHOES, path: '/', viewport: PHONE, fullPage: true, act: addedToCart },
  { file: 'cart-page.png', host: SHOES, path: '/', viewport: DESKTOP, act: cartWithNotice },
  { file: 'cart-page-phone.png', host: SHOES, path: '/', viewport: PHONE, fullPage: true, act: cartWithNotice },
  { file: 'cart-wishlist.png', host: SHOES, path: '/', viewport: DESKTOP, act: wishlistOfCustomer },
  { file: 'cart-wishlist-phone.png', host: SHOES, path: '/', viewport: PHONE, fullPage: true, act: wishlistOfCustomer },
  { file: 'cart-discount.png', host: SHOES, path: '/', viewport: DESKTOP, act: cartWithCode },
  { file: 'cart-discount-phone.png', host: SHOES, path: '/', viewport: PHONE, fullPage: true, act: cartWithCode },
  { file: 'console-discounts.png', host: SHOES, path: '/admin', viewport: { width: 1280, height: 900 }, act: consoleDiscounts },
  { file: 'console-discounts-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consoleDiscounts },
  { file: 'console-discount-bxgy.png', host: SHOES, path: '/admin', viewport: { width: 1280, height: 900 }, act: consoleDiscountBxgy },
  { file: 'console-discount-bxgy-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consoleDiscountBxgy },
  { file: 'checkout.png', host: SHOES, path: '/', viewport: DESKTOP, fullPage: true, act: buyNow },
  { file: 'checkout-phone.png', host: SHOES, path: '/', viewport: PHONE, act: buyNow },
  { file: 'order-confirmation-phone.png', host: SHOES, path: '/', viewport: PHONE, fullPage: true, act: placeOrder },
  { file: 'console-categories.png', host: SHOES, path: '/admin', viewport: { width: 1280, height: 900 }, act: consoleCategories },
  { file: 'console-import.png', host: SHOES, path: '/admin', viewport: { width: 1280, height: 900 }, act: consoleImport },
  { file: 'console-import-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consoleImport },
  { file: 'console-categories-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consoleCategories },
  { file: 'category-page.png', host: SHOES, path: '/category/running', viewport: DESKTOP },
  { file: 'search-results.png', host: SHOES, path: '/find', viewport: DESKTOP, act: searchResults },
  { file: 'search-results-phone.png', host: SHOES, path: '/find?q=runner', viewport: PHONE, act: searchResults },
  { file: 'search-filtered.png', host: SHOES, path: '/find?category=outdoor&inStock=true', viewport: DESKTOP, act: searchResults },
  { file: 'search-console.png', host: SHOES, path: '/admin', viewport: { width: 1280, height: 900 }, act: consoleSearch },
  { file: 'search-suggestions-phone.png', host: SHOES, path: '/find?q=runner', viewport: PHONE, act: searchSuggestions },
  { file: 'category-menu-phone.png', host: SHOES, path: '/category/trail', viewport: PHONE, act: (page) => page.getByText('Shop by category').click() },
  { file: 'collection-page-phone.png', host: SHOES, path: '/collection/staff-picks', viewport: PHONE, fullPage: true },
  { file: 'account-desktop.png', host: SHOES, path: '/account', viewport: DESKTOP },
  { file: 'account-phone.png', host: SHOES, path: '/account', viewport: PHONE },
  {
    file: 'account-reset-phone.png',
    host: SHOES,
    path: '/account',
    viewport: PHONE,
    act: async (page) => {
      await page.getByRole('button', { name: 'Forgot your password?' }).click();
      await page.locator('#reset-request-form').getByLabel('Email').fill('customer@demo-shoes.example');
      await page.getByRole('button', { name: 'Email me a code' }).click();
      await page.locator('#reset-confirm-form').waitFor({ state: 'visible' });
    },
  },
  { file: 'console-signin-phone.png', host: SHOES, path: '/admin', viewport: PHONE },
  { file: 'console-admin.png', host: SHOES, path: '/admin', viewport: { width: 1280, height: 900 }, act: consoleAs(ADMIN) },
  { file: 'console-admin-phone.png', host: SHOES, path: '/admin', viewport: PHONE, fullPage: true, act: consoleAs(ADMIN) },
  { file: 'console-product.png', host: SHOES, path: '/admin', viewport: { width: 1280, height: 900 }, act: consoleProduct('editor-options') },
  { file: 'console-product-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consoleProduct('editor-variants') },
  { file: 'console-product-stock.png', host: SHOES, path: '/admin', viewport: { width: 1280, height: 900 }, act: consoleProduct('editor-groupings') },
  { file: 'console-product-stock-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consoleProduct('editor-stock-title') },
  { file: 'console-settings.png', host: SHOES, path: '/admin', viewport: { width: 1280, height: 900 }, act: consoleSettings },
  { file: 'console-settings-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consoleSettings },
  { file: 'console-prices.png', host: SHOES, path: '/admin', viewport: { width: 1280, height: 900 }, act: consolePrices },
  { file: 'console-prices-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consolePrices },
  {
    file: 'console-customer-groups.png',
    host: SHOES,
    path: '/admin',
    viewport: { width: 1280, height: 1100 },
    act: consoleCustomerGroups('Wholesale', 'customer-groups-title'),
  },
  {
    file: 'console-customer-groups-phone.png',
    host: SHOES,
    path: '/admin',
    viewport: PHONE,
    fullPage: false,
    act: consoleCustomerGroups('Trade', 'customer-group-title'),
  },
  { file: 'console-plan.png', host: SHOES, path: '/admin', viewport: { width: 1280, height: 900 }, act: consolePlan },
  { file: 'console-plan-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consolePlan },
  { file: 'console-domains.png', host: SHOES, path: '/admin', viewport: { width: 1280, height: 900 }, act: consoleDomains('shop.demo-shoes.example', false) },
  {
    file: 'console-domains-verified.png',
    host: SHOES,
    path: '/admin',
    viewport: { width: 1280, height: 900 },
    act: consoleDomains('www.demo-shoes.example', true),
  },
  { file: 'console-domains-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consoleDomains('store.demo-shoes.example', true) },
  { file: 'console-orders.png', host: SHOES, path: '/admin', viewport: { width: 1280, height: 900 }, act: consoleOrders },
  { file: 'console-orders-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consoleOrders },
  { file: 'console-order.png', host: SHOES, path: '/admin', viewport: { width: 1280, height: 1000 }, act: consoleOrder('order-title') },
  { file: 'console-order-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consoleOrder('order-title') },
  { file: 'console-order-actions-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consoleOrder('ship-form') },
  { file: 'console-danger-zone.png', host: SHOES, path: '/admin', viewport: { width: 1280, height: 900 }, act: consoleDangerZone },
  { file: 'console-danger-zone-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consoleDangerZone },
  { file: 'console-clerk-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consoleAs('clerk@demo-shoes.example') },
  {
    file: 'console-mfa-enrolment.png',
    host: SHOES,
    path: '/admin',
    viewport: DESKTOP,
    act: async (page) => {
      const added = await newAdmin();
      await signIn(page, added.email, { password: added.temporaryPassword, newPassword: 'New-Admin-Passw0rd' });
      await page.locator('#mfa-enrol').waitFor({ state: 'visible' });
      await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
      await page.locator('#mfa-details').waitFor({ state: 'visible' });
    },
  },
  { file: 'operator-console.png', host: 'localhost', path: '/platform', viewport: { width: 1280, height: 900 }, act: operator },
  { file: 'operator-console-phone.png', host: 'localhost', path: '/platform', viewport: PHONE, act: operator },
  // The API reference (Scalar, served from this origin): on a store's domain, as a store's developer reads it.
  { file: 'dev-mailbox.png', host: 'localhost', path: '/dev/mailbox', viewport: DESKTOP, act: soldOutNotice },
  {
    file: 'dev-mailbox-message-phone.png',
    host: 'localhost',
    path: '/dev/mailbox',
    viewport: PHONE,
    act: async (page) => {
      await soldOutNotice(page);
      await page.locator('main a[href^="/dev/mailbox/"]').first().click();
    },
  },
  { file: 'api-docs.png', host: SHOES, path: '/docs', viewport: DESKTOP, act: (page) => page.getByText('Catalog platform API').first().waitFor() },
  { file: 'reviews-product.png', host: SHOES, path: '/', viewport: DESKTOP, act: productWithReviews },
  { file: 'reviews-product-phone.png', host: SHOES, path: '/', viewport: PHONE, act: productWithReviews },
  { file: 'reviews-listing.png', host: SHOES, path: '/', viewport: DESKTOP, act: listingWithStars },
  { file: 'reviews-listing-phone.png', host: SHOES, path: '/', viewport: PHONE, act: listingWithStars },
  { file: 'reviews-top-rated.png', host: SHOES, path: '/', viewport: DESKTOP, act: topRated },
  { file: 'reviews-top-rated-phone.png', host: SHOES, path: '/', viewport: PHONE, act: topRated },
  { file: 'reviews-search-rating.png', host: SHOES, path: '/', viewport: DESKTOP, fullPage: true, act: searchByRating },
  { file: 'reviews-search-rating-phone.png', host: SHOES, path: '/', viewport: PHONE, act: searchByRating },
  { file: 'reviews-console.png', host: SHOES, path: '/admin', viewport: DESKTOP, act: consoleReviews },
  { file: 'reviews-console-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consoleReviews },
  { file: 'account-your-data.png', host: SHOES, path: '/', viewport: DESKTOP, fullPage: true, act: customerAccount },
  { file: 'account-your-data-phone.png', host: SHOES, path: '/', viewport: PHONE, fullPage: true, act: customerAccount },
  // Last: from here on the shoe store sells in USD too (its switcher shows in the header).
  { file: 'currency-product-page.png', host: SHOES, path: '/', viewport: DESKTOP, act: runnerInUsd },
  { file: 'currency-product-page-phone.png', host: SHOES, path: '/', viewport: PHONE, fullPage: true, act: runnerInUsd },
  { file: 'currency-console-prices.png', host: SHOES, path: '/admin', viewport: { width: 1280, height: 900 }, act: consoleCurrencyPrices },
  { file: 'currency-console-prices-phone.png', host: SHOES, path: '/admin', viewport: PHONE, act: consoleCurrencyPrices },
  { file: 'api-docs-phone.png', host: SHOES, path: '/docs', viewport: PHONE, act: (page) => page.getByText('Catalog platform API').first().waitFor() },
];

// `npm run screenshots -- docs` makes only the shots whose file name contains "docs".
const only = process.argv.slice(2).find((a) => !a.startsWith('-'));
if (only) shots.splice(0, shots.length, ...shots.filter((shot) => shot.file.includes(only)));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  for (const shot of shots) {
    // A fresh context per shot: no session cookie carries over from the one before.
    const page = await (await browser.newContext({ viewport: shot.viewport })).newPage();
    page.setDefaultTimeout(15_000);
    page.on('dialog', (dialog) => void dialog.accept());
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://${shot.host}:${port}${shot.path}`);
    await shot.act?.(page);
    await page.waitForLoadState('networkidle');
    // Scalar calls home (its API registry, "Ask AI"); the reference page's policy refuses that, as intended.
    const violations = errors.filter((e) => /Content Security Policy|Refused to/i.test(e) && !/proxy\.scalar\.com/.test(e));
    if (violations.length) throw new Error(`${shot.file}: ${violations.join(' | ')}`);
    const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    if (width > shot.viewport.width) process.stdout.write(`warning: ${shot.file} is ${width}px wide in a ${shot.viewport.width}px window\n`);
    await page.screenshot({ path: path.join(out, shot.file), fullPage: shot.fullPage ?? false });
    await page.context().close();
    process.stdout.write(`docs/screenshots/${shot.file}\n`);
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
