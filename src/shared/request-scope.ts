import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The ids that tie a log line to one request: ours (answered as `X-Request-Id`), the one the
 * client sent (kept apart: a client may send anything, even another request's id), Lambda's
 * invocation id and API Gateway's request id (what its access log and AWS support know).
 */
export type RequestIds = {
  requestId: string;
  clientRequestId?: string;
  awsRequestId?: string;
  apiGatewayRequestId?: string;
};

// One store for the process. The logger's mixin reads it, so code deep in services and adapters
// logs the request's ids without being handed a request logger it would have to pass along.
const scope = new AsyncLocalStorage<RequestIds>();

/** Runs `fn` (and everything it awaits) as part of the request with these ids. */
export const inRequest = <T>(ids: RequestIds, fn: () => T): T => scope.run(ids, fn);

/**
 * The current request's ids, or an empty object outside any request (start-up, the stream
 * publisher). A fresh object every call: pino merges each line's fields into what its mixin
 * returns, so handing it the request's own object (or a shared frozen one) would carry one line's
 * fields into the next, or throw.
 */
export const currentRequestIds = (): Partial<RequestIds> => {
  const ids = scope.getStore();
  return ids ? { ...ids } : {};
};
