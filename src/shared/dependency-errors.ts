import { DependencyUnavailableError } from './errors';

/**
 * Which failures of a dependency mean "unavailable for a moment" (a 503 with Retry-After) rather
 * than "our bug" (a 500) or "the client's mistake" (a domain error, 4xx). One place, so every
 * adapter and the error handler agree. It reads shapes, not classes: the AWS SDK's errors
 * (`name`, `$metadata.httpStatusCode`, `$retryable`), Node's socket errors (`code`), fetch's
 * TypeError with its `cause`, and AbortSignal.timeout's `TimeoutError`/`AbortError`.
 */

/** Service errors that say "slow down" or "not now", whatever their HTTP status (DynamoDB throttles with a 400). */
const UNAVAILABLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'SlowDown',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalFailure',
  'InternalErrorException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'AbortError',
]);

/** Sockets that never connected, were cut, or went quiet (Node and undici spellings). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

type ErrorShape = {
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
  $dependency?: unknown;
};

const shapeOf = (error: unknown): ErrorShape | undefined => (typeof error === 'object' && error !== null ? (error as ErrorShape) : undefined);

/** True when the error itself (not its causes) says the dependency is unavailable. */
function unavailableItself(e: ErrorShape): boolean {
  if (typeof e.name === 'string' && UNAVAILABLE_NAMES.has(e.name)) return true;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (e.$retryable?.throttling === true) return true;
  const status = e.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}

/**
 * Marks an error with the dependency it came from (the SDK clients' guard does this for every
 * error they throw), so the logs can name it. The innermost mark wins: an STS failure while
 * getting credentials for a DynamoDB call is STS's.
 */
export function markDependency<E>(error: E, dependency: string): E {
  const e = shapeOf(error);
  if (e && e.$dependency === undefined && Object.isExtensible(e)) Object.defineProperty(e, '$dependency', { value: dependency, enumerable: false });
  return error;
}

/**
 * The error as a DependencyUnavailableError when it (or an error in its `cause` chain) is a
 * dependency's temporary unavailability, else undefined. `fallback` names the dependency when
 * nothing in the chain is marked.
 */
export function dependencyFailure(error: unknown, fallback = 'unknown'): DependencyUnavailableError | undefined {
  if (error instanceof DependencyUnavailableError) return error;
  let mark: string | undefined;
  // A bounded walk: cause chains are short, and a cycle must not hang the error handler.
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth++) {
    const e = shapeOf(current);
    if (!e) return undefined;
    if (current instanceof DependencyUnavailableError) return current;
    if (typeof e.$dependency === 'string') mark = e.$dependency;
    if (unavailableItself(e)) return new DependencyUnavailableError(mark ?? fallback, { cause: error });
    current = e.cause;
  }
  return undefined;
}

export const isDependencyUnavailable = (error: unknown): boolean => dependencyFailure(error) !== undefined;
