import { Hono, type MiddlewareHandler } from 'hono';
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
 * Adjustments take an Idempotency-Key (`idempotent`).
 */
export function inventoryRoutes(inventory: InventoryService, idempotent: MiddlewareHandler<TenantEnv>) {
  const product = readsAhead(productAt('id'));
  return new Hono<TenantEnv>()
    .post('/admin/products/:id/inventory/adjustments', allow('admin', 'clerk'), product, idempotent, async (c) => {
      const id = idParam(c);
      const input = await jsonBody(c, AdjustmentSchema);
      const answer = (entry: InventoryEntry) => jsonAnswer(201, entry);
      return reply(c, answer(await inventory.adjust(c.get('tenant'), actorOf(c), id, input, c.get('readAhead'), idempotentWrite(c, answer))));
    })
    .put('/admin/products/:id/inventory', allow('admin', 'clerk'), product, async (c) => {
      const id = idParam(c);
      const input = await jsonBody(c, StockLevelSchema);
      return c.json(await inventory.setLevel(c.get('tenant'), actorOf(c), id, input, c.get('readAhead')));
    })
    .get('/admin/products/:id/inventory/history', allow('admin', 'clerk'), product, async (c) => {
      const page = await inventory.history(c.get('tenant'), idParam(c), pageQuery(c), c.get('readAhead'));
      return c.json({ items: page.items, nextCursor: page.nextCursor ?? null });
    });
}
