import { Hono, type MiddlewareHandler } from 'hono';
import type { TenantEnv } from '../http/env';
import { jsonAnswer, reply } from '../http/idempotency';
import { allow } from '../http/middleware/access';
import { idParam, jsonBody, pageQuery } from '../http/request';
import { actorOf } from '../identity/actor';
import { parseOrThrow } from '../shared/validation';
import {
  CustomerGroupCreateSchema,
  CustomerGroupPatchSchema,
  CustomerSearchQuerySchema,
  GroupAssignmentSchema,
  GroupPricesPutSchema,
  PriceListQuerySchema,
} from './group';
import type { CustomerGroupService } from './service';

const currencyQuery = (c: { req: { query: (name: string) => string | undefined } }) =>
  parseOrThrow(PriceListQuerySchema, { currency: c.req.query('currency') }, 'query string').currency;

/** Admins manage customer groups, who is in them, and their price lists (docs/pricing.md, "Customer groups"). */
export function customerGroupRoutes(groups: CustomerGroupService, idempotent: MiddlewareHandler<TenantEnv>) {
  return new Hono<TenantEnv>()
    .get('/admin/customer-groups', allow('admin'), async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await groups.list(c.get('tenant')));
    })
    .post('/admin/customer-groups', allow('admin'), idempotent, async (c) => {
      const input = await jsonBody(c, CustomerGroupCreateSchema);
      const group = await groups.create(c.get('tenant'), input);
      return reply(c, jsonAnswer(201, group, { location: `/admin/customer-groups/${group.id}` }));
    })
    .patch('/admin/customer-groups/:groupId', allow('admin'), async (c) => {
      const groupId = idParam(c, 'groupId');
      const input = await jsonBody(c, CustomerGroupPatchSchema);
      return c.json(await groups.rename(c.get('tenant'), groupId, input));
    })
    .delete('/admin/customer-groups/:groupId', allow('admin'), async (c) => {
      await groups.remove(c.get('tenant'), idParam(c, 'groupId'));
      return c.body(null, 204);
    })
    .get('/admin/customer-groups/:groupId/members', allow('admin'), async (c) => {
      c.header('cache-control', 'no-store');
      const page = await groups.members(c.get('tenant'), idParam(c, 'groupId'), pageQuery(c));
      return c.json({ items: page.items, nextCursor: page.nextCursor ?? null });
    })
    .get('/admin/customers', allow('admin'), async (c) => {
      c.header('cache-control', 'no-store');
      const { email } = parseOrThrow(CustomerSearchQuerySchema, { email: c.req.query('email') }, 'query string');
      return c.json({ items: await groups.findCustomers(c.get('tenant'), email) });
    })
    .put('/admin/customers/:userId/group', allow('admin'), async (c) => {
      const userId = idParam(c, 'userId');
      const input = await jsonBody(c, GroupAssignmentSchema);
      return c.json(await groups.assign(c.get('tenant'), userId, input.groupId));
    })
    .get('/admin/customer-groups/:groupId/prices', allow('admin'), async (c) => {
      c.header('cache-control', 'no-store');
      const groupId = idParam(c, 'groupId');
      return c.json(await groups.prices(c.get('tenant'), groupId, currencyQuery(c), pageQuery(c)));
    })
    .put('/admin/customer-groups/:groupId/prices/:productId', allow('admin'), async (c) => {
      const groupId = idParam(c, 'groupId');
      const productId = idParam(c, 'productId');
      const input = await jsonBody(c, GroupPricesPutSchema);
      return c.json(await groups.setPrices(c.get('tenant'), actorOf(c), groupId, productId, input));
    })
    .delete('/admin/customer-groups/:groupId/prices/:productId', allow('admin'), async (c) => {
      const groupId = idParam(c, 'groupId');
      const productId = idParam(c, 'productId');
      await groups.removePrices(c.get('tenant'), actorOf(c), groupId, productId, currencyQuery(c));
      return c.body(null, 204);
    });
}
