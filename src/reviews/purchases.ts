import type { OrderStatus } from '../orders/order';
import type { OrderRepository } from '../orders/repository';
import type { TenantContext } from '../tenants/tenant';

/** Orders that count as a purchase: paid, and not taken back (cancelled, refunded, expired or unpaid ones do not). */
export const PURCHASED: readonly OrderStatus[] = ['paid', 'partially-fulfilled', 'fulfilled', 'delivered'];

/** How many of a customer's orders a check reads at most (newest first): a badge is not worth more. */
const MAX_ORDERS_READ = 500;
const PAGE = 100;

export type PurchaseCheck = (tenant: TenantContext, customerId: string, productId: string) => Promise<boolean>;

/**
 * "Verified purchase": the customer has a paid, fulfilled or delivered order holding the product.
 * Their own orders only, through GSI3 (a customer's history), newest first.
 */
export function purchaseCheck(orders: Pick<OrderRepository, 'listForCustomer'>): PurchaseCheck {
  return async (tenant, customerId, productId) => {
    let cursor: string | undefined;
    let read = 0;
    do {
      const page = await orders.listForCustomer(tenant, customerId, { limit: PAGE, cursor });
      if (page.items.some((order) => PURCHASED.includes(order.status) && order.lines.some((line) => line.productId === productId))) return true;
      read += page.items.length;
      cursor = page.nextCursor;
    } while (cursor && read < MAX_ORDERS_READ);
    return false;
  };
}
