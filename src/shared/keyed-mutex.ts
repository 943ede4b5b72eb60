/**
 * Serialises work per key inside one process. Concurrent adjustments of one product in the
 * same Lambda instance (or local server) then queue instead of failing each other's
 * conditional writes; across processes the conditional write still decides.
 */
export function keyedMutex() {
  const tails = new Map<string, Promise<unknown>>();
  return async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
