/**
 * Payments racing for the store's invoice numbers (issue 20 item 1): each operation either buys
 * with a card that pays at once (the number is taken in the checkout's transaction) or settles an
 * order placed earlier with a pending payment (taken in the webhook's transition), each process
 * its own platform on the same table.
 */
import { tenantContext } from '../../../../src/tenants/tenant';
import { defineScenario } from '../scenario';
import { workerClient } from '../worker-platform';

export type InvoicePayment =
  | { kind: 'buy'; host: string; productId: string; variantId: string; card: string; email: string }
  | { kind: 'settle'; tenantId: string; orderId: string; paymentId: string };
export type Paid = { status: number; orderId?: string; invoice?: string; type?: string };

export default defineScenario<InvoicePayment, Paid>(async ({ platform, plan }) => {
  const buy = plan.find((op) => op.kind === 'buy');
  const visitor = buy?.kind === 'buy' ? workerClient(platform.app, buy.host) : undefined;
  // Before the barrier: the store resolved and its record read, as a warm instance would have them.
  if (visitor && (await visitor('GET', '/store')).status !== 200) throw new Error('warm-up failed');
  const settle = plan.find((op) => op.kind === 'settle');
  const store = settle?.kind === 'settle' ? await platform.registry.get(settle.tenantId) : undefined;
  const once = async (op: InvoicePayment): Promise<Paid> => {
    if (op.kind === 'buy') {
      const r = await visitor!(
        'POST',
        '/checkout/orders',
        {
          email: op.email,
          shippingAddress: { name: 'Race Payer', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
          shippingMethodId: 'standard',
          lines: [{ productId: op.productId, variantId: op.variantId, quantity: 1 }],
          card: { number: op.card },
        },
        // Its own key: a retry after a 503 is the same checkout, never a second order.
        { 'idempotency-key': `race-${op.email}` },
      );
      return { status: r.status, orderId: r.body?.id, invoice: r.body?.invoice?.number, type: r.body?.type };
    }
    try {
      const order = await platform.orders.settle(tenantContext(store!), op.orderId, {
        eventId: `race-${op.orderId}`,
        paymentId: op.paymentId,
        outcome: 'succeeded',
      });
      return { status: 200, orderId: order.id, invoice: order.invoice?.number };
    } catch (error) {
      // A DynamoDB call that timed out under the load: the API would answer 503, and the provider send the webhook again.
      if (error instanceof Error && /timeout|timed out/i.test(`${error.name} ${error.message}`)) return { status: 503 };
      throw error;
    }
  };
  return {
    // A 503 (DynamoDB Local timing out on a loaded machine) is tried again, as a shopper's page (same
    // Idempotency-Key) or the payment provider (same event) would: every payment must end paid.
    run: async (op) => {
      // Until a minute and a half has passed: a claim whose release timed out too holds its key for
      // IDEMPOTENCY_LEASE_SECONDS (409 in flight), and a retry before then is told to wait.
      const deadline = Date.now() + 90_000;
      let paid = await once(op);
      for (let attempt = 1; (paid.status === 503 || paid.status === 409) && Date.now() < deadline; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, paid.status === 409 ? 5_000 : Math.min(400 * attempt, 3_000)));
        paid = await once(op);
      }
      return paid;
    },
  };
});
