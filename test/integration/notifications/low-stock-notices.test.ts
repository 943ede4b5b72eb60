import { beforeAll, describe, expect, it } from 'vitest';
import { sharedClientProvider } from '../../../src/adapters/dynamodb/client';
import { createLocalMailbox } from '../../../src/adapters/local/mailbox';
import { consumeEventBatch } from '../../../src/adapters/sqs/event-batch';
import { stockNoticeConsumer } from '../../../src/entry/stock-notices';
import { domainEvent, type DomainEvent } from '../../../src/events/event';
import { NoticeDeliveryError } from '../../../src/inventory/low-stock-notices';
import type { EmailMessage, EmailSender } from '../../../src/notifications/email';
import { tenantContext } from '../../../src/tenants/tenant';
import { scanAll } from '../../support/dynamo';
import { userIdFor } from '../../support/fake-verifier';
import { silentLogger, testPlatform, type TestPlatform } from '../../support/platform';

let p: TestPlatform;
const alpha = tenantContext({ id: 'alpha', name: 'Alpha Store', tier: 'basic', status: 'active' });
const beta = tenantContext({ id: 'beta', name: 'Beta Store', tier: 'standard', status: 'active' });
let productId: string;
let betaProductId: string;
const SECOND_ADMIN = 'second-admin-of-alpha';

/** A sender that records what it was asked to send and fails for the addresses in `failFor`. */
function recordingSender(failFor: Set<string> = new Set(), delayMs = 0) {
  const mailbox = createLocalMailbox();
  const asked: EmailMessage[] = [];
  const sender: EmailSender = {
    async send(message) {
      asked.push(message);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (failFor.has(message.to)) throw Object.assign(new Error('SES throttled'), { name: 'TooManyRequestsException' });
      return mailbox.sender.send(message);
    },
  };
  return { sender, asked, mailbox };
}

const consumerWith = (sender: EmailSender) =>
  stockNoticeConsumer({
    platformClient: p.table.client,
    tenantClients: sharedClientProvider(p.table.client),
    tableName: p.table.tableName,
    sender,
    logger: silentLogger,
    consoleUrl: (s) => `https://${s.domains[0]}/admin`,
  });

const stockEvent = (type: 'LowStock' | 'OutOfStock' | 'InventoryChanged', tenant = 'alpha', product = productId, current = 0) =>
  domainEvent(
    'catalog.inventory',
    type,
    { tenantId: tenant, actor: 'alpha:clerk@alpha.test', occurredAt: new Date().toISOString() },
    { productId: product, sku: 'X', previous: 5, current, delta: current - 5, reason: 'sale', threshold: 3 },
  );

/** How EventBridge hands an event to the queue: the whole envelope as the message body. */
const sqsRecord = (messageId: string, event: DomainEvent) => ({
  messageId,
  body: JSON.stringify({
    version: '0',
    id: crypto.randomUUID(),
    source: event.source,
    'detail-type': event.detailType,
    account: '1',
    time: event.detail.occurredAt,
    region: 'eu-west-1',
    resources: [],
    detail: event.detail,
  }),
});

beforeAll(async () => {
  p = await testPlatform();
  const at = new Date().toISOString();
  await p.directory.create(alpha, { userId: SECOND_ADMIN, email: 'owner@alpha.test', name: 'Owner', role: 'admin', createdAt: at, updatedAt: at });
  const created = await p.catalog.create(alpha, 'alpha:admin@alpha.test', {
    name: 'Garden <Clog> & "Co"',
    description: '',
    sku: 'CLOG-1',
    price: { amount: 100, currency: 'EUR' },
    status: 'active',
    stock: 5,
    lowStockThreshold: 3,
    tags: [],
  });
  productId = created.id;
  betaProductId = (
    await p.catalog.create(beta, 'beta:admin@beta.test', {
      name: 'Beta thing',
      description: '',
      sku: 'B-1',
      price: { amount: 100, currency: 'EUR' },
      status: 'active',
      stock: 5,
      lowStockThreshold: null,
      tags: [],
    })
  ).id;
});

describe('low-stock notices (the inventory consumer)', () => {
  it('names the variant that ran low (SKU and option values) for a product with several', async () => {
    const sized = await p.catalog.create(alpha, 'alpha:admin@alpha.test', {
      name: 'Sized Clog',
      description: '',
      status: 'active',
      tags: [],
      options: [{ name: 'Size', values: ['38', '42'] }],
      variants: ['38', '42'].map((size) => ({
        sku: `SIZED-${size}`,
        optionValues: [size],
        price: { amount: 100, currency: 'EUR' },
        compareAtPrice: null,
        lowStockThreshold: 3,
        weightGrams: null,
        barcode: null,
        imageIds: [],
        active: true,
        stock: 5,
      })),
    });
    const event = domainEvent(
      'catalog.inventory',
      'LowStock',
      { tenantId: 'alpha', actor: 'alpha:clerk@alpha.test', occurredAt: new Date().toISOString() },
      { productId: sized.id, variantId: sized.variants[1]!.id, sku: 'SIZED-42', previous: 5, current: 2, delta: -3, reason: 'sale', threshold: 3 },
    );
    const { sender, mailbox } = recordingSender();
    expect((await consumerWith(sender).handle(event)).sent).toBe(2);
    expect(mailbox.list()[0]!.text).toContain('Sized Clog (SKU SIZED-42; Size: 42) is running low: 2 left.');
  });

  it('emails each admin of the store once, and no clerk, customer or other store', async () => {
    // Prepare
    const { sender, mailbox } = recordingSender();
    // Act
    const result = await consumerWith(sender).handle(stockEvent('OutOfStock'));
    // Assess
    expect(result).toEqual({ outcome: 'sent', sent: 2, skipped: 0 });
    const sent = mailbox.list();
    expect(sent.map((m) => m.to).sort()).toEqual(['admin@alpha.test', 'owner@alpha.test']);
    expect(sent.every((m) => m.tenantId === 'alpha' && m.tag === 'out-of-stock' && m.subject === 'Out of stock: Garden <Clog> & "Co"')).toBe(true);
    expect(sent[0]!.text).toContain('https://alpha.test/admin');
    // Each notice is recorded under the store's own keys, with a TTL.
    const records = (await scanAll(p.table.tableName)).filter((i) => i.type === 'notice');
    expect(records.map((r) => r.PK)).toEqual(expect.arrayContaining([expect.stringMatching(/^TENANT#alpha#NOTICE#/)]));
    expect(records.every((r) => r.state === 'sent' && typeof r.expiresAt === 'number' && (r.expiresAt as number) > Date.now() / 1000)).toBe(true);
  });

  it('sends nothing again when the same event is delivered again', async () => {
    const { sender, asked } = recordingSender();
    const consumer = consumerWith(sender);
    const event = stockEvent('LowStock', 'alpha', productId, 2);
    expect((await consumer.handle(event)).sent).toBe(2);
    // Act: the queue delivers it again (at least once), to this and to a fresh instance.
    const again = await consumer.handle(structuredClone(event));
    const elsewhere = await consumerWith(sender).handle(structuredClone(event));
    // Assess
    expect(again).toEqual({ outcome: 'sent', sent: 0, skipped: 2 });
    expect(elsewhere.sent).toBe(0);
    expect(asked).toHaveLength(2);
  });

  it('two deliveries of one event at once send each notice once', async () => {
    const { sender, asked } = recordingSender(new Set(), 50);
    const event = stockEvent('OutOfStock');
    const outcomes = await Promise.allSettled([consumerWith(sender).handle(event), consumerWith(sender).handle(structuredClone(event))]);
    // Each admin is emailed by whichever delivery claimed them first; a delivery that met a claim
    // held by the other fails, so its message comes back later and finds the notices sent.
    expect(asked.map((m) => m.to).sort()).toEqual(['admin@alpha.test', 'owner@alpha.test']);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => (o as PromiseRejectedResult).reason instanceof NoticeDeliveryError)).toBe(true);
    const late = await consumerWith(sender).handle(structuredClone(event));
    expect(late).toEqual({ outcome: 'sent', sent: 0, skipped: 2 });
  });

  it('a failed send throws after trying everyone, and the retry sends only what is missing', async () => {
    const failing = new Set(['owner@alpha.test']);
    const { sender, asked, mailbox } = recordingSender(failing);
    const event = stockEvent('OutOfStock');
    const first = await consumerWith(sender)
      .handle(event)
      .catch((e: unknown) => e);
    expect(first).toBeInstanceOf(NoticeDeliveryError);
    expect((first as NoticeDeliveryError).failures.map((f) => f.recipientId)).toEqual([SECOND_ADMIN]);
    expect(mailbox.list().map((m) => m.to)).toEqual(['admin@alpha.test']);
    // Act: SES is back; the message is delivered again.
    failing.clear();
    const retry = await consumerWith(sender).handle(structuredClone(event));
    // Assess
    expect(retry).toEqual({ outcome: 'sent', sent: 1, skipped: 1 });
    expect(
      mailbox
        .list()
        .map((m) => m.to)
        .sort(),
    ).toEqual(['admin@alpha.test', 'owner@alpha.test']);
    expect(asked.filter((m) => m.to === 'admin@alpha.test')).toHaveLength(1);
  });

  it('reports only the failed messages of an SQS batch (partial batch failure)', async () => {
    const { sender, mailbox } = recordingSender(new Set(['admin@beta.test']));
    const consumer = consumerWith(sender);
    const response = await consumeEventBatch(
      {
        Records: [
          sqsRecord('ok', stockEvent('OutOfStock')),
          sqsRecord('ses-down', stockEvent('OutOfStock', 'beta', betaProductId)),
          { messageId: 'garbage', body: '{"not":"an event"}' },
          sqsRecord('changed', stockEvent('InventoryChanged')),
        ],
      },
      consumer.handle,
      silentLogger,
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'ses-down' }, { itemIdentifier: 'garbage' }] });
    expect(
      mailbox
        .list()
        .map((m) => m.to)
        .sort(),
    ).toEqual(['admin@alpha.test', 'owner@alpha.test']);
  });

  it('escapes the store-controlled product name in the HTML', async () => {
    const { sender, mailbox } = recordingSender();
    await consumerWith(sender).handle(stockEvent('LowStock', 'alpha', productId, 1));
    const html = mailbox.list()[0]!.html!;
    expect(html).toContain('Garden &lt;Clog&gt; &amp; &quot;Co&quot;');
    expect(html).not.toContain('<Clog>');
  });

  it('ignores other events, deleted products, unknown and suspended stores', async () => {
    const { sender, asked } = recordingSender();
    const consumer = consumerWith(sender);
    expect((await consumer.handle(stockEvent('InventoryChanged'))).outcome).toBe('ignored');
    expect((await consumer.handle(stockEvent('OutOfStock', 'alpha', 'no-such-product'))).outcome).toBe('no-product');
    expect((await consumer.handle(stockEvent('OutOfStock', 'nowhere'))).outcome).toBe('no-store');
    await p.registry.setStatus('gamma', 'suspended', new Date().toISOString());
    expect((await consumer.handle(stockEvent('OutOfStock', 'gamma'))).outcome).toBe('store-inactive');
    expect(asked).toEqual([]);
    expect(userIdFor('admin', 'alpha')).toBeTruthy();
  });
});
