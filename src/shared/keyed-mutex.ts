/**
 * Serialises work per key inside one process. Concurrent adjustments of one product in the
 * same Lambda instance (or local server) then queue instead of failing each other's
 * conditional writes; across processes the conditional write still decides.
 */
export function keyedMutex() {
  const tails = new Map<string, Promise<unknown>>();
  /** `work` learns whether it queued behind other work on the key (which may have changed what it read before). */
  return async function withLock<T>(key: string, work: (queued: boolean) => Promise<T>): Promise<T> {
    const queued = tails.has(key);
    const previous = tails.get(key) ?? Promise.resolve();
    const start = () => work(queued);
    const run = previous.then(start, start);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
