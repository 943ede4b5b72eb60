import * as v from 'valibot';
import {
  CustomerOrderSchema,
  FulfilmentSchema,
  NoteSchema,
  OrderListQuerySchema,
  OrderLookupSchema,
  OrderSchema,
  PlaceOrderRequestSchema,
  QuoteRequestSchema,
  QuoteSchema,
  StockChoiceSchema,
} from '../../orders/order';
import { PAYMENT_SIGNATURE_HEADER } from '../../payments/webhook-signature';
import { IdParamSchema, PageQuerySchema } from '../request';
import type { HeaderSpec, Operation, ResponseSpec } from './operations';

/** Checkout and orders' part of the contract (docs/architecture.md, "Checkout and orders"). */

const json = (description: string, schema: v.GenericSchema, headers?: Record<string, string>): ResponseSpec => ({
  description,
  json: schema,
  ...(headers ? { headers } : {}),
});
const html = (description: string): ResponseSpec => ({ description, contentType: 'text/html' });
const page = (item: v.GenericSchema) => v.strictObject({ items: v.array(item), nextCursor: v.nullable(v.string()) });

const READERS = ['admin', 'clerk', 'support'] as const;
const SHIPPERS = ['admin', 'clerk'] as const;
const ADMIN = ['admin'] as const;
const order = { orderId: IdParamSchema };

const WebhookAnswerSchema = v.strictObject({ received: v.literal(true), outcome: v.picklist(['applied', 'unknown-payment']) });

export function orderOperations(businessPostHeaders: readonly HeaderSpec[]): Operation[] {
  const store = { host: 'store' } as const;
  const checkout = { ...store, tag: 'Checkout', access: 'public' } as const;
  const staff = { ...store, tag: 'Orders (staff)' } as const;
  const transition = (path: string, summary: string, access: readonly ('admin' | 'clerk')[], body?: v.GenericSchema): Operation => ({
    ...staff,
    method: 'post',
    path: `/admin/orders/:orderId/${path}`,
    summary,
    access,
    headers: businessPostHeaders,
    pathParams: order,
    ...(body ? { body } : {}),
    responses: { 200: json('The order after the change.', OrderSchema) },
    problems: [409],
  });
  return [
    {
      ...checkout,
      method: 'post',
      path: '/checkout/quote',
      summary: 'Totals of a checkout, computed here: lines at current prices, shipping, tax (nothing is reserved)',
      headers: businessPostHeaders,
      body: QuoteRequestSchema,
      responses: { 200: json('The priced lines, the shipping methods offered and the totals, in minor units.', QuoteSchema) },
    },
    {
      ...checkout,
      method: 'post',
      path: '/checkout/orders',
      summary:
        'Place an order: charges the card and reserves every line in one transaction (409 when stock is short, 422 when the card is declined). ' +
        'Send the `lines`, or `fromCart: true` to order the caller’s cart (its cookie or the customer’s own; 422 when empty), which is emptied once the order is placed',
      headers: businessPostHeaders,
      body: PlaceOrderRequestSchema,
      responses: { 201: json('The order placed: `paid`, or `placed` while a pending payment settles.', CustomerOrderSchema, { location: 'The order.' }) },
      problems: [409],
    },
    {
      ...checkout,
      method: 'post',
      path: '/orders/lookup',
      summary: 'A guest finds their order by its number and email (either wrong: 404)',
      headers: businessPostHeaders,
      body: OrderLookupSchema,
      responses: { 200: json('The order.', CustomerOrderSchema) },
    },
    {
      ...store,
      tag: 'Orders (customers)',
      method: 'get',
      path: '/me/orders',
      summary: 'The signed-in customer’s orders, newest first',
      access: ['customer'],
      query: PageQuerySchema,
      responses: { 200: json('A page of orders.', page(CustomerOrderSchema)) },
    },
    {
      ...store,
      tag: 'Orders (customers)',
      method: 'get',
      path: '/me/orders/:orderId',
      summary: 'One of the signed-in customer’s orders',
      access: ['customer'],
      pathParams: order,
      responses: { 200: json('The order.', CustomerOrderSchema) },
    },
    {
      ...staff,
      method: 'get',
      path: '/admin/orders',
      summary: 'The store’s orders, newest first; filter by `status`, search by number, email or name (`q`)',
      access: READERS,
      query: OrderListQuerySchema,
      responses: { 200: json('A page of orders.', page(OrderSchema)) },
    },
    {
      ...staff,
      method: 'get',
      path: '/admin/orders/:orderId',
      summary: 'One order with its notes and history',
      access: READERS,
      pathParams: order,
      responses: { 200: json('The order.', OrderSchema) },
    },
    transition('fulfilments', 'Ship units of some lines (partial fulfilment allowed): they leave the shelf', SHIPPERS, FulfilmentSchema),
    transition('deliver', 'Mark a fulfilled order delivered', ADMIN),
    transition('cancel', 'Cancel an order not fully shipped; `restock` says whether its unshipped units go back on sale', ADMIN, StockChoiceSchema),
    transition('refund', 'Refund a paid order; `restock` says whether its units go back on sale', ADMIN, StockChoiceSchema),
    {
      ...transition('notes', 'Add a staff note', SHIPPERS, NoteSchema),
      responses: { 201: json('The order with the note.', OrderSchema) },
    },
    {
      ...store,
      tag: 'Pages',
      method: 'get',
      path: '/checkout',
      summary:
        'The checkout page: lines from `?line=<productId>:<variantId>:<quantity>`, discount codes from `?code=` (repeated, at most 5), totals from the quote, the form',
      access: 'public',
      kind: 'page',
      responses: { 200: html('The page.'), 400: html('No lines, or lines that cannot be bought.') },
      // More codes than an order may carry.
      problems: [422],
    },
    {
      ...store,
      tag: 'Pages',
      method: 'post',
      path: '/checkout',
      summary: 'The checkout form: places the order and answers the confirmation page',
      access: 'public',
      kind: 'page',
      headers: businessPostHeaders,
      responses: { 200: html('The confirmation.'), 400: html('The form again, saying what went wrong.') },
      // More codes than an order may carry (a form no page of ours sends).
      problems: [422],
    },
    {
      ...store,
      tag: 'Pages',
      method: 'get',
      path: '/account/orders',
      summary: 'A signed-in customer’s orders page (others are asked to sign in)',
      access: 'public',
      kind: 'page',
      responses: { 200: html('The page.') },
    },
    {
      method: 'post',
      path: '/platform/payments/webhook',
      tag: 'Payments',
      host: 'platform',
      summary: `The payment provider's signed notice that a payment settled (header ${PAYMENT_SIGNATURE_HEADER}); idempotent`,
      access: 'public',
      headers: businessPostHeaders,
      responses: { 200: json('Received (a payment of no known order is acknowledged too, or the provider would retry it forever).', WebhookAnswerSchema) },
    },
  ];
}
