import type { CartService } from '../shopping/cart-service';
import { cartRefOf } from '../shopping/cart-cookie';
import { priceContextOf } from '../pricing/currency-cookie';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { TenantEnv } from '../http/env';
import { everyone } from '../http/middleware/access';
import { actorOf } from '../identity/actor';
import { PlaceOrderSchema, type CheckoutLine, type CustomerOrder, type Quote } from '../orders/order';
import { customerView } from '../orders/order';
import type { OrderService } from '../orders/service';
import { TEST_CARDS } from '../payments/test-provider';
import { DomainError } from '../shared/errors';
import { parseOrThrow } from '../shared/validation';
import { codesParam, DiscountCodeForm, DiscountSummary, withCodes } from '../discounts/discount-view';
import { formatPrice } from './format';
import { SaleMark } from './sale-mark';
import { Layout, type PageAssets } from './layout';
import { sessionView } from './session-view';
import { InvoiceDownload } from '../invoices/invoice-page';
import { invoiceLinks } from '../invoices/links';

async function page(c: Context<TenantEnv>, node: JSX.Element, status: 200 | 400 = 200) {
  return c.html(`<!DOCTYPE html>${await node.toString()}`, status);
}

/** `?line=<productId>:<variantId>:<quantity>` (repeated): the "buy now" lines until the cart hands its own. */
export function linesFromQuery(values: readonly string[]): CheckoutLine[] {
  return values.flatMap((value) => {
    const match = /^([A-Za-z0-9-]{1,64}):([A-Za-z0-9-]{1,64}):(\d{1,2})$/.exec(value);
    return match ? [{ productId: match[1]!, variantId: match[2]!, quantity: Number(match[3]) }] : [];
  });
}

const money = (amount: number, currency: string) => formatPrice({ amount, currency });

export function Lines(props: { lines: Quote['lines']; currency: string }) {
  return (
    <table class="order-lines">
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">Qty</th>
          <th scope="col">Price</th>
        </tr>
      </thead>
      <tbody>
        {props.lines.map((line) => (
          <tr>
            <td>
              {line.name}
              {line.optionValues.length ? <small> ({line.optionValues.join(', ')})</small> : null}
            </td>
            <td>{line.quantity}</td>
            <td>
              {line.compareAtPrice ? <s class="compare-at">{money(line.compareAtPrice * line.quantity, props.currency)}</s> : null}{' '}
              {money(line.lineTotal, props.currency)} <SaleMark price={line.unitPrice} compareAt={line.compareAtPrice} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Totals(props: { totals: Quote['totals'] }) {
  const { totals } = props;
  return (
    <dl class="totals" data-testid="totals">
      <dt>Subtotal</dt>
      <dd>{money(totals.subtotal, totals.currency)}</dd>
      <dt>Shipping</dt>
      <dd>{money(totals.shipping, totals.currency)}</dd>
      {totals.discount ? (
        <>
          <dt>Discounts</dt>
          <dd data-testid="discount-total">−{money(totals.discount, totals.currency)}</dd>
        </>
      ) : null}
      <dt>{totals.pricesIncludeTax ? `Incl. tax (${totals.taxRate / 100} %)` : `Tax (${totals.taxRate / 100} %)`}</dt>
      <dd>{money(totals.tax, totals.currency)}</dd>
      <dt>Total</dt>
      <dd>
        <strong>{money(totals.total, totals.currency)}</strong>
      </dd>
    </dl>
  );
}

type FormValues = Record<string, string>;

function CheckoutForm(props: { lines: CheckoutLine[]; fromCart: boolean; quote: Quote; values: FormValues; codes: string[]; error?: string | undefined }) {
  const { values, quote } = props;
  const field = (name: string, label: string, type = 'text', autocomplete?: string) => (
    <label>
      {label}
      <input name={name} type={type} required value={values[name] ?? ''} autocomplete={autocomplete} />
    </label>
  );
  return (
    <form method="post" action="/checkout" class="checkout">
      {props.error ? (
        <p role="alert" class="error">
          {props.error}
        </p>
      ) : null}
      {props.lines.map((line) => (
        <input type="hidden" name="line" value={`${line.productId}:${line.variantId}:${line.quantity}`} />
      ))}
      {/* Lines that came from the cart: the cart is emptied once they are ordered. */}
      {props.fromCart ? <input type="hidden" name="from" value="cart" /> : null}
      {props.codes.map((code) => (
        <input type="hidden" name="code" value={code} />
      ))}
      <fieldset>
        <legend>Contact</legend>
        {field('email', 'Email', 'email', 'email')}
      </fieldset>
      <fieldset>
        <legend>Shipping address</legend>
        {field('name', 'Full name', 'text', 'name')}
        {field('line1', 'Address', 'text', 'address-line1')}
        <label>
          Address line 2 (optional)
          <input name="line2" value={values.line2 ?? ''} autocomplete="address-line2" />
        </label>
        {field('city', 'City', 'text', 'address-level2')}
        {field('postalCode', 'Postal code', 'text', 'postal-code')}
        <label>
          Country (two letters)
          <input name="country" required pattern="[A-Za-z]{2}" maxlength={2} value={values.country ?? ''} autocomplete="country" />
        </label>
      </fieldset>
      <fieldset>
        <legend>Shipping method</legend>
        {quote.shippingMethods.map((method, i) => (
          <label class="check">
            <input
              type="radio"
              name="shippingMethodId"
              value={method.id}
              checked={(values.shippingMethodId || quote.shippingMethod?.id) === method.id || (!values.shippingMethodId && !quote.shippingMethod && i === 0)}
            />{' '}
            {method.name} ({money(method.price, quote.totals.currency)})
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Payment (test cards)</legend>
        <label>
          Card number
          <input name="card" inputmode="numeric" required value={values.card ?? ''} autocomplete="cc-number" />
        </label>
        <p>
          <small>
            Test cards: {TEST_CARDS.succeeds} pays, {TEST_CARDS.declined} is declined, {TEST_CARDS.pending} stays pending.
          </small>
        </p>
      </fieldset>
      <button type="submit">Place order · {money(quote.totals.total, quote.totals.currency)}</button>
    </form>
  );
}

function Confirmation(props: { order: CustomerOrder; customer: boolean }) {
  const { order } = props;
  return (
    <section class="confirmation" data-testid="confirmation">
      <h2>Thank you for your order</h2>
      <p>
        Your order number is <strong data-testid="order-number">{order.id}</strong>.{' '}
        {order.status === 'paid' ? 'Your payment went through.' : 'Your payment is pending; we hold your items until it is confirmed.'}
      </p>
      <Lines lines={order.lines} currency={order.totals.currency} />
      <Totals totals={order.totals} />
      <p>Keep this number and your email ({order.email}) to look the order up.</p>
      <InvoiceDownload order={order} customer={props.customer} />
    </section>
  );
}

/**
 * The storefront's checkout (issue 19 item 5), server-rendered, no script needed: `GET /checkout`
 * shows the lines ("buy now" names one in the query; otherwise the cart's), the totals from the server's
 * quote and the form; `POST /checkout` places the order and answers the confirmation, or the form
 * again with what went wrong. `GET /account/orders`: a signed-in customer's orders.
 */
export function checkoutPages(
  orders: OrderService,
  assets: PageAssets,
  idempotent: MiddlewareHandler<TenantEnv>,
  carts: Pick<CartService, 'cartLines' | 'clearCart'>,
) {
  const frame = (c: Context<TenantEnv>, title: string, children: JSX.Element) => (
    <Layout audience="storefront" assets={assets} signedInAs={sessionView(c, c.get('claims')).email} siteName={c.get('tenant').name} title={title} noindex>
      {children}
    </Layout>
  );
  const formPage = async (c: Context<TenantEnv>, lines: CheckoutLine[], values: FormValues, codes: string[], error?: string, fromCart = false) => {
    if (lines.length === 0) return page(c, frame(c, 'Checkout', <p>Nothing to check out: choose a product first.</p>), 400);
    let quote: Quote;
    // "Buy now" lines travel with the codes; the cart's come from the cart.
    const carried: Record<string, string[]> = fromCart ? {} : { line: lines.map((l) => `${l.productId}:${l.variantId}:${l.quantity}`) };
    try {
      quote = await orders.quote(
        c.get('tenant'),
        { lines, discountCodes: codes, ...(values.shippingMethodId ? { shippingMethodId: values.shippingMethodId } : {}) },
        undefined,
        priceContextOf(c),
      );
      // The totals shown include shipping: the first method offered until the buyer picks another.
      const first = quote.shippingMethods[0];
      if (!quote.shippingMethod && first)
        quote = await orders.quote(c.get('tenant'), { lines, discountCodes: codes, shippingMethodId: first.id }, undefined, priceContextOf(c));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return page(c, frame(c, 'Checkout', <p role="alert">{e.message}</p>), 400);
    }
    return page(
      c,
      frame(
        c,
        'Checkout',
        <section class="checkout-page">
          <h2>Checkout</h2>
          <Lines lines={quote.lines} currency={quote.totals.currency} />
          <Totals totals={quote.totals} />
          <DiscountSummary
            discounts={quote.discounts}
            format={(amount) => money(amount, quote.totals.currency)}
            removeHref={(code) =>
              withCodes(
                '/checkout',
                codes.filter((c) => c !== code),
                carried,
              )
            }
          />
          <DiscountCodeForm action="/checkout" codes={codes} hidden={carried} />
          <CheckoutForm lines={lines} fromCart={fromCart} quote={quote} values={values} codes={codes} error={error} />
        </section>,
      ),
      error ? 400 : 200,
    );
  };

  return new Hono<TenantEnv>()
    .get('/checkout', everyone, async (c) => {
      // "Buy now" names its line; the cart's Checkout names none: the cart's lines, re-checked as on any cart read.
      const named = linesFromQuery(c.req.queries('line') ?? []);
      const codes = codesParam(c.req.queries('code') ?? []);
      if (named.length > 0) return formPage(c, named, {}, codes);
      const cart = cartRefOf(c, false);
      const lines = cart
        ? (await carts.cartLines(c.get('tenant'), cart, priceContextOf(c))).map(({ productId, variantId, quantity }) => ({ productId, variantId, quantity }))
        : [];
      return formPage(c, lines, {}, codes, undefined, true);
    })
    .post('/checkout', everyone, idempotent, async (c) => {
      const form = await c.req.parseBody({ all: true });
      const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
      const lineValues = ([] as unknown[]).concat(form.line ?? []).filter((v): v is string => typeof v === 'string');
      const lines = linesFromQuery(lineValues);
      const codes = codesParam(([] as unknown[]).concat(form.code ?? []).filter((v): v is string => typeof v === 'string'));
      const values: FormValues = Object.fromEntries(
        ['email', 'name', 'line1', 'line2', 'city', 'postalCode', 'country', 'shippingMethodId', 'card'].map((name) => [name, text(name)]),
      );
      try {
        const input = parseOrThrow(PlaceOrderSchema, {
          email: values.email,
          shippingAddress: {
            name: values.name,
            line1: values.line1,
            line2: values.line2,
            city: values.city,
            postalCode: values.postalCode,
            country: (values.country ?? '').toUpperCase(),
          },
          shippingMethodId: values.shippingMethodId,
          lines,
          card: { number: (values.card ?? '').replace(/\s+/g, '') },
          ...(codes.length > 0 ? { discountCodes: codes } : {}),
        });
        const claims = c.get('claims');
        const buyer = claims?.roles.includes('customer') ? { actor: actorOf(c), customerId: claims.sub } : { actor: 'guest', customerId: null };
        const order = await orders.place(c.get('tenant'), buyer, input, undefined, priceContextOf(c));
        const cart = text('from') === 'cart' ? cartRefOf(c, false) : undefined;
        // The order stands whatever happens here: a cart left full is the lesser harm, and the buyer can empty it.
        if (cart) await carts.clearCart(c.get('tenant'), cart).catch(() => undefined);
        return page(c, frame(c, 'Order placed', <Confirmation order={customerView(order)} customer={order.customerId !== null} />));
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        const detail =
          'errors' in e.extra ? ` (${(e.extra.errors as { path: string; message: string }[]).map((f) => `${f.path}: ${f.message}`).join('; ')})` : '';
        return formPage(c, lines, { ...values, card: '' }, codes, `${e.message}${detail}`, text('from') === 'cart');
      }
    })
    .get('/account/orders', everyone, async (c) => {
      const claims = c.get('claims');
      if (!claims?.roles.includes('customer'))
        return page(
          c,
          frame(
            c,
            'Your orders',
            <p>
              <a href="/account">Sign in</a> to see your orders.
            </p>,
          ),
        );
      const found = await orders.customerOrders(c.get('tenant'), claims.sub, { limit: 50 });
      return page(
        c,
        frame(
          c,
          'Your orders',
          <section>
            <h2>Your orders</h2>
            {found.items.length === 0 ? (
              <p>No orders yet.</p>
            ) : (
              <table class="orders" data-testid="orders">
                <thead>
                  <tr>
                    <th scope="col">Order</th>
                    <th scope="col">Placed</th>
                    <th scope="col">Status</th>
                    <th scope="col">Total</th>
                    <th scope="col">Documents</th>
                  </tr>
                </thead>
                <tbody>
                  {found.items.map((order) => (
                    <tr>
                      <td>{order.id}</td>
                      <td>{order.placedAt.slice(0, 10)}</td>
                      <td>{order.status}</td>
                      <td>{money(order.totals.total, order.totals.currency)}</td>
                      <td>
                        {invoiceLinks(order, 'customer').map((link) => (
                          <a href={link.href} class="document-link">
                            {link.label} {link.number}
                          </a>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>,
        ),
      );
    });
}
