import { beforeAll, describe, expect, it } from 'vitest';
import { sharedClientProvider } from '../../../src/adapters/dynamodb/client';
import { createLocalMailbox } from '../../../src/adapters/local/mailbox';
import { stockNoticeConsumer } from '../../../src/entry/stock-notices';
import { createPlatform } from '../../../src/platform';
import { tokenFor } from '../../support/fake-verifier';
import { client, silentLogger, testPlatform, type TestPlatform } from '../../support/platform';

let p: TestPlatform;
let local: ReturnType<typeof createPlatform>;
const mailbox = createLocalMailbox();

beforeAll(async () => {
  p = await testPlatform();
  // As npm start wires it: the same app with the mailbox page, the consumer on the local bus.
  local = createPlatform({ ...p.options, devMailbox: mailbox });
  const notices = stockNoticeConsumer({
    platformClient: p.table.client,
    tenantClients: sharedClientProvider(p.table.client),
    tableName: p.table.tableName,
    sender: mailbox.sender,
    logger: silentLogger,
    consoleUrl: (s) => `http://${s.domains[0]}:3000/admin`,
  });
  p.bus.subscribe({ source: 'catalog.inventory' }, async (event) => {
    await notices.handle(event);
  });
});

const page = async (app: { request(path: string, init?: RequestInit): Response | Promise<Response> }, path: string, host = 'localhost') => {
  const response = await app.request(path, { headers: { host } });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    csp: response.headers.get('content-security-policy'),
    html: await response.text(),
  };
};

describe('stock notices in the local mailbox', () => {
  it('a clerk taking stock under the threshold through the API ends with a notice to the admin in the mailbox, shown by the dev page', async () => {
    // Prepare
    const admin = client(local.app, 'alpha.test', tokenFor('admin', 'alpha'));
    const clerk = client(local.app, 'alpha.test', tokenFor('clerk', 'alpha'));
    const created = await admin('POST', '/admin/products', {
      name: 'Tea <Pot>',
      price: { amount: 100, currency: 'EUR' },
      sku: 'POT-1',
      status: 'active',
      stock: 10,
      lowStockThreshold: 3,
    });
    expect(created.status).toBe(201);

    // Act: the adjustment commits LowStock to the outbox; the stream puts it on the bus, where the consumer emails.
    expect((await clerk('POST', `/admin/products/${created.body.id}/inventory/adjustments`, { delta: -8, reason: 'sale' })).status).toBe(201);
    await p.streams.drain();

    // Assess
    await expect.poll(() => mailbox.list().length, { timeout: 10_000 }).toBe(1);
    const [notice] = mailbox.list();
    expect(notice).toMatchObject({ to: 'admin@alpha.test', subject: 'Low stock: Tea <Pot>', tag: 'low-stock', tenantId: 'alpha' });
    expect(notice!.text).toContain('Tea <Pot> (SKU POT-1) is running low: 2 left.');

    const inbox = await page(local.app, '/dev/mailbox');
    expect(inbox.status).toBe(200);
    expect(inbox.type).toContain('text/html');
    expect(inbox.csp).toContain("script-src 'self'");
    expect(inbox.html).toContain(`<a href="/dev/mailbox/${notice!.id}">Low stock: Tea &lt;Pot&gt;</a>`);
    expect(inbox.html).toContain('admin@alpha.test');
    expect(inbox.html).not.toMatch(/<script/);

    const one = await page(local.app, `/dev/mailbox/${notice!.id}`);
    expect(one.status).toBe(200);
    expect(one.html).toContain('<h2 id="subject">Low stock: Tea &lt;Pot&gt;</h2>');
    expect(one.html).toContain('Tea &lt;Pot&gt; (SKU POT-1) is running low: 2 left.');
    // The email's own HTML is shown as source, never rendered into the page.
    expect(one.html).toContain('&lt;strong&gt;Tea &amp;lt;Pot&amp;gt;&lt;/strong&gt;');
    expect(one.html).toContain('<link rel="stylesheet" href="/assets/');
  });

  it('answers 404 for an unknown message, and only on the platform hosts', async () => {
    expect((await page(local.app, '/dev/mailbox/m999999')).status).toBe(404);
    expect((await page(local.app, '/dev/mailbox', 'alpha.test')).status).toBe(404);
  });

  it('is absent from an app built without a mailbox, as on Lambda', async () => {
    expect((await page(p.app, '/dev/mailbox')).status).toBe(404);
    expect(p.app.routes.some((r) => r.path.startsWith('/dev'))).toBe(false);
    expect(local.app.routes.some((r) => r.path === '/dev/mailbox')).toBe(true);
  });
});
