import type { Totals } from '../orders/order';
import { taxOf } from '../orders/totals';
import type { Evaluation } from './evaluate';

/**
 * The order's totals once its discounts are taken off (docs/discounts.md, "Totals"): `subtotal` and
 * `shipping` stay as priced, `discount` is everything taken off (goods and shipping), and tax is
 * computed once on what is left, as src/orders/totals.ts does without discounts. Never below zero:
 * no discount takes more than what is left of a line or of shipping.
 */
export function discountedTotals(priced: Totals, evaluation: Pick<Evaluation, 'total'>): Totals {
  const taxed = priced.subtotal + priced.shipping - evaluation.total;
  const tax = taxOf(taxed, priced.taxRate, priced.pricesIncludeTax);
  return { ...priced, discount: evaluation.total, tax, total: priced.pricesIncludeTax ? taxed : taxed + tax };
}
