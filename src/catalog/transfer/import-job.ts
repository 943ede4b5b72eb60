import { createHash } from 'node:crypto';
import { DomainError, ValidationError } from '../../shared/errors';
import type { TenantContext } from '../../tenants/tenant';
import { JobInputError, type JobHandler, type JobRun } from '../../jobs/service';
import type { InventoryService } from '../../inventory/service';
import type { GroupingService } from '../grouping-service';
import { IMAGE_TYPES, type MediaStore } from '../media';
import type { Product, ProductPatch, Variant, VariantInput } from '../product';
import type { CatalogService } from '../service';
import { handleFromName, imageIdOfKey } from '../variants';
import { ImageFetchError, type FetchedImage, type ImageFetcher } from './image-fetch';
import { importKey, MAX_IMPORT_BYTES } from './files';
import { CsvFileError, planImport, type ProductPlan } from './shopify-import';

/** Products between checkpoints: a retried run redoes at most this many (each idempotently). */
export const IMPORT_CHECKPOINT_EVERY = 25;

export type ImportDeps = {
  catalog: CatalogService;
  groupings: GroupingService;
  inventory: InventoryService;
  media: MediaStore;
  images: ImageFetcher;
  /** The product that holds a handle in the store (its claim item), if any. */
  productIdByHandle: (tenant: TenantContext, handle: string) => Promise<string | undefined>;
};

type Tally = { created: number; updated: number; unchanged: number; skipped: number };

/** An image's id from its URL: the same URL is the same image, so a re-run does not add it twice. */
export const imageIdOfSource = (src: string) => createHash('sha256').update(src).digest('hex').slice(0, 32);

/** A catalog refusal → the lines it is about (a variant's path names its line; anything else the product's first). */
function refusalLines(plan: ProductPlan, error: unknown): { line: number; message: string }[] {
  if (error instanceof ValidationError && error.errors.length > 0)
    return error.errors.map((issue) => {
      const index = /^variants\.(\d+)/.exec(issue.path)?.[1];
      const line = index === undefined ? plan.line : (plan.variants[Number(index)]?.line ?? plan.line);
      return { line, message: `${issue.path}: ${issue.message}` };
    });
  return [{ line: plan.line, message: (error as Error).message }];
}

/** The catalog's variants for a plan: a known SKU keeps its variant (id, threshold, images); a new one is added with its stock. */
function variantsFor(plan: ProductPlan, existing: Product | undefined, currency: string): VariantInput[] {
  const bySku = new Map((existing?.variants ?? []).map((variant) => [variant.sku.toUpperCase(), variant]));
  return plan.variants.map((planned) => {
    const known = bySku.get(planned.sku.toUpperCase());
    return {
      ...(known ? { id: known.id } : { stock: planned.stock }),
      sku: planned.sku,
      optionValues: planned.optionValues,
      price: { amount: planned.price, currency },
      compareAtPrice: planned.compareAtPrice === null ? null : { amount: planned.compareAtPrice, currency },
      weightGrams: planned.weightGrams,
      barcode: planned.barcode,
      lowStockThreshold: known?.lowStockThreshold ?? null,
      imageIds: known?.imageIds ?? [],
      active: known?.active ?? true,
    };
  });
}

const sameVariant = (a: Variant, b: VariantInput) =>
  a.id === b.id &&
  a.sku === b.sku &&
  JSON.stringify(a.optionValues) === JSON.stringify(b.optionValues) &&
  a.price === b.price.amount &&
  a.compareAtPrice === (b.compareAtPrice?.amount ?? null) &&
  a.weightGrams === b.weightGrams &&
  a.barcode === b.barcode;

/** The patch that brings a product to the file's version, or undefined when it already is (a re-run). */
function patchFor(plan: ProductPlan, product: Product, currency: string): ProductPatch | undefined {
  const variants = variantsFor(plan, product, currency);
  const same =
    product.name === plan.name &&
    product.description === plan.description &&
    product.status === plan.status &&
    JSON.stringify(product.tags) === JSON.stringify(plan.tags) &&
    JSON.stringify(product.options) === JSON.stringify(plan.options) &&
    product.variants.length === variants.length &&
    product.variants.every((variant, i) => sameVariant(variant, variants[i]!));
  if (same) return undefined;
  return { name: plan.name, description: plan.description, status: plan.status, tags: plan.tags, options: plan.options, variants };
}

/**
 * The import job (docs/import-export.md): reads the uploaded Shopify CSV, and product by product
 * creates or updates (by Handle), fetches images, places it in its category. A product with a bad
 * line, an unreachable image or a refusal by the catalog is skipped whole and reported with its
 * lines; the others land. Progress is checkpointed, so a retried run resumes where it stopped.
 */
export function importJobHandler(deps: ImportDeps): JobHandler {
  return async (run: JobRun) => {
    const { tenant, job } = run;
    const currency = tenant.settings.currency;
    const actor = job.actor;
    const bytes = await deps.media.readPrivate(tenant, importKey(tenant, job.id), MAX_IMPORT_BYTES);
    if (bytes === undefined) throw new JobInputError('No file was uploaded for this import (or it has expired); upload it again.');
    if (bytes === 'tooLarge') throw new JobInputError(`The file is larger than ${MAX_IMPORT_BYTES} bytes; split it.`);
    let plan: ReturnType<typeof planImport>;
    try {
      plan = planImport(new TextDecoder().decode(bytes), currency);
    } catch (error) {
      if (error instanceof CsvFileError) throw new JobInputError(error.message, error.line);
      throw error;
    }
    const resumed = job.checkpoint as (Tally & { next: number }) | null;
    const tally: Tally = resumed
      ? { created: resumed.created, updated: resumed.updated, unchanged: resumed.unchanged, skipped: resumed.skipped }
      : { created: 0, updated: 0, unchanged: 0, skipped: 0 };
    // The file's own errors were reported by the first run; a resumed one does not repeat them.
    if (!resumed) for (const error of plan.errors) run.error(error);
    const total = plan.products.length;
    const categories = categoryResolver(deps.groupings, tenant);
    let next = resumed?.next ?? 0;
    const save = () => run.checkpoint(next, total, { ...tally, next });
    await save();
    for (; next < total; ) {
      const product = plan.products[next]!;
      const outcome = await importProduct(deps, run, product, categories, actor, currency);
      tally[outcome]++;
      next++;
      if (next % IMPORT_CHECKPOINT_EVERY === 0) await save();
    }
    await save();
    // Products the file's own errors left out count as skipped too.
    return {
      ...tally,
      skipped: tally.skipped + plan.rejected,
      rows: plan.rows,
      products: total + plan.rejected,
      ignoredColumns: plan.ignoredColumns,
      notStored: plan.notStored,
    };
  };
}

async function importProduct(
  deps: ImportDeps,
  run: JobRun,
  plan: ProductPlan,
  categories: ReturnType<typeof categoryResolver>,
  actor: string,
  currency: string,
): Promise<keyof Tally> {
  const { tenant } = run;
  const report = (line: number, message: string) => run.error({ line, subject: plan.handle, message });
  const existingId = await deps.productIdByHandle(tenant, plan.handle);
  const existing = existingId ? await deps.catalog.get(tenant, existingId).catch(() => undefined) : undefined;
  const have = new Set((existing?.images ?? []).map(imageIdOfKey));
  // Images first: one that cannot be fetched leaves the whole product out, before anything is written.
  const fetched: { id: string; line: number; image: FetchedImage }[] = [];
  let unreachable = false;
  for (const image of plan.images) {
    const id = imageIdOfSource(image.src);
    if (have.has(id) || fetched.some((f) => f.id === id)) continue;
    try {
      fetched.push({ id, line: image.line, image: await deps.images.fetch(image.src) });
    } catch (error) {
      if (!(error instanceof ImageFetchError)) throw error;
      report(image.line, `Image Src ${image.src}: ${error.message}`);
      unreachable = true;
    }
  }
  if (unreachable) return 'skipped';

  let product: Product;
  let outcome: keyof Tally;
  try {
    if (existing) {
      const patch = patchFor(plan, existing, currency);
      product = patch ? await deps.catalog.update(tenant, actor, existing.id, patch) : existing;
      outcome = patch ? 'updated' : 'unchanged';
      // Stock of variants that were there already: set to the file's count (a re-run sets the same count: no change).
      for (const planned of plan.variants) {
        const variant = product.variants.find((v) => v.sku.toUpperCase() === planned.sku.toUpperCase());
        const had = existing.variants.some((v) => v.id === variant?.id);
        if (!variant || !had || product.stock[variant.id]?.onHand === planned.stock) continue;
        await deps.inventory.setLevel(tenant, actor, product.id, variant.id, { stock: planned.stock, reason: 'correction', note: `import ${run.job.id}` });
        outcome = 'updated';
      }
    } else {
      product = await deps.catalog.create(tenant, actor, {
        name: plan.name,
        handle: plan.handle,
        description: plan.description,
        status: plan.status,
        tags: plan.tags,
        options: plan.options,
        variants: variantsFor(plan, undefined, currency),
      });
      outcome = 'created';
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    for (const { line, message } of refusalLines(plan, error)) report(line, message);
    return 'skipped';
  }

  for (const { id, line, image } of fetched) {
    const key = `tenants/${tenant.id}/products/${product.id}/${id}.${IMAGE_TYPES.get(image.contentType)!.extension}`;
    try {
      await deps.media.put(tenant, key, image.body, image.contentType);
      product = await deps.catalog.attachImage(tenant, actor, product.id, key);
      if (outcome === 'unchanged') outcome = 'updated';
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report(line, `Image: ${error.message}`);
    }
  }

  if (plan.category.length > 0) {
    try {
      const categoryId = await categories.idOf(plan.category);
      const current = await deps.groupings.productCategories(tenant, product.id);
      if (current.length !== 1 || current[0] !== categoryId) {
        await deps.groupings.setProductCategories(tenant, product.id, [categoryId]);
        if (outcome === 'unchanged') outcome = 'updated';
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report(plan.line, `Product Category: ${error.message}`);
    }
  }
  return outcome;
}

/**
 * "Product Category" paths → category ids: each level found by name (case aside) under its parent,
 * or created (slug from the path, `-2`… when taken). The tree is read once per run and kept.
 */
function categoryResolver(groupings: GroupingService, tenant: TenantContext) {
  let tree: Promise<{ id: string; name: string; parentId: string | null }[]> | undefined;
  return {
    async idOf(path: string[]): Promise<string> {
      tree ??= groupings.listCategories(tenant);
      const known = await tree;
      let parentId: string | null = null;
      for (let depth = 0; depth < path.length; depth++) {
        const name = path[depth]!;
        const found = known.find((c) => c.parentId === parentId && c.name.toLocaleLowerCase() === name.toLocaleLowerCase());
        if (found) {
          parentId = found.id;
          continue;
        }
        const base =
          handleFromName(path.slice(0, depth + 1).join(' '))
            .slice(0, 56)
            .replace(/-+$/, '') || 'category';
        let created: { id: string } | undefined;
        for (let attempt = 1; !created; attempt++) {
          try {
            created = await groupings.createCategory(tenant, { name, slug: attempt === 1 ? base : `${base}-${attempt}`, description: '', parentId });
          } catch (error) {
            if (!(error instanceof DomainError && error.status === 409 && /slug/i.test(error.message)) || attempt >= 5) throw error;
          }
        }
        known.push({ id: created.id, name, parentId });
        parentId = created.id;
      }
      return parentId!;
    },
  };
}
