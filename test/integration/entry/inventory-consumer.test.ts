import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedClientProvider } from '../../../src/adapters/dynamodb/client';
import { createCursorCodec, newCursorKey } from '../../../src/adapters/dynamodb/cursor';
import { createDynamoProductRepository } from '../../../src/adapters/dynamodb/product-repository';
import { createDynamoTenantRegistry } from '../../../src/adapters/dynamodb/tenant-registry';
import { createDynamoUsageStore } from '../../../src/adapters/dynamodb/usage-store';
import { createDynamoUserDirectory } from '../../../src/adapters/dynamodb/user-directory';
import type { SqsBatchResponse, SqsEvent } from '../../../src/adapters/sqs/event-batch';
import { QueryCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { orderItem } from '../../../src/adapters/dynamodb/order-repository';
import { domainEvent } from '../../../src/events/event';
import { tenantContext } from '../../../src/tenants/tenant';
import { dayOf } from '../../../src/usage/usage';
import { createTestTable } from '../../support/dynamo';

/** SES v2's SendEmail as a stand-in: records each request, answers as told. */
let ses: Server;
const received: { path: string; body: Record<string, any>; status: number }[] = [];
let sesAnswer = 200;
let handler: (event: SqsEvent) => Promise<SqsBatchResponse>;
let emailsToday: () => Promise<number>;
const shop = tenantContext({ id: 'shop', name: 'Shop', tier: 'basic', status: 'active' });
const PRODUCT = 'p-entry-1';

const record = (messageId: string, detailType: string, detail: Record<string, unknown>, source = 'catalog.inventory') => ({
  messageId,
  body: JSON.stringify({ source, 'detail-type': detailType, detail }),
});
let table: Awaited<ReturnType<typeof createTestTable>>;
const ORDER = 'ENTRY0ORDER1';
const outOfStock = () =>
  domainEvent(
    'catalog.inventory',
    'OutOfStock',
    { tenantId: 'shop', actor: 'shop:clerk', occurredAt: new Date().toISOString() },
    { productId: PRODUCT, previous: 1, current: 0, delta: -1, reason: 'sale' },
  ).detail;

beforeAll(async () => {
  ses = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(body || '{}'), status: sesAnswer });
      res.writeHead(sesAnswer, { 'content-type': 'application/json' });
      res.end(sesAnswer === 200 ? JSON.stringify({ MessageId: `ses-${received.length}` }) : JSON.stringify({ message: 'down' }));
    });
  });
  await new Promise<void>((resolve) => ses.listen(0, '127.0.0.1', resolve));
  table = await createTestTable();
  const cursors = createCursorCodec(newCursorKey());
  const clients = sharedClientProvider(table.client);
  const usage = createDynamoUsageStore({ clients, tableName: table.tableName });
  emailsToday = async () => (await usage.days(shop, [dayOf(Date.now())]))[0]!.emailsSent;
  await createDynamoTenantRegistry({ client: table.client, tableName: table.tableName, cursors }).create({
    id: 'shop',
    name: 'Shop',
    domains: ['shop.example'],
    tier: 'basic',
    status: 'active',
    createdAt: 'x',
    updatedAt: 'x',
  });
  const directory = createDynamoUserDirectory({ clients, tableName: table.tableName, cursors });
  await directory.create(shop, { userId: 'u-admin', email: 'admin@shop.example', name: 'A', role: 'admin', createdAt: 'x', updatedAt: 'x' });
  await directory.create(shop, { userId: 'u-clerk', email: 'clerk@shop.example', name: 'C', role: 'clerk', createdAt: 'x', updatedAt: 'x' });
  const at = new Date().toISOString();
  await createDynamoProductRepository({ clients, tableName: table.tableName, cursors }).create(
    shop,
    {
      id: PRODUCT,
      handle: 'clog',
      name: 'Clog',
      description: '',
      status: 'active',
      tags: [],
      images: [],
      options: [],
      variants: [
        {
          id: 'v-1',
          sku: 'C-1',
          optionValues: [],
          price: 1,
          compareAtPrice: null,
          lowStockThreshold: null,
          weightGrams: null,
          barcode: null,
          imageIds: [],
          active: true,
        },
      ],
      stock: { 'v-1': { onHand: 0, reserved: 0 } },
      listedPrice: 1,
      listedCompareAt: null,
      available: false,
      variantCount: 1,
      createdAt: at,
      updatedAt: at,
      version: 1,
    },
    [{ eventId: 'e0', productId: PRODUCT, variantId: 'v-1', previous: 0, current: 0, delta: 0, reason: 'initial', actor: 'x', occurredAt: at }],
    [],
  );
  // A guest's paid order, as checkout writes it (src/adapters/dynamodb/order-repository.ts).
  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: orderItem(shop, {
        id: ORDER,
        status: 'paid',
        email: 'guest@buyer.example',
        customerId: null,
        shippingAddress: { name: 'G', line1: '1 St', line2: '', city: 'Town', postalCode: '1', country: 'DE' },
        shippingMethod: { id: 'standard', name: 'Standard', price: 495 },
        lines: [
          { productId: PRODUCT, variantId: 'v-1', sku: 'C-1', name: 'Clog', optionValues: [], unitPrice: 4000, quantity: 1, lineTotal: 4000, fulfilled: 0 },
        ],
        totals: { currency: 'EUR', subtotal: 4000, shipping: 495, tax: 0, total: 4495, taxRate: 0, pricesIncludeTax: true },
        payment: { provider: 'test', id: 'pay-entry', status: 'succeeded' },
        reservedUntil: null,
        notes: [],
        history: [],
        placedAt: at,
        updatedAt: at,
        version: 1,
      }),
    }),
  );
  Object.assign(process.env, {
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'eu-west-1',
    EMAIL_FROM: 'no-reply@catalog.example',
    SES_ENDPOINT: `http://127.0.0.1:${(ses.address() as AddressInfo).port}`,
    LOG_LEVEL: 'silent',
  });
  ({ handler } = (await import('../../../src/entry/inventory-consumer')) as unknown as { handler: typeof handler });
});

afterAll(() => new Promise((resolve) => ses?.close(resolve)));

describe('inventory consumer Lambda entry', () => {
  it('emails the admin through SES for an OutOfStock message and reports only the messages it could not handle', async () => {
    // Act
    const response = await handler({ Records: [record('good', 'OutOfStock', outOfStock()), record('garbage', 'OutOfStock', { nothing: true })] });
    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'garbage' }] });
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe('/v2/email/outbound-emails');
    expect(received[0]!.body).toMatchObject({
      FromEmailAddress: 'no-reply@catalog.example',
      Destination: { ToAddresses: ['admin@shop.example'] },
      Content: { Simple: { Subject: { Data: 'Out of stock: Clog' } } },
    });
    expect(received[0]!.body.Content.Simple.Body.Text.Data).toContain('https://shop.example/admin');
  });

  it('counts each email sent into the store’s usage day item before the invocation returns', async () => {
    const before = await emailsToday();
    // Two notices of two events: each emails the one admin once.
    await handler({ Records: [record('n1', 'OutOfStock', outOfStock()), record('n2', 'OutOfStock', outOfStock())] });
    // Read straight after the handler answers: no timer flushes for it on AWS.
    expect(await emailsToday()).toBe(before + 2);
    // A message that sends nothing counts nothing.
    await handler({ Records: [record('n3', 'OutOfStock', { nothing: true })] });
    expect(await emailsToday()).toBe(before + 2);
  });

  it('a message whose email SES refuses comes back (batch item failure), and is sent once SES answers', async () => {
    const detail = outOfStock();
    sesAnswer = 500;
    const before = received.length;
    expect(await handler({ Records: [record('m1', 'OutOfStock', detail)] })).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    sesAnswer = 200;
    expect(await handler({ Records: [record('m1', 'OutOfStock', detail)] })).toEqual({ batchItemFailures: [] });
    const afterRetry = received.length;
    // Delivered once more after it went out: nothing is sent again.
    expect(await handler({ Records: [record('m1', 'OutOfStock', detail)] })).toEqual({ batchItemFailures: [] });
    expect(received.length).toBe(afterRetry);
    const tries = received.slice(before);
    expect(tries.filter((r) => r.status === 200)).toHaveLength(1);
    expect(tries.filter((r) => r.status === 500).length).toBeGreaterThanOrEqual(1);
  });

  it('emails the shopper for an order event from the store’s name, once when the message comes twice, and records it as an EmailSent event', async () => {
    const paid = domainEvent('shop.orders', 'OrderPaid', { tenantId: 'shop', actor: 'payment', occurredAt: new Date().toISOString() }, { orderId: ORDER });
    const before = received.length;
    expect(await handler({ Records: [record('o1', 'OrderPaid', paid.detail, 'shop.orders')] })).toEqual({ batchItemFailures: [] });
    expect(await handler({ Records: [record('o1', 'OrderPaid', paid.detail, 'shop.orders')] })).toEqual({ batchItemFailures: [] });
    const sent = received.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({
      FromEmailAddress: '"Shop" <no-reply@catalog.example>',
      Destination: { ToAddresses: ['guest@buyer.example'] },
      Content: { Simple: { Subject: { Data: `Payment received for order ${ORDER}` } } },
      EmailTags: [
        { Name: 'kind', Value: 'payment-received' },
        { Name: 'store', Value: 'shop' },
      ],
    });
    expect(sent[0]!.body.Content.Simple.Body.Text.Data).toContain('€44.95');
    expect(sent[0]!.body.Content.Simple.Body.Text.Data).toContain(`https://shop.example/order-status?number=${ORDER}`);
    const outbox = await table.client.send(
      new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'TENANT#shop#OUTBOX' } }),
    );
    const emailEvents = (outbox.Items ?? []).map((item) => item.event).filter((e) => e.detailType === 'EmailSent');
    expect(emailEvents).toEqual([
      expect.objectContaining({
        source: 'shop.notifications',
        detail: expect.objectContaining({ eventId: `email-${paid.detail.eventId}-shopper`, template: 'payment-received', orderId: ORDER }),
      }),
    ]);
    expect(JSON.stringify(emailEvents)).not.toContain('guest@buyer.example');
  });
});
