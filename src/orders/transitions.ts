import type { OrderStatus } from './order';

/** What staff may do to an order. */
export type OrderAction = 'ship' | 'deliver' | 'cancel' | 'refund';

/**
 * From which statuses each staff action is allowed: the order service refuses the others (409),
 * and the console disables their buttons from the same table, so the two cannot drift apart.
 * Browser code imports this module: types only from './order', no valibot in the bundle.
 */
export const ALLOWED_FROM: Readonly<Record<OrderAction, readonly OrderStatus[]>> = {
  ship: ['paid', 'partially-fulfilled'],
  deliver: ['fulfilled'],
  cancel: ['placed', 'paid', 'partially-fulfilled'],
  refund: ['paid', 'partially-fulfilled', 'fulfilled', 'delivered'],
};

export const allows = (status: OrderStatus, action: OrderAction) => ALLOWED_FROM[action].includes(status);
