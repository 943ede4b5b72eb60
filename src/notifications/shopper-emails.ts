import type { Logger } from 'pino';
import * as v from 'valibot';
import type { DomainEvent } from '../events/event';
import type { NoticeLog } from '../inventory/low-stock-notices';
import type { Order } from '../orders/order';
import type { OrderRepository } from '../orders/repository';
import type { TenantRecord, TenantRegistry } from '../tenants/registry';
import { tenantContext } from '../tenants/tenant';
import { emailSentEvent, type EmailEventLog } from './email-events';
import type { EmailSender } from './email';
import { SHOPPER_EMAIL_TAGS, shopperOrderEmail, type ShopperEmailStep } from './order-emails';

const OrderEventDetail = v.looseObject({
  eventId: v.pipe(v.string(), v.minLength(1)),
  tenantId: v.string(),
  occurredAt: v.string(),
  orderId: v.pipe(v.string(), v.minLength(1)),
  // OrderFulfilled: what shipped now, whether that completes the order, and the carrier's text
  // (an optional `tracking`, on the event or on the fulfilment it records).
  shipped: v.optional(v.array(v.looseObject({ variantId: v.string(), quantity: v.number() }))),
  complete: v.optional(v.boolean()),
  tracking: v.optional(v.unknown()),
  fulfilment: v.optional(v.looseObject({ tracking: v.optional(v.unknown()) })),
});

export type ShopperEmailOutcome = 'ignored' | 'no-store' | 'no-order' | 'no-recipient' | 'sent' | 'already-sent' | 'busy';

/** The recipient key of the notice log: one email per order event, to the order's address. */
const SHOPPER = 'shopper';

/** The order's details a shopper's email must not carry once the person has asked to be forgotten. */
export const isErased = (order: Pick<Order, 'email'>) => !order.email.includes('@');

/**
 * The shopper's email for each order event (docs/emails.md): confirmation, payment received,
 * shipped, cancelled, refunded. Sent at most once per event (the notice log's claim, as the store's
 * new-order email), from the store's name, then recorded as an `EmailSent` event in the store's
 * outbox. A failed send releases the claim and throws, so the event comes back and is sent then.
 */
export function createShopperEmails(deps: {
  registry: Pick<TenantRegistry, 'get'>;
  orders: Pick<OrderRepository, 'get'>;
  notices: NoticeLog;
  sender: EmailSender;
  events: EmailEventLog;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** The store's address, for the link to the order; none when unknown. */
  storeUrl?: ((store: TenantRecord) => string | undefined) | undefined;
  leaseMs?: number;
}) {
  const leaseMs = deps.leaseMs ?? 60_000;

  return {
    async handle(event: DomainEvent): Promise<ShopperEmailOutcome> {
      if (event.source !== 'shop.orders' || !(event.detailType in SHOPPER_EMAIL_TAGS)) return 'ignored';
      const step = event.detailType as ShopperEmailStep;
      const detail = v.parse(OrderEventDetail, event.detail);
      const store = await deps.registry.get(detail.tenantId);
      if (!store) return 'no-store';
      const tenant = tenantContext(store);
      const order = await deps.orders.get(tenant, detail.orderId);
      if (!order) return 'no-order';
      // An order whose shopper had their details erased (src/privacy/) has nobody to write to.
      if (isErased(order)) return 'no-recipient';
      const tag = SHOPPER_EMAIL_TAGS[step];
      const sentEvent = emailSentEvent({ tenantId: tenant.id, tag, to: order.email, cause: event, recipientKey: SHOPPER, orderId: order.id });

      const claim = await deps.notices.claim(tenant, detail.eventId, SHOPPER, leaseMs);
      if (claim === 'busy') return 'busy';
      if (claim === 'sent') {
        // Sent before; its event may not have been written if that delivery stopped in between.
        await deps.events.record(tenant, sentEvent);
        return 'already-sent';
      }
      try {
        const rendered = shopperOrderEmail(factsOf(step, store, order, detail, deps.storeUrl?.(store)));
        const { messageId } = await deps.sender.send({ to: order.email, fromName: store.name, ...rendered, tenantId: tenant.id });
        await deps.notices.markSent(tenant, detail.eventId, SHOPPER, messageId);
      } catch (error) {
        await deps.notices
          .release(tenant, detail.eventId, SHOPPER)
          .catch((releaseError: unknown) => deps.logger.warn({ err: releaseError }, 'could not release a notice claim; it expires with its lease'));
        throw error;
      }
      await deps.events.record(tenant, sentEvent);
      deps.logger.info({ tenantId: tenant.id, eventId: detail.eventId, orderId: order.id, tag }, 'shopper email sent');
      return 'sent';
    },
  };
}

/** The link a shopper follows: a customer's orders in their account; a guest's lookup by number and email. */
export function orderLinkOf(base: string | undefined, order: Pick<Order, 'id' | 'customerId'>): string | undefined {
  if (!base) return undefined;
  return order.customerId ? `${base}/account/orders` : `${base}/order-status?number=${encodeURIComponent(order.id)}`;
}

function factsOf(step: ShopperEmailStep, store: TenantRecord, order: Order, detail: v.InferOutput<typeof OrderEventDetail>, base: string | undefined) {
  const lineOf = (variantId: string) => order.lines.find((l) => l.variantId === variantId);
  const tracking = [detail.tracking, detail.fulfilment?.tracking].find((t): t is string => typeof t === 'string' && t.trim() !== '');
  return {
    step,
    storeName: store.name,
    orderId: order.id,
    currency: order.totals.currency,
    lines: order.lines,
    totals: order.totals,
    shippingMethod: order.shippingMethod.name,
    orderUrl: orderLinkOf(base, order),
    guest: order.customerId === null,
    shipped: detail.shipped?.map((s) => ({
      name: lineOf(s.variantId)?.name ?? 'An item',
      optionValues: lineOf(s.variantId)?.optionValues ?? [],
      quantity: s.quantity,
    })),
    complete: detail.complete,
    tracking: tracking?.trim().slice(0, 500),
    refunded: order.payment.status === 'refunded',
  };
}
