/**
 * Runs `attempt` again while it throws a retryable error, with full-jitter backoff so
 * contenders spread out instead of colliding in lock-step.
 */
export async function retrying<T>(
  attempt: () => Promise<T>,
  options: { retryable: (error: unknown) => boolean; attempts: number; baseMs?: number; capMs?: number },
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= options.attempts || !options.retryable(error)) throw error;
      await backOff(n, options);
    }
  }
}

/** Full jitter: a random wait up to `base · 2^n`, capped, before attempt `n + 1`. */
export function backOff(n: number, options: { baseMs?: number; capMs?: number } = {}): Promise<void> {
  const ceiling = Math.min(options.capMs ?? 200, (options.baseMs ?? 5) * 2 ** n);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/**
 * DynamoDB's batch calls may hand part of a request back unprocessed (throttling). `send` takes
 * what is left and answers what is still left; it is asked again with backoff until nothing is,
 * and after `rounds` an error says what was left: never dropped silently.
 */
export async function drainUnprocessed<R>(
  first: R,
  send: (request: R) => Promise<R | undefined>,
  options: { what: string; rounds?: number; baseMs?: number; capMs?: number },
): Promise<void> {
  let left: R | undefined = first;
  for (let n = 0; left !== undefined; n++) {
    if (n >= (options.rounds ?? 6)) throw new Error(`DynamoDB left part of ${options.what} unprocessed after ${n} rounds`);
    if (n > 0) await backOff(n, { baseMs: options.baseMs ?? 10, capMs: options.capMs ?? 200 });
    left = await send(left);
  }
}
