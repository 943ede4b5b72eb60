import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { READ_ONLY_METHODS } from '../methods';
import { problem } from '../problem';

/**
 * Hono's body limit, applied only where a route may read the body. Asking a GET for its body
 * makes @hono/node-server build a full `Request` (headers, AbortSignal) it otherwise skips,
 * which cost a third of a warm read's CPU time.
 */
export function limitBodies(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => problem(c, 413, 'payload-too-large', `The body is larger than the limit of ${maxBytes} bytes.`),
  });
  return (c, next) => (READ_ONLY_METHODS.has(c.req.method) ? next() : limit(c, next));
}
