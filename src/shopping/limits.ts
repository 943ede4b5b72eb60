import { MAX_TRANSACTION_ITEMS } from '../catalog/variants';

/**
 * The shopping side's limits, shared by the cart (src/shopping/cart.ts) and checkout
 * (src/orders/): a cart can never hold more lines than one order may, so a cart that is accepted
 * is a cart checkout can place.
 */

/**
 * The most lines one order (and so one cart) may hold. Placing an order is ONE TransactWriteItems
 * call (at most 100 items): one update per product the order takes stock from, plus the order
 * item, the idempotency record, the payment's `PLATFORM#PAYMENT#<id>` pointer and the outbox
 * records (OrderPlaced, StockReserved); no counter item (order numbers are random ids, not a
 * sequence), so the transaction alone would allow 100 − 5 = 95 lines. Fulfilling a whole order
 * needs three items a line (product update, trail entry, InventoryChanged) plus the order and its
 * event: 3n + 2 ≤ 100 gives 32. 25 stays under both with room for one more outbox record per
 * line later (discount redemptions), and keeps an order item far from DynamoDB's 400 KB.
 */
export const MAX_ORDER_LINES = 25;

/** The most of one variant a cart line may hold, whatever the stock: a typo of 1000 is no order. */
export const MAX_LINE_QUANTITY = 99;

/** A guest cart untouched this long is abandoned: the table's TTL removes it, and reads treat it as gone at once. */
export const GUEST_CART_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The most variants one customer's wishlist holds (one Query lists them all). */
export const MAX_WISHLIST_ITEMS = 100;

// Fulfilling a whole order (three items a line, two of the order's own) must fit one transaction.
if (3 * MAX_ORDER_LINES + 2 > MAX_TRANSACTION_ITEMS) throw new Error('MAX_ORDER_LINES does not fit one transaction');
