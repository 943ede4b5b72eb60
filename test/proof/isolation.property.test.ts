import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanAll } from '../support/dynamo';
import { tokenFor, userIdFor } from '../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../support/platform';

/**
 * Random operations by actors of three stores (products, inventory, images, user management), with forged
 * Host headers, tokens of other stores, other stores' product and user ids in paths and other
 * stores' cursors. Every product name carries its
 * store's marker, so a leak is visible in any response body and in any table item.
 */
const TENANTS = ['alpha', 'beta', 'gamma'] as const;
type Tenant = (typeof TENANTS)[number];
const HOSTS: Record<Tenant, string> = { alpha: 'alpha.test', beta: 'beta.test', gamma: 'gamma.test' };
const marker = (t: Tenant) => `secret-${t}-`;
const RUNS = 100;
const OPS_PER_RUN = 100;

let p: TestPlatform;
const ids: Record<Tenant, string[]> = { alpha: [], beta: [], gamma: [] };
const cursors: Record<Tenant, string[]> = { alpha: [], beta: [], gamma: [] };
let skuCounter = 0;

const tenantArb = fc.constantFrom(...TENANTS);
/** Mostly a store's own staff on its own domain (aiming at others' ids and cursors), often forged. */
const actorArb = fc.oneof(
  { weight: 6, arbitrary: tenantArb.map((t) => ({ host: t as Tenant | undefined, tokenTenant: t as Tenant | undefined })) },
  { weight: 2, arbitrary: fc.record({ host: tenantArb, tokenTenant: tenantArb }) },
  { weight: 1, arbitrary: fc.record({ host: fc.constant(undefined), tokenTenant: tenantArb }) },
  { weight: 1, arbitrary: fc.record({ host: tenantArb, tokenTenant: fc.constant(undefined) }) },
);
const opArb = fc.record({
  actor: actorArb,
  role: fc.constantFrom('admin', 'admin', 'clerk', 'customer'),
  kind: fc.constantFrom('create', 'read', 'publicRead', 'list', 'publicList', 'update', 'adjust', 'setLevel', 'delete', 'history', 'listUsers', 'setRole', 'removeUser', 'imageUpload'),
  userRole: fc.constantFrom('customer', 'clerk'),
  target: fc.constantFrom(...TENANTS),
  pick: fc.nat(),
  useCursor: fc.boolean(),
  delta: fc.integer({ min: -5, max: 5 }).filter((d) => d !== 0),
});
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

function request(op: Op) {
  const pool = ids[op.target];
  const id = pool.length ? pool[op.pick % pool.length]! : 'no-such-product';
  const cursorPool = cursors[op.target];
  const cursor = op.useCursor && cursorPool.length ? `&cursor=${cursorPool[op.pick % cursorPool.length]}` : '';
  switch (op.kind) {
    case 'create':
      return ['POST', '/admin/products', { name: 'x', sku: `P-${skuCounter++}`, price: { amount: 100, currency: 'EUR' }, status: 'active', stock: 5 }] as const;
    case 'read':
      return ['GET', `/admin/products/${id}`] as const;
    case 'publicRead':
      return ['GET', `/products/${id}`] as const;
    case 'list':
      return ['GET', `/admin/products?limit=3${cursor}`] as const;
    case 'publicList':
      return ['GET', `/products?limit=3${cursor}`] as const;
    case 'update':
      return ['PATCH', `/admin/products/${id}`, { description: 'changed' }] as const;
    case 'adjust':
      return ['POST', `/admin/products/${id}/inventory/adjustments`, { delta: op.delta, reason: op.delta > 0 ? 'restock' : 'sale' }] as const;
    case 'setLevel':
      return ['PUT', `/admin/products/${id}/inventory`, { stock: Math.abs(op.delta) }] as const;
    case 'delete':
      return ['DELETE', `/admin/products/${id}`] as const;
    case 'history':
      return ['GET', `/admin/products/${id}/inventory/history?limit=5`] as const;
    // Users of the target store (seeded by testPlatform as `<role>@<store>`), never its admin.
    case 'listUsers':
      return ['GET', `/admin/users?limit=10${cursor}`] as const;
    case 'setRole':
      return ['PUT', `/admin/users/${userIdFor(op.userRole as 'customer' | 'clerk', op.target)}/role`, { role: op.pick % 2 ? 'clerk' : 'customer' }] as const;
    case 'imageUpload':
      return ['POST', `/admin/products/${id}/images/uploads`, { contentType: 'image/png', size: 100 }] as const;
    case 'removeUser':
      return ['DELETE', `/admin/users/${userIdFor('customer', op.target)}`] as const;
  }
}

beforeAll(async () => {
  p = await testPlatform();
  for (const t of TENANTS) {
    const admin = client(p.app, HOSTS[t], tokenFor('admin', t));
    for (let i = 0; i < 4; i++) {
      const created = await admin('POST', '/admin/products', { name: `${marker(t)}${i}`, sku: `SEED-${i}`, price: { amount: 100, currency: 'EUR' }, status: 'active', stock: 50 });
      ids[t].push(created.body.id);
    }
    const page = await client(p.app, HOSTS[t])('GET', '/products?limit=1');
    cursors[t].push(page.body.nextCursor);
  }
});

describe('cross-tenant isolation (property-based)', () => {
  it('no response carries another store’s data and no write lands in another store’s keys', async () => {
    let operations = 0;
    let leaks = 0;
    let ownDataSeen = 0;
    let uploadTickets = 0;
    const statuses = new Map<number, number>();

    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: OPS_PER_RUN, maxLength: OPS_PER_RUN }), async (ops) => {
        for (const op of ops) {
          const { host, tokenTenant } = op.actor;
          const served: Tenant | undefined = host ?? tokenTenant;
          const token = tokenTenant ? tokenFor(op.role, tokenTenant) : undefined;
          const call = client(p.app, host ? HOSTS[host] : 'api.unknown.test', token);
          const [method, path, body] = request(op);
          const withMarker = op.kind === 'create' && served ? { ...body, name: `${marker(served)}${operations}` } : body;
          const response = await call(method, path, withMarker);
          operations++;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          expect(response.status).toBeLessThan(500);

          const text = JSON.stringify(response.body ?? '');
          for (const other of TENANTS) {
            // Product names carry the store's marker; user emails its test domain.
            if (other !== served && (text.includes(marker(other)) || text.includes(`@${other}.test`))) leaks++;
          }
          if (served && text.includes(marker(served))) ownDataSeen++;
          // An upload ticket only ever points into the serving store's own prefix.
          if (op.kind === 'imageUpload' && response.status === 201) {
            if (!served || !String(response.body.key).startsWith(`tenants/${served}/products/`)) leaks++;
            uploadTickets++;
          }
          if (response.status >= 200 && response.status < 300 && served) {
            // Track what the served store really has, for later ops to aim at.
            if (op.kind === 'create') ids[served].push(response.body.id);
            if (op.kind === 'delete') ids[served] = ids[served].filter((i) => !path.includes(i));
            if ((op.kind === 'list' || op.kind === 'publicList') && response.body.nextCursor) cursors[served].push(response.body.nextCursor);
          }
        }
        expect(leaks).toBe(0);
      }),
      { numRuns: RUNS, seed: 20261124, endOnFailure: true },
    );

    // The table itself: every item under a store's keys holds only that store's data.
    const items = await scanAll(p.table.tableName);
    let misplaced = 0;
    for (const item of items) {
      const owner = /^TENANT#([a-z0-9-]+)#/.exec(String(item.PK))?.[1];
      if (!owner) continue;
      const text = JSON.stringify(item);
      for (const other of TENANTS) if (other !== owner && text.includes(marker(other))) misplaced++;
      if (item.type === 'outbox') expect((item.event as { detail: { tenantId: string } }).detail.tenantId).toBe(owner);
    }
    console.log(
      `isolation: ${operations} operations by 3 stores (${uploadTickets} image upload tickets), ${leaks} leaks in responses, ${misplaced} misplaced items in ${items.length} table items; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    expect(operations).toBeGreaterThanOrEqual(10_000);
    // The detector works: stores do see their own marked data.
    expect(ownDataSeen).toBeGreaterThan(1_000);
    expect(uploadTickets).toBeGreaterThan(50);
    expect(leaks).toBe(0);
    expect(misplaced).toBe(0);
  }, 600_000);
});
