import { parse } from 'csv-parse/sync';
import * as v from 'valibot';
import { MAX_CATEGORY_DEPTH } from '../category';
import { HandleSchema, ProductCreateSchema, type ProductStatus } from '../product';
import { MAX_IMAGES_PER_PRODUCT } from '../media';
import { parseMoneyText } from './money-text';
import { DEFAULT_OPTION, NOT_STORED_COLUMNS, SHOPIFY_COLUMNS, type ShopifyColumn } from './shopify-columns';

/** A line of the file as read: its first line number (1 is the header) and its cells by column. */
type Row = { line: number; cell: (column: ShopifyColumn) => string };

export type PlannedVariant = {
  line: number;
  sku: string;
  optionValues: string[];
  price: number;
  compareAtPrice: number | null;
  weightGrams: number | null;
  barcode: string | null;
  stock: number;
};

export type PlannedImage = { line: number; src: string; position: number };

/** One product of the file, ready for the catalog: every line it came from is valid. */
export type ProductPlan = {
  handle: string;
  line: number;
  name: string;
  description: string;
  status: ProductStatus;
  tags: string[];
  options: { name: string; values: string[] }[];
  variants: PlannedVariant[];
  /** "Product Category" split on ">": names from the root; empty when the column is. */
  category: string[];
  images: PlannedImage[];
};

export type RowError = { line: number; subject: string | null; message: string };

export type ImportPlan = {
  products: ProductPlan[];
  /** Errors of the products left out (each product with an error is left out whole). */
  errors: RowError[];
  /** Header columns this platform does not know: ignored. */
  ignoredColumns: string[];
  /** Known columns with values the product model does not keep (NOT_STORED_COLUMNS). */
  notStored: string[];
  rows: number;
  /** Products (handles) left out for their lines' errors. */
  rejected: number;
};

export class CsvFileError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
    this.name = 'CsvFileError';
  }
}

/** The most rows one file may have: 10,000 is measured (docs/import-export.md); this leaves room. */
export const MAX_IMPORT_ROWS = 50_000;

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0', '']);

function rowsOf(text: string): { header: string[]; rows: Row[] } {
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 64 * 1024 }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? null;
    throw new CsvFileError(`The file is not valid CSV: ${(error as Error).message}`, line);
  }
  if (records.length === 0) throw new CsvFileError('The file is empty.', null);
  if (records.length - 1 > MAX_IMPORT_ROWS) throw new CsvFileError(`The file has more than ${MAX_IMPORT_ROWS} rows; split it.`, null);
  const header = records[0]!.record.map((name) => name.trim());
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  if (!index.has('Handle')) throw new CsvFileError('The header has no Handle column (is this a Shopify product CSV?).', 1);
  const rows: Row[] = [];
  let previous = records[0]!.info;
  for (const { record, info } of records.slice(1)) {
    // A record's first line: after the previous record's last, and any empty lines between.
    const line = previous.lines + 1 + (info.empty_lines - previous.empty_lines);
    previous = info;
    rows.push({
      line,
      cell: (column) => {
        const i = index.get(column);
        return i === undefined ? '' : (record[i] ?? '').trim();
      },
    });
  }
  return { header, rows };
}

const optionColumns = [
  ['Option1 Name', 'Option1 Value'],
  ['Option2 Name', 'Option2 Value'],
  ['Option3 Name', 'Option3 Value'],
] as const;

/** Whether a line carries a variant (Shopify: any option value, SKU or price) rather than only an image. */
const hasVariant = (row: Row) =>
  ['Variant SKU', 'Variant Price', 'Option1 Value', 'Option2 Value', 'Option3 Value'].some((c) => row.cell(c as ShopifyColumn) !== '');

function wholeNumber(text: string, max: number): number | undefined {
  if (!/^\d{1,13}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}

/** One handle's lines → its product, or the reasons it cannot be one (line by line). */
function planProduct(handle: string, rows: Row[], currency: string): { plan?: ProductPlan; errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (line: number, message: string) => errors.push({ line, subject: handle, message });
  const first = rows.find((row) => row.cell('Title') !== '') ?? rows[0]!;
  if (!v.is(HandleSchema, handle)) fail(first.line, 'Handle must be lowercase letters and digits in words joined by single hyphens (at most 100)');
  if (first.cell('Title') === '') fail(first.line, 'the first line of a product needs a Title');

  const names = optionColumns.map(([name]) => first.cell(name)).filter((name) => name !== '');
  const isDefault = names.length === 1 && names[0] === DEFAULT_OPTION.name;
  const optionNames = isDefault ? [] : names;

  const statusText = first.cell('Status').toLowerCase();
  const published = first.cell('Published').toLowerCase();
  let status: ProductStatus = 'draft';
  if (statusText !== '') {
    if (statusText === 'active' || statusText === 'draft' || statusText === 'archived') status = statusText;
    else fail(first.line, 'Status must be active, draft or archived');
  } else if (TRUE.has(published)) status = 'active';
  else if (!FALSE.has(published)) fail(first.line, 'Published must be TRUE or FALSE');

  const variants: PlannedVariant[] = [];
  const images: PlannedImage[] = [];
  for (const row of rows) {
    const src = row.cell('Image Src');
    if (src !== '') {
      const positionText = row.cell('Image Position');
      const position = positionText === '' ? images.length + 1 : wholeNumber(positionText, 1000);
      if (position === undefined) fail(row.line, 'Image Position must be a whole number');
      else images.push({ line: row.line, src, position });
    }
    if (!hasVariant(row)) continue;
    const values = optionColumns.map(([, value]) => row.cell(value));
    const optionValues = isDefault ? [] : values.slice(0, optionNames.length);
    if (!isDefault && values.slice(optionNames.length).some((value) => value !== ''))
      fail(row.line, 'an option value has no option name on the product’s first line');
    if (optionValues.some((value) => value === '')) fail(row.line, `each variant needs a value for each option (${optionNames.join(', ')})`);
    const sku = row.cell('Variant SKU');
    if (sku === '') fail(row.line, 'Variant SKU is required');
    const price = parseMoneyText(row.cell('Variant Price'), currency);
    if (price === undefined) fail(row.line, `Variant Price must be an amount such as 19.99 in ${currency}`);
    const compareText = row.cell('Variant Compare At Price');
    const compareAtPrice = compareText === '' ? null : parseMoneyText(compareText, currency);
    if (compareAtPrice === undefined) fail(row.line, 'Variant Compare At Price must be an amount such as 24.99, or empty');
    else if (compareAtPrice !== null && price !== undefined && compareAtPrice <= price)
      fail(row.line, 'Variant Compare At Price must be more than Variant Price (or empty)');
    const gramsText = row.cell('Variant Grams');
    const weightGrams = gramsText === '' ? null : wholeNumber(gramsText.replace(/\.0+$/, ''), 1_000_000_000);
    if (weightGrams === undefined) fail(row.line, 'Variant Grams must be a whole number of grams');
    const qtyText = row.cell('Variant Inventory Qty');
    const stock = qtyText === '' ? 0 : wholeNumber(qtyText, 1_000_000_000);
    if (stock === undefined) fail(row.line, 'Variant Inventory Qty must be a whole number, 0 or more');
    const barcode = row.cell('Variant Barcode');
    if (barcode !== '' && !/^[A-Za-z0-9-]{1,64}$/.test(barcode)) fail(row.line, 'Variant Barcode must be 1-64 letters, digits or hyphens');
    variants.push({
      line: row.line,
      sku,
      optionValues,
      price: price ?? 0,
      compareAtPrice: compareAtPrice ?? null,
      weightGrams: weightGrams ?? null,
      barcode: barcode === '' ? null : barcode,
      stock: stock ?? 0,
    });
  }
  if (variants.length === 0) fail(first.line, 'a product needs at least one line with a variant (Variant SKU and Variant Price)');
  if (images.length > MAX_IMAGES_PER_PRODUCT) fail(images[MAX_IMAGES_PER_PRODUCT]!.line, `a product has at most ${MAX_IMAGES_PER_PRODUCT} images`);

  const category = first
    .cell('Product Category')
    .split('>')
    .map((part) => part.trim())
    .filter(Boolean);
  if (category.length > MAX_CATEGORY_DEPTH) fail(first.line, `Product Category may be at most ${MAX_CATEGORY_DEPTH} levels deep`);
  if (category.some((name) => name.length > 100)) fail(first.line, 'each level of Product Category must be at most 100 characters');

  const options = optionNames.map((name, i) => ({ name, values: [...new Set(variants.map((variant) => variant.optionValues[i]!))] }));
  const tags = first
    .cell('Tags')
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  // The catalog's own rules (lengths, tag shapes, option and variant limits), each tied to its line.
  const checked = v.safeParse(ProductCreateSchema, {
    name: first.cell('Title'),
    description: first.cell('Body (HTML)'),
    status,
    tags,
    options,
    variants: variants.map((variant) => ({
      sku: variant.sku,
      optionValues: variant.optionValues,
      price: { amount: variant.price, currency },
      compareAtPrice: variant.compareAtPrice === null ? null : { amount: variant.compareAtPrice, currency },
      weightGrams: variant.weightGrams,
      barcode: variant.barcode,
      stock: variant.stock,
    })),
  });
  if (!checked.success && errors.length === 0) {
    for (const issue of checked.issues) {
      const path = v.getDotPath(issue) ?? '';
      const variantIndex = /^variants\.(\d+)/.exec(path)?.[1];
      const line = variantIndex === undefined ? first.line : (variants[Number(variantIndex)]?.line ?? first.line);
      fail(line, `${columnOfPath(path)}: ${issue.message}`);
    }
  }
  if (errors.length > 0) return { errors };
  return {
    errors,
    plan: {
      handle,
      line: first.line,
      name: checked.success ? checked.output.name : first.cell('Title'),
      description: first.cell('Body (HTML)'),
      status,
      tags: checked.success ? checked.output.tags : tags,
      options,
      variants,
      category,
      images: [...images].sort((a, b) => a.position - b.position),
    },
  };
}

/** A schema path in the words of the file's columns. */
function columnOfPath(path: string): string {
  if (path.startsWith('name')) return 'Title';
  if (path.startsWith('description')) return 'Body (HTML)';
  if (path.startsWith('tags')) return 'Tags';
  if (path.startsWith('options')) return 'Option Name/Value';
  if (/^variants\.\d+\.sku/.test(path)) return 'Variant SKU';
  if (/^variants\.\d+\.optionValues/.test(path)) return 'Option Value';
  if (path.startsWith('variants')) return 'Variant';
  return path || 'Product';
}

/**
 * Reads a Shopify product CSV into products, grouped by Handle in the order they first appear.
 * Policy (docs/import-export.md): a product with any bad line is left out whole, with every reason
 * and line number; the others are imported. A file that is not CSV at all is refused whole.
 */
export function planImport(text: string, currency: string): ImportPlan {
  const { header, rows } = rowsOf(text);
  const known = new Set<string>(SHOPIFY_COLUMNS);
  const ignoredColumns = header.filter((name) => name !== '' && !known.has(name));
  const notStored = NOT_STORED_COLUMNS.filter((column) => rows.some((row) => row.cell(column) !== ''));
  const groups = new Map<string, Row[]>();
  const errors: RowError[] = [];
  for (const row of rows) {
    const handle = row.cell('Handle');
    if (handle === '') {
      errors.push({ line: row.line, subject: null, message: 'Handle is empty' });
      continue;
    }
    const group = groups.get(handle);
    if (group) group.push(row);
    else groups.set(handle, [row]);
  }
  const products: ProductPlan[] = [];
  let rejected = 0;
  for (const [handle, group] of groups) {
    const { plan, errors: productErrors } = planProduct(handle, group, currency);
    errors.push(...productErrors);
    if (plan) products.push(plan);
    else rejected++;
  }
  errors.sort((a, b) => a.line - b.line);
  return { products, errors, ignoredColumns, notStored: [...notStored], rows: rows.length, rejected };
}
