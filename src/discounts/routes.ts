import { Hono, type MiddlewareHandler } from 'hono';
import type { TenantEnv } from '../http/env';
import { idempotentWrite, jsonAnswer, reply } from '../http/idempotency';
import { allow } from '../http/middleware/access';
import { idParam, jsonBody } from '../http/request';
import { DiscountInputSchema, type DiscountView } from './discount';
import type { DiscountService } from './service';

/** The console's discounts: staff who sell (admins) manage them; clerks and support read them. */
export function discountRoutes(discounts: DiscountService, idempotent: MiddlewareHandler<TenantEnv>) {
  const readers = allow('admin', 'clerk', 'support');
  const id = (c: Parameters<typeof idParam>[0]) => idParam(c, 'discountId');
  return new Hono<TenantEnv>()
    .get('/admin/discounts', readers, async (c) => c.json({ items: await discounts.list(c.get('tenant')) }))
    .post('/admin/discounts', allow('admin'), idempotent, async (c) => {
      const input = await jsonBody(c, DiscountInputSchema);
      const answer = (d: DiscountView) => jsonAnswer(201, d, { location: `/admin/discounts/${d.id}` });
      return reply(c, answer(await discounts.create(c.get('tenant'), input, idempotentWrite(c, answer))));
    })
    .get('/admin/discounts/:discountId', readers, async (c) => c.json(await discounts.get(c.get('tenant'), id(c))))
    .put('/admin/discounts/:discountId', allow('admin'), async (c) => {
      // Another store's (or no) discount is a 404 whatever the body: existence first.
      const discountId = id(c);
      await discounts.get(c.get('tenant'), discountId);
      return c.json(await discounts.replace(c.get('tenant'), discountId, await jsonBody(c, DiscountInputSchema)));
    })
    .delete('/admin/discounts/:discountId', allow('admin'), async (c) => {
      await discounts.remove(c.get('tenant'), id(c));
      return c.body(null, 204);
    });
}
