import { Hono, type MiddlewareHandler } from 'hono';
import type { TenantEnv } from '../http/env';
import { jsonAnswer, reply } from '../http/idempotency';
import { allow } from '../http/middleware/access';
import { idParam, jsonBody, pageQuery } from '../http/request';
import { actorOf } from '../identity/actor';
import { PriceChangeCreateSchema } from './schedule';
import type { PriceScheduleService } from './schedule-service';

/** Admins schedule, list and cancel price changes (docs/pricing.md). */
export function pricingRoutes(schedule: PriceScheduleService, idempotent: MiddlewareHandler<TenantEnv>) {
  return new Hono<TenantEnv>()
    .get('/admin/price-changes', allow('admin'), async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await schedule.list(c.get('tenant'), pageQuery(c)));
    })
    .post('/admin/price-changes', allow('admin'), idempotent, async (c) => {
      const input = await jsonBody(c, PriceChangeCreateSchema);
      const change = await schedule.schedule(c.get('tenant'), actorOf(c), input);
      return reply(c, jsonAnswer(201, change, { location: `/admin/price-changes/${change.id}` }));
    })
    .delete('/admin/price-changes/:changeId', allow('admin'), async (c) => {
      await schedule.cancel(c.get('tenant'), idParam(c, 'changeId'));
      return c.body(null, 204);
    });
}
