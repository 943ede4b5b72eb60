import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedClientProvider } from '../../../src/adapters/dynamodb/client';
import { createCursorCodec, newCursorKey } from '../../../src/adapters/dynamodb/cursor';
import { createDynamoIdempotencyStore } from '../../../src/adapters/dynamodb/idempotency-store';
import { idempotencyKeys } from '../../../src/adapters/dynamodb/keys';
import { createDynamoProductRepository } from '../../../src/adapters/dynamodb/product-repository';
import { StaleWriteError } from '../../../src/catalog/repository';
import { IDEMPOTENT_ROUTES, jsonAnswer } from '../../../src/http/idempotency';
import { initialEntry } from '../../../src/inventory/inventory';
import { ConflictError } from '../../../src/shared/errors';
import { IdempotencyInFlightError, type IdempotencyClaim } from '../../../src/shared/idempotency';
import { createPlatform } from '../../../src/platform';
import { tenantContext } from '../../../src/tenants/tenant';
import { scanAll } from '../../support/dynamo';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

/**
 * Idempotent writes through the API (docs/architecture.md, "Idempotent writes"): a retry with the
 * same Idempotency-Key is answered from the record, never applied again.
 */
let p: TestPlatform;
let admin: ReturnType<typeof client>;
let clerk: ReturnType<typeof client>;
let betaAdmin: ReturnType<typeof client>;
let operator: ReturnType<typeof client>;

const key = (k: string) => ({ 'idempotency-key': k });
const records = async () => (await scanAll(p.table.tableName)).filter((i) => i.type === 'idempotency');
const newProduct = async (sku: string, stock: number) =>
  (await admin('POST', '/admin/products', { name: sku, price: { amount: 100, currency: 'EUR' }, sku, status: 'active', stock })).body.id as string;
const stockOf = async (id: string) => (await admin('GET', `/admin/products/${id}`)).body.stock as number;
const historyOf = async (id: string) => (await admin('GET', `/admin/products/${id}/inventory/history`)).body.items as { delta: number; reason: string }[];

beforeAll(async () => {
  p = await testPlatform();
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  clerk = client(p.app, 'alpha.test', tokenFor('clerk', 'alpha'));
  betaAdmin = client(p.app, 'beta.test', tokenFor('admin', 'beta'));
  operator = client(p.app, 'platform.test', tokenFor('operator'));
});

describe('stock adjustments', () => {
  it('a retry with the same key applies the change once and replays the first answer', async () => {
    const id = await newProduct('IDEM-ADJ', 10);
    const first = await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -3, reason: 'sale' }, key('adj-1'));
    const retry = await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -3, reason: 'sale' }, key('adj-1'));
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(retry.body).toEqual(first.body);
    expect(await stockOf(id)).toBe(7);
    expect((await historyOf(id)).map((e) => e.delta)).toEqual([-3, 10]);
    await p.streams.drain();
    expect(p.bus.delivered.filter((e) => e.detailType === 'InventoryChanged' && e.detail.productId === id)).toHaveLength(1);
  });

  it('the same key with another body, or on another path, is a 422 and changes nothing', async () => {
    const id = await newProduct('IDEM-MISMATCH', 10);
    const other = await newProduct('IDEM-MISMATCH-2', 10);
    expect((await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 1, reason: 'restock' }, key('adj-2'))).status).toBe(201);
    const otherBody = await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 2, reason: 'restock' }, key('adj-2'));
    expect(otherBody.status).toBe(422);
    expect(otherBody.body).toMatchObject({ type: '/problems/idempotency-key-reused', status: 422 });
    const otherPath = await clerk('POST', `/admin/products/${other}/inventory/adjustments`, { delta: 1, reason: 'restock' }, key('adj-2'));
    expect(otherPath.status).toBe(422);
    expect(await stockOf(id)).toBe(11);
    expect(await stockOf(other)).toBe(10);
  });

  it('the body is compared canonically: the same fields in another order are the same request', async () => {
    const id = await newProduct('IDEM-ORDER', 10);
    expect((await clerk('POST', `/admin/products/${id}/inventory/adjustments`, '{"delta":1,"reason":"restock"}', key('adj-order'))).status).toBe(201);
    const retry = await clerk('POST', `/admin/products/${id}/inventory/adjustments`, '{ "reason": "restock", "delta": 1 }', key('adj-order'));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await stockOf(id)).toBe(11);
  });

  it('concurrent identical requests apply once; the others are a 409 with Retry-After or a replay', async () => {
    const id = await newProduct('IDEM-RACE', 100);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -1, reason: 'sale' }, key('adj-race'))),
    );
    const applied = answers.filter((a) => a.status === 201 && a.headers.get('idempotent-replayed') === null);
    expect(applied).toHaveLength(1);
    for (const other of answers.filter((a) => a !== applied[0])) {
      if (other.status === 409) {
        expect(other.body).toMatchObject({ type: '/problems/idempotency-in-flight' });
        expect(Number(other.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      } else {
        expect(other.status).toBe(201);
        expect(other.headers.get('idempotent-replayed')).toBe('true');
        expect(other.body).toEqual(applied[0]!.body);
      }
    }
    expect(await stockOf(id)).toBe(99);
    expect((await historyOf(id)).filter((e) => e.reason === 'sale')).toHaveLength(1);
  });

  it('a 4xx answer is stored and replayed: a refused adjustment stays refused for its key', async () => {
    const id = await newProduct('IDEM-4XX', 1);
    const refused = await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -5, reason: 'sale' }, key('adj-4xx'));
    expect(refused.status).toBe(409);
    expect(refused.headers.get('retry-after')).toBeNull();
    await admin('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 10, reason: 'restock' });
    const retry = await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -5, reason: 'sale' }, key('adj-4xx'));
    expect(retry.status).toBe(409);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.headers.get('content-type')).toBe('application/problem+json');
    expect(retry.body).toEqual(refused.body);
    expect(await stockOf(id)).toBe(11);
  });

  it('keys are per caller and per store: another caller’s or another store’s same key is its own request', async () => {
    const id = await newProduct('IDEM-CALLER', 10);
    const body = { delta: 1, reason: 'restock' };
    expect((await clerk('POST', `/admin/products/${id}/inventory/adjustments`, body, key('shared-key'))).headers.get('idempotent-replayed')).toBeNull();
    const byAdmin = await admin('POST', `/admin/products/${id}/inventory/adjustments`, body, key('shared-key'));
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.headers.get('idempotent-replayed')).toBeNull();
    expect(await stockOf(id)).toBe(12);
    // Another store's admin with the very same key and a create: applied in beta, no 422 from alpha's record.
    const inBeta = await betaAdmin('POST', '/admin/products', { name: 'Beta', sku: 'IDEM-CALLER', price: { amount: 1, currency: 'EUR' } }, key('shared-key'));
    expect(inBeta.status).toBe(201);
    expect(inBeta.headers.get('idempotent-replayed')).toBeNull();
    const keysOf = (await records()).map((r) => String(r.PK)).filter((pk) => pk.endsWith('#shared-key'));
    expect(keysOf.sort()).toEqual([
      'TENANT#alpha#IDEMPOTENCY#admin-alpha#shared-key',
      'TENANT#alpha#IDEMPOTENCY#clerk-alpha#shared-key',
      'TENANT#beta#IDEMPOTENCY#admin-beta#shared-key',
    ]);
  });
});

describe('product create', () => {
  it('a retry creates one product and replays the first answer, Location included', async () => {
    const body = { name: 'Once', sku: 'IDEM-CREATE', price: { amount: 500, currency: 'EUR' }, stock: 3 };
    const first = await admin('POST', '/admin/products', body, key('create-1'));
    const retry = await admin('POST', '/admin/products', body, key('create-1'));
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.headers.get('location')).toBe(`/admin/products/${first.body.id}`);
    expect(retry.body).toEqual(first.body);
    const products = (await scanAll(p.table.tableName)).filter(
      (i) => i.type === 'product' && (i.variants as { sku: string }[]).some((variant) => variant.sku === 'IDEM-CREATE'),
    );
    expect(products).toHaveLength(1);
    // Without the key the same body is a second request: the SKU clash it has always been.
    expect((await admin('POST', '/admin/products', body)).status).toBe(409);
  });

  it('the record is written by the product’s own transaction: completed, with the answer, expiring in a day', async () => {
    const before = Date.now() / 1000;
    const created = await admin('POST', '/admin/products', { name: 'Rec', sku: 'IDEM-REC', price: { amount: 1, currency: 'EUR' } }, key('create-rec'));
    const [record] = (await records()).filter((r) => r.PK === 'TENANT#alpha#IDEMPOTENCY#admin-alpha#create-rec');
    expect(record).toMatchObject({
      SK: '#IDEMPOTENCY',
      state: 'completed',
      answer: { status: 201, headers: { location: `/admin/products/${created.body.id}` } },
    });
    expect(JSON.parse((record!.answer as { body: string }).body)).toEqual(created.body);
    expect(record!.expiresAt).toBeGreaterThanOrEqual(before + 24 * 3600 - 1);
    expect(record!.expiresAt).toBeLessThanOrEqual(before + 24 * 3600 + 5);
  });
});

describe('routes outside one transaction', () => {
  it('creating a user twice with one key makes one account and replays its answer', async () => {
    const body = { email: 'idem-user@alpha.test', name: 'Idem', role: 'clerk' };
    const first = await admin('POST', '/admin/users', body, key('user-1'));
    const retry = await admin('POST', '/admin/users', body, key('user-1'));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect((await scanAll(p.table.tableName)).filter((i) => i.type === 'user' && i.email === body.email)).toHaveLength(1);
  });

  it('operators’ records live under PLATFORM#: suspending with a key is replayed, not repeated', async () => {
    const first = await operator('POST', '/platform/tenants/gamma/suspend', undefined, key('op-1'));
    const retry = await operator('POST', '/platform/tenants/gamma/suspend', undefined, key('op-1'));
    expect(first.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect((await records()).map((r) => r.PK)).toContain('PLATFORM#IDEMPOTENCY#operator-platform#op-1');
    expect((await operator('POST', '/platform/tenants/gamma/resume')).status).toBe(200);
  });
});

describe('the header', () => {
  const BAD = ['', 'x'.repeat(256), 'caf\u00e9'];

  it('a key that is not 1–255 printable ASCII characters is a 400 on every idempotent route, writing nothing', async () => {
    const id = await newProduct('IDEM-BAD', 5);
    // A customer's own routes (`/me/…`) admit customers only; their token's first use records its session, before the scan.
    const customer = client(p.app, 'alpha.test', tokenFor('customer', 'alpha'));
    expect((await customer('GET', '/me/orders')).status).toBe(200);
    const before = await scanAll(p.table.tableName);
    for (const route of IDEMPOTENT_ROUTES) {
      const [method, template] = route.split(' ') as [string, string];
      const path = template.replace(':id', id).replace(':variantId', 'any-variant').replace(':slug', 'alpha');
      // The platform's routes on its host (operators; the sign-up is anonymous, an operator's token changes nothing).
      const caller = path.startsWith('/platform/') || path.startsWith('/signup') ? operator : path.startsWith('/me/') ? customer : admin;
      for (const bad of BAD) {
        const answer = await caller(method, path, {}, key(bad));
        expect(answer.status, `${route} with ${JSON.stringify(bad)}`).toBe(400);
        expect(answer.body).toMatchObject({ type: '/problems/bad-request', detail: expect.stringContaining('Idempotency-Key') });
      }
    }
    expect(await scanAll(p.table.tableName)).toEqual(before);
  });

  it('accepts 255 characters, spaces and punctuation', async () => {
    const id = await newProduct('IDEM-LONG', 5);
    const long = `${'k#~ '.repeat(63)}end`;
    expect(long).toHaveLength(255);
    expect((await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 1, reason: 'restock' }, key(long))).status).toBe(201);
    expect(
      (await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 1, reason: 'restock' }, key(long))).headers.get('idempotent-replayed'),
    ).toBe('true');
    expect(await stockOf(id)).toBe(6);
  });

  it('without a key nothing changes: each request applies, no record is written', async () => {
    const id = await newProduct('IDEM-NONE', 5);
    const before = (await records()).length;
    for (let i = 0; i < 2; i++) expect((await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 1, reason: 'restock' })).status).toBe(201);
    expect(await stockOf(id)).toBe(7);
    expect((await records()).length).toBe(before);
  });

  it('a caller the guard refuses writes no record', async () => {
    const id = await newProduct('IDEM-GUARD', 5);
    const before = (await records()).length;
    const customer = client(p.app, 'alpha.test', tokenFor('customer', 'alpha'));
    expect((await customer('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 1, reason: 'restock' }, key('guarded'))).status).toBe(403);
    expect((await records()).length).toBe(before);
  });
});

describe('a 500 is never stored', () => {
  it('an unexpected failure releases the claim; the retry with the same key is applied', async () => {
    // Prepare: a second process on the same data whose media store fails once with a bug of ours (a 500, no Retry-After).
    let failures = 1;
    const media = p.options.media;
    const failing = createPlatform({
      ...p.options,
      media: {
        ...media,
        presignUpload: async (...args: Parameters<typeof media.presignUpload>) => {
          if (failures-- > 0) throw new Error('bug');
          return media.presignUpload(...args);
        },
      },
    });
    const id = await newProduct('IDEM-500', 1);
    const upload = client(failing.app, 'alpha.test', tokenFor('admin', 'alpha'));
    const body = { contentType: 'image/png', size: 10 };
    // Act
    const broken = await upload('POST', `/admin/products/${id}/images/uploads`, body, key('upload-500'));
    const retry = await upload('POST', `/admin/products/${id}/images/uploads`, body, key('upload-500'));
    const again = await upload('POST', `/admin/products/${id}/images/uploads`, body, key('upload-500'));
    // Assess
    expect(broken.status).toBe(500);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    // The same presigned ticket (its key), not a second one.
    expect(again.body).toEqual(retry.body);
  });
});

describe('the record and the effect commit together', () => {
  const tenant = tenantContext({ id: 'alpha', name: 'Alpha Store', tier: 'basic', status: 'active' });
  const repo = () =>
    createDynamoProductRepository({ clients: sharedClientProvider(p.table.client), tableName: p.table.tableName, cursors: createCursorCodec(newCursorKey()) });
  const store = () =>
    createDynamoIdempotencyStore({ tableName: p.table.tableName, platformClient: p.table.client, clients: sharedClientProvider(p.table.client) });
  const recordOf = async (claim: IdempotencyClaim) =>
    (
      await p.table.client.send(
        new GetCommand({ TableName: p.table.tableName, Key: idempotencyKeys(claim.space).record(claim.caller, claim.key), ConsistentRead: true }),
      )
    ).Item;
  const claimed = async (k: string) => {
    const outcome = await store().claim(tenant, 'tx-caller', k, 'fingerprint');
    if (outcome.kind !== 'claimed') throw new Error(outcome.kind);
    return outcome.claim;
  };
  const stockChange = async (id: string) => {
    const previous = (await repo().get(tenant, id))!;
    const at = new Date().toISOString();
    const variantId = previous.variants[0]!.id;
    const was = previous.stock[variantId]!.onHand;
    const next = { variantId, stock: { onHand: was + 1, reserved: 0 }, available: true };
    const entry = {
      eventId: crypto.randomUUID(),
      productId: id,
      variantId,
      previous: was,
      current: was + 1,
      delta: 1,
      reason: 'restock',
      actor: 'test',
      occurredAt: at,
    };
    return { previous, next, entry };
  };

  it('a stock change that fails its own condition leaves the claim in flight, never completed', async () => {
    const id = await newProduct('IDEM-TX-STALE', 5);
    const claim = await claimed('tx-stale');
    const { previous, next, entry } = await stockChange(id);
    const stale = { ...previous, stock: { [next.variantId]: { onHand: 4, reserved: 0 } } };
    await expect(repo().recordStockChange(tenant, stale, next, entry, [], { claim, answer: jsonAnswer(201, entry) })).rejects.toBeInstanceOf(StaleWriteError);
    expect(await recordOf(claim)).toMatchObject({ state: 'in-flight' });
    expect((await recordOf(claim))!.answer).toBeUndefined();
    expect(await stockOf(id)).toBe(5);
    // The same call with what is really stored commits both.
    await repo().recordStockChange(tenant, previous, next, entry, [], { claim, answer: jsonAnswer(201, entry) });
    expect(await recordOf(claim)).toMatchObject({ state: 'completed', answer: { status: 201, body: JSON.stringify(entry) } });
    expect(await stockOf(id)).toBe(6);
  });

  it('a create refused for its SKU completes no record', async () => {
    await newProduct('IDEM-TX-SKU', 1);
    const claim = await claimed('tx-sku');
    const at = new Date().toISOString();
    const variant = {
      id: crypto.randomUUID(),
      sku: 'IDEM-TX-SKU',
      optionValues: [],
      price: 1,
      compareAtPrice: null,
      lowStockThreshold: null,
      weightGrams: null,
      barcode: null,
      imageIds: [],
      active: true,
    };
    const product = {
      id: crypto.randomUUID(),
      handle: `dup-${crypto.randomUUID().slice(0, 8)}`,
      name: 'Dup',
      description: '',
      status: 'draft' as const,
      tags: [],
      images: [],
      options: [],
      variants: [variant],
      stock: { [variant.id]: { onHand: 0, reserved: 0 } },
      listedPrice: 1,
      listedCompareAt: null,
      available: false,
      variantCount: 1,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    const initial = [initialEntry({ productId: product.id, variantId: variant.id, stock: 0, actor: 'test', occurredAt: at, eventId: crypto.randomUUID() })];
    await expect(repo().create(tenant, product, initial, [], { claim, answer: jsonAnswer(201, product) })).rejects.toBeInstanceOf(ConflictError);
    expect(await recordOf(claim)).toMatchObject({ state: 'in-flight' });
    expect(await repo().get(tenant, product.id)).toBeUndefined();
  });

  it('a claim taken over by another request cancels the effect: 409, nothing written', async () => {
    const id = await newProduct('IDEM-TX-LOST', 5);
    const claim = await claimed('tx-lost');
    const { previous, next, entry } = await stockChange(id);
    const stolen = { ...claim, owner: 'someone-else' };
    await expect(repo().recordStockChange(tenant, previous, next, entry, [], { claim: stolen, answer: jsonAnswer(201, entry) })).rejects.toBeInstanceOf(
      IdempotencyInFlightError,
    );
    expect(await stockOf(id)).toBe(5);
    expect(await recordOf(claim)).toMatchObject({ state: 'in-flight', owner: claim.owner });
  });
});
