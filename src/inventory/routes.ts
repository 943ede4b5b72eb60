import { Hono, type MiddlewareHandler } from 'hono';
import { idempotentWrite, jsonAnswer, reply } from '../http/idempotency';
import type { TenantEnv } from '../http/env';
import { allow } from '../http/middleware/access';
import { idParam, jsonBody, pageQuery } from '../http/request';
import { actorOf } from '../identity/actor';
import { AdjustmentSchema, StockLevelSchema, type InventoryEntry } from './inventory';
import type { InventoryService } from './service';

/** Stock changes and their audit trail; clerks and admins alike. Adjustments take an Idempotency-Key (`idempotent`). */
export function inventoryRoutes(inventory: InventoryService, idempotent: MiddlewareHandler<TenantEnv>) {
  return new Hono<TenantEnv>()
    .post('/admin/products/:id/inventory/adjustments', allow('admin', 'clerk'), idempotent, async (c) => {
      const id = idParam(c);
      const input = await jsonBody(c, AdjustmentSchema);
      const answer = (entry: InventoryEntry) => jsonAnswer(201, entry);
      return reply(c, answer(await inventory.adjust(c.get('tenant'), actorOf(c), id, input, idempotentWrite(c, answer))));
    })
    .put('/admin/products/:id/inventory', allow('admin', 'clerk'), async (c) => {
      const id = idParam(c);
      const input = await jsonBody(c, StockLevelSchema);
      return c.json(await inventory.setLevel(c.get('tenant'), actorOf(c), id, input));
    })
    .get('/admin/products/:id/inventory/history', allow('admin', 'clerk'), async (c) => {
      const page = await inventory.history(c.get('tenant'), idParam(c), pageQuery(c));
      return c.json({ items: page.items, nextCursor: page.nextCursor ?? null });
    });
}
