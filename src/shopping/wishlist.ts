import * as v from 'valibot';
import type { Product } from '../catalog/product';
import type { DomainEvent } from '../events/event';
import type { TenantContext } from '../tenants/tenant';
import { sellable } from './cart';

/**
 * A signed-in customer's wishlist (docs/architecture.md, "Cart and wishlist"): one item per saved
 * variant in the customer's partition, and beside it the variant's "wisher" item, so a restock
 * finds whom to tell with one Query.
 */
export const WishlistEntrySchema = v.object({ productId: v.string(), variantId: v.string(), savedAt: v.string() });
export type WishlistEntry = v.InferOutput<typeof WishlistEntrySchema>;

const IdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an id'));
export const SaveWishSchema = v.strictObject({ productId: IdSchema });

const MoneySchema = v.strictObject({ amount: v.number(), currency: v.string() });
export const WishlistItemViewSchema = v.strictObject({
  productId: v.string(),
  variantId: v.string(),
  name: v.string(),
  variant: v.string(),
  /** Null when the product or variant is no longer sold. */
  price: v.nullable(MoneySchema),
  available: v.boolean(),
  inStock: v.boolean(),
  image: v.nullable(v.string()),
  savedAt: v.string(),
});
export type WishlistItemView = v.InferOutput<typeof WishlistItemViewSchema>;
export const WishlistViewSchema = v.strictObject({ items: v.array(WishlistItemViewSchema) });

export interface WishlistRepository {
  /** The customer's saved variants, newest last (one Query). */
  list(tenant: TenantContext, sub: string): Promise<WishlistEntry[]>;
  /** Saves the entry and its wisher item together; saving again keeps the first date. */
  save(tenant: TenantContext, sub: string, entry: WishlistEntry): Promise<void>;
  /** Removes the entry and its wisher item together; false when the variant was not saved. */
  remove(tenant: TenantContext, sub: string, variantId: string): Promise<boolean>;
  /** The customers wishing a variant (one Query of its wisher items). */
  wishers(tenant: TenantContext, variantId: string): Promise<string[]>;
  /** Writes a `BackInStock` event to the outbox once (a redelivered restock writes nothing): true when written now. */
  announce(tenant: TenantContext, event: DomainEvent): Promise<boolean>;
}

/** How a saved variant shows: today's price and whether it can be bought, or that it is gone. */
export function wishlistItem(entry: WishlistEntry, product: Product | undefined, currency: string, imageUrl: (key: string) => string): WishlistItemView {
  const variant = product?.variants.find((candidate) => candidate.id === entry.variantId);
  const state = sellable(product, entry.variantId);
  const image = product?.images[0];
  return {
    productId: entry.productId,
    variantId: entry.variantId,
    name: product?.name ?? 'No longer sold',
    variant: variant && product ? variant.optionValues.map((value, i) => `${product.options[i]?.name ?? 'Option'}: ${value}`).join(', ') : '',
    price: state.ok ? { amount: state.price, currency } : null,
    available: state.ok,
    inStock: state.ok && state.available > 0,
    image: image ? imageUrl(image) : null,
    savedAt: entry.savedAt,
  };
}
