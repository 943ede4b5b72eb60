/** Minor units to a localised price: 8999 EUR → "€89.99". */
export function formatPrice(price: { amount: number; currency: string }, locale = 'en'): string {
  const digits = new Intl.NumberFormat(locale, { style: 'currency', currency: price.currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: price.currency }).format(price.amount / 10 ** digits);
}

/** Visitors see whether something can be bought, not how many are left (stock counts are the store's). */
export function stockState(inStock: boolean): { label: string; tone: 'in' | 'out' } {
  return inStock ? { label: 'In stock', tone: 'in' } : { label: 'Out of stock', tone: 'out' };
}
