import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { TenantEnv } from '../http/env';
import { IDEMPOTENCY_KEY_HEADER } from '../http/idempotency';
import { readsAhead } from '../http/middleware/read-ahead';
import { isId } from '../http/request';
import { MAX_ORDER_LINES } from '../shopping/limits';
import type { CheckoutReads } from './checkout-ahead';
import type { OrderService } from './service';

/**
 * A checkout's products, from the lines as sent: a signed-in caller's re-check reads them in its
 * own BatchGetItem (`readsAhead`), so placing the order reads none itself. Only id-shaped ids, at
 * most an order's worth (anything else is the handler's 4xx); a cart checkout names none.
 */
export const checkoutProducts = readsAhead(
  (_params, _caller, body) => {
    const lines = (body as { lines?: unknown } | null | undefined)?.lines;
    if (!Array.isArray(lines) || lines.length > MAX_ORDER_LINES) return [];
    const ids = new Set(
      lines.map((line) => (line as { productId?: unknown } | null)?.productId).filter((id): id is string => typeof id === 'string' && isId(id)),
    );
    return [...ids].map((id) => ({ kind: 'product' as const, id }));
  },
  { body: 'json' },
);

const startedReads = new WeakMap<Context, Promise<CheckoutReads>>();

/**
 * With an Idempotency-Key, the order's other reads (the store's discounts, its invoice counter)
 * start before the key's claim, so both travel in one round trip (docs/benchmarks.md, "Placing an
 * order"); without one they are made with the products, as before.
 */
export function startReads(orders: Pick<OrderService, 'startReads'>) {
  return createMiddleware<TenantEnv>(async function startReads(c, next) {
    if (c.req.header(IDEMPOTENCY_KEY_HEADER) !== undefined) {
      const reads = orders.startReads(c.get('tenant'));
      // A replay answers without them: their answer, or failure, is dropped.
      reads.catch(() => undefined);
      startedReads.set(c, reads);
    }
    await next();
  });
}

/** The reads `startReads` began for this request, if it began them. */
export const startedReadsOf = (c: Context) => startedReads.get(c);
