/**
 * A price with a compare-at ("was") price above it is a sale. Shoppers see the struck-through
 * compare-at price, a "Sale" badge and how much is off, the same on every page (listing cards,
 * product page, variant picker, cart, checkout): this is the one rule they all show.
 */
export type Sale = { compareAt: number; percentOff: number };

/**
 * The sale `price` is, or null when it is none (no compare-at, or one not above the price).
 * `percentOff` is rounded down, so a page never promises more than is taken off (1 % at least:
 * a compare-at a cent above the price is still a sale, and "0 % off" would read as a mistake).
 */
export function saleOf(price: number, compareAt: number | null | undefined): Sale | null {
  if (compareAt === null || compareAt === undefined || compareAt <= price || compareAt <= 0) return null;
  const percentOff = Math.max(1, Math.floor(((compareAt - price) * 100) / compareAt));
  return { compareAt, percentOff };
}

/** The badge's words: "Sale −25 %". */
export const saleLabel = (sale: Sale) => `Sale −${sale.percentOff} %`;

/** The badge's words for a price, or null when it is not on sale. */
export function saleText(price: number, compareAt: number | null | undefined): string | null {
  const sale = saleOf(price, compareAt);
  return sale ? saleLabel(sale) : null;
}

/**
 * A line's compare-at price, as carts, quotes and orders carry it: present only on sale, so a line
 * without one reads exactly as before sales were shown (and an order keeps what it was sold as).
 */
export function compareAtField(price: number, compareAt: number | null | undefined): { compareAtPrice?: number } {
  return saleOf(price, compareAt) ? { compareAtPrice: compareAt! } : {};
}
