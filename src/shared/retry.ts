/**
 * Runs `attempt` again while it throws a retryable error, with full-jitter backoff so
 * contenders spread out instead of colliding in lock-step.
 */
export async function retrying<T>(
  attempt: () => Promise<T>,
  options: { retryable: (error: unknown) => boolean; attempts: number; baseMs?: number; capMs?: number },
): Promise<T> {
  const base = options.baseMs ?? 5;
  const cap = options.capMs ?? 200;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= options.attempts || !options.retryable(error)) throw error;
      const ceiling = Math.min(cap, base * 2 ** n);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}
