import type { Product } from '../catalog/product';
import { domainEvent, type DomainEvent, type EventMeta } from '../events/event';

/** One variant's price before and after, in minor units of `currency`. */
export type PriceChange = {
  variantId: string;
  sku: string;
  previous: { price: number; compareAtPrice: number | null };
  current: { price: number; compareAtPrice: number | null };
};

/** Which price list a change is of: `base` is the variants' own prices in the store's currency. */
export type PriceListName = 'base';

/** The variants of `next` whose price or compare-at differ from `previous` (new and removed variants are not price changes). */
export function priceChanges(previous: Pick<Product, 'variants'>, next: Pick<Product, 'variants'>): PriceChange[] {
  const before = new Map(previous.variants.map((variant) => [variant.id, variant]));
  const changes: PriceChange[] = [];
  for (const variant of next.variants) {
    const old = before.get(variant.id);
    if (!old || (old.price === variant.price && old.compareAtPrice === variant.compareAtPrice)) continue;
    changes.push({
      variantId: variant.id,
      sku: variant.sku,
      previous: { price: old.price, compareAtPrice: old.compareAtPrice },
      current: { price: variant.price, compareAtPrice: variant.compareAtPrice },
    });
  }
  return changes;
}

/**
 * The PriceChanged event of one product write, or none when no price changed. One event per
 * write, listing every variant that changed, rather than one per variant: it travels in the
 * product's own transaction (outbox), which a 47-variant product would otherwise overflow.
 */
export function priceChangedEvents(meta: EventMeta, previous: Product, next: Product, currency: string, list: PriceListName = 'base'): DomainEvent[] {
  const changes = priceChanges(previous, next);
  if (changes.length === 0) return [];
  return [domainEvent('catalog.pricing', 'PriceChanged', meta, { productId: next.id, currency, list, changes })];
}
