import { priceContextOf } from '../pricing/currency-cookie';
import { Hono, type MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import type { TenantEnv } from '../http/env';
import { allow, everyone } from '../http/middleware/access';
import { formBody, idParam, jsonBody } from '../http/request';
import { DomainError } from '../shared/errors';
import type { StoreMenu } from '../storefront/category-menu';
import { formatPrice } from '../storefront/format';
import { Layout, type PageAssets } from '../storefront/layout';
import { sessionView } from '../storefront/session-view';
import type { TenantContext } from '../tenants/tenant';
import { personal } from './cart-routes';
import { SaveWishSchema, type WishlistItemView } from './wishlist';
import type { WishlistService } from './wishlist-service';

const MEMBERS = ['customer', 'clerk', 'admin'] as const;

const FormSchema = v.variant('action', [
  v.object({ action: v.literal('save'), productId: v.string(), variantId: v.string() }),
  v.object({ action: v.literal('remove'), variantId: v.string() }),
  v.object({ action: v.literal('move'), variantId: v.string() }),
]);

export const WISHLIST_FORM_ERRORS = {
  unavailable: 'That item cannot be added to your cart now.',
  missing: 'That item is not on your wishlist.',
  full: 'Your wishlist is full; remove an item first.',
  invalid: 'That did not work; try again.',
} as const;
type FormError = keyof typeof WISHLIST_FORM_ERRORS;

function WishlistPage(props: { items: WishlistItemView[] | undefined; error: FormError | undefined }) {
  if (!props.items) {
    return (
      <section id="wishlist" aria-labelledby="wishlist-title">
        <h2 id="wishlist-title">Your wishlist</h2>
        <p>
          <a href="/account">Sign in</a> to save items for later and hear when they are back in stock.
        </p>
      </section>
    );
  }
  return (
    <section id="wishlist" aria-labelledby="wishlist-title">
      <h2 id="wishlist-title">Your wishlist</h2>
      {props.error ? (
        <p class="notice" role="alert">
          {WISHLIST_FORM_ERRORS[props.error]}
        </p>
      ) : null}
      <p data-form-status role="status"></p>
      {props.items.length === 0 ? (
        <p data-testid="wishlist-empty">
          Nothing saved yet. <a href="/">Browse the catalog</a>
        </p>
      ) : (
        <ul class="cart-lines">
          {props.items.map((item) => (
            <li class="cart-line" data-testid="wishlist-item" data-variant-id={item.variantId}>
              {item.image ? <img src={item.image} alt="" loading="lazy" /> : <div class="placeholder" aria-hidden="true" />}
              <div class="cart-line-text">
                {item.available ? <a href={`/p/${item.productId}?variant=${item.variantId}`}>{item.name}</a> : <span>{item.name}</span>}
                {item.variant ? <small>{item.variant}</small> : null}
                <small class={`stock ${item.inStock ? 'in' : 'out'}`}>
                  {item.price ? `${formatPrice(item.price)} · ` : ''}
                  {item.inStock ? 'In stock' : item.available ? 'Out of stock: we will email you when it is back' : 'No longer available'}
                </small>
              </div>
              <form method="post" action="/wishlist" data-cart-form>
                <input type="hidden" name="action" value="move" />
                <input type="hidden" name="variantId" value={item.variantId} />
                <button type="submit" disabled={!item.inStock}>
                  Move to cart<span class="visually-hidden"> {item.name}</span>
                </button>
              </form>
              <form method="post" action="/wishlist" data-cart-form>
                <input type="hidden" name="action" value="remove" />
                <input type="hidden" name="variantId" value={item.variantId} />
                <button type="submit" class="link">
                  Remove<span class="visually-hidden"> {item.name}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const codeOf = (error: DomainError): FormError =>
  error.status === 404 ? 'missing' : error.status === 409 ? 'full' : error.status === 422 ? 'unavailable' : 'invalid';

/**
 * The wishlist: the signed-in customer's own (their `sub`, never a parameter), as JSON for the
 * pages' scripts and clients, the `/wishlist` page and its forms.
 */
export function wishlistRoutes(
  wishlist: WishlistService,
  options: { assets: PageAssets; storeMenu?: ((tenant: TenantContext) => Promise<StoreMenu>) | undefined; idempotent: MiddlewareHandler<TenantEnv> },
) {
  const subOf = (c: { get(key: 'claims'): { sub: string } | undefined }) => c.get('claims')!.sub;
  return new Hono<TenantEnv>()
    .get('/wishlist/items', allow(...MEMBERS), personal, async (c) => c.json({ items: await wishlist.list(c.get('tenant'), subOf(c), priceContextOf(c)) }))
    .put('/wishlist/items/:variantId', allow(...MEMBERS), personal, async (c) => {
      const variantId = idParam(c, 'variantId');
      const { productId } = await jsonBody(c, SaveWishSchema);
      await wishlist.save(c.get('tenant'), subOf(c), productId, variantId);
      return c.body(null, 204);
    })
    .delete('/wishlist/items/:variantId', allow(...MEMBERS), personal, async (c) => {
      await wishlist.remove(c.get('tenant'), subOf(c), idParam(c, 'variantId'));
      return c.body(null, 204);
    })
    .post('/wishlist/items/:variantId/cart', allow(...MEMBERS), options.idempotent, personal, async (c) =>
      c.json(await wishlist.moveToCart(c.get('tenant'), subOf(c), idParam(c, 'variantId'), priceContextOf(c))),
    )
    .get('/wishlist', everyone, personal, async (c) => {
      const tenant = c.get('tenant');
      const claims = c.get('claims');
      const items = claims ? await wishlist.list(tenant, claims.sub, priceContextOf(c)) : undefined;
      const error = c.req.query('error');
      const html = (
        <Layout
          audience="storefront"
          assets={options.assets}
          signedInAs={sessionView(c, claims).email}
          siteName={tenant.name}
          menu={await options.storeMenu?.(tenant).catch(() => undefined)}
          title="Your wishlist"
          script="cart"
          noindex
        >
          <WishlistPage items={items} error={error && error in WISHLIST_FORM_ERRORS ? (error as FormError) : undefined} />
        </Layout>
      );
      return c.html(`<!DOCTYPE html>${await html.toString()}`);
    })
    .post('/wishlist', allow(...MEMBERS), options.idempotent, personal, async (c) => {
      const tenant = c.get('tenant');
      const sub = subOf(c);
      const form = await formBody(c, FormSchema);
      const id = /^[A-Za-z0-9-]{1,64}$/;
      if (!id.test(form.variantId) || (form.action === 'save' && !id.test(form.productId))) return c.redirect('/wishlist?error=missing', 303);
      try {
        if (form.action === 'save') await wishlist.save(tenant, sub, form.productId, form.variantId);
        else if (form.action === 'remove') await wishlist.remove(tenant, sub, form.variantId);
        else await wishlist.moveToCart(tenant, sub, form.variantId, priceContextOf(c));
      } catch (error) {
        if (error instanceof DomainError && error.status < 500) return c.redirect(`/wishlist?error=${codeOf(error)}`, 303);
        throw error;
      }
      return c.redirect(form.action === 'move' ? '/cart' : '/wishlist', 303);
    });
}
