import { DocumentLinkSchema, DocumentLookupSchema, DocumentQuerySchema } from '../../invoices/routes';
import { IdParamSchema } from '../request';
import type { HeaderSpec, Operation, ResponseSpec } from './operations';

/** Invoices' part of the contract (docs/invoices.md): a link to an order's invoice or credit note. */

const link: ResponseSpec = { description: 'The document’s number and a presigned link to its PDF, valid five minutes.', json: DocumentLinkSchema };
const toPdf: ResponseSpec = {
  description: 'A browser (Accept prefers text/html) is sent straight to the PDF’s five-minute link.',
  empty: true,
  headers: { location: 'The PDF.' },
};
const summary = (who: string) => `${who}: a five-minute link to the order’s invoice, or its credit note with ?document=credit-note (none issued: 404)`;

export function invoiceOperations(businessPostHeaders: readonly HeaderSpec[]): Operation[] {
  const store = { host: 'store', tag: 'Invoices' } as const;
  return [
    {
      ...store,
      method: 'get',
      path: '/me/orders/:orderId/invoice',
      summary: summary('The signed-in customer’s own order'),
      access: ['customer'],
      pathParams: { orderId: IdParamSchema },
      query: DocumentQuerySchema,
      responses: { 200: link, 303: toPdf },
    },
    {
      ...store,
      method: 'get',
      path: '/admin/orders/:orderId/invoice',
      summary: summary('Staff (support included)'),
      access: ['admin', 'clerk', 'support'],
      pathParams: { orderId: IdParamSchema },
      query: DocumentQuerySchema,
      responses: { 200: link, 303: toPdf },
    },
    {
      ...store,
      method: 'post',
      path: '/orders/lookup/invoice',
      summary: summary('A guest, by the order’s number and email (either wrong: 404)'),
      access: 'public',
      headers: businessPostHeaders,
      body: DocumentLookupSchema,
      responses: { 200: link, 303: toPdf },
    },
    {
      ...store,
      tag: 'Pages',
      method: 'post',
      path: '/invoice',
      summary: 'The confirmation page’s “Download your invoice” form (number, email): a page with a five-minute link, or saying none was found',
      access: 'public',
      kind: 'page',
      headers: businessPostHeaders,
      responses: {
        200: { description: 'The page with the link.', contentType: 'text/html' },
        400: { description: 'The page, saying no invoice was found for that number and email (either wrong, or not paid).', contentType: 'text/html' },
      },
    },
  ];
}
