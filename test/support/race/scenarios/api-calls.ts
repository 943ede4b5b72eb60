/**
 * Plain API calls as a store's staff or as a visitor, each process its own instance: the plan
 * limits' races (creations at limit−1) and the request-limit flood.
 */
import { tokenFor } from '../../fake-verifier';
import { defineScenario } from '../scenario';
import { workerClient } from '../worker-platform';

export type Call = {
  host: string;
  tenantId: string;
  role: 'admin' | 'clerk' | 'visitor';
  method: string;
  path: string;
  body?: unknown;
  /** Wait this long after the start before sending (a flood spread over seconds). */
  delayMs?: number;
};
export type Answer = { status: number; sentAt: number; type?: string; retryAfter?: string | null; body?: unknown };

export default defineScenario<Call, Answer>(async ({ platform, index, plan }) => {
  const clients = new Map<string, ReturnType<typeof workerClient>>();
  const clientFor = (call: Call) => {
    const key = `${call.host} ${call.role}`;
    let made = clients.get(key);
    if (!made) {
      made = workerClient(platform.app, call.host, call.role === 'visitor' ? undefined : tokenFor(call.role, call.tenantId, `race-${index}`));
      clients.set(key, made);
    }
    return made;
  };
  // Before the barrier: resolve each store this process calls (its domain map entry cached), as a warm instance would.
  for (const host of new Set(plan.map((c) => c.host))) {
    const warm = await workerClient(platform.app, host)('GET', '/store');
    if (warm.status !== 200) throw new Error(`warm-up of ${host} answered ${warm.status}`);
  }
  return {
    run: async (call) => {
      if (call.delayMs) await new Promise((resolve) => setTimeout(resolve, call.delayMs));
      const sentAt = Date.now();
      const r = await clientFor(call)(call.method, call.path, call.body);
      return { status: r.status, sentAt, type: r.body?.type, retryAfter: r.headers?.get('retry-after') ?? null, body: r.status < 300 ? undefined : r.body };
    },
  };
});
