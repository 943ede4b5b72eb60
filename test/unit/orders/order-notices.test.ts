import { describe, expect, it, vi } from 'vitest';
import { domainEvent } from '../../../src/events/event';
import type { NoticeLog } from '../../../src/inventory/low-stock-notices';
import { createOrderNotices } from '../../../src/orders/order-notices';
import { defaultSettings } from '../../../src/settings/store-settings';

const store = (email: string) => ({
  id: 'alpha',
  name: 'Alpha <Store>',
  tier: 'basic',
  status: 'active',
  domains: ['alpha.test'],
  settings: defaultSettings({ legal: { name: 'Alpha', address: '', vatId: '', email } }),
});

function memoryNotices(): NoticeLog {
  const sent = new Set<string>();
  return {
    claim: async (_t, eventId, to) => (sent.has(`${eventId}/${to}`) ? 'sent' : 'claimed'),
    markSent: async (_t, eventId, to) => void sent.add(`${eventId}/${to}`),
    release: async () => undefined,
  };
}

const placed = domainEvent(
  'shop.orders',
  'OrderPlaced',
  { tenantId: 'alpha', actor: 'guest', occurredAt: new Date().toISOString() },
  {
    orderId: 'K7Q2M9XW4R',
    total: 12_345,
    currency: 'EUR',
    productIds: [],
  },
);

describe('new-order notices', () => {
  it('emails the store’s contact address once per event, escaped, with the order’s number and total', async () => {
    const send = vi.fn(async () => ({ messageId: 'm1' }));
    const notices = createOrderNotices({
      registry: { get: async () => store('orders@alpha.test') as never },
      notices: memoryNotices(),
      sender: { send },
      logger: { info: vi.fn(), warn: vi.fn() },
      consoleUrl: () => 'http://alpha.test/admin',
    });
    expect(await notices.handle(placed)).toBe('sent');
    expect(await notices.handle(placed)).toBe('already-sent');
    expect(send).toHaveBeenCalledOnce();
    const message = (send.mock.calls[0] as unknown as [{ to: string; fromName: string; subject: string; html: string; tag: string }])[0];
    expect(message).toMatchObject({ to: 'orders@alpha.test', fromName: 'Alpha <Store>', subject: 'New order K7Q2M9XW4R (€123.45)', tag: 'new-order' });
    expect(message.html).toContain('Alpha &lt;Store&gt;');
    expect(message.html).toContain('http://alpha.test/admin/orders/K7Q2M9XW4R');
  });

  it('a store without a contact address, or another event: nothing sent', async () => {
    const send = vi.fn(async () => ({ messageId: 'm1' }));
    const notices = createOrderNotices({
      registry: { get: async () => store('') as never },
      notices: memoryNotices(),
      sender: { send },
      logger: { info: vi.fn(), warn: vi.fn() },
    });
    expect(await notices.handle(placed)).toBe('no-address');
    expect(await notices.handle({ ...placed, detailType: 'OrderPaid' })).toBe('ignored');
    expect(send).not.toHaveBeenCalled();
  });
});
