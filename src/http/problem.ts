import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as v from 'valibot';

/**
 * Every error answer's body (RFC 9457), as the contract documents it: more members may follow
 * (`currentStock`, `field`, …), named in `detail`.
 */
export const ProblemSchema = v.looseObject({
  type: v.pipe(v.string(), v.startsWith('/problems/')),
  title: v.string(),
  status: v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(599)),
  detail: v.string(),
  instance: v.string(),
  /** Validation failures (422): each offending field. */
  errors: v.optional(v.array(v.strictObject({ path: v.string(), message: v.string() }))),
});

export const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Validation failed',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** An RFC 9457 problem details response; `code` becomes the `type` path (`/problems/<code>`). */
export function problem(c: Context, status: ContentfulStatusCode, code: string, detail: string, extra: Record<string, unknown> = {}) {
  return c.body(JSON.stringify({ type: `/problems/${code}`, title: TITLES[status] ?? 'Error', status, detail, ...extra, instance: c.req.path }), status, {
    'content-type': 'application/problem+json',
  });
}
