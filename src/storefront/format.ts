/** Minor units to a localised price: 8999 EUR → "€89.99". */
export function formatPrice(price: { amount: number; currency: string }, locale = 'en'): string {
  const digits = new Intl.NumberFormat(locale, { style: 'currency', currency: price.currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: price.currency }).format(price.amount / 10 ** digits);
}

export function stockState(stock: number): { label: string; tone: 'in' | 'low' | 'out' } {
  if (stock <= 0) return { label: 'Out of stock', tone: 'out' };
  if (stock <= 5) return { label: `Only ${stock} left`, tone: 'low' };
  return { label: 'In stock', tone: 'in' };
}
