/** Digits after the decimal point of a currency (yen none, dinar three), per the browser's Intl data. */
export function minorUnits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export const formatMoney = (price: { amount: number; currency: string }) => {
  const digits = minorUnits(price.currency);
  return `${(price.amount / 10 ** digits).toFixed(digits)} ${price.currency}`;
};

/** What someone typed ("59.90") → minor units of the currency. */
export const toMinor = (typed: string, currency: string) => Math.round(Number(typed) * 10 ** minorUnits(currency));
