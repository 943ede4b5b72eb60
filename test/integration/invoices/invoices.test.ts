import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/events/event';
import { documentKey } from '../../../src/invoices/document';
import { TEST_CARDS } from '../../../src/payments/test-provider';
import { tenantContext } from '../../../src/tenants/tenant';
import { scanAll } from '../../support/dynamo';
import { tokenFor, userIdFor } from '../../support/fake-verifier';
import { pdfText } from '../../support/pdf-text';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

/**
 * Invoices and credit notes (issue 20 item 1): the number taken in the transaction that pays (or
 * refunds) the order, the PDF rendered from the order's stored facts by the order events'
 * consumer, read back here; downloads for the customer, the guest with the lookup and the staff.
 */
let p: TestPlatform;
let admin: ReturnType<typeof client>;
let customer: ReturnType<typeof client>;
let visitor: ReturnType<typeof client>;
let product: { id: string; s: string; m: string };
const alpha = tenantContext({ id: 'alpha', name: 'Alpha Store', tier: 'basic', status: 'active' });
/** The consumer's runs, so a test can wait for what the events it caused have rendered. */
const rendering: Promise<unknown>[] = [];

const address = { name: 'Ada Buyer', line1: '1 Main St', line2: 'Floor 2', city: 'Berlin', postalCode: '10115', country: 'DE' };
const buy = (lines: { variantId: string; quantity: number }[], card: string = TEST_CARDS.succeeds, email = 'ada@example.com') => ({
  email,
  shippingAddress: address,
  shippingMethodId: 'standard',
  lines: lines.map((l) => ({ productId: product.id, ...l })),
  card: { number: card },
});

/** Publishes what was committed and waits for the consumer to finish with it. */
async function rendered() {
  await p.streams.drain();
  // The bus delivers in microtasks: let them start, then wait for every run.
  await new Promise((resolve) => setTimeout(resolve, 0));
  await Promise.all(rendering.splice(0));
}

async function pdfOf(number: string) {
  const bytes = await p.media.store.readPrivate(alpha, documentKey(alpha, number), 1_000_000);
  expect(bytes, `${number} rendered`).toBeInstanceOf(Uint8Array);
  return bytes as Uint8Array;
}

beforeAll(async () => {
  p = await testPlatform();
  p.bus.subscribe({ source: 'shop.orders' }, (event: DomainEvent) => {
    const run = p.invoices.handle(event);
    rendering.push(run);
    return run.then(() => undefined);
  });
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  customer = client(p.app, 'alpha.test', tokenFor('customer', 'alpha'));
  visitor = client(p.app, 'alpha.test');
  const current = (await admin('GET', '/admin/settings')).body;
  const updated = await admin('PUT', '/admin/settings', {
    ...current,
    taxRate: 1900,
    pricesIncludeTax: true,
    shippingRates: [{ id: 'standard', name: 'Standard', price: 495, minSubtotal: null }],
    legal: { name: 'Alpha Trading GmbH', address: 'Hauptstr. 5, 10115 Berlin', vatId: 'DE123456789', email: 'billing@alpha.example' },
  });
  expect(updated.status, JSON.stringify(updated.body)).toBe(200);
  const created = await admin('POST', '/admin/products', {
    name: 'Invoice Tee',
    status: 'active',
    options: [{ name: 'Size', values: ['S', 'M'] }],
    variants: [
      { sku: 'INV-TEE-S', optionValues: ['S'], price: { amount: 1000, currency: 'EUR' }, stock: 100 },
      { sku: 'INV-TEE-M', optionValues: ['M'], price: { amount: 1500, currency: 'EUR' }, stock: 100 },
    ],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  product = { id: created.body.id, s: created.body.variants[0].id, m: created.body.variants[1].id };
});

describe('numbering', () => {
  it('numbers invoices 1, 2, 3 in the paying transaction (at checkout or by the webhook), and nothing for unpaid orders', async () => {
    const first = await customer('POST', '/checkout/orders', buy([{ variantId: product.s, quantity: 1 }]));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.invoice).toMatchObject({ number: 'INV-000001', issuedAt: first.body.placedAt, seller: { name: 'Alpha Trading GmbH' } });
    const pending = await visitor('POST', '/checkout/orders', buy([{ variantId: product.m, quantity: 1 }], TEST_CARDS.pending));
    expect(pending.body.invoice).toBeUndefined();
    const declined = await visitor('POST', '/checkout/orders', buy([{ variantId: product.m, quantity: 1 }], TEST_CARDS.declined));
    expect(declined.status).toBe(422);
    const second = await visitor('POST', '/checkout/orders', buy([{ variantId: product.m, quantity: 1 }]));
    expect(second.body.invoice.number).toBe('INV-000002');
    // The pending payment settles: its number is the next one, taken with the transition to paid.
    const webhook = await p.payments.settle!(pending.body.payment.id, 'succeeded');
    expect((await client(p.app, 'platform.test')('POST', '/platform/payments/webhook', webhook.body, { 'payment-signature': webhook.signature })).status).toBe(
      200,
    );
    expect((await admin('GET', `/admin/orders/${pending.body.id}`)).body.invoice.number).toBe('INV-000003');
    const counters = (await scanAll(p.table.tableName)).filter((item) => item.type === 'invoice-counter');
    expect(counters).toEqual([expect.objectContaining({ PK: 'TENANT#alpha#INVOICE#COUNTER', SK: '#INVOICE', last: 3 })]);
    await rendered();
    // The OrderPaid events say which number each took.
    const paid = p.bus.delivered.filter((e) => e.detailType === 'OrderPaid').map((e) => e.detail.invoiceNumber);
    expect(paid).toEqual(expect.arrayContaining(['INV-000001', 'INV-000002', 'INV-000003']));
  });
});

describe('the PDF', () => {
  it('is rendered by the order events’ consumer from the stored order: seller, buyer, lines, shipping, tax and totals', async () => {
    const placed = await customer(
      'POST',
      '/checkout/orders',
      buy([
        { variantId: product.s, quantity: 2 },
        { variantId: product.m, quantity: 1 },
      ]),
    );
    expect(placed.status).toBe(201);
    const number = placed.body.invoice.number as string;
    await rendered();
    const text = pdfText(await pdfOf(number));
    expect(text[0]).toBe(`Invoice ${number}`);
    expect(text).toEqual(
      expect.arrayContaining([
        'Alpha Trading GmbH',
        'Hauptstr. 5',
        '10115 Berlin',
        'VAT ID DE123456789',
        'billing@alpha.example',
        `Date: ${placed.body.placedAt.slice(0, 10)}`,
        `Order: ${placed.body.id}`,
        'Ada Buyer',
        '1 Main St',
        'Floor 2',
        '10115 Berlin',
        'ada@example.com',
        'Invoice Tee',
        'S · INV-TEE-S',
        'M · INV-TEE-M',
        'Prices include tax.',
        'All amounts in EUR.',
      ]),
    );
    // Each line: name, quantity, unit price, line total, in that order.
    const line = (sku: string) => text.slice(text.indexOf(sku) - 4, text.indexOf(sku));
    expect(line('S · INV-TEE-S')).toEqual(['Invoice Tee', '2', '10.00', '20.00']);
    expect(line('M · INV-TEE-M')).toEqual(['Invoice Tee', '1', '15.00', '15.00']);
    // 3500 + 495 = 3995 gross, 19 % included: 3995 · 1900 / 11900 = 637.85 → 638.
    const totals = text.slice(text.indexOf('Subtotal'));
    expect(totals.slice(0, 8)).toEqual(['Subtotal', '35.00', 'Shipping (Standard)', '4.95', 'Tax included (19 %)', '6.38', 'Total', '39.95']);
    expect(placed.body.totals).toMatchObject({ subtotal: 3500, shipping: 495, tax: 638, total: 3995 });
  });

  it('renders again to the same key and the same bytes; a render that failed is retried under the same number', async () => {
    const placed = await customer('POST', '/checkout/orders', buy([{ variantId: product.s, quantity: 1 }]));
    const number = placed.body.invoice.number as string;
    // The storage fails once: the consumer's run throws (so the delivery is retried), and nothing is stored.
    const putPrivate = p.media.store.putPrivate;
    p.media.store.putPrivate = async () => {
      throw new Error('S3 is down');
    };
    try {
      await expect(p.invoices.render(alpha, placed.body.id)).rejects.toThrow('S3 is down');
    } finally {
      p.media.store.putPrivate = putPrivate;
    }
    await rendered();
    const once = await pdfOf(number);
    expect(await p.invoices.render(alpha, placed.body.id)).toEqual([number]);
    const key = documentKey(alpha, number);
    await p.media.store.remove(alpha, key);
    expect(await p.invoices.render(alpha, placed.body.id)).toEqual([number]);
    expect(Buffer.from(await pdfOf(number)).equals(Buffer.from(once))).toBe(true);
    // The order still carries the one number; the counter moved once for it.
    expect((await admin('GET', `/admin/orders/${placed.body.id}`)).body.invoice.number).toBe(number);
  });
});

describe('credit notes', () => {
  it('a refund takes the next credit-note number in its own transaction; the PDF repeats the invoice negated and names it', async () => {
    const placed = await customer('POST', '/checkout/orders', buy([{ variantId: product.m, quantity: 2 }]));
    const invoice = placed.body.invoice.number as string;
    const refunded = await admin('POST', `/admin/orders/${placed.body.id}/refund`, { restock: true });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
    expect(refunded.body.creditNote.number).toBe('CN-000001');
    expect(refunded.body.invoice.number).toBe(invoice);
    // A refund replayed by another path issues nothing more.
    expect((await admin('POST', `/admin/orders/${placed.body.id}/refund`, { restock: true })).status).toBe(409);
    await rendered();
    const text = pdfText(await pdfOf('CN-000001'));
    expect(text[0]).toBe('Credit note CN-000001');
    expect(text).toEqual(expect.arrayContaining([`Cancels invoice: ${invoice}`, `This credit note refunds invoice ${invoice} in full.`]));
    expect(text.slice(text.indexOf('M · INV-TEE-M') - 4, text.indexOf('M · INV-TEE-M'))).toEqual(['Invoice Tee', '2', '-15.00', '-30.00']);
    expect(text.slice(text.indexOf('Total'), text.indexOf('Total') + 2)).toEqual(['Total', '-34.95']);
    // Cancelling a paid order refunds it too: the next credit note.
    const other = await customer('POST', '/checkout/orders', buy([{ variantId: product.s, quantity: 1 }]));
    const cancelled = await admin('POST', `/admin/orders/${other.body.id}/cancel`, { restock: true });
    expect(cancelled.body.creditNote.number).toBe('CN-000002');
    // An unpaid order cancelled: no invoice, so no credit note.
    const unpaid = await customer('POST', '/checkout/orders', buy([{ variantId: product.s, quantity: 1 }], TEST_CARDS.pending));
    expect((await admin('POST', `/admin/orders/${unpaid.body.id}/cancel`, { restock: true })).body.creditNote).toBeUndefined();
  });
});

describe('downloads', () => {
  it('the customer, the guest with number and email, and staff (support too) get a five-minute link; others 404', async () => {
    const mine = await customer('POST', '/checkout/orders', buy([{ variantId: product.s, quantity: 1 }]));
    const guests = await visitor('POST', '/checkout/orders', buy([{ variantId: product.s, quantity: 1 }], TEST_CARDS.succeeds, 'guest@example.com'));
    const unpaid = await customer('POST', '/checkout/orders', buy([{ variantId: product.s, quantity: 1 }], TEST_CARDS.pending));

    const link = await customer('GET', `/me/orders/${mine.body.id}/invoice`);
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    expect(link.body.number).toBe(mine.body.invoice.number);
    const url = new URL(link.body.url);
    expect(url.pathname).toContain(`/tenants/alpha/invoices/${mine.body.invoice.number}.pdf`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(Date.parse(link.body.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    const pdf = await fetch(link.body.url);
    expect(pdf.status).toBe(200);
    expect(pdfText(new Uint8Array(await pdf.arrayBuffer()))[0]).toBe(`Invoice ${mine.body.invoice.number}`);
    // A browser is sent to the PDF.
    const browser = await customer('GET', `/me/orders/${mine.body.id}/invoice`, undefined, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toContain(`/tenants/alpha/invoices/${mine.body.invoice.number}.pdf`);

    // A guest's order is not the customer's; an unpaid order has no invoice; no credit note was issued.
    expect((await customer('GET', `/me/orders/${guests.body.id}/invoice`)).status).toBe(404);
    expect((await customer('GET', `/me/orders/${unpaid.body.id}/invoice`)).status).toBe(404);
    expect((await customer('GET', `/me/orders/${mine.body.id}/invoice?document=credit-note`)).status).toBe(404);
    expect((await customer('GET', `/me/orders/${mine.body.id}/invoice?document=receipt`)).status).toBe(422);

    // The guest: number and email, both right; either wrong is the same 404.
    const guestLink = await visitor('POST', '/orders/lookup/invoice', { number: guests.body.id.toLowerCase(), email: 'guest@example.com' });
    expect(guestLink.status, JSON.stringify(guestLink.body)).toBe(200);
    expect(guestLink.body.number).toBe(guests.body.invoice.number);
    expect((await visitor('POST', '/orders/lookup/invoice', { number: guests.body.id, email: 'ada@example.com' })).status).toBe(404);
    expect((await visitor('POST', '/orders/lookup/invoice', { number: mine.body.id, email: 'guest@example.com' })).status).toBe(404);
    // The confirmation page's form: a page with the link (a form may not be redirected to storage), or saying none was found.
    const form = (email: string) =>
      p.app.request('/invoice', {
        method: 'POST',
        headers: { host: 'alpha.test', 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({ number: guests.body.id, email }).toString(),
      });
    const page = await form('guest@example.com');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(new RegExp(`href="[^"]*/tenants/alpha/invoices/${guests.body.invoice.number}\\.pdf[^"]*"`));
    const wrongAnswer = await form('ada@example.com');
    expect(wrongAnswer.status).toBe(400);
    const wrong = await wrongAnswer.text();
    expect(wrong).toContain('We found no invoice');
    expect(wrong).not.toContain('/invoices/');

    // Staff, support included; another store's staff: 404.
    const at = new Date().toISOString();
    await p.directory.create(alpha, {
      userId: userIdFor('support', 'alpha'),
      email: 'support@alpha.test',
      name: 'support',
      role: 'support',
      createdAt: at,
      updatedAt: at,
    });
    for (const role of ['admin', 'clerk', 'support'] as const) {
      const staff = await client(p.app, 'alpha.test', tokenFor(role, 'alpha'))('GET', `/admin/orders/${guests.body.id}/invoice`);
      expect(staff.status, role).toBe(200);
      expect(staff.body.number).toBe(guests.body.invoice.number);
    }
    expect((await client(p.app, 'beta.test', tokenFor('admin', 'beta'))('GET', `/admin/orders/${guests.body.id}/invoice`)).status).toBe(404);
    expect((await client(p.app, 'beta.test', tokenFor('customer', 'beta'))('GET', `/me/orders/${mine.body.id}/invoice`)).status).toBe(404);
    expect((await client(p.app, 'beta.test')('POST', '/orders/lookup/invoice', { number: guests.body.id, email: 'guest@example.com' })).status).toBe(404);
    expect((await visitor('GET', `/admin/orders/${guests.body.id}/invoice`)).status).toBe(401);
    expect((await customer('GET', `/admin/orders/${guests.body.id}/invoice`)).status).toBe(403);
  });
});

describe('pages', () => {
  const checkoutForm = (email: string) =>
    new URLSearchParams({
      line: `${product.id}:${product.s}:1`,
      email,
      name: 'Page Buyer',
      line1: '1 Main St',
      line2: '',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
      shippingMethodId: 'standard',
      card: '4242 4242 4242 4242',
    }).toString();
  const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

  it('the confirmation offers the invoice (a link for a customer, a form for a guest); the orders page links each paid order’s documents', async () => {
    const guest = await visitor('POST', '/checkout', checkoutForm('page.guest@example.com'), formHeaders);
    expect(guest.status).toBe(200);
    const number = /data-testid="order-number">([A-Z0-9]+)</.exec(guest.body)?.[1];
    expect(guest.body).toContain('<form method="post" action="/invoice"');
    expect(guest.body).toContain(`name="number" value="${number}"`);
    expect(guest.body).toMatch(/Download your invoice \(INV-\d{6}\)/);

    const mine = await customer('POST', '/checkout', checkoutForm('page.customer@example.com'), formHeaders);
    const id = /data-testid="order-number">([A-Z0-9]+)</.exec(mine.body)?.[1];
    expect(mine.body).toContain(`href="/me/orders/${id}/invoice"`);
    const refunded = await admin('POST', `/admin/orders/${id}/refund`, { restock: true });
    const orders = await customer('GET', '/account/orders');
    expect(orders.body).toContain(`href="/me/orders/${id}/invoice"`);
    expect(orders.body).toContain(`href="/me/orders/${id}/invoice?document=credit-note"`);
    expect(orders.body).toContain(`Credit note ${refunded.body.creditNote.number}`);
  });
});
