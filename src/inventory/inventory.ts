import * as v from 'valibot';
import { MAX_STOCK, StockSchema } from '../catalog/product';

export const ADJUSTMENT_REASONS = ['restock', 'sale', 'return', 'correction'] as const;
export const AdjustmentReasonSchema = v.picklist(ADJUSTMENT_REASONS);
/**
 * The reason of a product's first trail entry, written with the product: the stock it was created
 * with. Not one a client may give (it is not in ADJUSTMENT_REASONS).
 */
export const INITIAL_STOCK_REASON = 'initial';

const Quantity = v.pipe(v.number(), v.integer(), v.minValue(-MAX_STOCK), v.maxValue(MAX_STOCK));

/** Body of POST /admin/products/:id/inventory/adjustments. */
export const AdjustmentSchema = v.strictObject({
  delta: v.pipe(
    Quantity,
    v.check((n) => n !== 0, 'must not be zero'),
  ),
  reason: AdjustmentReasonSchema,
  note: v.optional(v.pipe(v.string(), v.maxLength(500))),
});

/** Body of PUT /admin/products/:id/inventory: an absolute count, e.g. after a stock take. */
export const StockLevelSchema = v.strictObject({
  stock: StockSchema,
  reason: v.optional(AdjustmentReasonSchema, 'correction'),
  note: v.optional(v.pipe(v.string(), v.maxLength(500))),
});

/** One line of a variant's audit trail. */
export const InventoryEntrySchema = v.object({
  eventId: v.string(),
  productId: v.string(),
  variantId: v.string(),
  previous: v.number(),
  current: v.number(),
  delta: v.number(),
  reason: v.string(),
  note: v.optional(v.string()),
  actor: v.string(),
  occurredAt: v.string(),
});

export type AdjustmentReason = v.InferOutput<typeof AdjustmentReasonSchema>;
export type Adjustment = v.InferOutput<typeof AdjustmentSchema>;
export type StockLevel = v.InferOutput<typeof StockLevelSchema>;
export type InventoryEntry = v.InferOutput<typeof InventoryEntrySchema>;

/**
 * A variant trail's first line: the stock it was created with, from nothing, by whoever created
 * it. Written even for a stock of 0, so every trail starts at the variant's creation. It shares
 * the ProductCreated (or ProductUpdated) event's id: that event (which carries the variants'
 * `stock`) announces it; no InventoryChanged is published for it, as nothing changed for anyone
 * watching stock. Trails are per variant, so one event id serves each variant's first line.
 */
export function initialEntry(input: {
  productId: string;
  variantId: string;
  stock: number;
  actor: string;
  occurredAt: string;
  eventId: string;
}): InventoryEntry {
  return {
    eventId: input.eventId,
    productId: input.productId,
    variantId: input.variantId,
    previous: 0,
    current: input.stock,
    delta: input.stock,
    reason: INITIAL_STOCK_REASON,
    actor: input.actor,
    occurredAt: input.occurredAt,
  };
}

/** Which threshold events a change crosses into (only on the way down, once per crossing). */
export function thresholdEvents(previous: number, current: number, threshold: number | null): ('LowStock' | 'OutOfStock')[] {
  const crossed: ('LowStock' | 'OutOfStock')[] = [];
  if (current === 0 && previous > 0) crossed.push('OutOfStock');
  else if (threshold !== null && current > 0 && current <= threshold && previous > threshold) crossed.push('LowStock');
  return crossed;
}

/** GET /admin/products/:id/variants/:variantId/inventory. */
export const VariantLevelSchema = v.strictObject({
  productId: v.string(),
  variantId: v.string(),
  sku: v.string(),
  onHand: v.number(),
  reserved: v.number(),
  available: v.number(),
  lowStockThreshold: v.nullable(v.number()),
});
