import * as v from 'valibot';

/** How deep the tree goes (a root is at depth 1) and how many categories a store has at most. */
export const MAX_CATEGORY_DEPTH = 5;
export const MAX_CATEGORIES = 500;
/** The most products a collection holds. */
export const MAX_COLLECTION_PRODUCTS = 500;

/** A category's or collection's address on the storefront: lower-case words joined by hyphens. */
export const SlugSchema = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters and digits, words joined by single hyphens'),
  v.maxLength(60),
);
const NameSchema = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100));
const DescriptionSchema = v.pipe(v.string(), v.maxLength(2000));
const GroupIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an id'));
const PositionSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000));
const VersionSchema = v.pipe(v.number(), v.integer(), v.minValue(1));

export const CategorySchema = v.object({
  id: v.string(),
  name: v.string(),
  slug: v.string(),
  description: v.string(),
  /** null for a root. */
  parentId: v.nullable(v.string()),
  /** Order among its siblings (ties by name). */
  position: v.number(),
  /** Active products in it, kept exact by the listing sync (src/catalog/listing-sync.ts). */
  productCount: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
  version: v.number(),
});
export type Category = v.InferOutput<typeof CategorySchema>;

/** Body of POST /admin/categories. */
export const CategoryCreateSchema = v.strictObject({
  name: NameSchema,
  slug: SlugSchema,
  description: v.optional(DescriptionSchema, ''),
  parentId: v.optional(v.nullable(GroupIdSchema), null),
  /** Where among its siblings; after the last when absent. */
  position: v.optional(PositionSchema),
});
export type CategoryCreate = v.InferOutput<typeof CategoryCreateSchema>;

/** Body of PATCH /admin/categories/:id: `version` is the one read (409 when stale); a move is a new `parentId`. */
export const CategoryPatchSchema = v.pipe(
  v.strictObject({
    version: VersionSchema,
    name: v.optional(NameSchema),
    slug: v.optional(SlugSchema),
    description: v.optional(DescriptionSchema),
    parentId: v.optional(v.nullable(GroupIdSchema)),
    position: v.optional(PositionSchema),
  }),
  v.check((patch) => Object.keys(patch).length > 1, 'must change at least one field'),
);
export type CategoryPatch = v.InferOutput<typeof CategoryPatchSchema>;

/** Body of PUT /admin/products/:id/categories: the product's categories, all of them. */
export const ProductCategoriesSchema = v.strictObject({
  categoryIds: v.pipe(
    v.array(GroupIdSchema),
    v.maxLength(50),
    v.check((ids) => new Set(ids).size === ids.length, 'must not repeat a category'),
  ),
});

export const CollectionSchema = v.object({
  id: v.string(),
  name: v.string(),
  slug: v.string(),
  description: v.string(),
  /** Hand-ordered, every product at most once, whatever its status. */
  productIds: v.array(v.string()),
  /** Active products in it, kept exact by the listing sync. */
  productCount: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
  version: v.number(),
});
export type Collection = v.InferOutput<typeof CollectionSchema>;

const ProductIdsSchema = v.pipe(
  v.array(GroupIdSchema),
  v.maxLength(MAX_COLLECTION_PRODUCTS, `must hold at most ${MAX_COLLECTION_PRODUCTS} products`),
  v.check((ids) => new Set(ids).size === ids.length, 'must not repeat a product'),
);

export const CollectionCreateSchema = v.strictObject({
  name: NameSchema,
  slug: SlugSchema,
  description: v.optional(DescriptionSchema, ''),
  productIds: v.optional(ProductIdsSchema, []),
});
export type CollectionCreate = v.InferOutput<typeof CollectionCreateSchema>;

export const CollectionPatchSchema = v.pipe(
  v.strictObject({
    version: VersionSchema,
    name: v.optional(NameSchema),
    slug: v.optional(SlugSchema),
    description: v.optional(DescriptionSchema),
  }),
  v.check((patch) => Object.keys(patch).length > 1, 'must change at least one field'),
);
export type CollectionPatch = v.InferOutput<typeof CollectionPatchSchema>;

/**
 * Body of PUT /admin/collections/:id/products: the whole ordered list (a reorder, additions and
 * removals at once), or one product moved to a place (`move`). `version` as read, 409 when stale.
 */
export const CollectionProductsSchema = v.union([
  v.strictObject({ version: VersionSchema, productIds: ProductIdsSchema }),
  v.strictObject({ version: VersionSchema, move: v.strictObject({ productId: GroupIdSchema, position: PositionSchema }) }),
]);
export type CollectionProducts = v.InferOutput<typeof CollectionProductsSchema>;
