import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { AppEnv, TenantEnv } from '../http/env';
import { idempotentWrite, jsonAnswer, reply } from '../http/idempotency';
import { allow, everyone } from '../http/middleware/access';
import { idParam, jsonBody, pageQuery } from '../http/request';
import { actorOf } from '../identity/actor';
import { PAYMENT_SIGNATURE_HEADER } from '../payments/webhook-signature';
import type { PaymentWebhook } from '../payments/webhook';
import { ValidationError } from '../shared/errors';
import { parseOrThrow } from '../shared/validation';
import type { CartService } from '../shopping/cart-service';
import { cartRefOf } from '../shopping/cart-cookie';
import { priceContextOf } from '../pricing/currency-cookie';
import type { TenantContext } from '../tenants/tenant';
import {
  customerView,
  FulfilmentSchema,
  NoteSchema,
  OrderListQuerySchema,
  OrderLookupSchema,
  PlaceOrderRequestSchema,
  QuoteRequestSchema,
  StockChoiceSchema,
  type Order,
  type PlaceOrder,
  type PlaceOrderRequest,
} from './order';
import { checkoutProducts, startedReadsOf, startReads } from './checkout-marks';
import type { Buyer, OrderService } from './service';

/** Who is buying: a signed-in customer's orders are theirs to list; anyone else checks out as a guest. */
function buyerOf(c: Context<TenantEnv>): Buyer {
  const claims = c.get('claims');
  if (claims?.roles.includes('customer')) return { actor: actorOf(c), customerId: claims.sub };
  return { actor: claims ? actorOf(c) : 'guest', customerId: null };
}

const orderId = (c: Context) => idParam(c, 'orderId');

type Carts = Pick<CartService, 'cartLines' | 'clearCart'>;

/**
 * The order a checkout body asks for, and the cart to empty once it is placed: the lines named,
 * or (`fromCart`) the caller's cart's, re-checked as on any cart read. No cart, or an empty one: 422.
 */
async function orderOf(c: Context<TenantEnv>, tenant: TenantContext, carts: Carts, body: PlaceOrderRequest) {
  if (!body.fromCart) {
    const { fromCart: _named, ...input } = body;
    return { input: input as PlaceOrder, cart: undefined };
  }
  const { fromCart: _cart, ...rest } = body;
  const cart = cartRefOf(c, false);
  const lines = cart
    ? (await carts.cartLines(tenant, cart, priceContextOf(c))).map(({ productId, variantId, quantity }) => ({ productId, variantId, quantity }))
    : [];
  if (lines.length === 0) throw new ValidationError('Your cart is empty.', [{ path: 'fromCart', message: 'the cart has no lines to order' }]);
  return { input: { ...rest, lines }, cart };
}

/**
 * Checkout (visitors and customers), a customer's and a guest's own orders, and the staff's order
 * routes: `support` reads, clerks also ship and write notes, admins do everything.
 * `idempotent` is the store's Idempotency-Key middleware, `anonymous` the one for callers without
 * a token (keyed by their address, as the sign-up's).
 */
export function orderRoutes(orders: OrderService, idempotent: MiddlewareHandler<TenantEnv>, anonymous: MiddlewareHandler<TenantEnv>, carts: Carts) {
  const routes = new Hono<TenantEnv>();
  const readers = allow('admin', 'clerk', 'support');
  routes.post('/checkout/quote', everyone, anonymous, async (c) =>
    c.json(await orders.quote(c.get('tenant'), await jsonBody(c, QuoteRequestSchema), buyerOf(c), priceContextOf(c))),
  );
  routes.post('/checkout/orders', everyone, checkoutProducts, startReads(orders), anonymous, async (c) => {
    const tenant = c.get('tenant');
    const { input, cart } = await orderOf(c, tenant, carts, await jsonBody(c, PlaceOrderRequestSchema));
    const answer = (order: Order) => jsonAnswer(201, customerView(order), { location: `/orders/${order.id}` });
    const ahead = { readAhead: c.get('readAhead'), reads: startedReadsOf(c) };
    const order = await orders.place(tenant, buyerOf(c), input, idempotentWrite(c, answer), priceContextOf(c), ahead);
    // The order stands whatever happens here: a cart left full is the lesser harm, and the buyer can empty it.
    if (cart) await carts.clearCart(tenant, cart).catch(() => undefined);
    return reply(c, answer(order));
  });
  routes.post('/orders/lookup', everyone, anonymous, async (c) => {
    const { number, email } = await jsonBody(c, OrderLookupSchema);
    return c.json(customerView(await orders.lookup(c.get('tenant'), number, email)));
  });
  routes.get('/me/orders', allow('customer'), async (c) => {
    const page = await orders.customerOrders(c.get('tenant'), c.get('claims')!.sub, pageQuery(c));
    return c.json({ items: page.items.map(customerView), nextCursor: page.nextCursor ?? null });
  });
  routes.get('/me/orders/:orderId', allow('customer'), async (c) =>
    c.json(customerView(await orders.customerOrder(c.get('tenant'), c.get('claims')!.sub, orderId(c)))),
  );

  routes.get('/admin/orders', readers, async (c) => {
    const query = parseOrThrow(
      OrderListQuerySchema,
      { status: c.req.query('status'), q: c.req.query('q'), limit: c.req.query('limit'), cursor: c.req.query('cursor') },
      'query string',
    );
    const page = await orders.list(c.get('tenant'), query);
    return c.json({ items: page.items, nextCursor: page.nextCursor ?? null });
  });
  routes.get('/admin/orders/:orderId', readers, async (c) => c.json(await orders.get(c.get('tenant'), orderId(c))));
  routes.post('/admin/orders/:orderId/fulfilments', allow('admin', 'clerk'), idempotent, async (c) =>
    c.json(await orders.fulfil(c.get('tenant'), actorOf(c), orderId(c), await jsonBody(c, FulfilmentSchema))),
  );
  routes.post('/admin/orders/:orderId/deliver', allow('admin'), idempotent, async (c) => c.json(await orders.deliver(c.get('tenant'), actorOf(c), orderId(c))));
  routes.post('/admin/orders/:orderId/cancel', allow('admin'), idempotent, async (c) =>
    c.json(await orders.cancel(c.get('tenant'), actorOf(c), orderId(c), (await jsonBody(c, StockChoiceSchema)).restock)),
  );
  routes.post('/admin/orders/:orderId/refund', allow('admin'), idempotent, async (c) =>
    c.json(await orders.refund(c.get('tenant'), actorOf(c), orderId(c), (await jsonBody(c, StockChoiceSchema)).restock)),
  );
  routes.post('/admin/orders/:orderId/notes', allow('admin', 'clerk'), idempotent, async (c) =>
    c.json(await orders.addNote(c.get('tenant'), actorOf(c), orderId(c), (await jsonBody(c, NoteSchema)).text), 201),
  );
  return routes;
}

/** The payment provider's webhook, on the platform's hosts (app.ts mounts it under `/platform`). */
export function paymentWebhookRoutes(receive: PaymentWebhook, idempotent: MiddlewareHandler<AppEnv>) {
  return new Hono<AppEnv>().post('/platform/payments/webhook', everyone, idempotent, async (c) => {
    const outcome = await receive(await c.req.text(), c.req.header(PAYMENT_SIGNATURE_HEADER));
    return c.json({ received: true, outcome });
  });
}
