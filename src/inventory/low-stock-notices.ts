import * as v from 'valibot';
import type { Logger } from 'pino';
import type { DomainEvent } from '../events/event';
import type { UserDirectory } from '../identity/directory';
import type { EmailSender } from '../notifications/email';
import { stockNotice } from '../notifications/templates';
import type { ProductRepository } from '../catalog/repository';
import type { TenantRecord, TenantRegistry } from '../tenants/registry';
import { tenantContext, type TenantContext } from '../tenants/tenant';

/**
 * Which notices of an event went to whom. A redelivered event (SQS, the local bus, the stream publisher retrying a batch that
 * sends twice) must not email anyone twice, and two workers holding the same message at once
 * (a visibility timeout that ran out) must not both send: the first claims the recipient for a
 * lease, then marks it sent; a failed send releases the claim so the retry can send.
 */
export interface NoticeLog {
  /** `sent`: done before; `busy`: another worker holds an unexpired claim; `claimed`: ours to send. */
  claim(tenant: TenantContext, eventId: string, recipientId: string, leaseMs: number): Promise<'claimed' | 'sent' | 'busy'>;
  markSent(tenant: TenantContext, eventId: string, recipientId: string, messageId: string): Promise<void>;
  release(tenant: TenantContext, eventId: string, recipientId: string): Promise<void>;
}

/** Some admins of the event's store could not be emailed (yet): the event must come back. */
export class NoticeDeliveryError extends Error {
  constructor(
    readonly eventId: string,
    readonly failures: readonly { recipientId: string; error: unknown }[],
  ) {
    super(`${failures.length} notice(s) of event ${eventId} not sent`, { cause: failures[0]?.error });
    this.name = 'NoticeDeliveryError';
  }
}

const StockEventDetail = v.looseObject({
  eventId: v.pipe(v.string(), v.minLength(1)),
  tenantId: v.string(),
  occurredAt: v.string(),
  productId: v.pipe(v.string(), v.minLength(1)),
  /** Absent in events written before variants: the product's only variant then. */
  variantId: v.optional(v.string()),
  current: v.number(),
  threshold: v.optional(v.nullable(v.number())),
});

export type NoticeOutcome = { outcome: 'ignored' | 'no-store' | 'store-inactive' | 'no-product' | 'sent'; sent: number; skipped: number };

export type LowStockNoticeDeps = {
  registry: Pick<TenantRegistry, 'get'>;
  products: Pick<ProductRepository, 'get'>;
  directory: Pick<UserDirectory, 'admins'>;
  notices: NoticeLog;
  sender: EmailSender;
  logger: Logger;
  /** The store console's address for a store, for the email's link; none when unknown. */
  consoleUrl?: (store: TenantRecord) => string | undefined;
  /** How long a claim keeps another worker off a recipient: longer than one send takes. */
  leaseMs?: number;
};

/**
 * The inventory consumer: a `LowStock` or `OutOfStock` event becomes one email per admin of the
 * store (clerks, support and customers get none), each sent at most once per event. Any other
 * event is ignored. Throws `NoticeDeliveryError` when a notice could not be sent, after trying
 * every admin, so the event is delivered again and only the missing ones go out.
 */
export function createLowStockNotices(deps: LowStockNoticeDeps) {
  const leaseMs = deps.leaseMs ?? 60_000;

  async function handle(event: DomainEvent): Promise<NoticeOutcome> {
    if (event.source !== 'catalog.inventory' || (event.detailType !== 'LowStock' && event.detailType !== 'OutOfStock'))
      return { outcome: 'ignored', sent: 0, skipped: 0 };
    const detail = v.parse(StockEventDetail, event.detail);
    const log = deps.logger.child({ eventId: detail.eventId, tenantId: detail.tenantId, detailType: event.detailType });
    // The registry, not the event, says which store this is: a tenant context is only minted from a record.
    const store = await deps.registry.get(detail.tenantId);
    if (!store) {
      log.warn('stock notice for a store that no longer exists: dropped');
      return { outcome: 'no-store', sent: 0, skipped: 0 };
    }
    // A suspended store's staff cannot act on it (every route answers 403): nothing to tell them.
    if (store.status !== 'active') return { outcome: 'store-inactive', sent: 0, skipped: 0 };
    const tenant = tenantContext(store);
    const product = await deps.products.get(tenant, detail.productId);
    if (!product) return { outcome: 'no-product', sent: 0, skipped: 0 };
    const variant = detail.variantId === undefined ? product.variants[0] : product.variants.find((candidate) => candidate.id === detail.variantId);
    if (!variant) return { outcome: 'no-product', sent: 0, skipped: 0 };

    const rendered = stockNotice({
      kind: event.detailType,
      storeName: store.name,
      productId: product.id,
      productName: product.name,
      sku: variant.sku,
      variant: variant.optionValues.map((value, i) => `${product.options[i]?.name ?? 'Option'}: ${value}`).join(', ') || undefined,
      current: detail.current,
      threshold: detail.threshold,
      occurredAt: detail.occurredAt,
      consoleUrl: deps.consoleUrl?.(store),
    });
    const admins = (await deps.directory.admins(tenant)).filter((admin) => admin.email);
    let sent = 0;
    let skipped = 0;
    const failures: { recipientId: string; error: unknown }[] = [];
    for (const admin of admins) {
      const claim = await deps.notices.claim(tenant, detail.eventId, admin.userId, leaseMs);
      if (claim === 'sent') {
        skipped += 1;
        continue;
      }
      if (claim === 'busy') {
        failures.push({ recipientId: admin.userId, error: new Error('another delivery of this event is sending it') });
        continue;
      }
      try {
        const { messageId } = await deps.sender.send({ to: admin.email, ...rendered, tenantId: tenant.id });
        await deps.notices.markSent(tenant, detail.eventId, admin.userId, messageId);
        sent += 1;
      } catch (error) {
        failures.push({ recipientId: admin.userId, error });
        await deps.notices
          .release(tenant, detail.eventId, admin.userId)
          .catch((releaseError: unknown) => log.warn({ err: releaseError }, 'could not release a notice claim; it expires with its lease'));
      }
    }
    log.info({ sent, skipped, failed: failures.length, admins: admins.length }, 'stock notices');
    if (failures.length > 0) throw new NoticeDeliveryError(detail.eventId, failures);
    return { outcome: 'sent', sent, skipped };
  }

  return { handle };
}

export type LowStockNotices = ReturnType<typeof createLowStockNotices>;
