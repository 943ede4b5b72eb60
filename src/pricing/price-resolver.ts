import type { Product, Variant } from '../catalog/product';
import { deriveListing } from '../catalog/variants';
import type { ListPrice, PriceContext, PriceListName } from './price-context';

/** A variant's price for one shopper, and the list it came from (order lines keep the name). */
export type ResolvedPrice = { readonly price: number; readonly compareAtPrice: number | null; readonly list: PriceListName };

/** A variant's price in a context, or undefined when it is not sold in the context's currency. */
export type PriceResolver = (
  product: Pick<Product, 'id' | 'currencyPrices'>,
  variant: Pick<Variant, 'id' | 'price' | 'compareAtPrice'>,
) => ResolvedPrice | undefined;

/** A customer group's prices in one currency: productId → variantId → price (GroupPriceReader's answer). */
export type GroupPrices = ReadonlyMap<string, Readonly<Record<string, ListPrice>>>;

const NO_GROUP_PRICES: GroupPrices = new Map();

/**
 * The one rule of which price applies (docs/pricing.md): the customer group's price in the chosen
 * currency first, then the variant's explicit price in that currency (or its own price when the
 * currency is the store's), and otherwise none: no exchange rates, a variant without an explicit
 * price in a currency is not sold in it.
 */
export function priceResolver(baseCurrency: string, context: PriceContext, groupPrices: GroupPrices = NO_GROUP_PRICES): PriceResolver {
  const { currency, groupId } = context;
  return (product, variant) => {
    const grouped = groupId === undefined ? undefined : groupPrices.get(product.id)?.[variant.id];
    if (grouped) return { price: grouped.price, compareAtPrice: grouped.compareAtPrice ?? null, list: `group:${groupId}` };
    if (currency === baseCurrency) return { price: variant.price, compareAtPrice: variant.compareAtPrice, list: 'base' };
    const listed = product.currencyPrices?.[currency]?.[variant.id];
    return listed ? { price: listed.price, compareAtPrice: listed.compareAtPrice ?? null, list: `currency:${currency}` } : undefined;
  };
}

/**
 * The product as one shopper buys it: each variant at its resolved price, a variant not sold in
 * the context's currency inactive (so carts, checkout and pages treat it as not for sale), and the
 * listed price derived again from what is left. Everything downstream (views, cart, quote) reads
 * this product exactly as it reads a stored one.
 */
export function pricedProduct(product: Product, resolve: PriceResolver): Product {
  let changed = false;
  const variants = product.variants.map((variant) => {
    const resolved = resolve(product, variant);
    if (resolved?.list === 'base') return variant;
    changed = true;
    return resolved ? { ...variant, price: resolved.price, compareAtPrice: resolved.compareAtPrice } : { ...variant, active: false };
  });
  return changed ? { ...product, variants, ...deriveListing(variants, product.stock) } : product;
}

/** Whether a product has something for sale in the context: some variant active and priced. Else the page says "not sold in <currency>". */
export const soldInContext = (original: Product, priced: Product): boolean =>
  !original.variants.some((variant) => variant.active) || priced.variants.some((variant) => variant.active);

/** Whether an answer priced for this context may be shared (visitors' cache, edge): never with a group's prices. */
export const isShareable = (context: PriceContext): boolean => context.groupId === undefined;

/** Every variant at its own price in the store's currency: what a read without a context prices at. */
export const BASE_PRICES: PriceResolver = (_product, variant) => ({ price: variant.price, compareAtPrice: variant.compareAtPrice, list: 'base' });

/** Products as read, each priced for the context (`pricedProduct`). */
export function pricedProducts(products: ReadonlyMap<string, Product>, resolve: PriceResolver): Map<string, Product> {
  return new Map([...products].map(([id, product]) => [id, pricedProduct(product, resolve)]));
}

/** A listing's price in one currency: the lowest sold variant's, and its compare-at. */
export type CurrencyListing = { price: number; compareAt: number | null };

/**
 * The listed price in each of the product's other currencies (`deriveListing` per currency), for
 * cards made once and shown in any currency: a currency none of its variants is priced in is absent.
 */
export function currencyListings(product: Product): Record<string, CurrencyListing> | undefined {
  const currencies = Object.keys(product.currencyPrices ?? {});
  if (currencies.length === 0) return undefined;
  const listings: Record<string, CurrencyListing> = {};
  for (const currency of currencies) {
    // The base currency is any other code here: only the explicit list prices.
    const priced = pricedProduct(product, priceResolver('', { currency }));
    if (soldInContext(product, priced) && priced.variants.some((variant) => variant.active))
      listings[currency] = { price: priced.listedPrice, compareAt: priced.listedCompareAt };
  }
  return listings;
}
