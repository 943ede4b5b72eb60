import { Hono, type Context, type MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import type { TenantEnv } from '../http/env';
import { allow, everyone } from '../http/middleware/access';
import { prefersHtml } from '../http/negotiate';
import { idParam, jsonBody } from '../http/request';
import { OrderLookupSchema } from '../orders/order';
import type { OrderService } from '../orders/service';
import { parseOrThrow } from '../shared/validation';
import { DOCUMENT_SERIES } from './document';
import type { DocumentLink, InvoiceService } from './service';

/** `?document=credit-note` asks for the order's credit note; the invoice otherwise. */
export const DocumentQuerySchema = v.object({ document: v.optional(v.picklist(DOCUMENT_SERIES), 'invoice') });
/** Body of POST /orders/lookup/invoice: the guest's lookup (number and email), and which document. */
export const DocumentLookupSchema = v.strictObject({ ...OrderLookupSchema.entries, document: v.optional(v.picklist(DOCUMENT_SERIES), 'invoice') });
/** The answer: the document's number and a link that lives five minutes. */
export const DocumentLinkSchema = v.strictObject({ number: v.string(), url: v.string(), expiresAt: v.string() });

const seriesOf = (c: Context) => parseOrThrow(DocumentQuerySchema, { document: c.req.query('document') }, 'query string').document;

/** A browser following a link goes straight to the PDF; an API client gets the link as JSON. */
const answer = (c: Context, link: DocumentLink) =>
  prefersHtml(c.req.header('accept')) ? c.redirect(link.url, 303) : c.json({ number: link.number, url: link.url, expiresAt: link.expiresAt });

/**
 * Downloads of an order's invoice or credit note, for those who may read the order: the customer
 * (their own orders; another's is 404), a guest with the order's number and email (either wrong:
 * 404, as the lookup), and the store's staff, support included. `idempotent` is the buyers'
 * Idempotency-Key middleware (every POST takes one; a replay hands back the same, perhaps expired, link).
 */
export function invoiceRoutes(orders: OrderService, invoices: InvoiceService, idempotent: MiddlewareHandler<TenantEnv>) {
  return new Hono<TenantEnv>()
    .get('/me/orders/:orderId/invoice', allow('customer'), async (c) => {
      const tenant = c.get('tenant');
      const order = await orders.customerOrder(tenant, c.get('claims')!.sub, idParam(c, 'orderId'));
      return answer(c, await invoices.link(tenant, order, seriesOf(c)));
    })
    .get('/admin/orders/:orderId/invoice', allow('admin', 'clerk', 'support'), async (c) => {
      const tenant = c.get('tenant');
      return answer(c, await invoices.link(tenant, await orders.get(tenant, idParam(c, 'orderId')), seriesOf(c)));
    })
    .post('/orders/lookup/invoice', everyone, idempotent, async (c) => {
      const { number, email, document } = await jsonBody(c, DocumentLookupSchema);
      const tenant = c.get('tenant');
      return answer(c, await invoices.link(tenant, await orders.lookup(tenant, number, email), document));
    });
}
