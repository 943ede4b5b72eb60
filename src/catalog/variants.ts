import type { Product, Variant, VariantStock } from './product';

/** What one DynamoDB TransactWriteItems call may hold. */
export const MAX_TRANSACTION_ITEMS = 100;

/**
 * The most variants a product may have: creating a product is ONE transaction of the product, its
 * handle claim, one SKU claim and one initial trail entry per variant, the ProductCreated outbox
 * record, the store's product count against its plan and the idempotency record: 2n + 5 ≤ 100,
 * so n ≤ 47. Plan limits (src/plans/plans.ts, `variantsPerProduct`) lower it per store, never
 * raise it.
 */
export const MAX_VARIANTS = Math.floor((MAX_TRANSACTION_ITEMS - 5) / 2);

/** onHand − reserved: what can still be sold. */
export const availableOf = (stock: VariantStock | undefined): number => (stock ? stock.onHand - stock.reserved : 0);

/**
 * The attributes kept on the product item for listings: the lowest active variant's price (and
 * its compare-at), whether any active variant can be sold, how many variants there are. With no
 * active variant, the lowest price of all (a product must sort somewhere) and not available.
 */
export function deriveListing(
  variants: readonly Variant[],
  stock: Readonly<Record<string, VariantStock>>,
): Pick<Product, 'listedPrice' | 'listedCompareAt' | 'available' | 'variantCount'> {
  const active = variants.filter((variant) => variant.active);
  const pool = active.length > 0 ? active : variants;
  let cheapest: Variant | undefined;
  for (const variant of pool) if (!cheapest || variant.price < cheapest.price) cheapest = variant;
  return {
    listedPrice: cheapest?.price ?? 0,
    listedCompareAt: cheapest?.compareAtPrice ?? null,
    available: active.some((variant) => availableOf(stock[variant.id]) > 0),
    variantCount: variants.length,
  };
}

/** A handle from a name: accents folded, lower case, words joined by hyphens; "product" when nothing is left. */
export function handleFromName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let handle = '';
  for (const word of words) {
    const next = handle ? `${handle}-${word}` : word;
    if (next.length > 100) break;
    handle = next;
  }
  return handle || (words[0]?.slice(0, 100) ?? 'product');
}

/** The n-th handle to try: the base, then `-2`, `-3`…, shortened so the suffix fits in 100 characters. */
export function handleCandidate(base: string, attempt: number): string {
  if (attempt <= 1) return base;
  const suffix = `-${attempt}`;
  return `${base.slice(0, 100 - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/** The id of an image from its object key: its file name without the extension. */
export const imageIdOfKey = (key: string) => key.slice(key.lastIndexOf('/') + 1).replace(/\.[a-z]+$/, '');

/** A variant in words, for emails and logs: its SKU and option values. */
export function describeVariant(product: Pick<Product, 'options'>, variant: Pick<Variant, 'sku' | 'optionValues'>): string {
  const values = variant.optionValues.map((value, i) => `${product.options[i]?.name ?? 'Option'}: ${value}`).join(', ');
  return values ? `SKU ${variant.sku} (${values})` : `SKU ${variant.sku}`;
}
