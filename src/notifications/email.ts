import * as v from 'valibot';

/**
 * What a template produces and the port sends. `tag` names the kind of email (`low-stock`,
 * later `password-reset`, `order-confirmation`, `back-in-stock`): SES carries it as a message tag
 * so bounces and complaints can be counted per kind, and the local mailbox shows it.
 */
export const EmailMessageSchema = v.object({
  to: v.pipe(v.string(), v.email()),
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
