import * as v from 'valibot';
import {
  CategoryCreateSchema,
  CategoryPatchSchema,
  CategorySchema,
  CollectionCreateSchema,
  CollectionPatchSchema,
  CollectionProductsSchema,
  CollectionSchema,
  ProductCategoriesSchema,
  SlugSchema,
} from '../../catalog/category';
import { PublicGroupSchema } from '../../catalog/grouping-service';
import { ShownCardSchema } from '../../catalog/listing-card';
import { IdParamSchema, PageQuerySchema } from '../request';
import type { HeaderSpec, Operation, ResponseSpec } from './operations';

/** Categories and collections' part of the contract (docs/architecture.md, "Categories and collections"). */

const json = (description: string, schema: v.GenericSchema, headers?: Record<string, string>): ResponseSpec => ({
  description,
  json: schema,
  ...(headers ? { headers } : {}),
});

const STAFF = ['admin', 'clerk'] as const;
const ADMIN = ['admin'] as const;
const id = { id: IdParamSchema };
const categoryId = { categoryId: IdParamSchema };
const collectionId = { collectionId: IdParamSchema };
const slug = { slug: SlugSchema };

export const CategoryViewSchema = v.strictObject(CategorySchema.entries);
export const CollectionViewSchema = v.strictObject(CollectionSchema.entries);
const CategoryWithPathSchema = v.strictObject({ ...CategorySchema.entries, breadcrumbs: v.array(PublicGroupSchema) });

/** The tree as visitors get it: nested at most MAX_CATEGORY_DEPTH levels (a finite schema, so OpenAPI can show it). */
const treeLevel = (depth: number): v.GenericSchema =>
  v.strictObject({ ...PublicGroupSchema.entries, children: depth > 1 ? v.array(treeLevel(depth - 1)) : v.pipe(v.array(v.strictObject({})), v.maxLength(0)) });
export const PublicCategoryTreeSchema = v.strictObject({ items: v.array(treeLevel(5)) });

export const GroupPageSchema = v.strictObject({
  group: PublicGroupSchema,
  breadcrumbs: v.array(PublicGroupSchema),
  children: v.array(PublicGroupSchema),
  items: v.array(ShownCardSchema),
  nextCursor: v.nullable(v.string()),
  stale: v.optional(v.literal(true)),
});

const toPage = (what: string) => ({
  description: `The request prefers HTML: the ${what} page.`,
  empty: true as const,
  headers: { location: `The ${what} page.`, vary: 'Accept' },
});

export function groupingOperations(businessPostHeaders: readonly HeaderSpec[]): Operation[] {
  const store = { host: 'store' } as const;
  const publicRead = { ...store, tag: 'Catalog', access: 'public' } as const;
  const categories = { ...store, tag: 'Categories (staff)' } as const;
  const collections = { ...store, tag: 'Collections (staff)' } as const;
  const page = (what: string) => ({ description: `The ${what} page.`, contentType: 'text/html' });
  return [
    {
      ...store,
      tag: 'Pages',
      access: 'public',
      kind: 'page',
      method: 'get',
      path: '/category/:slug',
      summary: 'A category page: breadcrumbs, subcategories, a page of products (`?cursor=` for the next)',
      pathParams: slug,
      responses: { 200: page('category'), 400: page('expired link'), 404: page('not-found') },
    },
    {
      ...store,
      tag: 'Pages',
      access: 'public',
      kind: 'page',
      method: 'get',
      path: '/collection/:slug',
      summary: 'A collection page: a page of its products in its order (`?cursor=` for the next)',
      pathParams: slug,
      responses: { 200: page('collection'), 400: page('expired link'), 404: page('not-found') },
    },
    {
      ...publicRead,
      method: 'get',
      path: '/categories',
      summary: "The store's category tree, with the number of active products in each",
      responses: { 200: json('The tree.', PublicCategoryTreeSchema) },
    },
    {
      ...publicRead,
      method: 'get',
      path: '/categories/:slug',
      summary: 'A category, its breadcrumbs and subcategories, and a page of its products (a browser is sent to its page)',
      pathParams: slug,
      query: PageQuerySchema,
      responses: { 200: json('The category and a page of cards.', GroupPageSchema, { vary: 'Accept' }), 303: toPage('category') },
    },
    {
      ...publicRead,
      method: 'get',
      path: '/collections',
      summary: "The store's collections, with the number of active products in each",
      responses: { 200: json('The collections.', v.strictObject({ items: v.array(PublicGroupSchema) })) },
    },
    {
      ...publicRead,
      method: 'get',
      path: '/collections/:slug',
      summary: 'A collection and a page of its products, in its order (a browser is sent to its page)',
      pathParams: slug,
      query: PageQuerySchema,
      responses: { 200: json('The collection and a page of cards.', GroupPageSchema, { vary: 'Accept' }), 303: toPage('collection') },
    },
    {
      ...categories,
      method: 'get',
      path: '/admin/categories',
      summary: 'Every category, parents before children',
      access: STAFF,
      responses: { 200: json('The categories.', v.strictObject({ items: v.array(CategoryViewSchema) })) },
    },
    {
      ...categories,
      method: 'post',
      path: '/admin/categories',
      summary: 'Create a category (at most 500 per store, 5 levels deep)',
      access: ADMIN,
      headers: businessPostHeaders,
      body: CategoryCreateSchema,
      responses: { 201: json('The category.', CategoryViewSchema, { location: "The new category's URL." }) },
      problems: [409],
    },
    {
      ...categories,
      method: 'get',
      path: '/admin/categories/:categoryId',
      summary: 'One category and its breadcrumbs',
      access: STAFF,
      pathParams: categoryId,
      responses: { 200: json('The category.', CategoryWithPathSchema) },
    },
    {
      ...categories,
      method: 'patch',
      path: '/admin/categories/:categoryId',
      summary: 'Rename, move (a new parent) or reorder a category; `version` as read',
      access: ADMIN,
      pathParams: categoryId,
      body: CategoryPatchSchema,
      responses: { 200: json('The category.', CategoryViewSchema) },
      problems: [409],
    },
    {
      ...categories,
      method: 'delete',
      path: '/admin/categories/:categoryId',
      summary: 'Remove a category without subcategories (409 otherwise); its products leave it',
      access: ADMIN,
      pathParams: categoryId,
      responses: { 204: { description: 'Removed.', empty: true } },
      problems: [409],
    },
    {
      ...categories,
      method: 'get',
      path: '/admin/products/:id/categories',
      summary: "A product's categories",
      access: STAFF,
      pathParams: id,
      responses: { 200: json("The product's categories.", ProductCategoriesSchema) },
    },
    {
      ...categories,
      method: 'put',
      path: '/admin/products/:id/categories',
      summary: "Set a product's categories, all of them",
      access: ADMIN,
      pathParams: id,
      body: ProductCategoriesSchema,
      responses: { 200: json("The product's categories.", ProductCategoriesSchema) },
      problems: [409],
    },
    {
      ...collections,
      method: 'get',
      path: '/admin/collections',
      summary: 'Every collection',
      access: STAFF,
      responses: { 200: json('The collections.', v.strictObject({ items: v.array(CollectionViewSchema) })) },
    },
    {
      ...collections,
      method: 'post',
      path: '/admin/collections',
      summary: 'Create a collection (at most 500 products, in the order given)',
      access: ADMIN,
      headers: businessPostHeaders,
      body: CollectionCreateSchema,
      responses: { 201: json('The collection.', CollectionViewSchema, { location: "The new collection's URL." }) },
      problems: [409],
    },
    {
      ...collections,
      method: 'get',
      path: '/admin/collections/:collectionId',
      summary: 'One collection',
      access: STAFF,
      pathParams: collectionId,
      responses: { 200: json('The collection.', CollectionViewSchema) },
    },
    {
      ...collections,
      method: 'patch',
      path: '/admin/collections/:collectionId',
      summary: 'Rename a collection or change its slug or description; `version` as read',
      access: ADMIN,
      pathParams: collectionId,
      body: CollectionPatchSchema,
      responses: { 200: json('The collection.', CollectionViewSchema) },
      problems: [409],
    },
    {
      ...collections,
      method: 'put',
      path: '/admin/collections/:collectionId/products',
      summary: "Set a collection's products in order, or move one; `version` as read",
      access: ADMIN,
      pathParams: collectionId,
      body: CollectionProductsSchema,
      responses: { 200: json('The collection.', CollectionViewSchema) },
      problems: [409],
    },
    {
      ...collections,
      method: 'delete',
      path: '/admin/collections/:collectionId',
      summary: 'Remove a collection; its products leave it',
      access: ADMIN,
      pathParams: collectionId,
      responses: { 204: { description: 'Removed.', empty: true } },
      problems: [409],
    },
  ];
}
