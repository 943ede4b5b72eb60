import type { Category } from '../catalog/category';
import { cardOf, type ListingCard } from '../catalog/listing-card';
import type { Product, ProductStatus } from '../catalog/product';

/** A category as a search result's facet names it: its slug (the filter's value) and its name (the label). */
export type CategoryRef = { slug: string; name: string };

/**
 * What the index holds of one product. The text fields are what a query matches; the rest is
 * stored beside them, so a page of results, its filters and its facet counts need nothing but the
 * index: no DynamoDB read per hit. `card` is the very listing card category pages show.
 */
export type SearchDoc = {
  id: string;
  name: string;
  description: string;
  skus: string;
  options: string;
  categories: string;
  status: ProductStatus;
  cats: CategoryRef[];
  /** `[option name, value]` of the product's active variants, each pair once. */
  opts: [string, string][];
  price: number;
  inStock: boolean;
  /** Its published reviews' count and sum of stars, for the "N stars and up" facet (exact: no rounded average kept). */
  rating: { count: number; total: number };
  card: ListingCard;
};

/** Descriptions are matched on their start only: enough to find a product by what it is, and it keeps the index small. */
export const DESCRIPTION_CHARS = 500;

/** Strips markup a description may carry (imports bring HTML), so tags are not matched as words. */
const plainText = (text: string) => text.replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;/g, ' ');

/**
 * The product's document, with the names of the categories it is in (`categoryIds` resolved
 * against the store's tree; ids no longer in it are left out). Pure.
 */
export function searchDocOf(product: Product, categoryIds: readonly string[], tree: readonly Pick<Category, 'id' | 'slug' | 'name'>[]): SearchDoc {
  const active = product.variants.filter((variant) => variant.active);
  const pairs = new Map<string, [string, string]>();
  for (const variant of active) {
    variant.optionValues.forEach((value, i) => {
      const name = product.options[i]?.name;
      if (name) pairs.set(`${name}\u0000${value}`, [name, value]);
    });
  }
  const byId = new Map(tree.map((category) => [category.id, category]));
  const cats = categoryIds.flatMap((id) => {
    const category = byId.get(id);
    return category ? [{ slug: category.slug, name: category.name }] : [];
  });
  const opts = [...pairs.values()];
  return {
    id: product.id,
    name: product.name,
    description: plainText(product.description).slice(0, DESCRIPTION_CHARS),
    skus: product.variants.map((variant) => variant.sku).join(' '),
    options: opts.map(([, value]) => value).join(' '),
    categories: cats.map((category) => category.name).join(' '),
    status: product.status,
    cats,
    opts,
    price: product.listedPrice,
    inStock: product.available,
    rating: { count: product.rating?.count ?? 0, total: product.rating?.total ?? 0 },
    card: cardOf(product),
  };
}
