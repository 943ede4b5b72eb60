import { formatMoneyText } from '../catalog/transfer/money-text';
import type { Order } from '../orders/order';
import type { DocumentSeries, IssuedDocument } from './document';

/** What a document prints, in reading order: plain strings, so the PDF writer only places text. */
export type DocumentLayout = {
  title: string;
  number: string;
  /** Issue date (YYYY-MM-DD), order number, and for a credit note the invoice it corrects. */
  facts: { label: string; value: string }[];
  seller: string[];
  buyer: string[];
  lines: { name: string; variant: string; quantity: string; unitPrice: string; lineTotal: string }[];
  totals: { label: string; amount: string }[];
  /** The tax note (inclusive or added), and the currency every amount is in. */
  notes: string[];
};

const money = (amount: number, currency: string) => (amount < 0 ? `-${formatMoneyText(-amount, currency)}` : formatMoneyText(amount, currency));
const percent = (basisPoints: number) => `${(basisPoints / 100).toFixed(2).replace(/\.?0+$/, '')} %`;

/**
 * A discount on the order's totals, where the order has one (the discounts work adds it as an
 * integer of minor units taken off the goods); printed as a negative line.
 */
function discountOf(order: Order): number {
  const totals = order.totals as Order['totals'] & { discount?: unknown };
  return typeof totals.discount === 'number' ? totals.discount : 0;
}

/**
 * The invoice or the credit note of an order, from the order's stored facts only: the lines and
 * totals it was sold at (never priced again), the buyer it was sold to, and the seller as it was
 * when the document was issued. A credit note repeats the invoice with every amount negative and
 * names the invoice it cancels.
 */
export function documentLayout(order: Order, series: DocumentSeries): DocumentLayout {
  const issued: IssuedDocument | undefined = series === 'invoice' ? order.invoice : order.creditNote;
  if (!issued || !order.invoice) throw new Error(`order ${order.id} has no ${series}`);
  const sign = series === 'invoice' ? 1 : -1;
  const { currency } = order.totals;
  const m = (amount: number) => money(sign * amount, currency);
  const address = order.shippingAddress;
  const discount = discountOf(order);
  const { seller } = issued;
  return {
    title: series === 'invoice' ? 'Invoice' : 'Credit note',
    number: issued.number,
    facts: [
      { label: 'Date', value: issued.issuedAt.slice(0, 10) },
      { label: 'Order', value: order.id },
      ...(series === 'credit-note' ? [{ label: 'Cancels invoice', value: order.invoice.number }] : []),
    ],
    seller: [seller.name, ...seller.address.split(/\r?\n|,\s*/), seller.vatId ? `VAT ID ${seller.vatId}` : '', seller.email].filter((l) => l.trim() !== ''),
    buyer: [address.name, address.line1, address.line2, `${address.postalCode} ${address.city}`, address.country, order.email].filter((l) => l.trim() !== ''),
    lines: order.lines.map((line) => ({
      name: line.name,
      variant: [line.optionValues.join(' / '), line.sku].filter((part) => part !== '').join(' · '),
      quantity: String(line.quantity),
      unitPrice: m(line.unitPrice),
      lineTotal: m(line.lineTotal),
    })),
    totals: [
      { label: 'Subtotal', amount: m(order.totals.subtotal) },
      ...(discount !== 0 ? [{ label: 'Discount', amount: m(-discount) }] : []),
      { label: `Shipping (${order.shippingMethod.name})`, amount: m(order.totals.shipping) },
      {
        label: order.totals.pricesIncludeTax ? `Tax included (${percent(order.totals.taxRate)})` : `Tax (${percent(order.totals.taxRate)})`,
        amount: m(order.totals.tax),
      },
      { label: 'Total', amount: m(order.totals.total) },
    ],
    notes: [
      order.totals.pricesIncludeTax ? 'Prices include tax.' : 'Tax is added to the prices shown.',
      `All amounts in ${currency}.`,
      ...(series === 'credit-note' ? [`This credit note refunds invoice ${order.invoice.number} in full.`] : []),
    ],
  };
}
