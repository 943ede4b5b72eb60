import { createMiddleware } from 'hono/factory';
import type { MiddlewareHandler } from 'hono';
import { PERSONAL } from '../http/edge/cache-control';
import type { TenantEnv } from '../http/env';
import { readsAhead } from '../http/middleware/read-ahead';
import { cartIdOf } from './cart-ref';
import { dropGuestCookie, guestCartId } from './cart-cookie';
import type { CartService } from './cart-service';

/** Answers about someone's cart are theirs alone: never kept by a browser's or the edge's cache. */
export const personal = createMiddleware<TenantEnv>(async function personal(c, next) {
  await next();
  c.header('cache-control', PERSONAL);
});

/**
 * A guest who has since signed in: their guest cart joins their own on the first cart request
 * (the mini cart asks on every page), and the guest cookie goes.
 */
export function mergeGuestCart(carts: CartService): MiddlewareHandler<TenantEnv> {
  return createMiddleware<TenantEnv>(async function mergeGuestCart(c, next) {
    const sub = c.get('claims')?.sub;
    const guest = guestCartId(c);
    if (sub && guest) {
      await carts.mergeGuest(c.get('tenant'), guest, sub);
      dropGuestCookie(c);
      // The customer's cart read ahead is from before the merge.
      c.set('readAhead', undefined);
    }
    await next();
  });
}

/** A signed-in caller's cart joins their re-check's read (one BatchGetItem for both). */
export const callerCart = readsAhead((_params, caller) => [{ kind: 'cart', id: cartIdOf({ kind: 'customer', sub: caller.sub }) }]);
