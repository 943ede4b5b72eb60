import { Hono, type Context, type MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import type { TenantEnv } from '../http/env';
import { priceContextOf } from '../pricing/currency-cookie';
import type { PriceContext } from '../pricing/price-context';
import { everyone } from '../http/middleware/access';
import { formBody, idParam, jsonBody } from '../http/request';
import { DomainError, NotFoundError } from '../shared/errors';
import type { StoreMenu } from '../storefront/category-menu';
import { formatPrice } from '../storefront/format';
import { SaleMark } from '../storefront/sale-mark';
import { Layout, type PageAssets } from '../storefront/layout';
import { sessionView } from '../storefront/session-view';
import type { TenantContext } from '../tenants/tenant';
import { AddLineSchema, SetQuantitySchema, type CartView } from './cart';
import { cartRefOf } from './cart-cookie';
import { CartRefusedError, type CartService } from './cart-service';
import { MAX_LINE_QUANTITY, MAX_ORDER_LINES } from './limits';
import { codesParam, DiscountCodeForm, DiscountSummary, withCodes } from '../discounts/discount-view';
import type { OrderDiscounts } from '../discounts/discount';

/** The cart's lines with the entered codes, as checkout would price them (src/discounts/): what the cart page shows of discounts. */
export type CartDiscounts = (
  tenant: TenantContext,
  lines: { productId: string; variantId: string; quantity: number }[],
  codes: string[],
  price?: PriceContext,
) => Promise<{ discounts?: OrderDiscounts | undefined; discount: number; currency: string }>;

/** Why a page's form was refused, by code in the redirect (never the message itself: a URL is anyone's to write). */
export const FORM_ERRORS = {
  unavailable: 'That item is not available any more.',
  stock: 'Not that many are available.',
  lines: 'Your cart is full: check out or remove an item first.',
  missing: 'That item is not in your cart.',
  invalid: 'That quantity is not valid.',
} as const;
type FormError = keyof typeof FORM_ERRORS;

const REASON_CODES = { unavailable: 'unavailable', 'insufficient-stock': 'stock', 'too-many-lines': 'lines' } as const;
const errorCodeOf = (error: DomainError): FormError =>
  error instanceof CartRefusedError ? REASON_CODES[error.reason] : error.status === 404 ? 'missing' : 'invalid';

const FormSchema = v.variant('action', [
  v.object({ action: v.literal('add'), productId: v.string(), variantId: v.string(), quantity: v.optional(v.string(), '1') }),
  v.object({ action: v.literal('update'), variantId: v.string(), quantity: v.string() }),
  v.object({ action: v.literal('remove'), variantId: v.string() }),
]);

// In a module of their own: the cart's routes are registered at start-up with them, and this file loads with the first (src/http/groups/shopping.ts).
import { callerCart, mergeGuestCart, personal } from './cart-middleware';

export { mergeGuestCart, personal };

function CartPage(props: { view: CartView; error: FormError | undefined; codes: string[]; discounted?: Awaited<ReturnType<CartDiscounts>> | undefined }) {
  const { view, discounted } = props;
  return (
    <section id="cart" aria-labelledby="cart-title">
      <h2 id="cart-title">Your cart</h2>
      {props.error ? (
        <p class="notice" role="alert">
          {FORM_ERRORS[props.error]}
        </p>
      ) : null}
      {view.notices.length > 0 ? (
        <ul class="notices" role="status" data-testid="cart-notices">
          {view.notices.map((notice) => (
            <li class={`notice ${notice.kind}`}>{notice.message}</li>
          ))}
        </ul>
      ) : null}
      {view.lines.length === 0 ? (
        <p data-testid="cart-empty">
          Your cart is empty. <a href="/">Continue shopping</a>
        </p>
      ) : (
        <>
          <ul class="cart-lines">
            {view.lines.map((line) => (
              <li class="cart-line" data-testid="cart-line" data-variant-id={line.variantId}>
                {line.image ? <img src={line.image} alt="" loading="lazy" /> : <div class="placeholder" aria-hidden="true" />}
                <div class="cart-line-text">
                  <a href={`/p/${line.productId}?variant=${line.variantId}`}>{line.name}</a>
                  {line.variant ? <small>{line.variant}</small> : null}
                  <small>
                    {line.compareAtPrice ? <s class="compare-at">{formatPrice(line.compareAtPrice)}</s> : null} {formatPrice(line.unitPrice)} each{' '}
                    <SaleMark price={line.unitPrice.amount} compareAt={line.compareAtPrice?.amount} />
                  </small>
                </div>
                <form method="post" action="/cart" class="quantity" data-cart-form>
                  <input type="hidden" name="action" value="update" />
                  <input type="hidden" name="variantId" value={line.variantId} />
                  <label>
                    <span class="visually-hidden">Quantity of {line.name}</span>
                    <input type="number" name="quantity" min="0" max={String(MAX_LINE_QUANTITY)} value={String(line.quantity)} inputmode="numeric" />
                  </label>
                  <button type="submit">Update</button>
                </form>
                <p class="line-total" data-testid="line-total">
                  {formatPrice(line.lineTotal)}
                </p>
                <form method="post" action="/cart" data-cart-form>
                  <input type="hidden" name="action" value="remove" />
                  <input type="hidden" name="variantId" value={line.variantId} />
                  <button type="submit" class="link">
                    Remove<span class="visually-hidden"> {line.name}</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
          <p class="subtotal">
            Subtotal <strong data-testid="subtotal">{formatPrice(view.subtotal)}</strong>
          </p>
          <DiscountSummary
            discounts={discounted?.discounts}
            format={(amount) => formatPrice({ amount, currency: view.subtotal.currency })}
            removeHref={(code) =>
              withCodes(
                '/cart',
                props.codes.filter((c) => c !== code),
              )
            }
          />
          {discounted?.discount ? (
            <p class="subtotal">
              After discounts{' '}
              <strong data-testid="discounted-subtotal">
                {formatPrice({ amount: view.subtotal.amount - discounted.discount, currency: view.subtotal.currency })}
              </strong>
            </p>
          ) : null}
          <DiscountCodeForm action="/cart" codes={props.codes} />
          <p>
            <small>Shipping and tax are worked out at checkout.</small>
          </p>
          <p>
            <a class="button" href={withCodes('/checkout', props.codes)} data-testid="checkout">
              Checkout
            </a>
          </p>
        </>
      )}
    </section>
  );
}

/**
 * The cart (docs/architecture.md, "Cart and wishlist"): the JSON API the pages' scripts and other
 * clients use, the `/cart` page, and the page's script-less form. Guests and signed-in callers
 * alike: whose cart it is comes from the caller (src/shopping/cart-cookie.ts), never a parameter.
 */
export function cartRoutes(
  carts: CartService,
  options: {
    assets: PageAssets;
    storeMenu?: ((tenant: TenantContext) => Promise<StoreMenu>) | undefined;
    idempotent: MiddlewareHandler<TenantEnv>;
    /** Prices an entered code on the cart page; absent: the page has no code field's results. */
    discounts?: CartDiscounts | undefined;
  },
) {
  const merge = mergeGuestCart(carts);
  const emptyView = (c: Context<TenantEnv>): CartView => ({
    lines: [],
    notices: [],
    count: 0,
    subtotal: { amount: 0, currency: priceContextOf(c).currency },
    maxLines: MAX_ORDER_LINES,
  });
  const viewOf = async (c: Context<TenantEnv>) => {
    const ref = cartRefOf(c, false);
    return ref ? carts.view(c.get('tenant'), ref, c.get('readAhead'), priceContextOf(c)) : emptyView(c);
  };

  return new Hono<TenantEnv>()
    .get('/cart/summary', everyone, callerCart, personal, merge, async (c) => {
      const ref = cartRefOf(c, false);
      return c.json({ count: ref ? await carts.count(c.get('tenant'), ref, c.get('readAhead')) : 0 });
    })
    .get('/cart/lines', everyone, callerCart, personal, merge, async (c) => c.json(await viewOf(c)))
    .post('/cart/lines', everyone, options.idempotent, personal, merge, async (c) => {
      const input = await jsonBody(c, AddLineSchema);
      return c.json(await carts.add(c.get('tenant'), cartRefOf(c, true)!, input, priceContextOf(c)));
    })
    .put('/cart/lines/:variantId', everyone, personal, merge, async (c) => {
      const variantId = idParam(c, 'variantId');
      const { quantity } = await jsonBody(c, SetQuantitySchema);
      const ref = cartRefOf(c, false);
      if (!ref) throw new NotFoundError('This item is not in your cart.');
      return c.json(await carts.setQuantity(c.get('tenant'), ref, variantId, quantity, priceContextOf(c)));
    })
    .delete('/cart/lines/:variantId', everyone, personal, merge, async (c) => {
      const variantId = idParam(c, 'variantId');
      const ref = cartRefOf(c, false);
      if (!ref) throw new NotFoundError('This item is not in your cart.');
      return c.json(await carts.removeLine(c.get('tenant'), ref, variantId, priceContextOf(c)));
    })
    .get('/cart', everyone, callerCart, personal, merge, async (c) => {
      const tenant = c.get('tenant');
      const error = c.req.query('error');
      const view = await viewOf(c);
      const menu = await options.storeMenu?.(tenant).catch(() => undefined);
      const codes = codesParam(c.req.queries('code') ?? []);
      // A cart that cannot be priced right now (a line just sold out) still shows; checkout says why.
      const discounted =
        codes.length > 0 && view.lines.length > 0 && options.discounts
          ? await options
              .discounts(
                tenant,
                view.lines.map(({ productId, variantId, quantity }) => ({ productId, variantId, quantity })),
                codes,
                priceContextOf(c),
              )
              .catch((error) => {
                if (error instanceof DomainError && error.status < 500) return undefined;
                throw error;
              })
          : undefined;
      const html = (
        <Layout
          audience="storefront"
          assets={options.assets}
          signedInAs={sessionView(c, c.get('claims')).email}
          siteName={tenant.name}
          menu={menu}
          title="Your cart"
          script="cart"
          noindex
          cartCount={view.count}
        >
          <CartPage view={view} error={error && error in FORM_ERRORS ? (error as FormError) : undefined} codes={codes} discounted={discounted} />
        </Layout>
      );
      return c.html(`<!DOCTYPE html>${await html.toString()}`);
    })
    .post('/cart', everyone, options.idempotent, personal, merge, async (c) => {
      const tenant = c.get('tenant');
      // A form of another shape is no page's: a 4xx problem, not a page.
      const form = await formBody(c, FormSchema);
      try {
        if (form.action === 'add') {
          const input = v.parse(AddLineSchema, { productId: form.productId, variantId: form.variantId, quantity: Number(form.quantity) });
          await carts.add(tenant, cartRefOf(c, true)!, input, priceContextOf(c));
        } else {
          const ref = cartRefOf(c, false);
          if (!ref) return c.redirect('/cart?error=missing', 303);
          const quantity = form.action === 'remove' ? 0 : Number(form.quantity);
          if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_LINE_QUANTITY) return c.redirect('/cart?error=invalid', 303);
          await carts.setQuantity(tenant, ref, form.variantId, quantity, priceContextOf(c));
        }
      } catch (error) {
        if (error instanceof v.ValiError) return c.redirect('/cart?error=invalid', 303);
        if (error instanceof DomainError && error.status < 500) return c.redirect(`/cart?error=${errorCodeOf(error)}`, 303);
        throw error;
      }
      return c.redirect('/cart', 303);
    });
}
