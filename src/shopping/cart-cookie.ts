import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import * as v from 'valibot';
import type { TenantEnv } from '../http/env';
import { GuestCartIdSchema, type CartRef } from './cart-ref';
import { GUEST_CART_TTL_SECONDS } from './limits';

/**
 * A guest's cart is named by an opaque random id in this cookie, for the store's host only (no
 * Domain), unreadable by scripts (HttpOnly), not sent on cross-site POSTs (SameSite=Lax) and only
 * over HTTPS where the store is served on it. The cookie names a cart, never a store: the store is
 * the Host's, and the cart's key is built under it (`TENANT#<id>#CART#guest-<cookie>`).
 */
export const CART_COOKIE = 'cart';

const attributes = (c: Context): CookieOptions => ({
  path: '/',
  httpOnly: true,
  sameSite: 'Lax',
  secure: new URL(c.req.url).protocol === 'https:',
  maxAge: GUEST_CART_TTL_SECONDS,
});

/** The guest cart id the cookie carries, when it has the shape of one (anything else names no cart). */
export function guestCartId(c: Context): string | undefined {
  const value = getCookie(c, CART_COOKIE);
  return value !== undefined && v.is(GuestCartIdSchema, value) ? value : undefined;
}

export const newGuestCartId = () => randomBytes(16).toString('base64url');

/**
 * Whose cart a request acts on: a signed-in caller's own (by their `sub`), else the guest cookie's.
 * `create` (an addition): a guest without a cookie gets a new id, set on the answer, and one with
 * a cookie has it set again for another 30 days; otherwise undefined (an empty cart, nothing stored).
 */
export function cartRefOf(c: Context<TenantEnv>, create: boolean): CartRef | undefined {
  const sub = c.get('claims')?.sub;
  if (sub) return { kind: 'customer', sub };
  const id = guestCartId(c);
  // A change pushes the cart's expiry out again (cart.ts), and the cookie's with it.
  if (id && create) setCookie(c, CART_COOKIE, id, attributes(c));
  if (id) return { kind: 'guest', id };
  if (!create) return undefined;
  const fresh = newGuestCartId();
  setCookie(c, CART_COOKIE, fresh, attributes(c));
  return { kind: 'guest', id: fresh };
}

/** The guest cart has joined the customer's: its cookie goes. */
export function dropGuestCookie(c: Context) {
  deleteCookie(c, CART_COOKIE, { path: '/', secure: new URL(c.req.url).protocol === 'https:' });
}

/** Whose Idempotency-Key records these are: the customer's `sub`, a guest's cart, or none (a first addition without a cookie). */
export const cartCaller = (c: Context<TenantEnv>) => c.get('claims')?.sub ?? (guestCartId(c) ? `guest-${guestCartId(c)}` : '');
