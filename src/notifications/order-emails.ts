import { formatPrice } from '../storefront/format';
import { escapeHtml, type RenderedEmail } from './email';
import { frame } from './templates';

/**
 * The shopper's email for each step of an order (docs/emails.md), as plain functions of their
 * facts: one template per step, all in the shared frame, every store- or shopper-controlled value
 * escaped once, amounts in the currency's own minor unit (JPY has none, BHD three).
 */
export const SHOPPER_EMAIL_TAGS = {
  OrderPlaced: 'order-confirmation',
  OrderPaid: 'payment-received',
  OrderFulfilled: 'order-shipped',
  OrderCancelled: 'order-cancelled',
  OrderRefunded: 'order-refunded',
} as const;
export type ShopperEmailStep = keyof typeof SHOPPER_EMAIL_TAGS;

/**
 * The order events the inventory consumer takes (the AWS rule's pattern lists these): the
 * shopper's steps, OrderPlaced also being the store's new-order email (src/orders/order-notices.ts).
 */
export const ORDER_EMAIL_EVENTS = Object.keys(SHOPPER_EMAIL_TAGS) as ShopperEmailStep[];

export type OrderEmailLine = { name: string; optionValues: readonly string[]; quantity: number; lineTotal: number };

export type OrderEmailFacts = {
  step: ShopperEmailStep;
  storeName: string;
  orderId: string;
  currency: string;
  lines: readonly OrderEmailLine[];
  totals: { subtotal: number; shipping: number; tax: number; total: number; pricesIncludeTax: boolean };
  shippingMethod: string;
  /** Where the shopper sees the order: their account's orders (customers) or the lookup page (guests). */
  orderUrl?: string | undefined;
  /** Customer (signed in when ordering) or guest: says which page the link opens. */
  guest: boolean;
  /** OrderFulfilled: the units shipped now, and whether the order is complete with them. */
  shipped?: readonly { name: string; optionValues: readonly string[]; quantity: number }[] | undefined;
  complete?: boolean | undefined;
  /** OrderFulfilled: the carrier's tracking text, when the store gave one. */
  tracking?: string | undefined;
  /** OrderCancelled: whether a payment taken goes back. */
  refunded?: boolean | undefined;
};

/** Minor units in the currency's own digits: 12345 EUR → "€123.45", 1200 JPY → "¥1,200". */
export const amount = (minor: number, currency: string) => formatPrice({ amount: minor, currency });

const lineLabel = (line: { name: string; optionValues: readonly string[] }) =>
  line.optionValues.length > 0 ? `${line.name} (${line.optionValues.join(', ')})` : line.name;

function summaryLines(facts: OrderEmailFacts): string[] {
  const money = (minor: number) => amount(minor, facts.currency);
  return [
    ...facts.lines.map((line) => `${line.quantity} × ${lineLabel(line)}: ${money(line.lineTotal)}`),
    `Subtotal: ${money(facts.totals.subtotal)}`,
    `Shipping (${facts.shippingMethod}): ${money(facts.totals.shipping)}`,
    `${facts.totals.pricesIncludeTax ? 'Tax included' : 'Tax'}: ${money(facts.totals.tax)}`,
    `Total: ${money(facts.totals.total)}`,
  ];
}

/** What each step says: subject, heading, the opening sentence and whether the order's summary follows. */
function wording(facts: OrderEmailFacts): { subject: string; heading: string; opening: string[]; summary: boolean } {
  const total = amount(facts.totals.total, facts.currency);
  const n = facts.orderId;
  switch (facts.step) {
    case 'OrderPlaced':
      return {
        subject: `Your order ${n} at ${facts.storeName}`,
        heading: 'Thank you for your order',
        opening: [`We have your order ${n}. Here is what you ordered:`],
        summary: true,
      };
    case 'OrderPaid':
      return {
        subject: `Payment received for order ${n}`,
        heading: 'Payment received',
        opening: [`We received your payment of ${total} for order ${n}. We will tell you when it ships.`],
        summary: false,
      };
    case 'OrderFulfilled': {
      const items = (facts.shipped ?? []).map((s) => `${s.quantity} × ${lineLabel(s)}`);
      return {
        subject: `${facts.complete === false ? 'Part of your order' : 'Your order'} ${n} has shipped`,
        heading: facts.complete === false ? 'Part of your order has shipped' : 'Your order has shipped',
        opening: [
          `On its way from order ${n}: ${items.join('; ') || 'your items'}.`,
          ...(facts.complete === false ? ['The rest follows in another parcel; we will email you when it ships.'] : []),
          ...(facts.tracking ? [`Tracking: ${facts.tracking}`] : []),
        ],
        summary: false,
      };
    }
    case 'OrderCancelled':
      return {
        subject: `Order ${n} is cancelled`,
        heading: 'Your order is cancelled',
        opening: [`Your order ${n} is cancelled.${facts.refunded ? ` The payment of ${total} goes back to your card.` : ' Nothing was charged.'}`],
        summary: false,
      };
    case 'OrderRefunded':
      return {
        subject: `Refund for order ${n}`,
        heading: 'Your refund',
        opening: [`We refunded ${total} for order ${n}. Your bank may take a few days to show it.`],
        summary: false,
      };
  }
}

export function shopperOrderEmail(facts: OrderEmailFacts): RenderedEmail {
  const words = wording(facts);
  const linkLabel = facts.guest ? 'Look up your order' : 'See your order';
  const reason = `You receive this because order ${facts.orderId} was placed with this address at ${facts.storeName}.`;
  const summary = words.summary ? summaryLines(facts) : [];
  const text = [
    ...words.opening,
    ...(summary.length > 0 ? ['', ...summary] : []),
    '',
    facts.orderUrl
      ? `${linkLabel}: ${facts.orderUrl}${facts.guest ? ` (with the order number ${facts.orderId} and this email address)` : ''}`
      : `Quote the order number ${facts.orderId} when you contact ${facts.storeName}.`,
    '',
    reason,
  ].join('\n');
  const html = frame({
    storeName: facts.storeName,
    heading: words.heading,
    paragraphs: [...words.opening.map(escapeHtml), ...(summary.length > 0 ? [summary.map(escapeHtml).join('<br>')] : [])],
    action: facts.orderUrl ? { href: facts.orderUrl, label: linkLabel } : undefined,
    reason,
  });
  return { subject: words.subject.slice(0, 200), text, html, tag: SHOPPER_EMAIL_TAGS[facts.step] };
}
