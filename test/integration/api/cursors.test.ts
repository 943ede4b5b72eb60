import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

let p: TestPlatform;
let visitor: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;
let operator: ReturnType<typeof client>;
let productId: string;
let otherProductId: string;
const createdAt: Record<string, string> = {};

/** What a cursor used to be (base64url JSON of LastEvaluatedKey): what a hand-editor would send. */
const oldStyle = (key: unknown) => Buffer.from(typeof key === 'string' ? key : JSON.stringify(key), 'utf8').toString('base64url');

beforeAll(async () => {
  p = await testPlatform();
  visitor = client(p.app, 'alpha.test');
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  operator = client(p.app, 'localhost', tokenFor('operator'));
  for (let i = 0; i < 4; i++) {
    const created = await admin('POST', '/admin/products', {
      name: `Cursor ${i}`,
      price: { amount: 100 * (i + 1), currency: 'EUR' },
      sku: `CUR-${i}`,
      status: 'active',
    });
    createdAt[created.body.id] = created.body.createdAt;
  }
  [productId, otherProductId] = Object.keys(createdAt) as [string, string];
  for (const delta of [1, 2, 3]) await admin('POST', `/admin/products/${productId}/inventory/adjustments`, { delta, reason: 'restock' });
  await client(p.app, 'beta.test', tokenFor('admin', 'beta'))('POST', '/admin/products', {
    name: 'Beta',
    price: { amount: 100, currency: 'EUR' },
    sku: 'B-1',
    status: 'active',
  });
});

/** Hand-edited cursors as the attacker sent them, for each listing's own key names. */
function hostile(listing: { pk: string; sk: string; pkValue: string; skValue: string }) {
  const product = { PK: `TENANT#alpha#PRODUCT#${productId}`, SK: '#PRODUCT' };
  const valid = { ...product, [listing.pk]: listing.pkValue, [listing.sk]: listing.skValue };
  return {
    'an extra attribute': { ...valid, extra: 'x' },
    'a missing sort key': { ...valid, [listing.sk]: undefined },
    'only the partition key': { [listing.pk]: listing.pkValue },
    'a __proto__ key': JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(valid).slice(1)}`.replace('}, }', '}}')),
    'a __proto__ key, raw': `{"__proto__":{"PK":"x"},${JSON.stringify(valid).slice(1)}`,
    'the product item (for a history listing)': product,
    'a number for the sort key': { ...valid, [listing.sk]: 5 },
    'another store': { ...valid, [listing.pk]: listing.pkValue.replace('alpha', 'beta') },
  };
}

describe('hand-edited cursors are a 400, never a 500', () => {
  const cases = () => [
    {
      name: 'anonymous GET /products',
      call: (c: string) => visitor('GET', `/products?cursor=${c}`),
      shape: { pk: 'GSI2PK', sk: 'GSI2SK', pkValue: 'TENANT#alpha#ACTIVE', skValue: `${createdAt[productId]}#${productId}` },
    },
    {
      name: 'anonymous GET /products?sort=price-asc',
      call: (c: string) => visitor('GET', `/products?sort=price-asc&cursor=${c}`),
      shape: { pk: 'GSI3PK', sk: 'GSI3SK', pkValue: 'TENANT#alpha#ACTIVE', skValue: `0000000000100#${productId}` },
    },
    {
      name: 'staff GET /admin/products',
      call: (c: string) => admin('GET', `/admin/products?cursor=${c}`),
      shape: { pk: 'GSI1PK', sk: 'GSI1SK', pkValue: 'TENANT#alpha#PRODUCTS', skValue: `${createdAt[productId]}#${productId}` },
    },
    {
      name: 'staff GET /admin/users',
      call: (c: string) => admin('GET', `/admin/users?cursor=${c}`),
      shape: { pk: 'GSI1PK', sk: 'GSI1SK', pkValue: 'TENANT#alpha#USERS', skValue: 'admin@alpha.test#admin-alpha' },
    },
    {
      name: 'inventory history',
      call: (c: string) => admin('GET', `/admin/products/${productId}/inventory/history?cursor=${c}`),
      shape: { pk: 'PK', sk: 'SK', pkValue: `TENANT#alpha#PRODUCT#${productId}`, skValue: 'INV#2026-01-01T00:00:00.000Z#e' },
    },
    {
      name: 'operator GET /platform/tenants',
      call: (c: string) => operator('GET', `/platform/tenants?cursor=${c}`),
      shape: { pk: 'GSI1PK', sk: 'GSI1SK', pkValue: 'PLATFORM#TENANTS', skValue: 'alpha' },
    },
  ];

  it('for every listing and every kind of edit', async () => {
    for (const { name, call, shape } of cases()) {
      for (const [edit, key] of Object.entries(hostile(shape))) {
        const response = await call(oldStyle(key));
        expect(response.status, `${name}: ${edit} → ${JSON.stringify(response.body)}`).toBe(400);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
      }
      // The layout the old cursors exposed, verbatim, is refused too: the key shape is not the secret.
      expect(
        (await call(oldStyle({ ...{ PK: `TENANT#alpha#PRODUCT#${productId}`, SK: '#PRODUCT' }, [shape.pk]: shape.pkValue, [shape.sk]: shape.skValue }))).status,
        name,
      ).toBe(400);
    }
  });

  it('a cursor reveals neither the store nor the key layout, and still pages', async () => {
    const first = await visitor('GET', '/products?limit=1');
    const cursor = first.body.nextCursor as string;
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toMatch(/TENANT|alpha|PRODUCT|GSI/);
    const second = await visitor('GET', `/products?limit=1&cursor=${cursor}`);
    expect(second.status).toBe(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it("a cursor of store A used at store B, or of one product's history at another's, is a 400", async () => {
    const page = await visitor('GET', '/products?limit=1');
    expect((await client(p.app, 'beta.test')('GET', `/products?limit=1&cursor=${page.body.nextCursor}`)).status).toBe(400);
    const history = await admin('GET', `/admin/products/${productId}/inventory/history?limit=1`);
    expect(history.body.nextCursor).toEqual(expect.any(String));
    expect((await admin('GET', `/admin/products/${productId}/inventory/history?limit=1&cursor=${history.body.nextCursor}`)).status).toBe(200);
    expect((await admin('GET', `/admin/products/${otherProductId}/inventory/history?limit=1&cursor=${history.body.nextCursor}`)).status).toBe(400);
    // A listing's cursor at another listing of the same store.
    expect((await admin('GET', `/admin/products?limit=1&cursor=${history.body.nextCursor}`)).status).toBe(400);
  });

  it('a cursor for one sort or price range is refused by another', async () => {
    const byPrice = await visitor('GET', '/products?sort=price-asc&limit=1');
    expect((await visitor('GET', `/products?sort=name&cursor=${byPrice.body.nextCursor}`)).status).toBe(400);
    expect((await visitor('GET', `/products?sort=price-desc&cursor=${byPrice.body.nextCursor}`)).status).toBe(400);
    // Past the range's key condition DynamoDB itself would refuse the start key.
    expect((await visitor('GET', `/products?sort=price-asc&minPrice=300&cursor=${byPrice.body.nextCursor}`)).status).toBe(400);
    expect((await visitor('GET', `/products?sort=price-asc&limit=1&cursor=${byPrice.body.nextCursor}`)).status).toBe(200);
  });

  it('random mutations of a valid cursor never give a 500 (property)', async () => {
    const page = await visitor('GET', '/products?limit=1');
    const valid = page.body.nextCursor as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('append' as const), text: fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: 8 }) }),
      fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), char: fc.constantFrom(...alphabet, '%2F', '%00', '.', '~') }),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        let mutated: string;
        if (m.kind === 'flip') {
          const raw = Buffer.from(valid, 'base64url');
          raw[m.at % raw.length]! ^= 1 << m.bit;
          mutated = raw.toString('base64url');
        } else if (m.kind === 'cut') mutated = valid.slice(0, m.at % valid.length);
        else if (m.kind === 'append') mutated = valid + m.text;
        else {
          const at = m.at % valid.length;
          mutated = valid.slice(0, at) + m.char + valid.slice(at + 1);
        }
        const response = await visitor('GET', `/products?limit=1&cursor=${mutated}`);
        expect(response.status).toBeLessThan(500);
        // Base64url has slack in its last character: a mutation that decodes to the same bytes is the same cursor.
        if (Buffer.from(mutated, 'base64url').equals(Buffer.from(valid, 'base64url')) && /^[A-Za-z0-9_-]*$/.test(mutated)) return;
        expect([400, 422]).toContain(response.status);
      }),
      { numRuns: 150, seed: 10 },
    );
  }, 60_000);
});
