/**
 * An object whose async methods load their implementation on first call. Lambda entry points use
 * it for SDK clients most requests never touch (Cognito, EventBridge, STS), so a cold start does
 * not pay to parse them; the bundle keeps them in separate chunks.
 */
export function lazyAsync<T extends object>(load: () => Promise<T>): T {
  let loading: Promise<T> | undefined;
  return new Proxy({} as T, {
    get(_target, key) {
      // Not a promise: `await` on the proxy (a loader returning it) must not wait for a `then` forever.
      if (key === 'then') return undefined;
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

/** An object whose members are all async functions: what `lazyAsync` can stand in for without changing a caller. */
export type AsyncMembers<T> = { [K in keyof T]: (...args: never[]) => Promise<unknown> };

/** The names of a group's members that `lazyAsync` can stand in for. */
type AsyncMemberOf<G> = { [K in keyof G]: G[K] extends (...args: never[]) => unknown ? never : G[K] extends AsyncMembers<G[K]> ? K : never }[keyof G];

/**
 * Services that one dynamically imported module builds together (a route group's wiring, one
 * chunk in the Lambda bundle), on the first call to any of them. `member(name)` stands in for one
 * of them at start-up; a failed load is tried again by the next call, as with `lazyFunction`.
 * Only objects whose methods are all async can be taken this way (a synchronous one would turn
 * into a promise, and a member that is itself a function would not be callable): the type refuses
 * others; take those from `load()`.
 */
export function lazyGroup<G extends object>(load: () => Promise<G>) {
  let loading: Promise<G> | undefined;
  const group = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  return {
    member: <K extends AsyncMemberOf<G>>(name: K): G[K] => lazyAsync(async () => (await group())[name] as object) as G[K],
    /** The whole group, loaded (a caller that needs several members at once). */
    load: group,
  };
}
