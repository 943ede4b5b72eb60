import * as v from 'valibot';
import { MoneySchema, type Product } from './product';

/**
 * What a category or collection page shows of a product, copied onto its listing rows so the page
 * is one Query. The one place a product becomes a card: when products gain handles, variants and
 * a listed price (the variants work's `productCard`), only this function changes.
 */
export const ListingCardSchema = v.strictObject({
  productId: v.string(),
  name: v.string(),
  /** The product's handle; its id while products have none. */
  handle: v.string(),
  price: MoneySchema,
  /** The price it was before, shown as a sale; none on today's products. */
  compareAt: v.nullable(MoneySchema),
  inStock: v.boolean(),
  /** The first image's object key (its URL is made when shown), or null. */
  image: v.nullable(v.string()),
});

export type ListingCard = v.InferOutput<typeof ListingCardSchema>;

export function cardOf(product: Product): ListingCard {
  return {
    productId: product.id,
    name: product.name,
    handle: product.id,
    price: product.price,
    compareAt: null,
    inStock: product.stock > 0,
    image: product.images[0] ?? null,
  };
}

/** A card as the storefront's API answers it: the image as a URL a browser loads. */
export const ShownCardSchema = v.strictObject({ ...v.omit(ListingCardSchema, ['image']).entries, imageUrl: v.nullable(v.string()) });
export type ShownCard = v.InferOutput<typeof ShownCardSchema>;

export function shownCard({ image, ...card }: ListingCard, publicUrl: (key: string) => string): ShownCard {
  return { ...card, imageUrl: image === null ? null : publicUrl(image) };
}
