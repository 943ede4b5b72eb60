import { Hono, type Context, type MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import type { TenantEnv } from '../../http/env';
import { jsonAnswer, reply } from '../../http/idempotency';
import { allow } from '../../http/middleware/access';
import { jsonBody } from '../../http/request';
import { actorOf } from '../../identity/actor';
import { NotFoundError } from '../../shared/errors';
import { DomainSchema } from '../tenant';
import { CustomDomainAddSchema } from './custom-domain';
import type { CustomDomainService } from './service';

/** A domain in a path: anything that is not a host name is none of the store's. */
function domainParam(c: Context): string {
  const result = v.safeParse(DomainSchema, c.req.param('domain'));
  if (!result.success) throw new NotFoundError('No such domain.');
  return result.output;
}

/** The store's owner (its admins) adds, checks and removes the store's own domains. */
export function customDomainRoutes(domains: CustomDomainService, idempotent: MiddlewareHandler<TenantEnv>) {
  return new Hono<TenantEnv>()
    .get('/admin/domains', allow('admin'), async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await domains.list(c.get('tenant')));
    })
    .post('/admin/domains', allow('admin'), idempotent, async (c) => {
      const input = await jsonBody(c, CustomDomainAddSchema);
      const added = await domains.add(c.get('tenant'), actorOf(c), input);
      return reply(c, jsonAnswer(201, added, { location: `/admin/domains/${added.domain}` }));
    })
    .post('/admin/domains/:domain/verify', allow('admin'), idempotent, async (c) => {
      return reply(c, jsonAnswer(200, await domains.verify(c.get('tenant'), actorOf(c), domainParam(c))));
    })
    .delete('/admin/domains/:domain', allow('admin'), async (c) => {
      await domains.remove(c.get('tenant'), actorOf(c), domainParam(c));
      return c.body(null, 204);
    });
}
