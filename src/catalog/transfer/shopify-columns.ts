/**
 * Shopify's product CSV, the columns this platform reads and writes (docs/import-export.md), in
 * the order an export writes them.
 */
export const SHOPIFY_COLUMNS = [
  'Handle',
  'Title',
  'Body (HTML)',
  'Vendor',
  'Product Category',
  'Type',
  'Tags',
  'Published',
  'Option1 Name',
  'Option1 Value',
  'Option2 Name',
  'Option2 Value',
  'Option3 Name',
  'Option3 Value',
  'Variant SKU',
  'Variant Grams',
  'Variant Inventory Qty',
  'Variant Price',
  'Variant Compare At Price',
  'Variant Barcode',
  'Image Src',
  'Image Position',
  'Image Alt Text',
  'SEO Title',
  'SEO Description',
  'Status',
] as const;

export type ShopifyColumn = (typeof SHOPIFY_COLUMNS)[number];

/**
 * Columns read but not kept: the product model has no vendor, type, alt text or SEO fields (the
 * storefront's SEO comes from the name and description). A file that fills them is told so in the
 * job's result (`notStored`); an export leaves them empty.
 */
export const NOT_STORED_COLUMNS: readonly ShopifyColumn[] = ['Vendor', 'Type', 'Image Alt Text', 'SEO Title', 'SEO Description'];

/** Shopify's stand-in for "no options": one option "Title" whose one value is "Default Title". */
export const DEFAULT_OPTION = { name: 'Title', value: 'Default Title' } as const;

export const CSV_CONTENT_TYPE = 'text/csv';
