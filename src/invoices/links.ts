import type { Order } from '../orders/order';

/**
 * The download paths of an order's documents, for pages that show the order: the customer's
 * orders page, and the store console's order page (staff: `audience: 'staff'`). Empty for an
 * order with no invoice (unpaid).
 */
export function invoiceLinks(
  order: Pick<Order, 'id' | 'invoice' | 'creditNote'>,
  audience: 'customer' | 'staff',
): { label: string; number: string; href: string }[] {
  const base = audience === 'staff' ? `/admin/orders/${order.id}/invoice` : `/me/orders/${order.id}/invoice`;
  return [
    ...(order.invoice ? [{ label: 'Invoice', number: order.invoice.number, href: base }] : []),
    ...(order.creditNote ? [{ label: 'Credit note', number: order.creditNote.number, href: `${base}?document=credit-note` }] : []),
  ];
}
