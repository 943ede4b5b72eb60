import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env';
import { allow } from '../http/middleware/access';
import { jsonBody } from '../http/request';
import { parseOrThrow } from '../shared/validation';
import { StoreListQuerySchema, withUsage, type StoreUsageReader } from './store-list';
import { actorOf } from '../identity/actor';
import { NotFoundError } from '../shared/errors';
import { OnboardingSchema, type OnboardingService } from './onboarding';
import { TenantIdSchema } from './tenant';
import * as v from 'valibot';

const slugParam = (value: string | undefined) => {
  if (!v.is(TenantIdSchema, value)) throw new NotFoundError('No such store.');
  return value;
};

/**
 * The platform operator's console: onboard, list, suspend and resume stores. The POSTs take an
 * Idempotency-Key (`idempotent`); their effects are not one transaction, so the answer is recorded
 * right after them (docs/architecture.md, "Idempotent writes").
 */
export function operatorRoutes(onboarding: OnboardingService, idempotent: MiddlewareHandler<AppEnv>, usage?: StoreUsageReader) {
  return new Hono<AppEnv>()
    .get('/platform/tenants', allow('operator'), async (c) => {
      const query = parseOrThrow(StoreListQuerySchema, { limit: c.req.query('limit'), cursor: c.req.query('cursor'), q: c.req.query('q') }, 'query string');
      const page = await onboarding.list({ limit: query.limit, cursor: query.cursor }, query.q || undefined);
      return c.json({ items: await withUsage(page.items, usage), nextCursor: page.nextCursor ?? null });
    })
    .post('/platform/tenants', allow('operator'), idempotent, async (c) => {
      const input = await jsonBody(c, OnboardingSchema);
      return c.json(await onboarding.onboard(actorOf(c), input), 201);
    })
    .get('/platform/tenants/:slug', allow('operator'), async (c) => c.json(await onboarding.get(slugParam(c.req.param('slug')))))
    .post('/platform/tenants/:slug/suspend', allow('operator'), idempotent, async (c) =>
      c.json(await onboarding.suspend(actorOf(c), slugParam(c.req.param('slug')))),
    )
    .post('/platform/tenants/:slug/resume', allow('operator'), idempotent, async (c) =>
      c.json(await onboarding.resume(actorOf(c), slugParam(c.req.param('slug')))),
    );
}
