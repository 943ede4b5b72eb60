/**
 * Buyers checking out with a discount code, each process its own app instance: the discount race
 * of issue 21 (the last uses of a code).
 */
import { defineScenario } from '../scenario';
import { workerClient } from '../worker-platform';

export type CodedPurchase = {
  host: string;
  lines: { productId: string; variantId: string; quantity: number }[];
  code: string;
  email: string;
  card: string;
};
export type CodedOutcome = { status: number; orderId?: string; discount?: number; type?: string; reasons?: string[] };

export default defineScenario<CodedPurchase, CodedOutcome>(async ({ platform, plan }) => {
  const visitor = workerClient(platform.app, plan[0]!.host);
  // Before the barrier: resolve the store (its domain map entry cached), as a warm instance would.
  const warm = await visitor('GET', '/store');
  if (warm.status !== 200) throw new Error(`warm-up answered ${warm.status}`);
  return {
    run: async ({ lines, code, email, card }) => {
      const r = await visitor('POST', '/checkout/orders', {
        email,
        shippingAddress: { name: 'Race Buyer', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
        shippingMethodId: 'standard',
        lines,
        card: { number: card },
        discountCodes: [code],
      });
      return {
        status: r.status,
        orderId: r.body?.id,
        discount: r.body?.totals?.discount,
        type: r.body?.type,
        reasons: r.body?.rejected?.map((x: { reason: string }) => x.reason),
      };
    },
  };
});
