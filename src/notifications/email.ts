import * as v from 'valibot';

/**
 * What a template produces and the port sends. `tag` names the kind of email (`low-stock`,
 * later `password-reset`, `order-confirmation`, `back-in-stock`): SES carries it as a message tag
 * so bounces and complaints can be counted per kind, and the local mailbox shows it.
 */
export const EmailMessageSchema = v.object({
  to: v.pipe(v.string(), v.email()),
  /**
   * The sender's display name (a store's name for its shoppers' emails); the address stays the
   * environment's one verified identity. Shown by mail clients as "Alpha Store <no-reply@…>".
   */
  fromName: v.optional(v.pipe(v.string(), v.maxLength(100))),
  subject: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  text: v.string(),
  html: v.optional(v.string()),
  /** The store the email is about, when it is about one (tagged, never shown to the recipient). */
  tenantId: v.optional(v.string()),
  tag: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/, 'must be lower-case letters, digits or hyphens')),
});

export type EmailMessage = v.InferOutput<typeof EmailMessageSchema>;

/** The email port: SES on AWS, the in-memory mailbox locally. Throws when the message was not accepted. */
export interface EmailSender {
  send(message: EmailMessage): Promise<{ messageId: string }>;
}

/** An email as a mailbox keeps it (the local stand-in and its dev page). */
export type StoredEmail = EmailMessage & { id: string; receivedAt: string };

/** A rendered email, before it has a recipient: what every template returns. */
export type RenderedEmail = Pick<EmailMessage, 'subject' | 'text' | 'html' | 'tag'>;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Everything a store or a shopper controls (product names, store names, people's names) goes
 * through this before it lands in an email's HTML: an admin of a store must not be able to put
 * markup or links in the mail another person reads.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

/**
 * The From header for a display name and the verified address: the name quoted (RFC 5322, its
 * quotes and backslashes escaped, line breaks dropped so no header can be injected), and
 * MIME-encoded (RFC 2047) when not plain ASCII, as SES asks.
 */
export function fromHeader(address: string, name: string | undefined): string {
  const clean = (name ?? '').replace(/[\r\n]+/g, ' ').trim();
  if (!clean) return address;
  if (/^[\x20-\x7e]*$/.test(clean)) return `"${clean.replace(/["\\]/g, (ch) => `\\${ch}`)}" <${address}>`;
  return `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?= <${address}>`;
}
