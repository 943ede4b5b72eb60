/**
 * Usage figures as people read them: grouped digits, bytes in KB/MB/GB. Shared by the store
 * console's "Plan and usage" section and the operator console's store list.
 */

/** A count with grouped digits ("1,234"), the same in every browser locale so screenshots and tests agree. */
export const number = (n: number) => n.toLocaleString('en');

/** Bytes in the largest unit under 1024 of the next ("3.1 MB"); one decimal below 10. */
export function bytes(n: number) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** What `GET /platform/tenants` sends per store (src/usage/service.ts, `summaries`). */
export type StoreUsageFigures = Partial<Record<'requestsToday' | 'requestsThisMonth' | 'products' | 'productLimit' | 'storageBytes', number>>;

/** One line per store: "1,234 req today · 56,789 this month · 12 / 1,000 products · 3.1 MB", or a dash without figures. */
export function storeUsageLine(usage: StoreUsageFigures | undefined): string {
  if (!usage || Object.keys(usage).length === 0) return '—';
  const parts: string[] = [];
  if (usage.requestsToday !== undefined) parts.push(`${number(usage.requestsToday)} req today`);
  if (usage.requestsThisMonth !== undefined) parts.push(`${number(usage.requestsThisMonth)} this month`);
  if (usage.products !== undefined)
    parts.push(usage.productLimit !== undefined ? `${number(usage.products)} / ${number(usage.productLimit)} products` : `${number(usage.products)} products`);
  if (usage.storageBytes !== undefined) parts.push(bytes(usage.storageBytes));
  // Each figure stays on one line (no-break spaces inside it); a narrow cell wraps between figures only.
  return parts.map((part) => part.replaceAll(' ', '\u00a0')).join(' · ') || '—';
}
