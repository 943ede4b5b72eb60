import { MAX_TRANSACTION_ITEMS } from '../catalog/variants';

/**
 * The shopping side's limits, shared by the cart (src/shopping/cart.ts) and checkout: a cart can
 * never hold more lines than one order may, so a cart that is accepted is a cart checkout can place.
 *
 * Placing an order is ONE DynamoDB transaction (at most MAX_TRANSACTION_ITEMS items): per line a
 * conditional stock update of its product and a reservation item, besides the order, its
 * outbox events, the payment's platform record and the idempotency record. 25 lines keeps
 * 2 × 25 + those few well under the cap even when every line is a different product.
 */
export const MAX_ORDER_LINES = 25;

/** The most of one variant a cart line may hold, whatever the stock: a typo of 1000 is no order. */
export const MAX_LINE_QUANTITY = 99;

/** A guest cart untouched this long is abandoned: the table's TTL removes it, and reads treat it as gone at once. */
export const GUEST_CART_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The most variants one customer's wishlist holds (one Query lists them all). */
export const MAX_WISHLIST_ITEMS = 100;

// Two items a line at most, plus a few of the order's own, must fit one transaction.
if (2 * MAX_ORDER_LINES + 10 > MAX_TRANSACTION_ITEMS) throw new Error('MAX_ORDER_LINES does not fit one transaction');
