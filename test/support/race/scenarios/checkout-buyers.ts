/**
 * Buyers checking out as guests, each process its own app instance (its own in-process queues),
 * all released together: the checkout race of issue 19 item 6.
 */
import { defineScenario } from '../scenario';
import { workerClient } from '../worker-platform';

export type Purchase = {
  host: string;
  lines: { productId: string; variantId: string; quantity: number }[];
  card: string;
  email: string;
};
export type Bought = { status: number; orderId?: string; orderStatus?: string; type?: string };

export default defineScenario<Purchase, Bought>(async ({ platform, plan }) => {
  const host = plan[0]!.host;
  const visitor = workerClient(platform.app, host);
  // Before the barrier: resolve the store (its domain map entry cached), as a warm instance would.
  const warm = await visitor('GET', '/store');
  if (warm.status !== 200) throw new Error(`warm-up answered ${warm.status}`);
  return {
    run: async ({ lines, card, email }) => {
      const r = await visitor('POST', '/checkout/orders', {
        email,
        shippingAddress: { name: 'Race Buyer', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
        shippingMethodId: 'standard',
        lines,
        card: { number: card },
      });
      return { status: r.status, orderId: r.body?.id, orderStatus: r.body?.status, type: r.body?.type };
    },
  };
});
