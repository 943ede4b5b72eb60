import type { Product, VariantStock } from '../catalog/product';
import { availableOf, deriveListing } from '../catalog/variants';

/** How one variant's counts move: reserving (+reserved), releasing (−reserved), shipping (−both), restocking (+onHand). */
export type VariantDelta = { variantId: string; onHand: number; reserved: number };

/**
 * One product's stock write, planned from the product as read (docs/architecture.md, "Stock
 * reservations"). DynamoDB conditions cannot do arithmetic (`onHand − reserved ≥ qty` is not
 * expressible), so the write sets each changed variant's exact new counts on the condition that
 * its counts are still exactly those read, and the product's version too (an edit may have
 * deactivated a variant). A lost race re-reads and plans again.
 *
 * `available` (some active variant sellable) is written only when a changed variant's own
 * sellability crosses zero; then the whole stock map as read is part of the condition, since the
 * answer depends on the other variants too. Otherwise the flag cannot change, and leaving it (and
 * the other variants) out of the condition keeps buyers of different variants of one product from
 * failing each other. Admin stock adjustments condition on the whole map (src/inventory), so
 * either writer that loses re-reads: neither ever overwrites the other.
 */
export type PlannedStockWrite = {
  productId: string;
  version: number;
  variants: { variantId: string; read: VariantStock; next: VariantStock }[];
  available?: { value: boolean; stockRead: Record<string, VariantStock> };
};

export function planStockWrite(product: Product, deltas: readonly VariantDelta[]): PlannedStockWrite {
  const merged = new Map<string, { onHand: number; reserved: number }>();
  for (const d of deltas) {
    const sum = merged.get(d.variantId) ?? { onHand: 0, reserved: 0 };
    merged.set(d.variantId, { onHand: sum.onHand + d.onHand, reserved: sum.reserved + d.reserved });
  }
  const variants = [...merged].map(([variantId, delta]) => {
    const read = product.stock[variantId] ?? { onHand: 0, reserved: 0 };
    return { variantId, read, next: { onHand: read.onHand + delta.onHand, reserved: read.reserved + delta.reserved } };
  });
  const crosses = variants.some(({ read, next }) => availableOf(read) > 0 !== availableOf(next) > 0);
  if (!crosses) return { productId: product.id, version: product.version, variants };
  const nextStock = { ...product.stock, ...Object.fromEntries(variants.map((v) => [v.variantId, v.next])) };
  return {
    productId: product.id,
    version: product.version,
    variants,
    available: { value: deriveListing(product.variants, nextStock).available, stockRead: product.stock },
  };
}

/** The variants whose write would leave fewer on the shelf than held, or a count below zero: what may not be sold or taken. */
export function shortfalls(plan: PlannedStockWrite): { variantId: string; available: number }[] {
  return plan.variants
    .filter(({ next }) => next.onHand < 0 || next.reserved < 0 || next.onHand < next.reserved)
    .map(({ variantId, read }) => ({ variantId, available: Math.max(0, availableOf(read)) }));
}
