/**
 * An object whose async methods load their implementation on first call. Lambda entry points use
 * it for SDK clients most requests never touch (Cognito, EventBridge, STS), so a cold start does
 * not pay to parse them; the bundle keeps them in separate chunks.
 */
export function lazyAsync<T extends object>(load: () => Promise<T>): T {
  let loading: Promise<T> | undefined;
  return new Proxy({} as T, {
    get(_target, key) {
      return async (...args: unknown[]) => {
        loading ??= load().catch((error) => {
          loading = undefined;
          throw error;
        });
        const target = (await loading) as Record<PropertyKey, (...a: unknown[]) => unknown>;
        return target[key]!(...args);
      };
    },
  });
}

/**
 * An async function whose implementation loads on its first call, then is kept; a failed load (a
 * chunk missing from a bad deploy) is tried again by the next call. For handlers few invocations
 * reach (a page's markup, a job's work), so their code stays out of the cold start.
 */
export function lazyFunction<A extends unknown[], R>(load: () => Promise<(...args: A) => Promise<R>>): (...args: A) => Promise<R> {
  let loading: Promise<(...args: A) => Promise<R>> | undefined;
  return async (...args: A) => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return (await loading)(...args);
  };
}
