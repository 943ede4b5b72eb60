import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient, sharedClientProvider } from '../../../src/adapters/dynamodb/client';
import { createCursorCodec, newCursorKey } from '../../../src/adapters/dynamodb/cursor';
import { tenantListings } from '../../../src/adapters/dynamodb/keys';
import { createDynamoProductRepository } from '../../../src/adapters/dynamodb/product-repository';
import type { Product } from '../../../src/catalog/product';
import { HandleTakenError, StaleWriteError } from '../../../src/catalog/repository';
import { domainEvent } from '../../../src/events/event';
import { initialEntry } from '../../../src/inventory/inventory';
import { BadRequestError, ConflictError } from '../../../src/shared/errors';
import { tenantContext } from '../../../src/tenants/tenant';

const ddb = mockClient(DynamoDBDocumentClient);
const cursors = createCursorCodec(newCursorKey());
const repo = createDynamoProductRepository({
  clients: sharedClientProvider(createDocumentClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1' })),
  tableName: 'catalog-test',
  cursors,
});
const acme = tenantContext({ id: 'acme', name: 'Acme', tier: 'basic', status: 'active' });

const product: Product = {
  id: 'p-1',
  handle: 'shoe',
  name: 'Shoe',
  description: '',
  status: 'active',
  tags: [],
  images: [],
  options: [],
  variants: [
    {
      id: 'v-1',
      sku: 'SH-1',
      optionValues: [],
      price: 1000,
      compareAtPrice: null,
      lowStockThreshold: 2,
      weightGrams: null,
      barcode: null,
      imageIds: [],
      active: true,
    },
  ],
  stock: { 'v-1': { onHand: 5, reserved: 0 } },
  listedPrice: 1000,
  listedCompareAt: null,
  available: true,
  variantCount: 1,
  createdAt: '2026-11-24T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
  version: 1,
};
const meta = { tenantId: 'acme', actor: 'tester', occurredAt: '2026-11-24T10:00:01.000Z' };

const initialOf = (p: Product) => [initialEntry({ productId: p.id, variantId: 'v-1', stock: 5, actor: 'tester', occurredAt: p.createdAt, eventId: 'e-1' })];

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

/** Every key attribute in every command must belong to the tenant. */
function allKeysOf(input: unknown): string[] {
  const found: string[] = [];
  JSON.stringify(input, (key, value) => {
    if (['PK', 'GSI1PK', 'GSI2PK', ':pk'].includes(key) && typeof value === 'string') found.push(value);
    return value;
  });
  return found;
}

describe('DynamoDB product repository (commands sent)', () => {
  beforeEach(() => ddb.reset());

  it('creates product, handle claim, SKU claims, initial stock entries and outbox record in one conditional transaction under the tenant prefix', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const event = domainEvent('catalog.products', 'ProductCreated', meta, { productId: 'p-1' });
    const initial = [
      initialEntry({ productId: 'p-1', variantId: 'v-1', stock: 5, actor: 'tester', occurredAt: product.createdAt, eventId: event.detail.eventId }),
    ];

    await repo.create(acme, product, initial, [event]);

    const [call] = ddb.commandCalls(TransactWriteCommand);
    const items = call!.args[0].input.TransactItems!;
    // The last: the store's product count against its plan (src/adapters/dynamodb/plan-counters.ts).
    expect(items).toHaveLength(6);
    expect(items[5]!.Update).toMatchObject({ Key: { PK: 'TENANT#acme#USAGE#TOTALS', SK: '#TOTALS' }, UpdateExpression: 'ADD #n :by SET #type = :type' });
    expect(items[0]!.Put).toMatchObject({
      TableName: 'catalog-test',
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: {
        PK: 'TENANT#acme#PRODUCT#p-1',
        SK: '#PRODUCT',
        GSI1PK: 'TENANT#acme#PRODUCTS',
        GSI2PK: 'TENANT#acme#ACTIVE',
        GSI3SK: '0000000001000#p-1',
        stock: { 'v-1': { onHand: 5, reserved: 0 } },
      },
    });
    expect(items[1]!.Put).toMatchObject({
      Item: { PK: 'TENANT#acme#HANDLE#shoe', SK: '#HANDLE', productId: 'p-1' },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(items[2]!.Put).toMatchObject({
      Item: { PK: 'TENANT#acme#SKU#SH-1', SK: '#SKU', productId: 'p-1', variantId: 'v-1' },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(items[3]!.Put!.Item).toMatchObject({
      PK: 'TENANT#acme#PRODUCT#p-1',
      SK: `INV#v-1#${product.createdAt}#${event.detail.eventId}`,
      type: 'inventory',
      reason: 'initial',
      previous: 0,
      current: 5,
      delta: 5,
    });
    expect(items[4]!.Put!.Item).toMatchObject({ PK: 'TENANT#acme#OUTBOX', SK: `${meta.occurredAt}#${event.detail.eventId}`, event });
    // Published from the table's stream and never deleted: the table's TTL removes it a week after the commit.
    expect(items[4]!.Put!.Item!.expiresAt).toBe(Date.parse(meta.occurredAt) / 1000 + 7 * 24 * 3600);
    expect(allKeysOf(call!.args[0].input).every((k) => k.startsWith('TENANT#acme#'))).toBe(true);
  });

  it('leaves draft products out of the storefront index', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await repo.create(acme, { ...product, status: 'draft' }, initialOf(product), []);
    const item = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!;
    expect(item.GSI2PK).toBeUndefined();
    expect(item.GSI1PK).toBe('TENANT#acme#PRODUCTS');
  });

  it('turns a failed SKU claim into a 409 conflict naming the SKU, and a failed handle claim into HandleTakenError', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'ConditionalCheckFailed'))
      .rejectsOnce(cancelled('None', 'ConditionalCheckFailed'));
    await expect(repo.create(acme, product, initialOf(product), [])).rejects.toThrow(/SKU SH-1/);
    await expect(repo.create(acme, product, initialOf(product), [])).rejects.toBeInstanceOf(HandleTakenError);
  });

  it('writes a stock change by a nested path, conditional on the stock map it read, never touching the version', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const event = domainEvent('catalog.inventory', 'InventoryChanged', meta, { productId: 'p-1', previous: 5, current: 3, delta: -2, reason: 'sale' });
    const entry = {
      eventId: event.detail.eventId,
      productId: 'p-1',
      variantId: 'v-1',
      previous: 5,
      current: 3,
      delta: -2,
      reason: 'sale',
      actor: 'tester',
      occurredAt: meta.occurredAt,
    };

    await repo.recordStockChange(acme, product, { variantId: 'v-1', stock: { onHand: 3, reserved: 0 }, available: true }, entry, [event]);

    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Update).toEqual({
      TableName: 'catalog-test',
      Key: { PK: 'TENANT#acme#PRODUCT#p-1', SK: '#PRODUCT' },
      UpdateExpression: 'SET #stock.#variant = :stock, available = :available',
      ConditionExpression: '#stock = :read',
      ExpressionAttributeNames: { '#stock': 'stock', '#variant': 'v-1' },
      ExpressionAttributeValues: { ':stock': { onHand: 3, reserved: 0 }, ':available': true, ':read': { 'v-1': { onHand: 5, reserved: 0 } } },
    });
    expect(items[1]!.Put!.Item).toMatchObject({ PK: 'TENANT#acme#PRODUCT#p-1', SK: `INV#v-1#${meta.occurredAt}#${event.detail.eventId}`, delta: -2 });
    expect(items[2]!.Put!.Item).toMatchObject({ PK: 'TENANT#acme#OUTBOX' });
  });

  it('reports a lost race as a stale write, and a transaction conflict the same way', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed', 'None')).rejectsOnce(cancelled('TransactionConflict', 'None'));
    const entry = {
      eventId: 'e',
      productId: 'p-1',
      variantId: 'v-1',
      previous: 5,
      current: 4,
      delta: -1,
      reason: 'sale',
      actor: 't',
      occurredAt: meta.occurredAt,
    };
    const change = { variantId: 'v-1', stock: { onHand: 4, reserved: 0 }, available: true };
    await expect(repo.recordStockChange(acme, product, change, entry, [])).rejects.toBeInstanceOf(StaleWriteError);
    await expect(repo.recordStockChange(acme, product, change, entry, [])).rejects.toBeInstanceOf(StaleWriteError);
  });

  it('edits a product with one UpdateItem of its own fields on the version read: never the stock map, never others’ attributes', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await repo.update(acme, product, { ...product, name: 'Renamed', version: 2 }, []);
    const update = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Update!;
    expect(update.ConditionExpression).toBe('version = :read');
    expect(update.ExpressionAttributeValues![':read']).toBe(1);
    const written = Object.values(update.ExpressionAttributeNames!);
    expect(written).toContain('name');
    expect(written).not.toContain('stock');
    expect(written).not.toContain('categoryIds');
    expect(written).not.toContain('available');
  });

  it('moves a changed SKU’s claim in the edit’s transaction, and refuses (409, not 500) when a claim it should hold is not its own', async () => {
    ddb
      .on(TransactWriteCommand)
      .resolvesOnce({})
      .rejectsOnce(cancelled('None', 'None', 'ConditionalCheckFailed'));
    const next = { ...product, variants: [{ ...product.variants[0]!, sku: 'SH-2' }], version: 2 };
    await repo.update(acme, product, next, []);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Update!.ConditionExpression).toBe('version = :read AND #stock = :stockRead');
    expect(items[1]!.Put).toMatchObject({ Item: { PK: 'TENANT#acme#SKU#SH-2', variantId: 'v-1' }, ConditionExpression: 'attribute_not_exists(PK)' });
    expect(items[2]!.Delete).toMatchObject({ Key: { PK: 'TENANT#acme#SKU#SH-1', SK: '#SKU' }, ConditionExpression: 'productId = :id' });
    await expect(repo.update(acme, product, next, [])).rejects.toBeInstanceOf(ConflictError);
  });

  it('reads with a consistent GetItem on the tenant key', async () => {
    const { PK: _pk, ...rest } = { PK: 'x', ...product };
    ddb.on(GetCommand).resolves({ Item: { PK: 'TENANT#acme#PRODUCT#p-1', SK: '#PRODUCT', ...rest } });
    await expect(repo.get(acme, 'p-1')).resolves.toEqual(product);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: 'catalog-test',
      Key: { PK: 'TENANT#acme#PRODUCT#p-1', SK: '#PRODUCT' },
      ConsistentRead: true,
    });
  });

  it('lists the storefront with a Query on the tenant-prefixed sparse index, newest first', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [],
      LastEvaluatedKey: { PK: 'TENANT#acme#PRODUCT#p-1', SK: '#PRODUCT', GSI2PK: 'TENANT#acme#ACTIVE', GSI2SK: '2026-11-24T10:00:00.000Z#p-1' },
    });
    const page = await repo.list(acme, 'active', { limit: 10 });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      TableName: 'catalog-test',
      IndexName: 'GSI2',
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'GSI2PK' },
      ExpressionAttributeValues: { ':pk': 'TENANT#acme#ACTIVE' },
      ScanIndexForward: false,
      Limit: 10,
    });
    expect(page.nextCursor).toEqual(expect.any(String));
    // The cursor carries no key layout, and opens to the exact start key DynamoDB handed back.
    expect(Buffer.from(page.nextCursor!, 'base64url').toString('latin1')).not.toMatch(/TENANT|PRODUCT|p-1/);
    ddb.reset();
    ddb.on(QueryCommand).resolves({ Items: [] });
    await repo.list(acme, 'active', { limit: 10, cursor: page.nextCursor });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.ExclusiveStartKey).toEqual({
      PK: 'TENANT#acme#PRODUCT#p-1',
      SK: '#PRODUCT',
      GSI2PK: 'TENANT#acme#ACTIVE',
      GSI2SK: '2026-11-24T10:00:00.000Z#p-1',
    });
  });

  it("refuses another tenant's cursor before any call is made", async () => {
    const other = tenantContext({ id: 'other', name: 'Other', tier: 'basic', status: 'active' });
    const foreign = cursors.seal(tenantListings(other).products('active'), { GSI2SK: '2026-11-24T10:00:00.000Z#p' });
    await expect(repo.list(acme, 'active', { limit: 10, cursor: foreign })).rejects.toBeInstanceOf(BadRequestError);
    await expect(repo.list(acme, 'active', { limit: 10, cursor: 'not a cursor!' })).rejects.toBeInstanceOf(BadRequestError);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
