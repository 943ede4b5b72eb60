import { createHmac, timingSafeEqual } from 'node:crypto';
import * as v from 'valibot';
import type { PaymentNotice } from './port';

/**
 * Signed webhooks, in Stripe's manner: header `Payment-Signature: t=<unix seconds>,v1=<hex>`, the
 * HMAC-SHA256 of `<t>.<raw body>` under the endpoint's secret. A signature older than the
 * tolerance is refused, so a captured request cannot be replayed later; within it, replays are
 * harmless (applying a notice twice changes nothing).
 */
export const PAYMENT_SIGNATURE_HEADER = 'Payment-Signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export const PaymentNoticeSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/)),
  type: v.picklist(['payment.succeeded', 'payment.failed']),
  paymentId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/)),
});

const mac = (secret: string, timestamp: number, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');

export function signWebhook(secret: string, body: string, now = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${mac(secret, t, body)}`;
}

/** The notice, if the signature is ours and fresh and the body well-formed; undefined otherwise (never says which). */
export function verifyWebhook(secret: string, body: string, header: string | undefined, now = new Date()): PaymentNotice | undefined {
  if (!header) return undefined;
  const parts = Object.fromEntries(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  const given = parts.v1;
  if (!Number.isInteger(t) || !given || !/^[0-9a-f]{64}$/.test(given)) return undefined;
  if (Math.abs(now.getTime() / 1000 - t) > SIGNATURE_TOLERANCE_SECONDS) return undefined;
  if (!timingSafeEqual(Buffer.from(mac(secret, t, body), 'hex'), Buffer.from(given, 'hex'))) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const notice = v.safeParse(PaymentNoticeSchema, parsed);
  if (!notice.success) return undefined;
  return { eventId: notice.output.id, paymentId: notice.output.paymentId, outcome: notice.output.type === 'payment.succeeded' ? 'succeeded' : 'failed' };
}
