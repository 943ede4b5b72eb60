import { createMiddleware } from 'hono/factory';
import { inRequest, type RequestIds } from '../../shared/request-scope';
import type { AppEnv } from '../env';

/** What `hono/aws-lambda` hands the app as its env; absent when Node serves it. */
type LambdaBindings = { event?: { requestContext?: { requestId?: unknown } }; lambdaContext?: { awsRequestId?: unknown } };

// A client's id is only echoed into logs: short, printable, nothing a log viewer could misread.
const CLIENT_ID = /^[\w.:@/+=-]{1,128}$/;

/**
 * Gives every request an id of ours, answered as `X-Request-Id`, and runs the rest of the request
 * in its scope (src/shared/request-scope.ts), so every log line carries it. A client-sent
 * `X-Request-Id` is never our id (hono's requestId middleware took it: two requests could then
 * share one id, and a client could make its request look like someone else's): it is logged as
 * `clientRequestId`. On Lambda, the invocation's id and API Gateway's request id come along.
 */
export function requestIds() {
  return createMiddleware<AppEnv>(function requestIds(c, next) {
    const requestId = crypto.randomUUID();
    const ids: RequestIds = { requestId };
    const sent = c.req.header('x-request-id');
    if (sent !== undefined && CLIENT_ID.test(sent)) ids.clientRequestId = sent;
    const lambda = c.env as LambdaBindings | undefined;
    const invocation = lambda?.lambdaContext?.awsRequestId;
    if (typeof invocation === 'string') ids.awsRequestId = invocation;
    const gateway = lambda?.event?.requestContext?.requestId;
    if (typeof gateway === 'string') ids.apiGatewayRequestId = gateway;
    c.set('requestId', requestId);
    c.header('x-request-id', requestId);
    return inRequest(ids, next);
  });
}
