import * as v from 'valibot';
import { MoneySchema, productCard, type Product } from './product';
import { NO_RATINGS } from './rating';
import { currencyListings } from '../pricing/price-resolver';

/**
 * What a category or collection page shows of a product, copied onto its listing rows so the page
 * is one Query. Made from the product's own card (`productCard`), so a listing shows what the
 * catalog shows. Amounts are in the store's currency, added when shown: a row never goes stale
 * because of the store's settings.
 */
export const ListingCardSchema = v.strictObject({
  productId: v.string(),
  name: v.string(),
  handle: v.string(),
  /** The lowest active variant's price, in minor units. */
  price: v.number(),
  /** That variant's compare-at price (shown as a sale), or null. */
  compareAt: v.nullable(v.number()),
  inStock: v.boolean(),
  /** The first image's object key (its URL is made when shown), or null. */
  image: v.nullable(v.string()),
  /** Its published reviews' count and sum of stars (rows made before reviews existed have none: no reviews). */
  rating: v.optional(v.strictObject({ count: v.number(), total: v.number() })),
  /** Its listed price in the store's other currencies (src/pricing/price-resolver.ts `currencyListings`); a currency absent: not sold in it. */
  prices: v.optional(v.record(v.string(), v.strictObject({ price: v.number(), compareAt: v.nullable(v.number()) }))),
});

export type ListingCard = v.InferOutput<typeof ListingCardSchema>;

export function cardOf(product: Product): ListingCard {
  const card = productCard(product);
  const prices = currencyListings(product);
  return {
    productId: card.id,
    name: card.name,
    handle: card.handle,
    price: card.listedPrice,
    compareAt: card.listedCompareAt,
    inStock: card.available,
    image: card.image,
    rating: { count: product.rating?.count ?? NO_RATINGS.count, total: product.rating?.total ?? NO_RATINGS.total },
    ...(prices ? { prices } : {}),
  };
}

/**
 * Which rating a card shows, compared with the one its membership recorded (`rowRating`): reviews
 * change it without moving the product's version, so the revision alone would not notice.
 */
export const ratingKeyOf = (rating: { count: number; total: number } | undefined) => `${rating?.count ?? 0}:${rating?.total ?? 0}`;

/**
 * Which state of the product a row's card was made from. A card changes with the product's version
 * and with its availability, which stock changes move without touching the version.
 */
export const cardRevision = (product: Pick<Product, 'version' | 'available'>) => product.version * 2 + (product.available ? 1 : 0);

/** A card as the storefront's API answers it: prices as money in the store's currency, the image as a URL a browser loads. */
export const ShownCardSchema = v.strictObject({
  ...v.omit(ListingCardSchema, ['image', 'price', 'compareAt', 'rating', 'prices']).entries,
  price: MoneySchema,
  compareAt: v.nullable(MoneySchema),
  imageUrl: v.nullable(v.string()),
  /** Published reviews: how many, and their average to one decimal (null without any). */
  rating: v.strictObject({ count: v.number(), average: v.nullable(v.number()) }),
  /** The shopper's currency when nothing of the product is sold in it: the prices are in the store's own (docs/pricing.md). */
  notSoldIn: v.optional(v.string()),
});
export type ShownCard = v.InferOutput<typeof ShownCardSchema>;

/** `chosen`: the shopper's currency (the store's own, `currency`, by default); not sold in it: shown in the store's, marked. */
export function shownCard(
  { image, price: basePrice, compareAt: baseCompareAt, rating, prices, ...card }: ListingCard,
  publicUrl: (key: string) => string,
  storeCurrency: string,
  chosen: string = storeCurrency,
): ShownCard {
  const count = rating?.count ?? 0;
  const listed = chosen === storeCurrency ? undefined : prices?.[chosen];
  const currency = listed ? chosen : storeCurrency;
  const price = listed?.price ?? basePrice;
  const compareAt = listed ? listed.compareAt : baseCompareAt;
  return {
    ...card,
    rating: { count, average: count > 0 ? Math.round(((rating?.total ?? 0) * 10) / count) / 10 : null },
    price: { amount: price, currency },
    compareAt: compareAt === null ? null : { amount: compareAt, currency },
    ...(chosen !== storeCurrency && !listed ? { notSoldIn: chosen } : {}),
    imageUrl: image === null ? null : publicUrl(image),
  };
}
