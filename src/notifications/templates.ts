import { escapeHtml, type RenderedEmail } from './email';

/**
 * Email templates as plain functions of their facts: no I/O, no engine, testable as strings.
 * Each returns subject, text and HTML; the HTML is one frame (`frame`) so the password-reset,
 * order and back-in-stock emails that come next share its look and its escaping rule: every
 * value a store or shopper controls is escaped exactly once, here.
 */
export type StockNoticeFacts = {
  kind: 'LowStock' | 'OutOfStock';
  storeName: string;
  productId: string;
  productName: string;
  sku?: string | undefined;
  /** Which variant, by its option values ("Size: 42, Colour: Red"); none for a product without options. */
  variant?: string | undefined;
  current: number;
  threshold?: number | null | undefined;
  occurredAt: string;
  /** Absolute link to the product in the store console, when the sender knows the store's address. */
  consoleUrl?: string | undefined;
};

/** The HTML frame every email shares: inline styles only (mail clients drop style sheets). Its paragraphs arrive escaped. */
export function frame(input: {
  storeName: string;
  heading: string;
  paragraphs: string[];
  action?: { href: string; label: string } | undefined;
  /** Why the reader gets this email (escaped here); an admin's notice unless said otherwise. */
  reason?: string;
}): string {
  const store = escapeHtml(input.storeName);
  const action = input.action
    ? `<p><a href="${escapeHtml(input.action.href)}" style="display:inline-block;padding:8px 14px;background:#1f4f8a;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(input.action.label)}</a></p>`
    : '';
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>',
    escapeHtml(input.heading),
    '</title></head><body style="font-family:system-ui,sans-serif;color:#222;max-width:560px;margin:0 auto;padding:16px">',
    `<p style="color:#666;font-size:14px">${store}</p>`,
    `<h1 style="font-size:20px">${escapeHtml(input.heading)}</h1>`,
    // Paragraphs arrive escaped by the template that built them (they mix markup and values).
    ...input.paragraphs.map((p) => `<p>${p}</p>`),
    action,
    `<p style="color:#666;font-size:12px">${input.reason === undefined ? `You receive this because you are an admin of ${store}.` : escapeHtml(input.reason)}</p>`,
    '</body></html>',
  ].join('');
}

/** Low-stock and out-of-stock notices to a store's admins. */
export function stockNotice(facts: StockNoticeFacts): RenderedEmail {
  const out = facts.kind === 'OutOfStock';
  const what = out ? 'is out of stock' : `is running low: ${facts.current} left`;
  const subject = `${out ? 'Out of stock' : 'Low stock'}: ${facts.productName}`.slice(0, 200);
  const sku = facts.sku ? ` (SKU ${facts.sku}${facts.variant ? `; ${facts.variant}` : ''})` : facts.variant ? ` (${facts.variant})` : '';
  const threshold = !out && typeof facts.threshold === 'number' ? ` Its low-stock threshold is ${facts.threshold}.` : '';
  const text = [
    `${facts.productName}${sku} ${what}.${threshold}`,
    `Noticed at ${facts.occurredAt}.`,
    facts.consoleUrl ? `Restock it in the store console: ${facts.consoleUrl}` : 'Restock it in the store console.',
    '',
    `You receive this because you are an admin of ${facts.storeName}.`,
  ].join('\n');
  const html = frame({
    storeName: facts.storeName,
    heading: out ? 'Out of stock' : 'Low stock',
    paragraphs: [
      `<strong>${escapeHtml(facts.productName)}</strong>${escapeHtml(sku)} ${escapeHtml(what)}.${escapeHtml(threshold)}`,
      `Noticed at ${escapeHtml(facts.occurredAt)}.`,
    ],
    action: facts.consoleUrl ? { href: facts.consoleUrl, label: 'Open the store console' } : undefined,
  });
  return { subject, text, html, tag: out ? 'out-of-stock' : 'low-stock' };
}

export type BackInStockFacts = {
  storeName: string;
  productName: string;
  /** Which variant, by its option values; none for a product without options. */
  variant?: string | undefined;
  /** Absolute link to the variant's product page, when the sender knows the store's address. */
  productUrl?: string | undefined;
};

/** To a customer whose wishlist holds a variant that can be bought again. */
export function backInStockNotice(facts: BackInStockFacts): RenderedEmail {
  const what = `${facts.productName}${facts.variant ? ` (${facts.variant})` : ''}`;
  const reason = `You receive this because ${what} is on your wishlist at ${facts.storeName}; remove it there to hear no more about it.`;
  const text = [
    `Good news: ${what} is back in stock at ${facts.storeName}.`,
    facts.productUrl ? `See it here: ${facts.productUrl}` : 'Find it in the store.',
    '',
    reason,
  ].join('\n');
  const html = frame({
    storeName: facts.storeName,
    heading: 'Back in stock',
    paragraphs: [`Good news: <strong>${escapeHtml(what)}</strong> is back in stock.`],
    action: facts.productUrl ? { href: facts.productUrl, label: 'See it in the store' } : undefined,
    reason,
  });
  return { subject: `Back in stock: ${facts.productName}`.slice(0, 200), text, html, tag: 'back-in-stock' };
}
