/**
 * The payment provider port (docs/payments.md). Locally the test provider (test-provider.ts); on
 * AWS a Stripe adapter of the same shape. Domain code never sees a card beyond handing it on.
 */
export type PaymentOutcome = 'succeeded' | 'declined' | 'pending';

export type Authorization = { provider: string; id: string; outcome: PaymentOutcome };

export interface PaymentProvider {
  readonly name: string;
  /** Charges `amount` minor units; `pending` is settled later by a signed webhook. */
  charge(input: { amount: number; currency: string; card: { number: string }; reference: string }): Promise<Authorization>;
  /** Gives a charge back (a cancelled or refunded order, an order that could not be placed). Idempotent. */
  refund(paymentId: string): Promise<void>;
}

/** What a verified webhook says happened to one payment. */
export type PaymentNotice = { eventId: string; paymentId: string; outcome: 'succeeded' | 'failed' };
