import * as v from 'valibot';

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
export const ProductStatusSchema = v.picklist(PRODUCT_STATUSES);

/** Prices are integer minor units (cents) so no float ever touches money. */
export const MoneySchema = v.strictObject({
  amount: v.pipe(v.number(), v.integer('must be an integer number of minor units'), v.minValue(0, 'must not be negative'), v.maxValue(10_000_000_000)),
  currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')),
});

export const SkuSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, dots, underscores or hyphens'));

const NameSchema = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(200));
const DescriptionSchema = v.pipe(v.string(), v.maxLength(5000));
const TagSchema = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.regex(/^[a-z0-9][a-z0-9 -]{0,39}$/, 'must be 1-40 lowercase letters, digits, spaces or hyphens'),
);
const TagsSchema = v.pipe(v.array(TagSchema), v.maxLength(20));
/** The most units of one product a store can hold: create, set and adjust all stop here. */
export const MAX_STOCK = 1_000_000_000;

export const StockSchema = v.pipe(v.number(), v.integer(), v.minValue(0, 'must not be negative'), v.maxValue(MAX_STOCK, `must not exceed ${MAX_STOCK}`));
const ThresholdSchema = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_STOCK)));

/** Body of POST /admin/products. Unknown fields are refused so typos do not vanish silently. */
export const ProductCreateSchema = v.strictObject({
  name: NameSchema,
  description: v.optional(DescriptionSchema, ''),
  price: MoneySchema,
  sku: SkuSchema,
  status: v.optional(ProductStatusSchema, 'draft'),
  stock: v.optional(StockSchema, 0),
  lowStockThreshold: v.optional(ThresholdSchema, null),
  tags: v.optional(TagsSchema, []),
});

/** Body of PATCH /admin/products/:id. Stock is changed only through the inventory endpoints. */
export const ProductPatchSchema = v.pipe(
  v.strictObject({
    name: v.optional(NameSchema),
    description: v.optional(DescriptionSchema),
    price: v.optional(MoneySchema),
    sku: v.optional(SkuSchema),
    status: v.optional(ProductStatusSchema),
    lowStockThreshold: v.optional(ThresholdSchema),
    tags: v.optional(TagsSchema),
  }),
  v.check((patch) => Object.keys(patch).length > 0, 'must change at least one field'),
);

export const ProductSchema = v.object({
  id: v.string(),
  name: v.string(),
  description: v.string(),
  price: MoneySchema,
  sku: SkuSchema,
  status: ProductStatusSchema,
  stock: v.number(),
  lowStockThreshold: v.nullable(v.number()),
  tags: v.array(v.string()),
  /** Object keys under `tenants/<id>/products/<productId>/`; URLs are made when read. */
  images: v.optional(v.array(v.string()), []),
  createdAt: v.string(),
  updatedAt: v.string(),
  /** Optimistic-concurrency counter, bumped by every write. */
  version: v.number(),
});

export type ProductStatus = v.InferOutput<typeof ProductStatusSchema>;
export type ProductCreate = v.InferOutput<typeof ProductCreateSchema>;
export type ProductPatch = v.InferOutput<typeof ProductPatchSchema>;
export type Product = v.InferOutput<typeof ProductSchema>;

/** An image as the API shows it: its id (for removal) and a URL a browser can load. */
export const ShownImageSchema = v.strictObject({ id: v.string(), url: v.string() });
/** A product as staff see it (the API's answer, src/http/contract/): image keys become URLs. */
export const ShownProductSchema = v.strictObject({ ...v.omit(ProductSchema, ['images']).entries, images: v.array(ShownImageSchema) });
export type ShownImage = v.InferOutput<typeof ShownImageSchema>;
export type ShownProduct = v.InferOutput<typeof ShownProductSchema>;

/**
 * What a visitor sees: no internal counters, no draft-only details. `stale: true` only when
 * DynamoDB is down and the last good copy is served.
 */
export const PublicProductSchema = v.strictObject({
  ...v.omit(ShownProductSchema, ['version', 'lowStockThreshold']).entries,
  inStock: v.boolean(),
  stale: v.optional(v.literal(true)),
});

export function publicView({ version: _version, lowStockThreshold: _threshold, ...rest }: ShownProduct) {
  return { ...rest, inStock: rest.stock > 0 };
}
export type PublicProduct = ReturnType<typeof publicView>;
