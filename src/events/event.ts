import * as v from 'valibot';

export const EVENT_SOURCES = [
  'catalog.inventory',
  'catalog.products',
  'platform.tenants',
  'store.settings',
  'shop.carts',
  'shop.orders',
  'platform.jobs',
  // Prices (src/pricing/): PriceChanged.
  'catalog.pricing',
  'shop.reviews',
  // Emails sent to shoppers (src/notifications/email-events.ts).
  'shop.notifications',
  // Shoppers' own data: an account deleted at its owner's request (src/privacy/).
  'shop.customers',
] as const;
export const EVENT_TYPES = [
  'InventoryChanged',
  'LowStock',
  'OutOfStock',
  'ProductCreated',
  'ProductUpdated',
  'ProductDeleted',
  'TenantOnboarded',
  'TenantSuspended',
  'TenantResumed',
  'TenantPlanChanged',
  'StoreSettingsUpdated',
  // A store's custom domains (src/tenants/custom-domains/).
  'DomainAdded',
  'DomainVerified',
  'DomainRemoved',
  'BackInStock',
  // Checkout and orders (src/orders/): each transition of an order, and stock held or given back.
  'StockReserved',
  'ReservationExpired',
  'OrderPlaced',
  'OrderPaid',
  'OrderFulfilled',
  'OrderDelivered',
  'OrderCancelled',
  'OrderRefunded',
  'JobRequested',
  // A variant's price or compare-at changed, by an edit or a scheduled change (src/pricing/price-events.ts).
  'PriceChanged',
  // Offboarding (src/tenants/offboarding/): on the platform's outbox, since the store's own is purged.
  'OffboardingStarted',
  'OffboardingCompleted',
  'OffboardingFailed',
  'StoreRestored',
  // Discounts (src/discounts/): a use counted with an order, and given back when it ends unpaid or cancelled.
  'DiscountRedeemed',
  'DiscountReleased',
  // Reviews (src/reviews/): written or rewritten, shown to shoppers, taken down.
  'ReviewSubmitted',
  'ReviewPublished',
  'ReviewRemoved',
  'EmailSent',
  'CustomerDeleted',
] as const;

/** `detail` always carries these; each event adds the entity's id and its own facts. */
export const EventDetailSchema = v.looseObject({
  eventId: v.string(),
  tenantId: v.string(),
  occurredAt: v.string(),
  actor: v.string(),
});

/** An event as it sits in the outbox and travels to the bus (EventBridge's Source/DetailType/Detail). */
export const DomainEventSchema = v.object({
  source: v.picklist(EVENT_SOURCES),
  detailType: v.picklist(EVENT_TYPES),
  detail: EventDetailSchema,
});

export type DomainEvent = v.InferOutput<typeof DomainEventSchema>;
export type EventSource = DomainEvent['source'];
export type EventType = DomainEvent['detailType'];

export type EventMeta = { tenantId: string; actor: string; occurredAt: string };

export function domainEvent(source: EventSource, detailType: EventType, meta: EventMeta, facts: Record<string, unknown>): DomainEvent {
  return {
    source,
    detailType,
    detail: { ...facts, eventId: crypto.randomUUID(), tenantId: meta.tenantId, occurredAt: meta.occurredAt, actor: meta.actor },
  };
}
