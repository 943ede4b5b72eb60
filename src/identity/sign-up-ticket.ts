import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A short-lived permission, signed by the API, to create one pool account: the pre-sign-up
 * trigger accepts a SignUp or AdminCreateUser only with a ticket for exactly that username and
 * email. The app client is public, so without it anyone could create `<store>:<someone's email>`
 * with an address of their own and hold the name. The secret is shared by the API and the trigger
 * alone; the ticket travels in the call's `ClientMetadata`, which Cognito hands to the trigger.
 */
export const TICKET_METADATA_KEY = 'signUpTicket';
export const TICKET_TTL_SECONDS = 300;
const VERSION = 'v1';

export type TicketSubject = { username: string; email: string };
export type TicketCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'bad-signature' };

const signature = (secret: string, subject: TicketSubject, expiresAt: number) =>
  createHmac('sha256', secret).update(`${VERSION}\n${subject.username.toLowerCase()}\n${subject.email.toLowerCase()}\n${expiresAt}`).digest();

function requireSecret(secret: string) {
  // A short secret would make forging a ticket a matter of guessing it.
  if (secret.length < 32) throw new Error('The sign-up ticket secret must be at least 32 characters.');
}

/** `v1.<expiry in epoch seconds>.<HMAC-SHA256, base64url>` */
export function issueSignUpTicket(secret: string, subject: TicketSubject, now: Date = new Date(), ttlSeconds = TICKET_TTL_SECONDS): string {
  requireSecret(secret);
  const expiresAt = Math.floor(now.getTime() / 1000) + ttlSeconds;
  return `${VERSION}.${expiresAt}.${signature(secret, subject, expiresAt).toString('base64url')}`;
}

export function checkSignUpTicket(secret: string, ticket: string | undefined, subject: TicketSubject, now: Date = new Date()): TicketCheck {
  requireSecret(secret);
  if (!ticket) return { ok: false, reason: 'missing' };
  const match = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
  if (!match) return { ok: false, reason: 'malformed' };
  const expiresAt = Number(match[1]);
  const given = Buffer.from(match[2]!, 'base64url');
  // Signature first, so an attacker learns nothing from the order of the answers.
  if (!timingSafeEqual(given, signature(secret, subject, expiresAt))) return { ok: false, reason: 'bad-signature' };
  // A ticket lives minutes; one whose expiry lies further ahead than that was not made here.
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (expiresAt < nowSeconds || expiresAt > nowSeconds + TICKET_TTL_SECONDS) return { ok: false, reason: 'expired' };
  return { ok: true };
}
