import { ValidationError, type FieldError } from '../shared/errors';
import type { Money, Product, ProductCreate, ProductOption, ProductPatch, Variant, VariantInput } from './product';
import { MAX_VARIANTS, imageIdOfKey } from './variants';

/*
 * The variants a product write sets, checked (src/catalog/product-writes.ts): loaded with the
 * catalog's writes, not at a visitor's cold start.
 */

const sameText = (a: string, b: string) => a.toLocaleLowerCase() === b.toLocaleLowerCase();

/**
 * Everything wrong with a product's options and variants together (paths as the request names
 * them): option names unique, values unique within an option, one value per option in each
 * variant, every combination at most once, a product without options has exactly one variant,
 * SKUs unique within the product, compare-at above price, images the product's own, the cap.
 */
export function variantIssues(options: readonly ProductOption[], variants: readonly Variant[], imageIds: readonly string[]): FieldError[] {
  const issues: FieldError[] = [];
  options.forEach((option, i) => {
    if (options.findIndex((other) => sameText(other.name, option.name)) !== i)
      issues.push({ path: `options.${i}.name`, message: `option ${option.name} is named twice` });
    option.values.forEach((value, j) => {
      if (option.values.findIndex((other) => sameText(other, value)) !== j)
        issues.push({ path: `options.${i}.values.${j}`, message: `value ${value} appears twice` });
    });
  });
  if (variants.length > MAX_VARIANTS) issues.push({ path: 'variants', message: `must have at most ${MAX_VARIANTS} variants` });
  if (options.length === 0 && variants.length !== 1)
    issues.push({ path: 'variants', message: 'a product without options has exactly one variant; add options to have several' });
  const combinations = new Set<string>();
  const skus = new Set<string>();
  const ids = new Set<string>();
  variants.forEach((variant, i) => {
    if (ids.has(variant.id)) issues.push({ path: `variants.${i}.id`, message: 'names a variant twice' });
    ids.add(variant.id);
    if (variant.optionValues.length !== options.length) {
      issues.push({ path: `variants.${i}.optionValues`, message: `must have one value per option (${options.length})` });
    } else {
      variant.optionValues.forEach((value, j) => {
        if (!options[j]!.values.includes(value))
          issues.push({ path: `variants.${i}.optionValues.${j}`, message: `must be one of the values of ${options[j]!.name}` });
      });
      const combination = JSON.stringify(variant.optionValues);
      if (combinations.has(combination)) issues.push({ path: `variants.${i}.optionValues`, message: 'another variant has the same option values' });
      combinations.add(combination);
    }
    const sku = variant.sku.toUpperCase();
    if (skus.has(sku)) issues.push({ path: `variants.${i}.sku`, message: `SKU ${variant.sku} is used by another variant of this product` });
    skus.add(sku);
    if (variant.compareAtPrice !== null && variant.compareAtPrice <= variant.price)
      issues.push({ path: `variants.${i}.compareAtPrice`, message: 'must be more than the price (or null)' });
    variant.imageIds.forEach((imageId, j) => {
      if (!imageIds.includes(imageId)) issues.push({ path: `variants.${i}.imageIds.${j}`, message: 'must be the id of one of the product’s images' });
    });
  });
  return issues;
}

/** The variants a write produces: the stored list, and the first stock of those that are new. */
export type VariantPlan = { options: ProductOption[]; variants: Variant[]; initialStock: Record<string, number> };

class Collector {
  readonly issues: FieldError[] = [];
  constructor(readonly currency: string) {}
  amount(money: Money, path: string): number {
    if (money.currency !== this.currency) this.issues.push({ path: `${path}.currency`, message: `must be the store’s currency, ${this.currency}` });
    return money.amount;
  }
  fail(): never {
    throw new ValidationError('The product’s options and variants are invalid.', this.issues);
  }
}

function storedVariant(input: VariantInput, id: string, path: string, money: Collector): Variant {
  return {
    id,
    sku: input.sku,
    optionValues: input.optionValues,
    price: money.amount(input.price, `${path}.price`),
    compareAtPrice: input.compareAtPrice === null ? null : money.amount(input.compareAtPrice, `${path}.compareAtPrice`),
    lowStockThreshold: input.lowStockThreshold,
    weightGrams: input.weightGrams,
    barcode: input.barcode,
    imageIds: input.imageIds,
    active: input.active,
  };
}

const SHORTHAND = ['sku', 'price', 'stock', 'lowStockThreshold'] as const;
const both = (fields: readonly string[]): FieldError => ({
  path: '(root)',
  message: `send either the single-variant shorthand (${fields.join(', ')}) or options and variants, not both`,
});

/** POST /admin/products: the shorthand's one default variant, or the options and variants given. */
export function variantsForCreate(input: ProductCreate, currency: string, newId: () => string): VariantPlan {
  const money = new Collector(currency);
  const shorthand = SHORTHAND.filter((field) => input[field] !== undefined);
  let plan: VariantPlan;
  if (input.options !== undefined || input.variants !== undefined) {
    if (shorthand.length > 0) money.issues.push(both(shorthand));
    if (input.variants === undefined) money.issues.push({ path: 'variants', message: 'options need their variants' });
    const options = input.options ?? [];
    const variants: Variant[] = [];
    const initialStock: Record<string, number> = {};
    (input.variants ?? []).forEach((variant, i) => {
      if (variant.id !== undefined) money.issues.push({ path: `variants.${i}.id`, message: 'a new product’s variants get their ids from the server' });
      const stored = storedVariant(variant, newId(), `variants.${i}`, money);
      variants.push(stored);
      initialStock[stored.id] = variant.stock ?? 0;
    });
    plan = { options, variants, initialStock };
  } else {
    if (input.sku === undefined) money.issues.push({ path: 'sku', message: 'is required (or send options and variants)' });
    if (input.price === undefined) money.issues.push({ path: 'price', message: 'is required (or send options and variants)' });
    if (money.issues.length > 0) money.fail();
    const variant = storedVariant(
      {
        sku: input.sku!,
        optionValues: [],
        price: input.price!,
        compareAtPrice: null,
        lowStockThreshold: input.lowStockThreshold ?? null,
        weightGrams: null,
        barcode: null,
        imageIds: [],
        active: true,
      },
      newId(),
      '',
      money,
    );
    // The shorthand's paths are top-level: `price.currency`, not `.price.currency`.
    for (const issue of money.issues) issue.path = issue.path.replace(/^\./, '');
    plan = { options: [], variants: [variant], initialStock: { [variant.id]: input.stock ?? 0 } };
  }
  money.issues.push(...variantIssues(plan.options, plan.variants, []));
  if (money.issues.length > 0) money.fail();
  return plan;
}

/**
 * PATCH /admin/products/:id: undefined when the patch leaves the variants alone. `variants` is a
 * whole replacement list (a known `id` keeps its variant, none is a new one, a missing one is
 * removed); the shorthand changes a single-variant product's default variant.
 */
export function variantsForPatch(previous: Product, patch: ProductPatch, currency: string, newId: () => string): VariantPlan | undefined {
  const money = new Collector(currency);
  const shorthand = (['sku', 'price', 'lowStockThreshold'] as const).filter((field) => patch[field] !== undefined);
  const imageIds = previous.images.map(imageIdOfKey);
  let plan: VariantPlan;
  if (patch.options !== undefined || patch.variants !== undefined) {
    if (shorthand.length > 0) money.issues.push(both(shorthand));
    if (patch.variants === undefined) money.issues.push({ path: 'variants', message: 'changed options need the whole list of variants' });
    const known = new Set(previous.variants.map((variant) => variant.id));
    const variants: Variant[] = [];
    const initialStock: Record<string, number> = {};
    (patch.variants ?? []).forEach((variant, i) => {
      if (variant.id !== undefined && !known.has(variant.id)) money.issues.push({ path: `variants.${i}.id`, message: 'is not a variant of this product' });
      if (variant.id !== undefined && variant.stock !== undefined)
        money.issues.push({ path: `variants.${i}.stock`, message: 'an existing variant’s stock changes through its inventory routes' });
      const stored = storedVariant(variant, variant.id ?? newId(), `variants.${i}`, money);
      variants.push(stored);
      if (variant.id === undefined) initialStock[stored.id] = variant.stock ?? 0;
    });
    plan = { options: patch.options ?? previous.options, variants, initialStock };
  } else if (shorthand.length > 0) {
    if (previous.options.length > 0 || previous.variants.length !== 1) {
      money.issues.push(
        ...shorthand.map((field) => ({ path: field, message: 'this product has several variants: change them in `variants` (with their ids)' })),
      );
      money.fail();
    }
    const only = previous.variants[0]!;
    const price = patch.price === undefined ? only.price : money.amount(patch.price, 'price');
    const variant: Variant = {
      ...only,
      ...(patch.sku === undefined ? {} : { sku: patch.sku }),
      price,
      // A new price at or above the old "was" price ends the sale rather than refusing the edit.
      compareAtPrice: only.compareAtPrice !== null && only.compareAtPrice > price ? only.compareAtPrice : null,
      ...(patch.lowStockThreshold === undefined ? {} : { lowStockThreshold: patch.lowStockThreshold }),
    };
    plan = { options: previous.options, variants: [variant], initialStock: {} };
  } else {
    return undefined;
  }
  money.issues.push(...variantIssues(plan.options, plan.variants, imageIds));
  if (money.issues.length > 0) money.fail();
  return plan;
}
