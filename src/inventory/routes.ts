import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { idempotentWrite, jsonAnswer, reply } from '../http/idempotency';
import type { TenantEnv } from '../http/env';
import { allow } from '../http/middleware/access';
import { productAt, readsAhead } from '../http/middleware/read-ahead';
import { idParam, jsonBody, pageQuery } from '../http/request';
import { actorOf } from '../identity/actor';
import { AdjustmentSchema, StockLevelSchema, type InventoryEntry } from './inventory';
import type { InventoryService } from './service';

/**
 * Stock changes and their audit trail; clerks and admins alike. Each route reads its product
 * first, consistently: the caller's re-check reads it in the same round trip (`readsAhead`).
 * Adjustments take an Idempotency-Key (`idempotent`). The product-level routes serve
 * single-variant products (409 `several-variants` otherwise); `/variants/:variantId/…` any variant.
 */
export function inventoryRoutes(inventory: InventoryService, idempotent: MiddlewareHandler<TenantEnv>) {
  const product = readsAhead(productAt('id'));
  const variantOf = (c: Context, named: boolean) => (named ? idParam(c, 'variantId') : undefined);
  const routes = new Hono<TenantEnv>();
  for (const [base, named] of [
    ['/admin/products/:id', false],
    ['/admin/products/:id/variants/:variantId', true],
  ] as const) {
    routes
      .post(`${base}/inventory/adjustments`, allow('admin', 'clerk'), product, idempotent, async (c) => {
        const id = idParam(c);
        const variantId = variantOf(c, named);
        const input = await jsonBody(c, AdjustmentSchema);
        const answer = (entry: InventoryEntry) => jsonAnswer(201, entry);
        return reply(c, answer(await inventory.adjust(c.get('tenant'), actorOf(c), id, variantId, input, c.get('readAhead'), idempotentWrite(c, answer))));
      })
      .put(`${base}/inventory`, allow('admin', 'clerk'), product, async (c) => {
        const id = idParam(c);
        const variantId = variantOf(c, named);
        const input = await jsonBody(c, StockLevelSchema);
        return c.json(await inventory.setLevel(c.get('tenant'), actorOf(c), id, variantId, input, c.get('readAhead')));
      })
      .get(`${base}/inventory/history`, allow('admin', 'clerk'), product, async (c) => {
        const page = await inventory.history(c.get('tenant'), idParam(c), variantOf(c, named), pageQuery(c), c.get('readAhead'));
        return c.json({ items: page.items, nextCursor: page.nextCursor ?? null });
      });
  }
  // Reading one variant's stock (the product-level read is the product itself).
  routes.get('/admin/products/:id/variants/:variantId/inventory', allow('admin', 'clerk'), product, async (c) => {
    return c.json(await inventory.level(c.get('tenant'), idParam(c), idParam(c, 'variantId'), c.get('readAhead')));
  });
  return routes;
}
