import type { Product } from '../catalog/product';
import type { StoredCart } from '../shopping/cart';

/**
 * A stored cart as read in `currency`: its lines' remembered prices are only comparable with
 * today's in the currency they were taken in, so a cart last priced in another one takes today's
 * prices (from `products`, already priced for the shopper) without telling a "price changed" that
 * is only a currency change. The same cart when nothing changed. A cart from before currencies was
 * priced in the store's own (`baseCurrency`).
 */
export function inCurrency(cart: StoredCart, products: ReadonlyMap<string, Product>, currency: string, baseCurrency: string): StoredCart {
  if ((cart.currency ?? baseCurrency) === currency) return cart;
  const lines = cart.lines.map((line) => {
    const variant = products.get(line.productId)?.variants.find((candidate) => candidate.id === line.variantId);
    return variant ? { ...line, unitPrice: variant.price } : line;
  });
  return { ...cart, lines, currency };
}
