import * as v from 'valibot';
import { RatingCountsSchema, RatingSummarySchema, ratingSummary } from './rating';

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
export const ProductStatusSchema = v.picklist(PRODUCT_STATUSES);

/** An integer number of minor units (cents): no float ever touches money. */
export const AmountSchema = v.pipe(
  v.number(),
  v.integer('must be an integer number of minor units'),
  v.minValue(0, 'must not be negative'),
  v.maxValue(10_000_000_000),
);

/**
 * Money as clients send and read it. Stored without the currency (every price of a store is in
 * the store's currency, `tenant.settings.currency`); a request naming another currency is a 422.
 */
export const MoneySchema = v.strictObject({
  amount: AmountSchema,
  currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')),
});
export type Money = v.InferOutput<typeof MoneySchema>;

export const SkuSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, dots, underscores or hyphens'));

/** A product's address in its store: unique per store (a claim item guards it), derived from the name when not given. */
export const HandleSchema = v.pipe(
  v.string(),
  v.maxLength(100, 'must be at most 100 characters'),
  v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase letters and digits in words joined by single hyphens'),
);

const NameSchema = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(200));
const DescriptionSchema = v.pipe(v.string(), v.maxLength(5000));
const TagSchema = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.regex(/^[a-z0-9][a-z0-9 -]{0,39}$/, 'must be 1-40 lowercase letters, digits, spaces or hyphens'),
);
const TagsSchema = v.pipe(v.array(TagSchema), v.maxLength(20));
/** The most units of one variant a store can hold: create, set and adjust all stop here. */
export const MAX_STOCK = 1_000_000_000;

export const StockSchema = v.pipe(v.number(), v.integer(), v.minValue(0, 'must not be negative'), v.maxValue(MAX_STOCK, `must not exceed ${MAX_STOCK}`));
const ThresholdSchema = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_STOCK)));
const WeightSchema = v.nullable(v.pipe(v.number(), v.integer('must be whole grams'), v.minValue(0), v.maxValue(1_000_000_000)));
const BarcodeSchema = v.nullable(v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be 1-64 letters, digits or hyphens')));
const VariantIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be the id of one of the product’s variants'));

/** At most this many options (Size, Colour, Material); see docs/architecture.md, "Products, options and variants". */
export const MAX_OPTIONS = 3;
/** The most values one option may have. */
export const MAX_OPTION_VALUES = 50;

export const OptionSchema = v.strictObject({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(40)),
  values: v.pipe(
    v.array(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(60))),
    v.minLength(1, 'must have at least one value'),
    v.maxLength(MAX_OPTION_VALUES),
  ),
});
export type ProductOption = v.InferOutput<typeof OptionSchema>;

/** A variant as a request describes it. `id` names an existing variant (PATCH); none: a new one. */
export const VariantInputSchema = v.strictObject({
  id: v.optional(VariantIdSchema),
  sku: SkuSchema,
  optionValues: v.optional(v.array(v.pipe(v.string(), v.trim())), []),
  price: MoneySchema,
  compareAtPrice: v.optional(v.nullable(MoneySchema), null),
  lowStockThreshold: v.optional(ThresholdSchema, null),
  weightGrams: v.optional(WeightSchema, null),
  barcode: v.optional(BarcodeSchema, null),
  imageIds: v.optional(v.pipe(v.array(v.string()), v.maxLength(20)), []),
  active: v.optional(v.boolean(), true),
  /** A new variant's first stock; an existing variant's stock changes only through its inventory routes. */
  stock: v.optional(StockSchema),
});
export type VariantInput = v.InferOutput<typeof VariantInputSchema>;

const OptionsSchema = v.pipe(v.array(OptionSchema), v.maxLength(MAX_OPTIONS, `must have at most ${MAX_OPTIONS} options`));
const VariantsSchema = v.pipe(v.array(VariantInputSchema), v.minLength(1, 'must have at least one variant'));

/**
 * Body of POST /admin/products: the single-variant shorthand (`sku`, `price`, `stock`,
 * `lowStockThreshold`: one default variant) or `options` + `variants`, never both (checked by
 * the service with the variants, src/catalog/variants.ts). Unknown fields are refused.
 */
export const ProductCreateSchema = v.strictObject({
  name: NameSchema,
  handle: v.optional(HandleSchema),
  description: v.optional(DescriptionSchema, ''),
  status: v.optional(ProductStatusSchema, 'draft'),
  tags: v.optional(TagsSchema, []),
  price: v.optional(MoneySchema),
  sku: v.optional(SkuSchema),
  stock: v.optional(StockSchema),
  lowStockThreshold: v.optional(ThresholdSchema),
  options: v.optional(OptionsSchema),
  variants: v.optional(VariantsSchema),
});

/**
 * Body of PATCH /admin/products/:id. `options` + `variants` replace the whole lists; the
 * shorthand patches a single-variant product's default variant. `version`, when sent, must be
 * the product's current one (409 otherwise). Stock changes only through the inventory routes.
 * `images` reorders the images (the first is the one lists show).
 */
export const ProductPatchSchema = v.pipe(
  v.strictObject({
    name: v.optional(NameSchema),
    handle: v.optional(HandleSchema),
    description: v.optional(DescriptionSchema),
    status: v.optional(ProductStatusSchema),
    tags: v.optional(TagsSchema),
    price: v.optional(MoneySchema),
    sku: v.optional(SkuSchema),
    lowStockThreshold: v.optional(ThresholdSchema),
    options: v.optional(OptionsSchema),
    variants: v.optional(VariantsSchema),
    /** The product's image ids in a new order: the same ids, each once (images are added and removed by their own routes). */
    images: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(20))),
    version: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  }),
  v.check((patch) => Object.keys(patch).some((key) => key !== 'version'), 'must change at least one field'),
);

/** A variant as stored, on its product's item. Prices in minor units of the store's currency. */
export const VariantSchema = v.object({
  id: v.string(),
  sku: SkuSchema,
  /** One value per option, in the options' order; [] for the default variant of a product without options. */
  optionValues: v.array(v.string()),
  price: v.number(),
  /** Null, or more than `price`: the "was" price of a sale. */
  compareAtPrice: v.nullable(v.number()),
  lowStockThreshold: v.nullable(v.number()),
  weightGrams: v.nullable(v.number()),
  barcode: v.nullable(v.string()),
  /** Ids of the product's own images (a subset of `images`). */
  imageIds: v.array(v.string()),
  active: v.boolean(),
});
export type Variant = v.InferOutput<typeof VariantSchema>;

/** One variant's stock: what is on the shelf and what checkouts hold of it. Available = onHand − reserved. */
export const VariantStockSchema = v.object({ onHand: v.number(), reserved: v.number() });
export type VariantStock = v.InferOutput<typeof VariantStockSchema>;

/**
 * The product item (docs/architecture.md, "Products, options and variants"): one DynamoDB item,
 * so a product page is one GetItem and a catalog page one Query. `stock` is changed only by
 * nested-path updates that leave `version` alone; `listedPrice`, `listedCompareAt`, `available`
 * and `variantCount` are derived (src/catalog/variants.ts) and kept right by every write.
 * Other writers' attributes (`categoryIds`, `collectionIds`) are not part of this shape and are
 * never written by product writes.
 */
export const ProductSchema = v.object({
  id: v.string(),
  handle: v.string(),
  name: v.string(),
  description: v.string(),
  status: ProductStatusSchema,
  tags: v.array(v.string()),
  /** Object keys under `tenants/<id>/products/<productId>/`; URLs are made when read. */
  images: v.optional(v.array(v.string()), []),
  options: v.array(v.object({ name: v.string(), values: v.array(v.string()) })),
  variants: v.array(VariantSchema),
  stock: v.record(v.string(), VariantStockSchema),
  /** The lowest active variant's price (what the browse-by-price index sorts on). */
  listedPrice: v.number(),
  listedCompareAt: v.nullable(v.number()),
  /** Some active variant has onHand − reserved > 0. */
  available: v.boolean(),
  variantCount: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
  /** Optimistic-concurrency counter, bumped by every product edit (never by a stock change). */
  version: v.number(),
  /** Its published reviews' counters (src/catalog/rating.ts), written only by the reviews' transactions; absent before the first. */
  rating: v.optional(RatingCountsSchema),
  /**
   * Explicit prices in the store's other currencies (docs/pricing.md): currency → variantId →
   * price. A variant absent from a currency's list is not sold in it. Absent: none.
   */
  currencyPrices: v.optional(v.record(v.string(), v.record(v.string(), v.object({ price: v.number(), compareAtPrice: v.nullable(v.number()) })))),
});

export type ProductStatus = v.InferOutput<typeof ProductStatusSchema>;
export type ProductCreate = v.InferOutput<typeof ProductCreateSchema>;
export type ProductPatch = v.InferOutput<typeof ProductPatchSchema>;
export type Product = v.InferOutput<typeof ProductSchema>;

/** An image as the API shows it: its id (for removal) and a URL a browser can load. */
export const ShownImageSchema = v.strictObject({ id: v.string(), url: v.string() });
export type ShownImage = v.InferOutput<typeof ShownImageSchema>;

const ShownMoneySchema = v.strictObject({ amount: v.number(), currency: v.string() });

/** A variant as staff see it: prices as money, its stock beside it. */
export const ShownVariantSchema = v.strictObject({
  ...v.omit(VariantSchema, ['price', 'compareAtPrice']).entries,
  price: ShownMoneySchema,
  compareAtPrice: v.nullable(ShownMoneySchema),
  onHand: v.number(),
  reserved: v.number(),
  /** onHand − reserved. */
  available: v.number(),
});
export type ShownVariant = v.InferOutput<typeof ShownVariantSchema>;

/**
 * A product as staff see it (the API's answer, src/http/contract/). A product without options
 * also shows its default variant's `sku`, `price`, `stock` (available) and `lowStockThreshold`
 * at the top, as the single-variant API always did, so existing clients keep working.
 */
export const ShownProductSchema = v.strictObject({
  ...v.omit(ProductSchema, ['images', 'variants', 'stock', 'listedPrice', 'listedCompareAt']).entries,
  images: v.array(ShownImageSchema),
  variants: v.array(ShownVariantSchema),
  listedPrice: ShownMoneySchema,
  listedCompareAt: v.nullable(ShownMoneySchema),
  sku: v.optional(v.string()),
  price: v.optional(ShownMoneySchema),
  stock: v.optional(v.number()),
  lowStockThreshold: v.optional(v.nullable(v.number())),
});
export type ShownProduct = v.InferOutput<typeof ShownProductSchema>;

/** A variant as visitors see it: active ones only, no stock counts or thresholds. */
export const PublicVariantSchema = v.strictObject({
  id: v.string(),
  sku: v.string(),
  optionValues: v.array(v.string()),
  price: ShownMoneySchema,
  compareAtPrice: v.nullable(ShownMoneySchema),
  weightGrams: v.nullable(v.number()),
  barcode: v.nullable(v.string()),
  imageIds: v.array(v.string()),
  inStock: v.boolean(),
});
export type PublicVariant = v.InferOutput<typeof PublicVariantSchema>;

/**
 * What a visitor sees: no internal counters, no stock counts. `stale: true` only when DynamoDB
 * is down and the last good copy is served.
 */
export const PublicProductSchema = v.strictObject({
  id: v.string(),
  handle: v.string(),
  name: v.string(),
  description: v.string(),
  status: ProductStatusSchema,
  tags: v.array(v.string()),
  images: v.array(ShownImageSchema),
  options: v.array(v.object({ name: v.string(), values: v.array(v.string()) })),
  variants: v.array(PublicVariantSchema),
  listedPrice: ShownMoneySchema,
  listedCompareAt: v.nullable(ShownMoneySchema),
  onSale: v.boolean(),
  inStock: v.boolean(),
  /** A product without options: its one variant's SKU and price, as before variants. */
  sku: v.optional(v.string()),
  price: v.optional(ShownMoneySchema),
  createdAt: v.string(),
  updatedAt: v.string(),
  /** Its published reviews: average, count, distribution (docs/reviews.md). */
  rating: RatingSummarySchema,
  /** The visitor's currency when nothing of the product is sold in it: prices shown are in the store's own currency (docs/pricing.md). */
  notSoldIn: v.optional(v.string()),
  stale: v.optional(v.literal(true)),
});
export type PublicProduct = v.InferOutput<typeof PublicProductSchema>;

/** Staff view → visitors' view. */
export function publicView(product: ShownProduct): PublicProduct {
  const variants = product.variants
    .filter((variant) => variant.active)
    .map(({ id, sku, optionValues, price, compareAtPrice, weightGrams, barcode, imageIds, available }) => ({
      id,
      sku,
      optionValues,
      price,
      compareAtPrice,
      weightGrams,
      barcode,
      imageIds,
      inStock: available > 0,
    }));
  return {
    id: product.id,
    handle: product.handle,
    name: product.name,
    description: product.description,
    status: product.status,
    tags: product.tags,
    images: product.images,
    options: product.options,
    variants,
    listedPrice: product.listedPrice,
    listedCompareAt: product.listedCompareAt,
    onSale: product.listedCompareAt !== null,
    inStock: product.available,
    ...(product.sku !== undefined && product.price !== undefined ? { sku: product.sku, price: product.price } : {}),
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
    rating: ratingSummary(product.rating),
  };
}

/**
 * What a listing shows of a product (catalog pages, categories, collections): the one mapping,
 * so every list shows the same summary. `image`: the first image's object key, if any.
 */
export const ProductCardSchema = v.strictObject({
  id: v.string(),
  handle: v.string(),
  name: v.string(),
  status: ProductStatusSchema,
  listedPrice: v.number(),
  listedCompareAt: v.nullable(v.number()),
  available: v.boolean(),
  image: v.nullable(v.string()),
});
export type ProductCard = v.InferOutput<typeof ProductCardSchema>;

export function productCard(product: Product): ProductCard {
  return {
    id: product.id,
    handle: product.handle,
    name: product.name,
    status: product.status,
    listedPrice: product.listedPrice,
    listedCompareAt: product.listedCompareAt,
    available: product.available,
    image: product.images[0] ?? null,
  };
}
