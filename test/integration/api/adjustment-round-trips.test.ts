import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { readAheadOf } from '../../../src/shared/read-ahead';
import { tenantContext } from '../../../src/tenants/tenant';
import { tokenFor, userIdFor } from '../../support/fake-verifier';
import { recordDynamoCalls } from '../../support/dynamo-calls';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

/**
 * A stock change is one BatchGetItem (the caller's re-check with the product read ahead) and the
 * transaction (issue 12 item 3); the outbox clean-up after publishing is the only other call until
 * events move to the table's stream.
 */
let p: TestPlatform;
let dynamo: ReturnType<typeof recordDynamoCalls>;
let admin: ReturnType<typeof client>;
let clerk: ReturnType<typeof client>;
const alpha = tenantContext({ id: 'alpha', name: 'Alpha Store', tier: 'basic', status: 'active' });

const newProduct = async (sku: string, stock: number) =>
  (await admin('POST', '/admin/products', { name: sku, price: { amount: 100, currency: 'EUR' }, sku, status: 'active', stock })).body.id as string;
const stockOf = async (id: string) => (await admin('GET', `/admin/products/${id}`)).body.stock as number;
const mentions = (input: unknown, text: string) => JSON.stringify(input).includes(text);
const withoutOutboxCleanUp = (counts: Record<string, number>, changes = 1) => {
  // Publishing deletes what the bus accepted (BatchWriteItem) until the stream publishes instead.
  const { BatchWriteItem = 0, ...rest } = counts;
  expect(BatchWriteItem).toBeLessThanOrEqual(changes);
  return rest;
};

beforeAll(async () => {
  p = await testPlatform();
  dynamo = recordDynamoCalls(p.table.client);
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  clerk = client(p.app, 'alpha.test', tokenFor('clerk', 'alpha'));
  // The fake tokens record their sessions on first use, as a sign-in would have: not counted below.
  await clerk('GET', '/admin/products');
  await admin('GET', '/admin/products');
});

describe('a stock change in two round trips', () => {
  it('POST …/adjustments: one BatchGetItem holding the user, the session link and the product, then the transaction; no GetItem', async () => {
    const id = await newProduct('RT-1', 10);
    dynamo.reset();
    const answer = await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -3, reason: 'sale' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ previous: 10, current: 7 });
    expect(withoutOutboxCleanUp(dynamo.counts())).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
    const [read] = dynamo.calls;
    expect(read!.command).toBe('BatchGetItem');
    expect(mentions(read!.input, `TENANT#alpha#PRODUCT#${id}`)).toBe(true);
    expect(mentions(read!.input, `TENANT#alpha#USER#${userIdFor('clerk', 'alpha')}`)).toBe(true);
    expect(mentions(read!.input, 'ConsistentRead')).toBe(true);
    expect(await stockOf(id)).toBe(7);
  });

  it('POST …/variants/:variantId/inventory/adjustments: the same two for one variant of a product with several', async () => {
    const created = await admin('POST', '/admin/products', {
      name: 'Round trips in sizes',
      options: [{ name: 'Size', values: ['S', 'M'] }],
      variants: [
        { sku: 'RT-V-S', optionValues: ['S'], price: { amount: 100, currency: 'EUR' }, stock: 10 },
        { sku: 'RT-V-M', optionValues: ['M'], price: { amount: 100, currency: 'EUR' }, stock: 10 },
      ],
    });
    const variantId = created.body.variants[1].id as string;
    dynamo.reset();
    const answer = await clerk('POST', `/admin/products/${created.body.id}/variants/${variantId}/inventory/adjustments`, { delta: -4, reason: 'sale' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ variantId, previous: 10, current: 6 });
    expect(withoutOutboxCleanUp(dynamo.counts())).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
  });

  it('PUT …/inventory: the same two', async () => {
    const id = await newProduct('RT-2', 10);
    dynamo.reset();
    const answer = await clerk('PUT', `/admin/products/${id}/inventory`, { stock: 4, reason: 'correction' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ previous: 10, current: 4 });
    expect(withoutOutboxCleanUp(dynamo.counts())).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
  });

  it('GET …/history: the product check rides on the same read, then the Query', async () => {
    const id = await newProduct('RT-H', 2);
    dynamo.reset();
    const answer = await clerk('GET', `/admin/products/${id}/inventory/history`);
    expect(answer.status).toBe(200);
    expect(answer.body.items).toHaveLength(1);
    expect(dynamo.counts()).toEqual({ BatchGetItem: 1, Query: 1 });
    dynamo.reset();
    expect((await clerk('GET', '/admin/products/no-such-product/inventory/history')).status).toBe(404);
    expect(dynamo.counts()).toEqual({ BatchGetItem: 1 });
  });

  it('a product that does not exist, or is another store’s, is a 404 from the same one read, with nothing written', async () => {
    const betaId = (
      await client(p.app, 'beta.test', tokenFor('admin', 'beta'))('POST', '/admin/products', {
        name: 'B',
        price: { amount: 1, currency: 'EUR' },
        sku: 'RT-B',
        stock: 5,
      })
    ).body.id as string;
    for (const id of ['no-such-product', betaId]) {
      dynamo.reset();
      const answer = await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 1, reason: 'restock' });
      expect(answer.status).toBe(404);
      expect(dynamo.counts()).toEqual({ BatchGetItem: 1 });
    }
  });

  it('reads ahead only id-shaped ids, under the caller’s store; a malformed id is a 404 without asking for it', async () => {
    dynamo.reset();
    const answer = await clerk('POST', '/admin/products/bad%23id/inventory/adjustments', { delta: 1, reason: 'restock' });
    expect(answer.status).toBe(404);
    expect(dynamo.counts()).toEqual({ BatchGetItem: 1 });
    expect(mentions(dynamo.calls[0]!.input, 'PRODUCT#')).toBe(false);
  });

  it('the role that counts is the re-checked one: a customer token is refused after the read, with nothing written', async () => {
    const id = await newProduct('RT-3', 10);
    const customer = client(p.app, 'alpha.test', tokenFor('customer', 'alpha'));
    await customer('GET', '/store');
    dynamo.reset();
    expect((await customer('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -1, reason: 'sale' })).status).toBe(403);
    expect(dynamo.counts()).toEqual({ BatchGetItem: 1 });
    expect(await stockOf(id)).toBe(10);
  });

  it('a demoted clerk is refused with the new role, a removed user and a signed-out session with 401, none writing', async () => {
    const id = await newProduct('RT-4', 10);
    const at = new Date().toISOString();
    // The token keeps saying clerk; the store's record is what changes.
    const clerkRecord = (await p.directory.get(alpha, userIdFor('clerk', 'alpha')))!;
    const session = client(p.app, 'alpha.test', tokenFor('clerk', 'alpha', 'rt-demote'));
    expect((await session('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -1, reason: 'sale' })).status).toBe(201);
    await p.directory.setRole(alpha, clerkRecord, 'customer', at);
    try {
      expect((await session('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -1, reason: 'sale' })).status).toBe(403);
    } finally {
      await p.directory.setRole(alpha, { ...clerkRecord, role: 'customer' }, 'clerk', at);
    }
    await p.directory.remove(alpha, clerkRecord);
    try {
      expect((await session('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -1, reason: 'sale' })).status).toBe(401);
    } finally {
      await p.directory.create(alpha, clerkRecord);
    }
    const signedOut = client(p.app, 'alpha.test', tokenFor('clerk', 'alpha', 'rt-out'));
    expect((await signedOut('POST', '/auth/logout', {})).status).toBeLessThan(300);
    expect((await signedOut('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -1, reason: 'sale' })).status).toBe(401);
    expect(await stockOf(id)).toBe(9);
  });

  it('a copy read ahead that a write outran is used once: the lost race re-reads with a GetItem and the change lands on the fresh stock', async () => {
    const id = await newProduct('RT-5', 10);
    const { Item } = await p.table.client.send(
      new GetCommand({ TableName: p.table.tableName, Key: { PK: `TENANT#alpha#PRODUCT#${id}`, SK: '#PRODUCT' }, ConsistentRead: true }),
    );
    expect((await clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: 5, reason: 'restock' })).status).toBe(201);
    const stale = readAheadOf('alpha', [{ key: { kind: 'product', id }, item: Item }]);
    dynamo.reset();
    const entry = await p.inventory.adjust(alpha, 'alpha:clerk@example.com', id, undefined, { delta: -2, reason: 'sale' }, stale);
    expect(entry).toMatchObject({ previous: 15, current: 13 });
    expect(withoutOutboxCleanUp(dynamo.counts())).toEqual({ GetItem: 1, TransactWriteItems: 2 });
    expect(await stockOf(id)).toBe(13);
  });

  it('changes queued behind another in this process do not trust their copy read before it: no transaction is spent on a sure loss', async () => {
    const id = await newProduct('RT-6', 10);
    // Each transaction takes a while, so the later requests' re-checks are done while the first holds the product's lock.
    p.table.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') await new Promise((resolve) => setTimeout(resolve, 150));
        return next(args);
      },
      { step: 'initialize', name: 'slowTransactions' },
    );
    dynamo.reset();
    try {
      const answers = await Promise.all([1, 2, 3].map(() => clerk('POST', `/admin/products/${id}/inventory/adjustments`, { delta: -1, reason: 'sale' })));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    } finally {
      p.table.client.middlewareStack.remove('slowTransactions');
    }
    // The first uses its copy; the two queued behind it read afresh once it is done.
    expect(withoutOutboxCleanUp(dynamo.counts(), 3)).toEqual({ BatchGetItem: 3, GetItem: 2, TransactWriteItems: 3 });
    expect(await stockOf(id)).toBe(7);
  });
});
