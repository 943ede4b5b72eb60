import { Hono, type Context, type MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import type { TenantEnv } from '../http/env';
import { idempotentWrite, jsonAnswer, reply } from '../http/idempotency';
import { allow } from '../http/middleware/access';
import { IdParamSchema, idParam, jsonBody } from '../http/request';
import { NotFoundError } from '../shared/errors';
import {
  CategoryCreateSchema,
  CategoryPatchSchema,
  CollectionCreateSchema,
  CollectionPatchSchema,
  CollectionProductsSchema,
  ProductCategoriesSchema,
  type Category,
  type Collection,
} from './category';
import type { GroupingService } from './grouping-service';

/** A category's or collection's id in a path: anything not id-shaped does not exist. */
function groupIdParam(c: Context, what: 'category' | 'collection'): string {
  const value = c.req.param(`${what}Id`);
  if (!v.is(IdParamSchema, value)) throw new NotFoundError(`No such ${what}.`);
  return value;
}

/** Staff management: admins change, clerks may read (they work with products). */
export function adminGroupingRoutes(groupings: GroupingService, idempotent: MiddlewareHandler<TenantEnv>) {
  return new Hono<TenantEnv>()
    .get('/admin/categories', allow('admin', 'clerk'), async (c) => c.json({ items: await groupings.listCategories(c.get('tenant')) }))
    .post('/admin/categories', allow('admin'), idempotent, async (c) => {
      const input = await jsonBody(c, CategoryCreateSchema);
      const answer = (category: Category) => jsonAnswer(201, category, { location: `/admin/categories/${category.id}` });
      return reply(c, answer(await groupings.createCategory(c.get('tenant'), input, idempotentWrite(c, answer))));
    })
    .get('/admin/categories/:categoryId', allow('admin', 'clerk'), async (c) =>
      c.json(await groupings.getCategory(c.get('tenant'), groupIdParam(c, 'category'))),
    )
    .patch('/admin/categories/:categoryId', allow('admin'), async (c) => {
      const id = groupIdParam(c, 'category');
      const patch = await jsonBody(c, CategoryPatchSchema);
      return c.json(await groupings.updateCategory(c.get('tenant'), id, patch));
    })
    .delete('/admin/categories/:categoryId', allow('admin'), async (c) => {
      await groupings.removeCategory(c.get('tenant'), groupIdParam(c, 'category'));
      return c.body(null, 204);
    })
    .get('/admin/collections', allow('admin', 'clerk'), async (c) => c.json({ items: await groupings.listCollections(c.get('tenant')) }))
    .post('/admin/collections', allow('admin'), idempotent, async (c) => {
      const input = await jsonBody(c, CollectionCreateSchema);
      const answer = (collection: Collection) => jsonAnswer(201, collection, { location: `/admin/collections/${collection.id}` });
      return reply(c, answer(await groupings.createCollection(c.get('tenant'), input, idempotentWrite(c, answer))));
    })
    .get('/admin/collections/:collectionId', allow('admin', 'clerk'), async (c) =>
      c.json(await groupings.getCollection(c.get('tenant'), groupIdParam(c, 'collection'))),
    )
    .patch('/admin/collections/:collectionId', allow('admin'), async (c) => {
      const id = groupIdParam(c, 'collection');
      const patch = await jsonBody(c, CollectionPatchSchema);
      return c.json(await groupings.updateCollection(c.get('tenant'), id, patch));
    })
    .put('/admin/collections/:collectionId/products', allow('admin'), async (c) => {
      const id = groupIdParam(c, 'collection');
      const change = await jsonBody(c, CollectionProductsSchema);
      return c.json(await groupings.setCollectionProducts(c.get('tenant'), id, change));
    })
    .delete('/admin/collections/:collectionId', allow('admin'), async (c) => {
      await groupings.removeCollection(c.get('tenant'), groupIdParam(c, 'collection'));
      return c.body(null, 204);
    })
    .get('/admin/products/:id/categories', allow('admin', 'clerk'), async (c) => {
      const id = idParam(c);
      return c.json({ categoryIds: await groupings.productCategories(c.get('tenant'), id) });
    })
    .put('/admin/products/:id/categories', allow('admin'), async (c) => {
      const id = idParam(c);
      const { categoryIds } = await jsonBody(c, ProductCategoriesSchema);
      return c.json({ categoryIds: await groupings.setProductCategories(c.get('tenant'), id, categoryIds) });
    });
}
