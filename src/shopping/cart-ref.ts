import * as v from 'valibot';

/** Whose cart: a guest's (the opaque id of their cookie) or a signed-in customer's (their `sub`). */
export type CartRef = { readonly kind: 'guest'; readonly id: string } | { readonly kind: 'customer'; readonly sub: string };

/** A guest cart's id as its cookie carries it: 128 random bits, base64url. Anything else names no cart. */
export const GuestCartIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/));

/**
 * The cart's id in its key. The two kinds have their own prefix, so no cookie value can ever name
 * a customer's cart (a cookie is the visitor's to write).
 */
export function cartIdOf(ref: CartRef): string {
  return ref.kind === 'guest' ? `guest-${ref.id}` : `customer-${ref.sub}`;
}
