import type { Product } from '../catalog/product';
import { availableOf } from '../catalog/variants';
import { compareAtField } from '../pricing/sale';
import { BASE_PRICES, type PriceResolver } from '../pricing/price-resolver';
import { ValidationError, type FieldError } from '../shared/errors';
import { MAX_ORDER_LINES } from '../shopping/limits';
import { InsufficientStockError, TooManyLinesError } from './errors';
import type { CheckoutLine, PricedLine } from './order';

/** Repeats of one variant become one line (quantities added), in first-seen order. */
export function mergeLines(lines: readonly CheckoutLine[]): CheckoutLine[] {
  const merged = new Map<string, CheckoutLine>();
  for (const line of lines) {
    const key = `${line.productId}\u0000${line.variantId}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, quantity: seen.quantity + line.quantity } : { ...line });
  }
  const result = [...merged.values()];
  if (result.length > MAX_ORDER_LINES) throw new TooManyLinesError(result.length);
  return result;
}

/**
 * Each line at the variant's current price, from the products as just read; a product or variant
 * that is not for sale is a 422 naming the line. `checkStock`: a line asking for more than is
 * available is a 409 (the quote shows what is left instead). `resolve` (src/pricing/): the price
 * in the shopper's context, and the list it came from (kept on the line); a variant it has no
 * price for is not sold in that currency, a 422 too.
 */
export function priceLines(
  lines: readonly CheckoutLine[],
  products: ReadonlyMap<string, Product>,
  checkStock: boolean,
  resolve: PriceResolver = BASE_PRICES,
): PricedLine[] {
  const issues: FieldError[] = [];
  const short: { productId: string; variantId: string; available: number }[] = [];
  const priced: PricedLine[] = [];
  lines.forEach((line, i) => {
    const product = products.get(line.productId);
    const variant = product?.variants.find((candidate) => candidate.id === line.variantId);
    if (product?.status !== 'active' || !variant?.active) {
      issues.push({ path: `lines.${i}`, message: 'is not a product for sale in this store' });
      return;
    }
    const price = resolve(product, variant);
    if (!price) {
      issues.push({ path: `lines.${i}`, message: 'is not sold in this currency' });
      return;
    }
    const available = availableOf(product.stock[variant.id]);
    if (checkStock && available < line.quantity) short.push({ productId: product.id, variantId: variant.id, available: Math.max(0, available) });
    priced.push({
      productId: product.id,
      variantId: variant.id,
      sku: variant.sku,
      name: product.name,
      optionValues: variant.optionValues,
      unitPrice: price.price,
      ...compareAtField(price.price, price.compareAtPrice),
      ...(price.list === 'base' ? {} : { priceList: price.list }),
      quantity: line.quantity,
      lineTotal: price.price * line.quantity,
    });
  });
  if (issues.length > 0) throw new ValidationError('Some lines of this order cannot be bought.', issues);
  if (short.length > 0) throw new InsufficientStockError(short);
  return priced;
}
