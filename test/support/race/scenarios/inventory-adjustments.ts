/**
 * Stock adjustments through the API, as a store clerk: each process signs in as its own session of
 * the store's clerk, so the processes share nothing but the table.
 */
import { tokenFor } from '../../fake-verifier';
import { defineScenario } from '../scenario';
import { workerClient } from '../worker-platform';

export type Adjustment = { host: string; tenantId: string; productId: string; delta: number };
export type Answer = { status: number; eventId?: string; currentStock?: number; title?: string };

export default defineScenario<Adjustment, Answer>(async ({ platform, index, plan }) => {
  const first = plan[0]!;
  const clerk = workerClient(platform.app, first.host, tokenFor('clerk', first.tenantId, `race-${index}`));
  // Before the barrier: resolve the store, record the session and open the sockets, so the race is over stock, not start-up.
  const warm = await clerk('GET', `/admin/products/${first.productId}`);
  if (warm.status !== 200) throw new Error(`warm-up read answered ${warm.status}`);
  return {
    run: async ({ productId, delta }) => {
      const r = await clerk('POST', `/admin/products/${productId}/inventory/adjustments`, { delta, reason: delta > 0 ? 'restock' : 'sale' });
      return { status: r.status, eventId: r.body?.eventId, currentStock: r.body?.currentStock, title: r.body?.title };
    },
  };
});
