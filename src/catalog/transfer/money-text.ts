/**
 * Prices as a CSV writes them ("19.99"), to and from integer minor units, with no float ever in
 * between: the digits are moved, not multiplied.
 */

/** Digits after the decimal point in a currency (EUR 2, JPY 0, BHD 3), from the platform's ICU data. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "19.99" → 1999 (EUR); undefined when it is not a plain non-negative decimal with at most the currency's digits. */
export function parseMoneyText(text: string, currency: string): number | undefined {
  const match = /^(\d{1,12})(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return undefined;
  const digits = minorDigits(currency);
  // Shopify writes "20.00" for 20 in any currency; trailing zeros beyond the currency's digits are fine.
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) return undefined;
  return Number(match[1]!) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** 1999 (EUR) → "19.99"; 500 (JPY) → "500". */
export function formatMoneyText(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(amount);
  const text = String(amount).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
