import * as v from 'valibot';
import type { Logger } from 'pino';
import type { ProductRepository } from '../catalog/repository';
import { availableOf } from '../catalog/variants';
import { domainEvent, type DomainEvent } from '../events/event';
import type { UserDirectory } from '../identity/directory';
import { NoticeDeliveryError, type NoticeLog } from '../inventory/low-stock-notices';
import type { EmailSender } from '../notifications/email';
import { emailSentEvent, type EmailEventLog } from '../notifications/email-events';
import { backInStockNotice } from '../notifications/templates';
import type { TenantRecord, TenantRegistry } from '../tenants/registry';
import { tenantContext } from '../tenants/tenant';
import type { WishlistRepository } from './wishlist';

const RestockDetail = v.looseObject({
  eventId: v.pipe(v.string(), v.minLength(1)),
  tenantId: v.string(),
  occurredAt: v.string(),
  productId: v.pipe(v.string(), v.minLength(1)),
  variantId: v.optional(v.string()),
  previous: v.number(),
  current: v.number(),
});

export type BackInStockOutcome = {
  outcome: 'ignored' | 'no-store' | 'not-sellable' | 'not-a-restock' | 'no-wishers' | 'sent';
  sent: number;
  skipped: number;
};

export type BackInStockDeps = {
  registry: Pick<TenantRegistry, 'get'>;
  products: Pick<ProductRepository, 'get'>;
  wishlists: Pick<WishlistRepository, 'wishers' | 'announce'>;
  directory: Pick<UserDirectory, 'get'>;
  notices: NoticeLog;
  sender: EmailSender;
  /** Each email sent is an `EmailSent` event in the store's outbox (docs/emails.md); none recorded without. */
  events?: EmailEventLog | undefined;
  logger: Logger;
  /** The store's address for the email's link; none when unknown. */
  storeUrl?: (store: TenantRecord) => string | undefined;
  leaseMs?: number;
};

/** The `BackInStock` event of a restock: its id follows from the stock event's, so a redelivery finds it written. */
export const backInStockEventId = (stockEventId: string) => `back-in-stock-${stockEventId}`;

/**
 * Back in stock (docs/architecture.md, "Cart and wishlist"): an `InventoryChanged` that takes a
 * wished variant from nothing available to some (onHand − reserved, with today's reservations)
 * writes one `BackInStock` event to the outbox (EventBridge gets it from the stream) and emails
 * each customer wishing the variant, each at most once per restock (the notice log, as the
 * low-stock notices). A send that fails makes the event come back; only the missing ones go out.
 */
export function createBackInStock(deps: BackInStockDeps) {
  const leaseMs = deps.leaseMs ?? 60_000;
  const none = (outcome: BackInStockOutcome['outcome']): BackInStockOutcome => ({ outcome, sent: 0, skipped: 0 });

  async function handle(event: DomainEvent): Promise<BackInStockOutcome> {
    if (event.source !== 'catalog.inventory' || event.detailType !== 'InventoryChanged') return none('ignored');
    const detail = v.parse(RestockDetail, event.detail);
    // Only more stock can bring a variant back.
    if (detail.current <= detail.previous) return none('not-a-restock');
    const store = await deps.registry.get(detail.tenantId);
    if (store?.status !== 'active') return none('no-store');
    const tenant = tenantContext(store);
    const product = await deps.products.get(tenant, detail.productId);
    const variant = detail.variantId === undefined ? product?.variants[0] : product?.variants.find((candidate) => candidate.id === detail.variantId);
    if (product?.status !== 'active' || !variant?.active) return none('not-sellable');
    const reserved = product.stock[variant.id]?.reserved ?? 0;
    if (detail.previous - reserved > 0 || detail.current - reserved <= 0 || availableOf(product.stock[variant.id]) <= 0) return none('not-a-restock');
    const wishers = await deps.wishlists.wishers(tenant, variant.id);
    if (wishers.length === 0) return none('no-wishers');

    const announced: DomainEvent = domainEvent(
      'shop.carts',
      'BackInStock',
      { tenantId: tenant.id, actor: 'system:back-in-stock', occurredAt: detail.occurredAt },
      { productId: product.id, variantId: variant.id, sku: variant.sku, wishers: wishers.length, cause: detail.eventId },
    );
    announced.detail.eventId = backInStockEventId(detail.eventId);
    await deps.wishlists.announce(tenant, announced);

    const log = deps.logger.child({ eventId: announced.detail.eventId, tenantId: tenant.id });
    const base = deps.storeUrl?.(store);
    const rendered = backInStockNotice({
      storeName: store.name,
      productName: product.name,
      variant: variant.optionValues.map((value, i) => `${product.options[i]?.name ?? 'Option'}: ${value}`).join(', ') || undefined,
      productUrl: base ? `${base}/p/${product.id}?variant=${variant.id}` : undefined,
    });
    let sent = 0;
    let skipped = 0;
    const failures: { recipientId: string; error: unknown }[] = [];
    const recordSent = async (to: string, sub: string) =>
      deps.events?.record(tenant, emailSentEvent({ tenantId: tenant.id, tag: rendered.tag, to, cause: announced, recipientKey: sub }));
    for (const sub of wishers) {
      const eventId = announced.detail.eventId;
      const claim = await deps.notices.claim(tenant, eventId, sub, leaseMs);
      if (claim === 'sent') {
        skipped += 1;
        // Sent before; its event may not have been written if that delivery stopped in between.
        const user = deps.events ? await deps.directory.get(tenant, sub) : undefined;
        if (user?.email) await recordSent(user.email, sub);
        continue;
      }
      if (claim === 'busy') {
        failures.push({ recipientId: sub, error: new Error('another delivery of this restock is sending it') });
        continue;
      }
      try {
        const user = await deps.directory.get(tenant, sub);
        // A customer removed since they saved it: nobody to tell, and nothing to retry.
        const messageId = user?.email
          ? (await deps.sender.send({ to: user.email, fromName: store.name, ...rendered, tenantId: tenant.id })).messageId
          : 'no-recipient';
        await deps.notices.markSent(tenant, eventId, sub, messageId);
        if (user?.email) {
          sent += 1;
          await recordSent(user.email, sub);
        }
      } catch (error) {
        failures.push({ recipientId: sub, error });
        await deps.notices
          .release(tenant, eventId, sub)
          .catch((releaseError: unknown) => log.warn({ err: releaseError }, 'could not release a notice claim; it expires with its lease'));
      }
    }
    log.info({ sent, skipped, failed: failures.length, wishers: wishers.length }, 'back-in-stock emails');
    if (failures.length > 0) throw new NoticeDeliveryError(announced.detail.eventId, failures);
    return { outcome: 'sent', sent, skipped };
  }

  return { handle };
}
