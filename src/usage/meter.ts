import { AsyncLocalStorage } from 'node:async_hooks';
import type { TenantContext } from '../tenants/tenant';
import { addCounts, dayOf, METERED, zeroCounts, type MeteredCounts, type UsageStore } from './usage';

/**
 * Usage counted in memory per instance and written out on a short interval with one UpdateItem
 * ADD per store and day, so metering costs no DynamoDB call per request. What a frozen or killed
 * Lambda instance had not flushed yet is lost (at most one interval of its counts): usage is a
 * close measure for showing and billing, never an exact one.
 */
export type UsageMeter = ReturnType<typeof createUsageMeter>;

/** How often a running instance writes its counts out: what a frozen or stopped instance can lose at most. */
export const USAGE_FLUSH_INTERVAL_MS = 10_000;

const DAY_MS = 86_400_000;

export function createUsageMeter(options: {
  store: UsageStore;
  /** Finds a store by id, for what is counted by id (events, emails); the resolver's cache answers warm ones. */
  resolve?: (tenantId: string) => Promise<TenantContext | undefined>;
  now?: () => number;
  onError?: (error: unknown) => void;
}) {
  const now = options.now ?? Date.now;
  // tenant id → day → counts, with the tenant (its keys are built from a resolved tenant).
  const pending = new Map<string, { tenant: TenantContext; days: Map<string, MeteredCounts> }>();
  const scope = new AsyncLocalStorage<TenantContext>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

  function countInto(tenant: TenantContext, day: string, counts: Partial<MeteredCounts>) {
    const entry = pending.get(tenant.id) ?? { tenant, days: new Map<string, MeteredCounts>() };
    pending.set(tenant.id, entry);
    entry.days.set(day, addCounts(entry.days.get(day) ?? zeroCounts(), counts));
  }

  // Every request counts into today: its name is worked out once per day, not per request.
  let today = { from: 0, until: 0, day: '' };
  function dayAt(at: number) {
    if (at < today.from || at >= today.until) {
      const from = at - (at % DAY_MS);
      today = { from, until: from + DAY_MS, day: dayOf(at) };
    }
    return today.day;
  }

  const add = (tenant: TenantContext, counts: Partial<MeteredCounts>) => countInto(tenant, dayAt(now()), counts);

  async function flushNow() {
    const batch = [...pending.values()];
    pending.clear();
    const failed: unknown[] = [];
    await Promise.all(
      batch.flatMap(({ tenant, days }) =>
        [...days].map(async ([day, counts]) => {
          if (METERED.every((name) => counts[name] === 0)) return;
          try {
            await options.store.add(tenant, day, counts);
          } catch (error) {
            // Kept for the next flush rather than lost: the table may be back by then.
            countInto(tenant, day, counts);
            failed.push(error);
          }
        }),
      ),
    );
    if (failed.length > 0) options.onError?.(failed[0]);
  }

  // Counted by id: the day is the one it happened on, even when the store is resolved a moment later.
  const pendingById: Promise<void>[] = [];
  function addById(tenantId: string, counts: Partial<MeteredCounts>) {
    const day = dayAt(now());
    const lookup = (options.resolve?.(tenantId) ?? Promise.resolve(undefined))
      .then((tenant) => {
        if (tenant) countInto(tenant, day, counts);
      })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => pendingById.splice(pendingById.indexOf(lookup), 1));
    pendingById.push(lookup);
  }

  async function flushAll() {
    await Promise.all([...pendingById]);
    await flushNow();
  }

  return {
    add,
    addById,
    /** Runs `fn` (and everything it awaits) on behalf of `tenant`: DynamoDB capacity it consumes is the store's. */
    on: <T>(tenant: TenantContext, fn: () => T): T => scope.run(tenant, fn),
    /** The store the current work is metered to, if any. */
    current: (): TenantContext | undefined => scope.getStore(),
    /** Writes out everything counted so far; flushes never overlap. */
    flush(): Promise<void> {
      // Outside any store's scope: the flush's own writes are the platform's, not the caller's store's.
      const run = () => scope.exit(flushAll);
      flushing = flushing.then(run, run);
      return flushing;
    },
    /** Flushes every `intervalMs` until `stop`; the timer does not keep the process alive. */
    start(intervalMs: number) {
      if (timer) return;
      timer = setInterval(() => void this.flush(), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await this.flush();
    },
  };
}
