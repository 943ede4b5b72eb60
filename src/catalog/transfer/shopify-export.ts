import { stringify } from 'csv-stringify/sync';
import type { Category } from '../category';
import type { Product } from '../product';
import { formatMoneyText } from './money-text';
import { DEFAULT_OPTION, SHOPIFY_COLUMNS, type ShopifyColumn } from './shopify-columns';

/** A product as an export writes it: the item, its category path (names from the root), its images' URLs. */
export type ExportedProduct = { product: Product; category: string[]; imageUrls: string[] };

/** A category's names from the root down, through its parents. */
export function categoryPath(categories: readonly Category[], id: string): string[] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const path: string[] = [];
  for (let at = byId.get(id); at && path.length < 10; at = at.parentId ? byId.get(at.parentId) : undefined) path.unshift(at.name);
  return path;
}

/**
 * Products → Shopify product CSV (docs/import-export.md): per product, one line per variant (the
 * first with the product's own columns), its images on the same lines in order and on image-only
 * lines after. Sorted by handle, so the same catalog always gives the same file, whatever order
 * its products were created in: exporting, importing into an empty store and exporting again
 * gives this file back.
 */
export function shopifyCsv(products: readonly ExportedProduct[], currency: string): string {
  const lines: string[][] = [];
  const sorted = [...products].sort((a, b) => (a.product.handle < b.product.handle ? -1 : a.product.handle > b.product.handle ? 1 : 0));
  for (const { product, category, imageUrls } of sorted) {
    const withoutOptions = product.options.length === 0;
    const count = Math.max(product.variants.length, imageUrls.length);
    for (let i = 0; i < count; i++) {
      const cells: Partial<Record<ShopifyColumn, string>> = { Handle: product.handle };
      if (i === 0) {
        cells.Title = product.name;
        cells['Body (HTML)'] = product.description;
        cells['Product Category'] = category.join(' > ');
        cells.Tags = product.tags.join(', ');
        cells.Published = product.status === 'active' ? 'TRUE' : 'FALSE';
        cells.Status = product.status;
        if (withoutOptions) cells['Option1 Name'] = DEFAULT_OPTION.name;
        product.options.forEach((option, n) => {
          cells[`Option${n + 1} Name` as ShopifyColumn] = option.name;
        });
      }
      const variant = product.variants[i];
      if (variant) {
        if (withoutOptions) cells['Option1 Value'] = DEFAULT_OPTION.value;
        variant.optionValues.forEach((value, n) => {
          cells[`Option${n + 1} Value` as ShopifyColumn] = value;
        });
        cells['Variant SKU'] = variant.sku;
        cells['Variant Grams'] = variant.weightGrams === null ? '' : String(variant.weightGrams);
        cells['Variant Inventory Qty'] = String(product.stock[variant.id]?.onHand ?? 0);
        cells['Variant Price'] = formatMoneyText(variant.price, currency);
        cells['Variant Compare At Price'] = variant.compareAtPrice === null ? '' : formatMoneyText(variant.compareAtPrice, currency);
        cells['Variant Barcode'] = variant.barcode ?? '';
      }
      const image = imageUrls[i];
      if (image) {
        cells['Image Src'] = image;
        cells['Image Position'] = String(i + 1);
      }
      lines.push(SHOPIFY_COLUMNS.map((column) => cells[column] ?? ''));
    }
  }
  return stringify([[...SHOPIFY_COLUMNS], ...lines], { record_delimiter: '\n' });
}
