import { Hono, type MiddlewareHandler } from 'hono';
import type { TenantEnv } from '../http/env';
import { jsonAnswer, reply } from '../http/idempotency';
import { allow } from '../http/middleware/access';
import { idParam, jsonBody, pageQuery } from '../http/request';
import { actorOf } from '../identity/actor';
import type { CatalogService } from '../catalog/service';
import { NotFoundError } from '../shared/errors';
import { CurrencyPricesUpdateSchema } from './currency-prices';
import { PriceChangeCreateSchema } from './schedule';
import type { PriceScheduleService } from './schedule-service';

/** Admins schedule, list and cancel price changes, and set a product's prices in the store's other currencies (docs/pricing.md). */
export function pricingRoutes(schedule: PriceScheduleService, idempotent: MiddlewareHandler<TenantEnv>, catalog: CatalogService) {
  return new Hono<TenantEnv>()
    .put('/admin/products/:id/prices/:currency', allow('admin'), async (c) => {
      const id = idParam(c);
      const currency = c.req.param('currency');
      // Not a currency code at all: no such price list (a code the store does not sell in is a 422, from the service).
      if (!/^[A-Z]{3}$/.test(currency)) throw new NotFoundError('No such currency.');
      const input = await jsonBody(c, CurrencyPricesUpdateSchema);
      const tenant = c.get('tenant');
      return c.json(catalog.shown(tenant, await catalog.setCurrencyPrices(tenant, actorOf(c), id, currency, input)));
    })
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
