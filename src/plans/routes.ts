import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv, TenantEnv } from '../http/env';
import { allow } from '../http/middleware/access';
import { jsonBody } from '../http/request';
import { actorOf } from '../identity/actor';
import { NotFoundError } from '../shared/errors';
import { TenantIdSchema } from '../tenants/tenant';
import { PlanChangeSchema, type PlanService } from './service';

/** The store's owner (its admins) reads and changes the store's plan. */
export function storePlanRoutes(plans: PlanService) {
  return new Hono<TenantEnv>()
    .get('/admin/plan', allow('admin'), async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await plans.describe(c.get('tenant')));
    })
    .put('/admin/plan', allow('admin'), async (c) => {
      const input = await jsonBody(c, PlanChangeSchema);
      return c.json(await plans.changeOwn(c.get('tenant'), actorOf(c), input));
    });
}

/** Operators change any store's plan (from the operator console's store page). */
export function operatorPlanRoutes(plans: PlanService) {
  const slug = (value: string | undefined) => {
    if (!v.is(TenantIdSchema, value)) throw new NotFoundError('No such store.');
    return value;
  };
  return new Hono<AppEnv>()
    .get('/platform/tenants/:slug/plan', allow('operator'), async (c) => c.json(await plans.describeFor(slug(c.req.param('slug')))))
    .put('/platform/tenants/:slug/plan', allow('operator'), async (c) => {
      const input = await jsonBody(c, PlanChangeSchema);
      return c.json(await plans.changeFor(slug(c.req.param('slug')), actorOf(c), input));
    });
}
