import { createMiddleware } from 'hono/factory';
import type { Next } from 'hono';
import type { Admission, RequestLimiter } from '../../plans/request-limit';
import { TooManyRequestsError } from '../../shared/errors';
import type { UsageMeter } from '../../usage/meter';
import type { TenantEnv } from '../env';

/**
 * Counts the request to its store (refused ones too: they cost a Lambda and API Gateway request)
 * and runs the rest of it on the store's behalf, so the DynamoDB capacity it consumes is the
 * store's (src/adapters/dynamodb/capacity-metering.ts).
 */
const ONE_REQUEST = { requests: 1 } as const;

export function meterStoreRequests(meter: UsageMeter) {
  return createMiddleware<TenantEnv>(function meterStoreRequests(c, next) {
    const tenant = c.get('tenant');
    meter.add(tenant, ONE_REQUEST);
    return meter.on(tenant, next);
  });
}

/**
 * The store's request limit (its plan's rate and burst), right after the store is resolved and
 * before anything else of the request touches DynamoDB: over it, 429 with Retry-After.
 */
export function limitStoreRequests(limiter: RequestLimiter) {
  const admitted = (admission: Admission, next: Next) => {
    if (!admission.allowed) {
      throw new TooManyRequestsError('This store is receiving more requests than its plan allows; try again shortly.', {
        retryAfterSeconds: admission.retryAfterSeconds,
        extra: { limit: 'requests-per-second' },
      });
    }
    return next();
  };
  return createMiddleware<TenantEnv>(function limitStoreRequests(c, next) {
    // Nearly every request is answered from this instance's bucket, synchronously: no promise to wait for.
    const answer = limiter.admit(c.get('tenant'));
    return answer instanceof Promise ? answer.then((admission) => admitted(admission, next)) : admitted(answer, next);
  });
}
