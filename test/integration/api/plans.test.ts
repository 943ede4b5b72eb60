import path from 'node:path';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPlatform } from '../../../src/platform';
import { MAX_VARIANTS } from '../../../src/catalog/variants';
import { PLANS, type PlanBook } from '../../../src/plans/plans';
import { tenantContext } from '../../../src/tenants/tenant';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';
import { race, raceEnvironment } from '../../support/race/harness';
import type { Answer, Call } from '../../support/race/scenarios/api-calls';

const API_CALLS = path.resolve(import.meta.dirname, '../../support/race/scenarios/api-calls.ts');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** The real plans with limits small enough to reach in a few requests. */
const SMALL: PlanBook = {
  basic: { ...PLANS.basic, limits: { ...PLANS.basic.limits, products: 3, staff: 3, storageBytes: PNG.length + 10 } },
  standard: { ...PLANS.standard, limits: { ...PLANS.standard.limits, products: 6, staff: 5, storageBytes: 10 * PNG.length, variantsPerProduct: 4 } },
  premium: PLANS.premium,
};

let p: TestPlatform;
const as = (store: string, role: 'admin' | 'clerk' = 'admin', platform: { app: TestPlatform['app'] } = p) =>
  client(platform.app, `${store}.test`, tokenFor(role, store));
const operator = () => client(p.app, 'platform.test', tokenFor('operator'));
const product = (sku: string) => ({ name: `Product ${sku}`, sku, price: { amount: 500, currency: 'EUR' }, status: 'active', stock: 3 });

async function uploadImage(store: string, productId: string) {
  const admin = as(store);
  const ticket = await admin('POST', `/admin/products/${productId}/images/uploads`, { contentType: 'image/png', size: PNG.length });
  expect(ticket.status).toBe(201);
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.body.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([PNG], { type: 'image/png' }));
  expect((await fetch(ticket.body.url, { method: 'POST', body: form })).ok).toBe(true);
  return { key: ticket.body.key as string, attached: await admin('POST', `/admin/products/${productId}/images`, { key: ticket.body.key }) };
}

beforeAll(async () => {
  p = await testPlatform({ plans: SMALL });
});

describe('plan limits', () => {
  /** A product of `n` variants, one option value each, priced in the test stores' currency. */
  const withVariants = (prefix: string, n: number) => {
    const values = Array.from({ length: n }, (_, i) => `v${i}`);
    return {
      name: `Many ${prefix}`,
      status: 'active',
      options: [{ name: 'Pick', values }],
      variants: values.map((value) => ({ sku: `${prefix}-${value}`, optionValues: [value], price: { amount: 500, currency: 'EUR' }, stock: 1 })),
    };
  };

  it('variants: the largest product one transaction holds is created, with its plan counter and idempotency record; one more is a 422', async () => {
    const admin = as('gamma');
    // Retried with its key while the table is slow to answer (503): the key makes the retry safe.
    let biggest = await admin('POST', '/admin/products', withVariants('MAXV', MAX_VARIANTS), { 'Idempotency-Key': 'max-variants-1' });
    for (let retry = 0; retry < 3 && biggest.status === 503; retry++)
      biggest = await admin('POST', '/admin/products', withVariants('MAXV', MAX_VARIANTS), { 'Idempotency-Key': 'max-variants-1' });
    expect(biggest.status, JSON.stringify(biggest.body)).toBe(201);
    expect(biggest.body.variants).toHaveLength(MAX_VARIANTS);
    expect((await admin('POST', '/admin/products', withVariants('OVER', MAX_VARIANTS + 1))).status).toBe(422);
  });

  it('variants: a product may not grow past its plan’s variants per product (409 plan-limit), and nothing changes', async () => {
    const admin = as('beta');
    const limit = SMALL.standard.limits.variantsPerProduct;
    const created = await admin('POST', '/admin/products', withVariants('PLV', limit));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { options, variants } = withVariants('PLV', limit + 1);
    const grown = await admin('PATCH', `/admin/products/${created.body.id}`, {
      options,
      variants: [
        ...created.body.variants.map((v: { id: string; sku: string; optionValues: string[] }) => ({
          id: v.id,
          sku: v.sku,
          optionValues: v.optionValues,
          price: { amount: 500, currency: 'EUR' },
        })),
        variants.at(-1),
      ],
    });
    expect(grown.status, JSON.stringify(grown.body)).toBe(409);
    expect(grown.body).toMatchObject({ type: '/problems/plan-limit', resource: 'variantsPerProduct', limit, used: limit + 1 });
    expect((await admin('GET', `/admin/products/${created.body.id}`)).body.variants).toHaveLength(limit);
    // The race below counts this store's products from zero.
    expect((await admin('DELETE', `/admin/products/${created.body.id}`)).status).toBe(204);
  });

  it('products: the limit is reached, the next creation is a 409 plan-limit with limit and used, and nothing of it is written', async () => {
    const admin = as('alpha');
    const made: string[] = [];
    for (const sku of ['LIM-1', 'LIM-2', 'LIM-3']) {
      const created = await admin('POST', '/admin/products', product(sku));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      made.push(created.body.id);
    }
    const refused = await admin('POST', '/admin/products', product('LIM-4'));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: '/problems/plan-limit', resource: 'products', limit: 3, used: 3 });
    // Nothing half-written: no fourth product, its SKU still free, no event for it.
    expect((await admin('GET', '/admin/products?limit=100')).body.items).toHaveLength(3);
    await p.streams.drain();
    expect(p.bus.delivered.filter((e) => e.detailType === 'ProductCreated' && e.detail.sku === 'LIM-4')).toEqual([]);
    // A deletion makes room: the same request succeeds, with the SKU it was refused with.
    expect((await admin('DELETE', `/admin/products/${made[0]}`)).status).toBe(204);
    expect((await admin('POST', '/admin/products', product('LIM-4'))).status).toBe(201);
    expect((await admin('GET', '/admin/usage')).body.held.products).toEqual({ used: 3, limit: 3 });
  });

  it('products: creations racing at limit−1 in separate processes, exactly one commits', async () => {
    const admin = as('beta');
    for (let i = 1; i <= 5; i++) expect((await admin('POST', '/admin/products', product(`RACE-${i}`))).status).toBe(201);
    const calls = (i: number): Call[] => [
      { host: 'beta.test', tenantId: 'beta', role: 'admin', method: 'POST', path: '/admin/products', body: product(`RACE-X${i}`) },
    ];
    const result = await race<Call, Answer>({ scenario: API_CALLS, env: raceEnvironment(p), plans: [1, 2, 3].map(calls), timeoutMs: 90_000 });
    const statuses = result.flatMap((r) => r.outcomes.map((o) => o.result?.status ?? o.error));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(2);
    for (const r of result.flatMap((x) => x.outcomes).filter((o) => o.result?.status === 409)) expect(r.result?.type).toBe('/problems/plan-limit');
    expect((await admin('GET', '/admin/products?limit=100')).body.items).toHaveLength(6);
    expect((await admin('GET', '/admin/usage')).body.held.products).toEqual({ used: 6, limit: 6 });
  }, 120_000);

  it('staff: admins and clerks count, customers do not; a promotion past the limit is refused like a creation', async () => {
    const admin = as('alpha');
    // Seeded: an admin and a clerk (2 of 3).
    const clerk = await admin('POST', '/admin/users', { email: 'third@alpha.test', name: 'Third', role: 'clerk' });
    expect(clerk.status, JSON.stringify(clerk.body)).toBe(201);
    const fourth = await admin('POST', '/admin/users', { email: 'fourth@alpha.test', name: 'Fourth', role: 'clerk' });
    expect(fourth.status).toBe(409);
    expect(fourth.body).toMatchObject({ type: '/problems/plan-limit', resource: 'staff', limit: 3, used: 3 });
    const users = (await admin('GET', '/admin/users?limit=100')).body.items as { email: string }[];
    expect(users.map((u) => u.email)).not.toContain('fourth@alpha.test');
    const customer = await admin('POST', '/admin/users', { email: 'shopper@alpha.test', name: 'Shopper', role: 'customer' });
    expect(customer.status).toBe(201);
    const promoted = await admin('PUT', `/admin/users/${customer.body.user.userId}/role`, { role: 'clerk' });
    expect(promoted.status).toBe(409);
    expect(promoted.body.type).toBe('/problems/plan-limit');
    // Removing a staff account frees its place.
    expect((await admin('DELETE', `/admin/users/${clerk.body.user.userId}`)).status).toBe(204);
    expect((await admin('PUT', `/admin/users/${customer.body.user.userId}/role`, { role: 'clerk' })).status).toBe(200);
    expect((await admin('GET', '/admin/usage')).body.held.staff).toEqual({ used: 3, limit: 3 });
  });

  it('storage: an image past the plan’s bytes is refused and deleted from the bucket; removing one frees its bytes', async () => {
    const admin = as('alpha');
    const target = (await admin('GET', '/admin/products?limit=1')).body.items[0].id as string;
    const first = await uploadImage('alpha', target);
    expect(first.attached.status, JSON.stringify(first.attached.body)).toBe(201);
    const second = await uploadImage('alpha', target);
    expect(second.attached.status).toBe(409);
    expect(second.attached.body).toMatchObject({ type: '/problems/plan-limit', resource: 'storageBytes', limit: PNG.length + 10, used: PNG.length });
    const alpha = tenantContext({ id: 'alpha', name: 'Alpha Store', tier: 'basic', status: 'active' });
    expect(await p.media.store.head(alpha, second.key)).toBeUndefined();
    expect((await admin('GET', `/admin/products/${target}`)).body.images).toHaveLength(1);
    const imageId = (await admin('GET', `/admin/products/${target}`)).body.images[0].id as string;
    expect((await admin('DELETE', `/admin/products/${target}/images/${imageId}`)).status).toBe(200);
    expect((await admin('GET', '/admin/usage')).body.held.storageBytes.used).toBe(0);
    expect((await uploadImage('alpha', target)).attached.status).toBe(201);
  });
});

describe('stores from before the counters', () => {
  it('a recount sets the product and staff counts from the store’s items', async () => {
    const admin = as('gamma');
    expect((await admin('POST', '/admin/products', product('OLD-1'))).status).toBe(201);
    const counted = (await admin('GET', '/admin/usage')).body.held;
    // As a store written before the counters: no counts at all.
    await p.table.client.send(new DeleteCommand({ TableName: p.table.tableName, Key: { PK: 'TENANT#gamma#USAGE#TOTALS', SK: '#TOTALS' } }));
    expect((await admin('GET', '/admin/usage')).body.held.products.used).toBe(0);
    expect(await p.recountPlanUsage()).toBe(3);
    const recounted = (await admin('GET', '/admin/usage')).body.held;
    expect(recounted.products.used).toBe(counted.products.used);
    expect(recounted.staff.used).toBe(counted.staff.used);
  });
});

describe('plan changes', () => {
  it('an owner upgrades: the new limits apply to the next request, and TenantPlanChanged is published', async () => {
    const admin = as('alpha');
    const before = await admin('GET', '/admin/plan');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ plan: { name: 'basic', limits: { products: 3 } }, used: { products: 3 }, overLimits: [] });
    expect(before.body.plans.map((plan: { name: string; monthlyPrice: { amount: number } }) => [plan.name, plan.monthlyPrice.amount])).toEqual([
      ['basic', 2900],
      ['standard', 7900],
      ['premium', 29900],
    ]);
    expect((await admin('POST', '/admin/products', product('UP-1'))).status).toBe(409);
    const upgraded = await admin('PUT', '/admin/plan', { plan: 'standard' });
    expect(upgraded.status).toBe(200);
    expect(upgraded.body).toMatchObject({ plan: { name: 'standard' }, overLimits: [] });
    expect((await admin('POST', '/admin/products', product('UP-1'))).status).toBe(201);
    expect((await admin('POST', '/admin/products', product('UP-2'))).status).toBe(201);
    await p.streams.drain();
    const event = p.bus.delivered.find((e) => e.detailType === 'TenantPlanChanged' && e.detail.tenantId === 'alpha');
    expect(event?.detail).toMatchObject({ previous: 'basic', current: 'standard', change: 'upgrade', actor: 'alpha:admin@example.com' });
    // Another instance, its cache cold, resolves the store with its new plan too.
    const other = createPlatform({ ...p.options, plans: SMALL });
    expect((await as('alpha', 'admin', other)('GET', '/admin/plan')).body.plan.name).toBe('standard');
  });

  it('a downgrade below what the store holds is allowed: everything stays readable and sellable, creations of that kind are refused until it is under', async () => {
    const admin = as('alpha');
    const downgraded = await admin('PUT', '/admin/plan', { plan: 'basic' });
    expect(downgraded.status).toBe(200);
    expect(downgraded.body).toMatchObject({ plan: { name: 'basic' }, used: { products: 5 }, overLimits: ['products'] });
    // Readable and sellable: the storefront lists all five, staff read them, stock still moves.
    const listed = await client(p.app, 'alpha.test')('GET', '/products?limit=100');
    expect(listed.body.items).toHaveLength(5);
    const first = listed.body.items[0].id as string;
    expect((await as('alpha', 'clerk')('POST', `/admin/products/${first}/inventory/adjustments`, { delta: -1, reason: 'sale' })).status).toBe(201);
    expect((await admin('PATCH', `/admin/products/${first}`, { name: 'Renamed while over' })).status).toBe(200);
    const refused = await admin('POST', '/admin/products', product('DOWN-1'));
    expect(refused.body).toMatchObject({ type: '/problems/plan-limit', limit: 3, used: 5 });
    await p.streams.drain();
    expect(p.bus.delivered.find((e) => e.detailType === 'TenantPlanChanged' && e.detail.change === 'downgrade')?.detail).toMatchObject({
      overLimits: ['products'],
    });
    // Back under the limit (3 left, at the limit): still refused; one more removed, creations work again.
    const ids = listed.body.items.map((i: { id: string }) => i.id) as string[];
    for (const id of ids.slice(0, 3)) expect((await admin('DELETE', `/admin/products/${id}`)).status).toBe(204);
    expect((await admin('GET', '/admin/plan')).body.overLimits).toEqual([]);
    expect((await admin('POST', '/admin/products', product('DOWN-2'))).status).toBe(201);
  });

  it('an operator changes a store’s plan from the platform host; store admins cannot reach it, nor change another store’s', async () => {
    const op = operator();
    expect((await op('GET', '/platform/tenants/gamma/plan')).body.plan.name).toBe('premium');
    const changed = await op('PUT', '/platform/tenants/gamma/plan', { plan: 'standard' });
    expect(changed.status).toBe(200);
    expect(changed.body.plan.name).toBe('standard');
    expect((await as('gamma')('GET', '/admin/plan')).body.plan.name).toBe('standard');
    expect((await op('PUT', '/platform/tenants/nowhere/plan', { plan: 'basic' })).status).toBe(404);
    expect((await op('PUT', '/platform/tenants/gamma/plan', { plan: 'gold' })).status).toBe(422);
    expect((await as('gamma')('PUT', '/admin/plan', { plan: 'enterprise' })).status).toBe(422);
    expect((await as('gamma', 'clerk')('PUT', '/admin/plan', { plan: 'premium' })).status).toBe(403);
    expect((await client(p.app, 'platform.test', tokenFor('admin', 'gamma'))('PUT', '/platform/tenants/gamma/plan', { plan: 'premium' })).status).toBe(403);
    await p.streams.drain();
    expect(p.bus.delivered.find((e) => e.detailType === 'TenantPlanChanged' && e.detail.tenantId === 'gamma')?.detail).toMatchObject({
      actor: 'platform:operator@example.com',
      previous: 'premium',
      current: 'standard',
    });
  });
});
