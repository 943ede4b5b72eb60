import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalJobRunner } from '../../../src/jobs/consumer';
import { usernameFor } from '../../../src/identity/provider';
import { TEST_CARDS } from '../../../src/payments/test-provider';
import { createPlatform } from '../../../src/platform';
import { allTenants } from '../../../src/tenants/all-tenants';
import { DAY_MS } from '../../../src/tenants/offboarding/service';
import { tenantContext } from '../../../src/tenants/tenant';
import { scanAll } from '../../support/dynamo';
import { tokenFor } from '../../support/fake-verifier';
import { client, testManifests, testPlatform, type TestPlatform } from '../../support/platform';

/**
 * Offboarding (issue 18 item 3, docs/offboarding.md): a closed store serves its staff only, its
 * export is written first, a restore within the grace period brings it all back, and a purge after
 * it leaves nothing of the store (items, files, pool users, domain claims) and nothing of another
 * store changed; a purge killed mid-way resumes from its checkpoint.
 */
let p: TestPlatform;
let runner: ReturnType<typeof createLocalJobRunner>;
let clock = new Date();
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

const manifest = (slug: string) => ({
  ...testManifests[0]!,
  slug,
  name: `${slug} store`,
  domains: [`${slug}.test`],
  firstAdmin: { email: `o@${slug}.test`, name: 'O' },
});
const admin = (store: string) => client(p.app, `${store}.test`, tokenFor('admin', store));
const visitor = (store: string) => client(p.app, `${store}.test`);
const operator = () => client(p.app, 'platform.test', tokenFor('operator'));

async function settle() {
  await p.streams.drain();
  await runner.idle();
}

/** A store with something of every kind: products, stock history, a category, a collection, an image, an order, a custom domain, pool users. */
async function furnish(store: string) {
  const api = admin(store);
  const settings = (await api('GET', '/admin/settings')).body;
  expect(
    (await api('PUT', '/admin/settings', { ...settings, shippingRates: [{ id: 'standard', name: 'Standard', price: 495, minSubtotal: null }] })).status,
  ).toBe(200);
  const product = await api('POST', '/admin/products', {
    name: `${store} tee`,
    status: 'active',
    options: [{ name: 'Size', values: ['S', 'M'] }],
    variants: [
      { sku: `${store}-S`, optionValues: ['S'], price: { amount: 1000, currency: 'EUR' }, stock: 5 },
      { sku: `${store}-M`, optionValues: ['M'], price: { amount: 1500, currency: 'EUR' }, stock: 3 },
    ],
  });
  expect(product.status, JSON.stringify(product.body)).toBe(201);
  const id = product.body.id as string;
  const variant = product.body.variants[0].id as string;
  expect((await api('POST', `/admin/products/${id}/variants/${variant}/inventory/adjustments`, { delta: 2, reason: 'restock' })).status).toBe(201);
  expect((await api('POST', '/admin/categories', { name: 'Shirts', slug: 'shirts' })).status).toBe(201);
  expect((await api('POST', '/admin/collections', { name: 'Summer', slug: 'summer' })).status).toBe(201);
  const ticket = await api('POST', `/admin/products/${id}/images/uploads`, { contentType: 'image/png', size: PNG.length });
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.body.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([PNG], { type: 'image/png' }));
  expect((await fetch(ticket.body.url, { method: 'POST', body: form })).ok).toBe(true);
  expect((await api('POST', `/admin/products/${id}/images`, { key: ticket.body.key })).status).toBe(201);
  const order = await visitor(store)('POST', '/checkout/orders', {
    email: 'ada@example.com',
    shippingAddress: { name: 'Ada Buyer', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
    shippingMethodId: 'standard',
    lines: [{ productId: id, variantId: variant, quantity: 1 }],
    card: { number: TEST_CARDS.succeeds },
  });
  expect(order.status, JSON.stringify(order.body)).toBe(201);
  const domain = `shop.${store}.example`;
  const added = await api('POST', '/admin/domains', { domain });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  p.localDns!.set(added.body.verification.name, [added.body.verification.value]);
  expect((await api('POST', `/admin/domains/${domain}/verify`)).body.status).toBe('verified');
  // Pool accounts for the store's users (the test's directory records have none of their own).
  for (const email of [`admin@${store}.test`, `clerk@${store}.test`])
    await p.cognito.provider.createUser({ username: usernameFor({ id: store }, email), email, name: 'Staff', tenantId: store });
  await settle();
  return { id, domain, orderId: order.body.id as string };
}

const mentions = (item: Record<string, unknown>, store: string) => {
  const text = JSON.stringify(item);
  return text.includes(`TENANT#${store}#`) || text.includes(`"tenantId":"${store}"`) || text.includes(`"id":"${store}"`) || text.includes(`"slug":"${store}"`);
};
const keyOf = (item: Record<string, unknown>) => `${item.PK} ${item.SK}`;

beforeAll(async () => {
  p = await testPlatform({ manifests: [...testManifests, manifest('delta'), manifest('omega'), manifest('sigma')], now: () => clock });
  runner = createLocalJobRunner(p.bus, p.jobConsumer);
}, 120_000);

describe('closing a store', () => {
  it('the owner must type the slug; visitors then get “store closed” while staff still reach the console and the export', async () => {
    const { id } = await furnish('delta');
    const before = (await admin('delta')('GET', `/admin/products/${id}`)).body;
    expect((await admin('delta')('POST', '/admin/offboarding', { confirm: 'delt' })).status).toBe(422);
    const closed = await admin('delta')('POST', '/admin/offboarding', { confirm: 'delta' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(202);
    expect(closed.body).toMatchObject({ tenantId: 'delta', state: 'closing', by: 'owner' });
    expect(Date.parse(closed.body.purgeAfter) - clock.getTime()).toBe(30 * DAY_MS);
    expect((await admin('delta')('POST', '/admin/offboarding', { confirm: 'delta' })).status).toBe(409);
    // Only a restore brings it back: resuming or suspending would leave its offboarding behind.
    expect((await operator()('POST', '/platform/tenants/delta/resume')).status).toBe(409);
    expect((await operator()('POST', '/platform/tenants/delta/suspend')).status).toBe(409);

    const shop = await visitor('delta')('GET', `/products/${id}`);
    expect(shop.status).toBe(404);
    expect(shop.body.type).toContain('store-closed');
    expect((await visitor('delta')('GET', '/store')).status).toBe(404);

    await settle();
    const status = await admin('delta')('GET', '/admin/offboarding');
    expect(status.status).toBe(200);
    expect(status.body.export.state).toBe('succeeded');
    const names = status.body.export.files.map((f: { name: string }) => f.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'products.json',
        'products.csv',
        'users.json',
        'users.csv',
        'orders.json',
        'orders.csv',
        'categories.json',
        'collections.json',
        'inventory-history.json',
        'store.json',
      ]),
    );
    const file = (name: string) => status.body.export.files.find((f: { name: string }) => f.name === name);
    expect(file('products.json').url).toContain(`platform/offboarding/delta/${status.body.export.jobId}/products.json`);
    // The files read back through their short-lived links.
    const products = await (await fetch(file('products.json').url)).json();
    expect(products).toEqual([expect.objectContaining({ id, name: 'delta tee' })]);
    const users = await (await fetch(file('users.csv').url)).text();
    expect(users.split('\r\n')[0]).toBe('userId,email,name,role,createdAt');
    expect(users).toContain('admin@delta.test');
    const history = (await (await fetch(file('inventory-history.json').url)).json()) as { reason: string }[];
    expect(history.some((e) => e.reason === 'restock')).toBe(true);
    const orders = await (await fetch(file('orders.csv').url)).text();
    expect(orders).toContain('ada@example.com');
    expect(await (await fetch(file('products.csv').url)).text()).toContain('delta-S');

    // Restored within the grace period: everything as it was.
    clock = new Date(clock.getTime() + 29 * DAY_MS);
    const restored = await admin('delta')('POST', '/admin/offboarding/restore');
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body.state).toBe('restored');
    expect((await visitor('delta')('GET', `/products/${id}`)).status).toBe(200);
    expect((await admin('delta')('GET', `/admin/products/${id}`)).body).toEqual(before);
    expect((await p.registry.get('delta'))?.status).toBe('active');
    // A restored store is no purge's business, however late.
    clock = new Date(clock.getTime() + 60 * DAY_MS);
    expect(await p.offboarding.purgeDue(allTenants(p.registry))).toMatchObject({ due: 0, purged: 0 });
    expect((await admin('delta')('GET', `/admin/products/${id}`)).status).toBe(200);
    const trail = await p.offboarding.auditTrail('delta');
    expect(trail.map((a) => a.action)).toEqual(['offboarding-started', 'store-restored']);
    await p.streams.drain();
    expect(p.bus.delivered.filter((e) => e.detail.tenantId === 'delta').map((e) => e.detailType)).toEqual(
      expect.arrayContaining(['OffboardingStarted', 'StoreRestored']),
    );
  }, 120_000);
});

describe('purging a store after its grace period', () => {
  it('leaves nothing of the store but its slug, audit and export, resumes a run killed mid-way, and changes nothing of another store', async () => {
    const { domain } = await furnish('omega');
    await p.streams.drain();
    const others = (await scanAll(p.table.tableName)).filter((item) => mentions(item, 'beta') || mentions(item, 'alpha'));
    const otherObjects = await listObjects('tenants/beta/');

    const offboarded = await operator()('POST', '/platform/tenants/omega/offboard');
    expect(offboarded.status, JSON.stringify(offboarded.body)).toBe(202);
    await settle();
    // Within the grace period the purge leaves it alone.
    expect(await p.offboarding.purgeDue(allTenants(p.registry))).toMatchObject({ due: 0 });
    clock = new Date(clock.getTime() + 31 * DAY_MS);
    expect((await operator()('POST', '/platform/tenants/omega/restore')).status).toBe(409);

    // A run that dies after two pages of the scan: its checkpoint is saved, part of the store remains.
    const first = await p.offboarding.purgeDue(allTenants(p.registry), { readLimit: 5, maxPages: 2 });
    expect(first).toMatchObject({ due: 1, incomplete: 1, purged: 0 });
    const midway = await operator()('GET', '/platform/tenants/omega/offboarding');
    expect(midway.body.state).toBe('purging');
    expect((await scanAll(p.table.tableName)).some((item) => String(item.PK).startsWith('TENANT#omega#'))).toBe(true);

    // Another process (a new run of the schedule) resumes it and finishes.
    const restarted = createPlatform({ ...p.options, now: () => clock });
    expect(await restarted.offboarding.purgeDue(allTenants(restarted.registry), { readLimit: 5 })).toMatchObject({ due: 1, purged: 1 });
    await p.streams.drain();

    const items = await scanAll(p.table.tableName);
    const left = items.filter((item) => mentions(item, 'omega'));
    // Kept on purpose: the slug (never issued again), the offboarding and its audit trail, the platform's outbox records (TTL).
    expect(left.map((item) => String(item.PK).replace(/#[^#]*$/, '#…')).sort()).toEqual(
      expect.arrayContaining(['PLATFORM#AUDIT#…', 'PLATFORM#OFFBOARDING#…', 'PLATFORM#SLUG#…']),
    );
    for (const item of left) expect(String(item.PK), keyOf(item)).toMatch(/^PLATFORM#(?:AUDIT#omega|OFFBOARDING#omega|SLUG#omega|OUTBOX)$/);
    for (const item of items)
      for (const attribute of ['PK', 'GSI1PK', 'GSI2PK', 'GSI3PK', 'GSI4PK']) expect(String(item[attribute] ?? '')).not.toMatch(/^TENANT#omega#/);
    expect(items.some((item) => item.PK === `PLATFORM#DOMAIN#${domain}` || item.PK === 'PLATFORM#DOMAIN#omega.test')).toBe(false);
    expect(await listObjects('tenants/omega/')).toEqual([]);
    expect(await p.cognito.provider.findUser(usernameFor({ id: 'omega' }, 'admin@omega.test'))).toBeUndefined();
    expect(await p.cognito.provider.findUser(usernameFor({ id: 'omega' }, 'clerk@omega.test'))).toBeUndefined();
    expect(p.localProvisioner!.released).toEqual(expect.arrayContaining([expect.objectContaining({ domain, served: true })]));
    // The export stays for its retention, reachable by the operators.
    const after = await operator()('GET', '/platform/tenants/omega/offboarding');
    expect(after.body).toMatchObject({ state: 'purged', export: { state: 'succeeded' } });
    expect((await fetch(after.body.export.files[0].url)).ok).toBe(true);
    expect((await listObjects('platform/offboarding/omega/')).length).toBeGreaterThan(5);

    // Another store: byte-identical, item by item and object by object.
    expect(items.filter((item) => mentions(item, 'beta') || mentions(item, 'alpha'))).toEqual(others);
    expect(await listObjects('tenants/beta/')).toEqual(otherObjects);

    // Gone for visitors and operators alike; the slug is never issued again.
    expect((await visitor('omega')('GET', '/store')).status).toBe(404);
    expect((await operator()('GET', '/platform/tenants/omega')).status).toBe(404);
    expect((await p.slugs.get('omega'))?.state).toBe('used');
    const again = await operator()('POST', '/platform/tenants', { ...manifest('omega'), seedProducts: undefined });
    expect(again.status).toBe(409);

    expect((await p.offboarding.auditTrail('omega')).map((a) => a.action)).toEqual(['offboarding-started', 'offboarding-completed']);
    const events = p.bus.delivered.filter((e) => e.detail.tenantId === 'omega').map((e) => e.detailType);
    expect(events).toEqual(expect.arrayContaining(['OffboardingStarted', 'OffboardingCompleted']));
  }, 180_000);
});

describe('a store whose export failed', () => {
  it('is never purged: the run records OffboardingFailed and an audit record, and the store stays closing', async () => {
    // Another process on the same table and bucket whose platform files refuse every write.
    const failing = createPlatform({
      ...p.options,
      now: () => clock,
      platformFiles: { ...p.media.platformFiles, put: async () => Promise.reject(new Error('bucket unavailable')) },
    });
    const closed = await failing.offboarding.close('platform:operator', 'sigma', 'operator');
    const tenant = tenantContext({ ...(await failing.registry.get('sigma'))! });
    // The job's attempts run out (MAX_JOB_ATTEMPTS): it is marked failed, nothing is retried.
    for (let attempt = 0; attempt < 3; attempt++) await failing.jobs.run(tenant, closed.export.jobId).catch(() => undefined);
    expect((await failing.jobs.get(tenant, closed.export.jobId)).state).toBe('failed');

    clock = new Date(clock.getTime() + 31 * DAY_MS);
    expect(await failing.offboarding.purgeDue(allTenants(failing.registry))).toMatchObject({ due: 1, failed: 1, purged: 0 });
    expect((await p.registry.get('sigma'))?.status).toBe('closing');
    expect((await scanAll(p.table.tableName)).some((item) => String(item.PK).startsWith('TENANT#sigma#'))).toBe(true);
    expect((await p.offboarding.auditTrail('sigma')).map((a) => a.action)).toEqual(['offboarding-started', 'offboarding-failed']);
    await p.streams.drain();
    expect(p.bus.delivered.filter((e) => e.detail.tenantId === 'sigma').map((e) => e.detailType)).toEqual(
      expect.arrayContaining(['OffboardingStarted', 'OffboardingFailed']),
    );
    // The operators see why it waits.
    expect((await operator()('GET', '/platform/tenants/sigma/offboarding')).body.export.state).toBe('failed');
  }, 120_000);
});

async function listObjects(prefix: string) {
  const page = await p.media.s3.send(new ListObjectsV2Command({ Bucket: p.media.bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((o) => ({ key: o.Key, size: o.Size, etag: o.ETag }));
}
