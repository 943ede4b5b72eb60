import type * as v from 'valibot';
import { AddLineSchema, CartSummarySchema, CartViewSchema, SetQuantitySchema } from '../../shopping/cart';
import { SaveWishSchema, WishlistViewSchema } from '../../shopping/wishlist';
import { IdParamSchema } from '../request';
import type { HeaderSpec, Operation, ResponseSpec } from './operations';

/** The cart's and wishlist's part of the contract (docs/architecture.md, "Cart and wishlist"). */

const json = (description: string, schema: v.GenericSchema): ResponseSpec => ({ description, json: schema });
const MEMBERS = ['customer', 'clerk', 'admin'] as const;
const variant = { variantId: IdParamSchema };
const formAnswer = (page: string): ResponseSpec => ({
  description: `Done, or refused with \`?error=<code>\`: the ${page} page again (or the cart, after a move).`,
  empty: true,
  headers: { location: `The ${page} page.` },
});
const CART_COOKIE_NOTE =
  'A guest cart is named by the `cart` cookie (HttpOnly, SameSite=Lax), set on the first addition; a signed-in caller acts on their own cart, and a guest cart they still hold joins it.';

export function shoppingOperations(businessPostHeaders: readonly HeaderSpec[]): Operation[] {
  const cart = { host: 'store', tag: 'Cart', access: 'public' } as const;
  const wishlist = { host: 'store', tag: 'Wishlist', access: MEMBERS } as const;
  return [
    {
      ...cart,
      method: 'get',
      path: '/cart/summary',
      summary: 'The mini cart: how many units the cart holds',
      responses: { 200: json(`The count. ${CART_COOKIE_NOTE}`, CartSummarySchema) },
    },
    {
      ...cart,
      method: 'get',
      path: '/cart/lines',
      summary: 'The cart, re-checked against today’s prices and stock, with notices of what changed',
      responses: { 200: json('The cart.', CartViewSchema) },
    },
    {
      ...cart,
      method: 'post',
      path: '/cart/lines',
      summary: 'Add a variant to the cart',
      headers: businessPostHeaders,
      body: AddLineSchema,
      responses: { 200: json(`The cart's new count. ${CART_COOKIE_NOTE}`, CartSummarySchema) },
    },
    {
      ...cart,
      method: 'put',
      path: '/cart/lines/:variantId',
      summary: 'Set a line’s quantity (0 removes it)',
      pathParams: variant,
      body: SetQuantitySchema,
      responses: { 200: json('The cart.', CartViewSchema) },
    },
    {
      ...cart,
      method: 'delete',
      path: '/cart/lines/:variantId',
      summary: 'Remove a line',
      pathParams: variant,
      responses: { 200: json('The cart.', CartViewSchema) },
    },
    {
      ...cart,
      method: 'get',
      path: '/cart',
      tag: 'Pages',
      summary: 'The cart page; `?code=` (repeated, at most 5) are the discount codes entered',
      kind: 'page',
      responses: { 200: { description: 'The page.', contentType: 'text/html' } },
      // More codes than an order may carry.
      problems: [422],
    },
    {
      ...cart,
      method: 'post',
      path: '/cart',
      tag: 'Pages',
      summary: 'The cart page’s form (add, update, remove), without a script',
      kind: 'page',
      headers: businessPostHeaders,
      responses: { 303: formAnswer('cart') },
      // A form of another shape or media type is no page's.
      problems: [415, 422],
    },
    {
      ...wishlist,
      method: 'get',
      path: '/wishlist/items',
      summary: 'The caller’s wishlist',
      responses: { 200: json('Saved variants, today’s prices.', WishlistViewSchema) },
    },
    {
      ...wishlist,
      method: 'put',
      path: '/wishlist/items/:variantId',
      summary: 'Save a variant (sold out or not)',
      pathParams: variant,
      body: SaveWishSchema,
      responses: { 204: { description: 'Saved.', empty: true } },
      problems: [409],
    },
    {
      ...wishlist,
      method: 'delete',
      path: '/wishlist/items/:variantId',
      summary: 'Remove a saved variant',
      pathParams: variant,
      responses: { 204: { description: 'Removed.', empty: true } },
    },
    {
      ...wishlist,
      method: 'post',
      path: '/wishlist/items/:variantId/cart',
      summary: 'Move a saved variant to the cart (one of it)',
      pathParams: variant,
      headers: businessPostHeaders,
      responses: { 200: json('The cart’s new count.', CartSummarySchema) },
      problems: [422],
    },
    {
      host: 'store',
      tag: 'Pages',
      access: 'public',
      method: 'get',
      path: '/wishlist',
      summary: 'The wishlist page',
      kind: 'page',
      responses: { 200: { description: 'The page.', contentType: 'text/html' } },
    },
    {
      ...wishlist,
      method: 'post',
      path: '/wishlist',
      tag: 'Pages',
      summary: 'The wishlist page’s form (save, remove, move to cart), without a script',
      kind: 'page',
      headers: businessPostHeaders,
      responses: { 303: formAnswer('wishlist') },
      problems: [415, 422],
    },
  ];
}
