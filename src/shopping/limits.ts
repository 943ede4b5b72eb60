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
