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
