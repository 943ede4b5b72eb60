import { markDependency } from '../../shared/dependency-errors';

/**
 * How long one SDK call may take, retries included. The API function has 10 s
 * (stacks/platform-stack.ts); the worst call must end well inside that, as our 503, leaving time
 * for the calls before it and for answering: worst case is
 * maxAttempts × (connectionTimeoutMs + requestTimeoutMs) plus the standard strategy's backoff
 * (at most 200 ms before the one retry). docs/architecture.md, "Time budgets", has the table.
 */
export type TimeBudget = {
  /** TCP (and TLS) connect. */
  connectionTimeoutMs: number;
  /** The whole request, from sending it to the answer's headers: a frozen dependency ends here. */
  requestTimeoutMs: number;
  /** First try included; retries use the SDK's standard strategy (throttles and 5xx, with jitter). */
  maxAttempts: number;
};

export type Dependency = 'dynamodb' | 's3' | 'cognito' | 'sts' | 'eventbridge' | 'ses';

export const TIME_BUDGETS: Record<Dependency, TimeBudget> = {
  // ≤ 6.2 s: single-digit-millisecond calls; one retry rides out a throttle or a dropped socket.
  dynamodb: { connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 2 },
  s3: { connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 2 },
  sts: { connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 2 },
  eventbridge: { connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 2 },
  // SendEmail answers in about 100 ms; the same budget keeps a future email from the API inside its 10 s.
  ses: { connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 2 },
  // ≤ 6 s: SignUp waits for the pre-sign-up trigger (Cognito gives triggers 5 s), and a retried
  // SignUp or InitiateAuth is not harmless (a second account attempt, a counted failure): no retry.
  cognito: { connectionTimeoutMs: 1_000, requestTimeoutMs: 5_000, maxAttempts: 1 },
};

/** The longest one call may take under a budget (the strategy's first backoff is under 200 ms). */
export const worstCaseMs = (b: TimeBudget) =>
  b.maxAttempts * (b.connectionTimeoutMs + b.requestTimeoutMs) + (b.maxAttempts > 1 ? 200 * (b.maxAttempts - 1) : 0);

/**
 * The constructor settings every SDK client of the API takes: its dependency's budget, or a
 * smaller one (the fault tests shrink it rather than wait seconds).
 */
export function clientSettings(dependency: Dependency, budget: Partial<TimeBudget> = {}) {
  const b = { ...TIME_BUDGETS[dependency], ...budget };
  return {
    // An options object: the SDK builds its NodeHttpHandler with these. Without
    // throwOnRequestTimeout, a request past requestTimeout only logs a warning and waits on
    // (found by the fault tests: a frozen DynamoDB hung requests for good).
    requestHandler: { connectionTimeout: b.connectionTimeoutMs, requestTimeout: b.requestTimeoutMs, throwOnRequestTimeout: true },
    maxAttempts: b.maxAttempts,
    retryMode: 'standard' as const,
  };
}

type Middleware = (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>;
type StackOwner = { middlewareStack: unknown };

// Set once per process by the Lambda entry point when X-Ray tracing is on (src/adapters/aws/tracing.ts);
// every client made afterwards is traced. Locally nothing sets it: no daemon, no tracer loaded.
let instrument: ((client: StackOwner) => void) | undefined;

/** Every SDK client created from now on goes through `fn` (the tracer's capture). */
export function instrumentClients(fn: ((client: StackOwner) => void) | undefined) {
  instrument = fn;
}

/**
 * Marks every error the client throws with its dependency's name (after its retries: the
 * initialize step wraps them), so the error handler's log line names what failed. The error
 * itself is untouched: adapters still recognise `ConditionalCheckFailedException` and the rest.
 */
export function namedDependency<C extends StackOwner>(client: C, dependency: Dependency): C {
  const mark: Middleware = (next) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      throw markDependency(error, dependency);
    }
  };
  (client.middlewareStack as { add(m: Middleware, o: object): void }).add(mark, {
    step: 'initialize',
    name: 'namedDependency',
    priority: 'high',
    override: true,
  });
  // Every client of the API passes here once, at creation: the one place to trace them all.
  instrument?.(client);
  return client;
}
