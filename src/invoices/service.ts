import * as v from 'valibot';
import type { MediaStore, PresignedDownload } from '../catalog/media';
import type { DomainEvent } from '../events/event';
import type { Order } from '../orders/order';
import { NotFoundError } from '../shared/errors';
import type { TenantRegistry } from '../tenants/registry';
import { tenantContext, type TenantContext } from '../tenants/tenant';
import { DOCUMENT_NUMBER, documentKey, type DocumentSeries } from './document';
import { documentLayout } from './layout';

/** A download link lives five minutes: long enough to click, short enough that a forwarded link soon dies. */
export const DOCUMENT_LINK_SECONDS = 300;
const PDF = 'application/pdf';

/** The order events after which an order may have a document to render: paid (an invoice), refunded or cancelled (a credit note). */
export const INVOICE_EVENTS = [
  { source: 'shop.orders', detailType: 'OrderPaid' },
  { source: 'shop.orders', detailType: 'OrderRefunded' },
  { source: 'shop.orders', detailType: 'OrderCancelled' },
] as const;

/** Unpaid (no invoice) or not refunded (no credit note): 404, as a document that does not exist. */
export class DocumentNotIssuedError extends NotFoundError {}

const OrderEventDetail = v.looseObject({ tenantId: v.string(), orderId: v.string() });

export type DocumentLink = PresignedDownload & { number: string };

export type InvoiceDeps = {
  orders: { get(tenant: TenantContext, orderId: string): Promise<Order | undefined> };
  files: Pick<MediaStore, 'head' | 'putPrivate' | 'presignPrivate'>;
  registry: Pick<TenantRegistry, 'get'>;
};

/**
 * Invoice and credit-note PDFs (docs/invoices.md). The number is on the order already (taken in
 * the transaction that paid or refunded it); rendering only turns the order's stored facts into
 * the PDF at `tenants/<id>/invoices/<number>.pdf`. It is driven by the order's events, reads the
 * order as it is now (so duplicates and any delivery order converge), and writes to a key fixed
 * by the number: rendering twice, or again after a failure, gives the same document at the same key.
 */
export function createInvoiceService(deps: InvoiceDeps) {
  const issued = (order: Order, series: DocumentSeries) => (series === 'invoice' ? order.invoice : order.creditNote);

  /** Writes the document's PDF unless it is there already; answers its number, or undefined when the order has none. */
  async function ensure(tenant: TenantContext, order: Order, series: DocumentSeries): Promise<string | undefined> {
    const document = issued(order, series);
    if (!document) return undefined;
    if (!DOCUMENT_NUMBER.test(document.number)) throw new Error(`not a document number: ${document.number}`);
    const key = documentKey(tenant, document.number);
    if (await deps.files.head(tenant, key)) return document.number;
    // pdf-lib loads with the first render, not with every cold start of the API (docs/benchmarks.md).
    const { renderDocumentPdf } = await import('./pdf');
    const pdf = await renderDocumentPdf(documentLayout(order, series), new Date(document.issuedAt));
    await deps.files.putPrivate(tenant, key, pdf, PDF);
    return document.number;
  }

  return {
    /** Every document the order has, rendered where missing; answers the numbers it holds. */
    async render(tenant: TenantContext, orderId: string): Promise<string[]> {
      const order = await deps.orders.get(tenant, orderId);
      if (!order) return [];
      const numbers = [await ensure(tenant, order, 'invoice'), await ensure(tenant, order, 'credit-note')];
      return numbers.filter((n): n is string => n !== undefined);
    },

    /** The consumer of the order events: a failure throws, so the delivery is retried (SQS; locally the bus's retries). */
    async handle(event: DomainEvent): Promise<'ignored' | 'no-store' | string[]> {
      if (!INVOICE_EVENTS.some((e) => e.source === event.source && e.detailType === event.detailType)) return 'ignored';
      const detail = v.safeParse(OrderEventDetail, event.detail);
      if (!detail.success) return 'ignored';
      // The registry, not the event, says which store this is.
      const store = await deps.registry.get(detail.output.tenantId);
      if (!store) return 'no-store';
      return this.render(tenantContext(store), detail.output.orderId);
    },

    /**
     * A short-lived link to an order's invoice or credit note, for whoever may read the order (the
     * caller has checked that). Not issued (unpaid, or never refunded): 404. Issued but not yet
     * rendered (the consumer is behind or failed): rendered here, under the same number.
     */
    async link(tenant: TenantContext, order: Order, series: DocumentSeries): Promise<DocumentLink> {
      const number = await ensure(tenant, order, series);
      if (!number) throw new DocumentNotIssuedError(series === 'invoice' ? 'This order has no invoice: it is not paid.' : 'This order has no credit note.');
      return { number, ...(await deps.files.presignPrivate(tenant, documentKey(tenant, number), DOCUMENT_LINK_SECONDS)) };
    },
  };
}

export type InvoiceService = ReturnType<typeof createInvoiceService>;
