import { Hono, type Context, type MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { TenantEnv } from '../http/env';
import { formBody } from '../http/request';
import { everyone } from '../http/middleware/access';
import { customerView, OrderLookupSchema, type CustomerOrder } from '../orders/order';
import type { OrderService } from '../orders/service';
import { DomainError } from '../shared/errors';
import { parseOrThrow } from '../shared/validation';
import { Lines, Totals } from './checkout-pages';
import { Layout, type PageAssets } from './layout';
import { sessionView } from './session-view';

/** The path a guest's order emails link to (src/notifications/shopper-emails.ts, `orderLinkOf`). */
export const ORDER_STATUS_PATH = '/order-status';

async function page(c: Context<TenantEnv>, node: JSX.Element, status: 200 | 404 = 200) {
  return c.html(`<!DOCTYPE html>${await node.toString()}`, status);
}

function LookupForm(props: { number: string; email: string; error?: string | undefined }) {
  return (
    <form method="post" action={ORDER_STATUS_PATH} class="forms" aria-labelledby="lookup-title">
      <h2 id="lookup-title">Find your order</h2>
      {props.error ? <p role="alert">{props.error}</p> : null}
      <label>
        Order number
        <input name="number" required maxlength={64} value={props.number} autocomplete="off" />
      </label>
      <label>
        The email you ordered with
        <input type="email" name="email" required value={props.email} autocomplete="email" />
      </label>
      <button type="submit">Show my order</button>
    </form>
  );
}

function OrderStatus(props: { order: CustomerOrder }) {
  const { order } = props;
  return (
    <section class="confirmation" data-testid="order-status">
      <h2>Order {order.id}</h2>
      <p>
        Status: <strong data-testid="order-status-value">{order.status}</strong> · placed {order.placedAt.slice(0, 10)}
      </p>
      <Lines lines={order.lines} currency={order.totals.currency} />
      <Totals totals={order.totals} />
    </section>
  );
}

/**
 * A guest's order page (the link of their order emails): `GET /order-status?number=` shows the
 * form with the number filled in; `POST /order-status` with the number and the email shows the
 * order, or the form again (404) when either is wrong, alike, so it reveals no order.
 */
export function orderLookupPage(orders: Pick<OrderService, 'lookup'>, assets: PageAssets, idempotent: MiddlewareHandler<TenantEnv>) {
  const frame = (c: Context<TenantEnv>, children: JSX.Element) => (
    <Layout audience="storefront" assets={assets} signedInAs={sessionView(c, c.get('claims')).email} siteName={c.get('tenant').name} title="Your order" noindex>
      {children}
    </Layout>
  );
  return new Hono<TenantEnv>()
    .get(ORDER_STATUS_PATH, everyone, (c) => page(c, frame(c, <LookupForm number={(c.req.query('number') ?? '').slice(0, 64)} email="" />)))
    .post(ORDER_STATUS_PATH, everyone, idempotent, async (c) => {
      // A body that is no form is a problem answer, as every route's; fields that are wrong, or find nothing, are this page again.
      const form = await formBody(c, v.record(v.string(), v.unknown()));
      const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
      try {
        const input = parseOrThrow(OrderLookupSchema, { number: text('number'), email: text('email') });
        const order = await orders.lookup(c.get('tenant'), input.number, input.email);
        c.header('cache-control', 'private, no-store');
        return page(c, frame(c, <OrderStatus order={customerView(order)} />));
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        const error = 'No order has that number and email. Check both, as in your order email.';
        return page(c, frame(c, <LookupForm number={text('number').slice(0, 64)} email={text('email').slice(0, 254)} error={error} />), 404);
      }
    });
}
