import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES } from '../../../src/orders/order';
import { ALLOWED_FROM, allows, type OrderAction } from '../../../src/orders/transitions';

/** The table both the order service and the console's buttons follow (src/orders/transitions.ts). */
describe('which staff actions an order’s status allows', () => {
  it('ships only what is paid and not fully shipped, delivers only what is shipped, cancels only before it all ships, refunds only what was paid', () => {
    const allowedBy = (action: OrderAction) => ORDER_STATUSES.filter((status) => allows(status, action));
    expect(allowedBy('ship')).toEqual(['paid', 'partially-fulfilled']);
    expect(allowedBy('deliver')).toEqual(['fulfilled']);
    expect(allowedBy('cancel')).toEqual(['placed', 'paid', 'partially-fulfilled']);
    expect(allowedBy('refund')).toEqual(['paid', 'partially-fulfilled', 'fulfilled', 'delivered']);
  });

  it('allows nothing on an order that is over: cancelled, refunded, or expired', () => {
    for (const status of ['cancelled', 'refunded', 'expired'] as const)
      expect(Object.keys(ALLOWED_FROM).filter((action) => allows(status, action as OrderAction))).toEqual([]);
  });
});
