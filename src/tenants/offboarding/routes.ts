import { Hono, type MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import type { AppEnv, TenantEnv } from '../../http/env';
import { jsonAnswer, reply } from '../../http/idempotency';
import { allow } from '../../http/middleware/access';
import { jsonBody } from '../../http/request';
import { actorOf } from '../../identity/actor';
import { NotFoundError } from '../../shared/errors';
import { TenantIdSchema } from '../tenant';
import { CloseStoreSchema } from './offboarding';
import type { OffboardingService } from './service';

/** The owner's danger zone (the store's admins): close the store, follow its export, restore it in the grace period. */
export function storeOffboardingRoutes(offboarding: OffboardingService, idempotent: MiddlewareHandler<TenantEnv>) {
  return new Hono<TenantEnv>()
    .get('/admin/offboarding', allow('admin'), async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await offboarding.status(c.get('tenant').id));
    })
    .post('/admin/offboarding', allow('admin'), idempotent, async (c) => {
      const input = await jsonBody(c, CloseStoreSchema);
      return reply(c, jsonAnswer(202, await offboarding.close(actorOf(c), c.get('tenant').id, 'owner', input.confirm)));
    })
    .post('/admin/offboarding/restore', allow('admin'), idempotent, async (c) => {
      const tenant = c.get('tenant');
      await offboarding.restore(actorOf(c), tenant.id);
      return reply(c, jsonAnswer(200, await offboarding.status(tenant.id)));
    });
}

const slugParam = (value: string | undefined) => {
  if (!v.is(TenantIdSchema, value)) throw new NotFoundError('No such store.');
  return value;
};

/** The operators' side: offboard a store, follow it, restore it in the grace period. */
export function operatorOffboardingRoutes(offboarding: OffboardingService, idempotent: MiddlewareHandler<AppEnv>) {
  return new Hono<AppEnv>()
    .get('/platform/tenants/:slug/offboarding', allow('operator'), async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await offboarding.status(slugParam(c.req.param('slug'))));
    })
    .post('/platform/tenants/:slug/offboard', allow('operator'), idempotent, async (c) =>
      reply(c, jsonAnswer(202, await offboarding.close(actorOf(c), slugParam(c.req.param('slug')), 'operator'))),
    )
    .post('/platform/tenants/:slug/restore', allow('operator'), idempotent, async (c) => {
      const slug = slugParam(c.req.param('slug'));
      await offboarding.restore(actorOf(c), slug);
      return reply(c, jsonAnswer(200, await offboarding.status(slug)));
    });
}
