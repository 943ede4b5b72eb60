import type { Order } from '../orders/order';

/** What stands where a deleted customer's details were. Has no `@`: nothing will take it for an address. */
export const ERASED = '[erased]';

/** An order's history entries made by the person show this instead of their username (which holds their email). */
export const ERASED_ACTOR = 'customer:erased';

/**
 * The store's copy of an order once its customer deleted their account (docs/privacy.md): kept for
 * the store's records (sales, tax, returns), with the person's email, name and street address
 * replaced by the marker, the link to the account removed, and the history no longer naming them.
 * The country stays (it decides the tax charged); the lines, totals and payment stay as sold.
 */
export function anonymisedOrder(order: Order, username: string, at: string): Order {
  return {
    ...order,
    email: ERASED,
    customerId: null,
    shippingAddress: { name: ERASED, line1: ERASED, line2: '', city: ERASED, postalCode: ERASED, country: order.shippingAddress.country },
    history: order.history.map((entry) => (entry.by === username ? { ...entry, by: ERASED_ACTOR } : entry)),
    updatedAt: at,
    version: order.version + 1,
  };
}
