import type { Logger } from 'pino';
import * as v from 'valibot';
import type { DomainEvent } from '../events/event';
import type { NoticeLog } from '../inventory/low-stock-notices';
import { escapeHtml, type EmailSender, type RenderedEmail } from '../notifications/email';
import { amount } from '../notifications/order-emails';
import type { TenantRecord, TenantRegistry } from '../tenants/registry';
import { tenantContext } from '../tenants/tenant';

const OrderPlacedDetail = v.looseObject({
  eventId: v.string(),
  tenantId: v.string(),
  orderId: v.string(),
  total: v.number(),
  currency: v.string(),
});

/** The store's new-order email: the number, the total, a link to the order in the console. */
export function newOrderEmail(facts: { storeName: string; orderId: string; total: number; currency: string; consoleUrl?: string | undefined }): RenderedEmail {
  const total = amount(facts.total, facts.currency);
  const link = facts.consoleUrl ? `${facts.consoleUrl}/orders/${facts.orderId}` : undefined;
  return {
    tag: 'new-order',
    subject: `New order ${facts.orderId} (${total})`,
    text: [`${facts.storeName} has a new order: ${facts.orderId}, ${total}.`, ...(link ? [`See it: ${link}`] : [])].join('\n'),
    html: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>New order</title></head><body style="font-family:system-ui,sans-serif"><p>${escapeHtml(
      facts.storeName,
    )} has a new order: <strong>${escapeHtml(facts.orderId)}</strong>, ${escapeHtml(total)}.</p>${
      link ? `<p><a href="${escapeHtml(link)}">See the order</a></p>` : ''
    }</body></html>`,
  };
}

/**
 * Tells a store of each new order (`OrderPlaced`): one email to the store's contact address
 * (settings, legal email), at most once per event (the notice log, as stock notices), nothing
 * when the store has given none. Amounts in the currency's own minor unit; the store's name as sender name.
 */
export function createOrderNotices(deps: {
  registry: Pick<TenantRegistry, 'get'>;
  notices: NoticeLog;
  sender: EmailSender;
  logger: Pick<Logger, 'info' | 'warn'>;
  consoleUrl?: ((store: TenantRecord) => string | undefined) | undefined;
}) {
  return {
    async handle(event: DomainEvent): Promise<'ignored' | 'no-address' | 'sent' | 'already-sent'> {
      if (event.source !== 'shop.orders' || event.detailType !== 'OrderPlaced') return 'ignored';
      const detail = v.parse(OrderPlacedDetail, event.detail);
      const store = await deps.registry.get(detail.tenantId);
      const to = store?.settings?.legal.email;
      if (!store || !to) return 'no-address';
      const tenant = tenantContext(store);
      const claim = await deps.notices.claim(tenant, detail.eventId, 'store', 60_000);
      if (claim !== 'claimed') return 'already-sent';
      try {
        const rendered = newOrderEmail({
          storeName: store.name,
          orderId: detail.orderId,
          total: detail.total,
          currency: detail.currency,
          consoleUrl: deps.consoleUrl?.(store),
        });
        const { messageId } = await deps.sender.send({ to, fromName: store.name, ...rendered, tenantId: tenant.id });
        await deps.notices.markSent(tenant, detail.eventId, 'store', messageId);
        return 'sent';
      } catch (error) {
        await deps.notices.release(tenant, detail.eventId, 'store').catch(() => undefined);
        throw error;
      }
    },
  };
}
