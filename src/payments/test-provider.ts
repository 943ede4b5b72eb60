import { randomUUID } from 'node:crypto';
import type { PaymentProvider } from './port';
import { signWebhook } from './webhook-signature';

/**
 * Test card numbers (the same as Stripe's test mode, so the habit carries over): any other number
 * is declined too.
 */
export const TEST_CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
  /** Accepted as pending: the payment is settled later by a signed webhook (`settle`). */
  pending: '4000000000003220',
} as const;

/**
 * The local payment provider: no network, no money. Remembers its charges in memory so a test (or
 * the dev tools) can settle a pending one by sending the webhook the real provider would.
 */
export function testPaymentProvider(options: { webhookSecret: string }) {
  const charges = new Map<string, { amount: number; currency: string; status: 'succeeded' | 'pending' | 'failed' | 'refunded' }>();
  const provider: PaymentProvider & {
    /** The webhook request the provider would send when a pending payment settles. */
    settle(paymentId: string, outcome: 'succeeded' | 'failed', now?: Date): { body: string; signature: string };
    charges: typeof charges;
  } = {
    name: 'test',
    charges,
    async charge({ amount, currency, card }) {
      const id = `pay_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
      if (card.number === TEST_CARDS.succeeds) {
        charges.set(id, { amount, currency, status: 'succeeded' });
        return { provider: 'test', id, outcome: 'succeeded' };
      }
      if (card.number === TEST_CARDS.pending) {
        charges.set(id, { amount, currency, status: 'pending' });
        return { provider: 'test', id, outcome: 'pending' };
      }
      return { provider: 'test', id, outcome: 'declined' };
    },
    async refund(paymentId) {
      const charge = charges.get(paymentId);
      if (charge) charge.status = 'refunded';
    },
    settle(paymentId, outcome, now = new Date()) {
      const charge = charges.get(paymentId);
      if (charge && charge.status === 'pending') charge.status = outcome;
      const body = JSON.stringify({ id: `evt_${randomUUID().replace(/-/g, '').slice(0, 24)}`, type: `payment.${outcome}`, paymentId });
      return { body, signature: signWebhook(options.webhookSecret, body, now) };
    },
  };
  return provider;
}

export type TestPaymentProvider = ReturnType<typeof testPaymentProvider>;
