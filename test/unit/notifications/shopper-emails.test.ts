import { describe, expect, it, vi } from 'vitest';
import { domainEvent, type DomainEvent } from '../../../src/events/event';
import type { NoticeLog } from '../../../src/inventory/low-stock-notices';
import { fromHeader, type EmailMessage } from '../../../src/notifications/email';
import { recipientHash } from '../../../src/notifications/email-events';
import { shopperOrderEmail } from '../../../src/notifications/order-emails';
import { createShopperEmails } from '../../../src/notifications/shopper-emails';
import type { Order } from '../../../src/orders/order';
import { defaultSettings } from '../../../src/settings/store-settings';

const store = { id: 'alpha', name: 'Alpha <Store>', tier: 'basic', status: 'active', domains: ['alpha.test'], settings: defaultSettings() };

const order = (over: Partial<Order> = {}): Order => ({
  id: 'K7Q2M9XW4R',
  status: 'paid',
  email: 'ada@example.com',
  customerId: null,
  shippingAddress: { name: 'Ada', line1: '1 Main St', line2: '', city: 'Berlin', postalCode: '10115', country: 'DE' },
  shippingMethod: { id: 'standard', name: 'Standard', price: 495 },
  lines: [
    { productId: 'p1', variantId: 'v1', sku: 'T-S', name: 'Tee <b>', optionValues: ['S'], unitPrice: 1000, quantity: 2, lineTotal: 2000, fulfilled: 0 },
    { productId: 'p2', variantId: 'v2', sku: 'M-1', name: 'Mug', optionValues: [], unitPrice: 1500, quantity: 1, lineTotal: 1500, fulfilled: 0 },
  ],
  totals: { currency: 'EUR', subtotal: 3500, shipping: 495, tax: 638, total: 3995, taxRate: 1900, pricesIncludeTax: true },
  payment: { provider: 'test', id: 'pay_1', status: 'succeeded' },
  reservedUntil: null,
  notes: [],
  history: [],
  placedAt: '2026-12-07T03:00:00.000Z',
  updatedAt: '2026-12-07T03:00:00.000Z',
  version: 1,
  ...over,
});

const event = (detailType: 'OrderPlaced' | 'OrderPaid' | 'OrderFulfilled' | 'OrderCancelled' | 'OrderRefunded', facts: Record<string, unknown> = {}) =>
  domainEvent('shop.orders', detailType, { tenantId: 'alpha', actor: 'guest', occurredAt: '2026-12-07T03:00:00.000Z' }, { orderId: 'K7Q2M9XW4R', ...facts });

function memoryNotices(): NoticeLog {
  const sent = new Set<string>();
  return {
    claim: async (_t, eventId, to) => (sent.has(`${eventId}/${to}`) ? 'sent' : 'claimed'),
    markSent: async (_t, eventId, to) => void sent.add(`${eventId}/${to}`),
    release: async () => undefined,
  };
}

function harness(found: Order | null = order(), send = vi.fn(async (_m: EmailMessage) => ({ messageId: 'm1' }))) {
  const recorded = new Map<string, DomainEvent>();
  const emails = createShopperEmails({
    registry: { get: async () => store as never },
    orders: { get: async () => found ?? undefined },
    notices: memoryNotices(),
    sender: { send },
    events: {
      record: async (_t, e) => {
        const fresh = !recorded.has(e.detail.eventId);
        recorded.set(e.detail.eventId, e);
        return fresh;
      },
    },
    logger: { info: vi.fn(), warn: vi.fn() },
    storeUrl: () => 'https://alpha.test',
  });
  return { emails, send, recorded, sent: () => send.mock.calls.map(([m]) => m) };
}

describe('the shopper’s order emails', () => {
  it('confirms an order: the store’s name as sender, the lines and totals in the currency’s minor unit, text and escaped HTML, the guest’s lookup link', async () => {
    const h = harness();
    expect(await h.emails.handle(event('OrderPlaced'))).toBe('sent');
    const [message] = h.sent();
    expect(message).toMatchObject({ to: 'ada@example.com', fromName: 'Alpha <Store>', tag: 'order-confirmation', tenantId: 'alpha' });
    expect(message!.subject).toBe('Your order K7Q2M9XW4R at Alpha <Store>');
    expect(message!.text).toContain('2 × Tee <b> (S): €20.00');
    expect(message!.text).toContain('1 × Mug: €15.00');
    expect(message!.text).toContain('Shipping (Standard): €4.95');
    expect(message!.text).toContain('Tax included: €6.38');
    expect(message!.text).toContain('Total: €39.95');
    expect(message!.text).toContain('Look up your order: https://alpha.test/order-status?number=K7Q2M9XW4R');
    expect(message!.html).toContain('Tee &lt;b&gt;');
    expect(message!.html).toContain('Alpha &lt;Store&gt;');
    expect(message!.html).not.toContain('<b>');
    expect(message!.html).toContain('href="https://alpha.test/order-status?number=K7Q2M9XW4R"');
  });

  it('links a customer’s email to their account’s orders', async () => {
    const h = harness(order({ customerId: 'sub-1' }));
    await h.emails.handle(event('OrderPaid'));
    expect(h.sent()[0]).toMatchObject({ tag: 'payment-received', subject: 'Payment received for order K7Q2M9XW4R' });
    expect(h.sent()[0]!.text).toContain('We received your payment of €39.95 for order K7Q2M9XW4R.');
    expect(h.sent()[0]!.text).toContain('See your order: https://alpha.test/account/orders');
  });

  it('says what shipped, whether the rest follows, and the tracking text when the fulfilment has one', async () => {
    const h = harness();
    await h.emails.handle(event('OrderFulfilled', { shipped: [{ variantId: 'v1', quantity: 1 }], complete: false, tracking: 'DHL 00340434161234567890' }));
    const [message] = h.sent();
    expect(message).toMatchObject({ tag: 'order-shipped', subject: 'Part of your order K7Q2M9XW4R has shipped' });
    expect(message!.text).toContain('On its way from order K7Q2M9XW4R: 1 × Tee <b> (S).');
    expect(message!.text).toContain('The rest follows in another parcel');
    expect(message!.text).toContain('Tracking: DHL 00340434161234567890');
    expect(message!.html).toContain('Tracking: DHL 00340434161234567890');
    const whole = harness();
    await whole.emails.handle(event('OrderFulfilled', { shipped: [{ variantId: 'v2', quantity: 1 }], complete: true }));
    expect(whole.sent()[0]!.subject).toBe('Your order K7Q2M9XW4R has shipped');
    expect(whole.sent()[0]!.text).not.toContain('Tracking');
  });

  it('tells of a cancellation (with the refund when paid) and of a refund', async () => {
    const paid = harness(order({ status: 'cancelled', payment: { provider: 'test', id: 'p', status: 'refunded' } }));
    await paid.emails.handle(event('OrderCancelled'));
    expect(paid.sent()[0]).toMatchObject({ tag: 'order-cancelled', subject: 'Order K7Q2M9XW4R is cancelled' });
    expect(paid.sent()[0]!.text).toContain('The payment of €39.95 goes back to your card.');
    const unpaid = harness(order({ status: 'cancelled', payment: { provider: 'test', id: 'p', status: 'failed' } }));
    await unpaid.emails.handle(event('OrderCancelled'));
    expect(unpaid.sent()[0]!.text).toContain('Nothing was charged.');
    const refunded = harness(order({ status: 'refunded' }));
    await refunded.emails.handle(event('OrderRefunded'));
    expect(refunded.sent()[0]).toMatchObject({ tag: 'order-refunded', subject: 'Refund for order K7Q2M9XW4R' });
    expect(refunded.sent()[0]!.text).toContain('We refunded €39.95 for order K7Q2M9XW4R.');
  });

  it('sends once when the event is delivered twice, and records one EmailSent event naming the template and a hash of the address', async () => {
    const h = harness();
    const placed = event('OrderPlaced');
    expect(await h.emails.handle(placed)).toBe('sent');
    expect(await h.emails.handle(placed)).toBe('already-sent');
    expect(h.send).toHaveBeenCalledOnce();
    expect([...h.recorded.values()]).toEqual([
      {
        source: 'shop.notifications',
        detailType: 'EmailSent',
        detail: expect.objectContaining({
          eventId: `email-${placed.detail.eventId}-shopper`,
          tenantId: 'alpha',
          occurredAt: placed.detail.occurredAt,
          template: 'order-confirmation',
          orderId: 'K7Q2M9XW4R',
          recipientHash: recipientHash('alpha', 'ada@example.com'),
        }),
      },
    ]);
    expect(JSON.stringify([...h.recorded.values()])).not.toContain('ada@example.com');
  });

  it('a failed send is not marked sent: the redelivery sends it', async () => {
    const send = vi
      .fn<(m: EmailMessage) => Promise<{ messageId: string }>>()
      .mockRejectedValueOnce(new Error('SES down'))
      .mockResolvedValue({ messageId: 'm2' });
    const h = harness(order(), send);
    const paid = event('OrderPaid');
    await expect(h.emails.handle(paid)).rejects.toThrow('SES down');
    expect(h.recorded.size).toBe(0);
    expect(await h.emails.handle(paid)).toBe('sent');
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('ignores other events, unknown orders and orders whose shopper was erased', async () => {
    const h = harness();
    expect(await h.emails.handle({ ...event('OrderPaid'), detailType: 'OrderDelivered' })).toBe('ignored');
    expect(await h.emails.handle({ ...event('OrderPaid'), source: 'catalog.inventory' })).toBe('ignored');
    expect(await harness(null).emails.handle(event('OrderPaid'))).toBe('no-order');
    expect(await harness(order({ email: 'erased' })).emails.handle(event('OrderPaid'))).toBe('no-recipient');
    expect(h.send).not.toHaveBeenCalled();
  });

  it('formats amounts by the currency’s minor unit', () => {
    const yen = shopperOrderEmail({
      step: 'OrderPaid',
      storeName: 'S',
      orderId: 'X',
      currency: 'JPY',
      lines: [],
      totals: { subtotal: 1200, shipping: 0, tax: 0, total: 1200, pricesIncludeTax: true },
      shippingMethod: 'Post',
      guest: true,
    });
    expect(yen.text).toContain('¥1,200');
  });
});

describe('the From header', () => {
  it('quotes the store’s name, escapes quotes, drops line breaks, and encodes non-ASCII names', () => {
    expect(fromHeader('no-reply@shop.test', 'Alpha Store')).toBe('"Alpha Store" <no-reply@shop.test>');
    expect(fromHeader('no-reply@shop.test', 'Say "hi"\r\nBcc: x@evil.test')).toBe('"Say \\"hi\\" Bcc: x@evil.test" <no-reply@shop.test>');
    expect(fromHeader('no-reply@shop.test', 'Café Süd')).toBe(`=?UTF-8?B?${Buffer.from('Café Süd').toString('base64')}?= <no-reply@shop.test>`);
    expect(fromHeader('no-reply@shop.test', undefined)).toBe('no-reply@shop.test');
  });
});
