import { createHash } from 'node:crypto';
import { domainEvent, type DomainEvent, type EventMeta } from '../events/event';
import type { Order, PricedLine, Totals } from '../orders/order';
import type { TenantContext } from '../tenants/tenant';
import type { Discount, OrderDiscounts } from './discount';
import { DiscountNotApplicableError } from './errors';
import { evaluate, type Evaluation } from './evaluate';
import type { DiscountRepository, DiscountUseMove } from './repository';
import { discountedTotals } from './totals';

/**
 * Checkout's side of discounts (docs/discounts.md, "Checkout"): what quote and place call, kept
 * here so src/orders/service.ts only calls in. Reads the store's discounts and the counters that
 * matter, evaluates (pure), and says what the order's transaction must write.
 */

/** Which categories and collections each product is directly in. */
export type Memberships = (tenant: TenantContext, productIds: readonly string[]) => Promise<Map<string, { categoryIds: string[]; collectionIds: string[] }>>;

export type CheckoutDiscounts = { repository: Pick<DiscountRepository, 'list' | 'usage'>; memberships: Memberships };

/** Whose uses a per-customer limit counts: a signed-in customer's id, else a hash of the email (no email in keys). */
export function buyerKey(customerId: string | null, email: string | undefined): string | null {
  if (customerId) return `c-${customerId}`;
  if (!email) return null;
  return `e-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 40)}`;
}

export type Discounted = {
  /** Absent when there was nothing to say (no discount applied, no code entered): the answer stays as it was. */
  discounts?: OrderDiscounts;
  totals: Totals;
  evaluation: Evaluation;
  /** The discounts applied, as read (their versions condition the order's transaction). */
  applied: Discount[];
};

/** The order's discounts: every automatic one and every entered code, evaluated on the priced lines. */
export async function applyDiscounts(
  source: CheckoutDiscounts,
  tenant: TenantContext,
  input: {
    priced: readonly PricedLine[];
    totals: Totals;
    codes: readonly string[];
    buyer: string | null;
    now: Date;
    /** The store's discounts, when the caller read them already (checkout reads them beside its products). */
    listed?: readonly Discount[] | undefined;
  },
): Promise<Discounted> {
  const codes = [...new Set(input.codes.map((c) => c.trim().toUpperCase()).filter((c) => c.length > 0))];
  const all = input.listed ?? (await source.repository.list(tenant));
  const candidates = all.filter((d) => d.method === 'automatic' || (d.code !== null && codes.includes(d.code)));
  const usage = await source.repository.usage(
    tenant,
    candidates.filter((d) => d.usageLimit !== null || d.perCustomerLimit !== null).map((d) => d.id),
    input.buyer,
  );
  const needsGroups = candidates.some(
    (d) =>
      ['categories', 'collections'].includes(d.target.type) ||
      (d.effect.type === 'buy-x-get-y' && ['categories', 'collections'].includes(d.effect.getTarget.type)),
  );
  const groups = needsGroups ? await source.memberships(tenant, [...new Set(input.priced.map((l) => l.productId))]) : new Map();
  const evaluation = evaluate(
    input.priced.map((l) => ({ ...l, categoryIds: groups.get(l.productId)?.categoryIds ?? [], collectionIds: groups.get(l.productId)?.collectionIds ?? [] })),
    candidates,
    { now: input.now.toISOString(), codes, shipping: input.totals.shipping, usage, foreignCurrency: input.totals.currency !== tenant.settings.currency },
  );
  const applied = candidates.filter((d) => evaluation.applied.some((a) => a.discountId === d.id));
  const silent = evaluation.applied.length === 0 && evaluation.rejected.length === 0;
  return {
    ...(silent ? {} : { discounts: { applied: evaluation.applied, total: evaluation.total, rejected: evaluation.rejected } }),
    totals: silent ? input.totals : discountedTotals(input.totals, evaluation),
    evaluation,
    applied,
  };
}

/** Placing refuses an order whose entered code no longer applies (used up since the quote, say): the shopper is never charged more than they were shown without being told. */
export function requireEnteredCodes(discounted: Discounted): void {
  if (discounted.evaluation.rejected.length > 0) throw new DiscountNotApplicableError(discounted.evaluation.rejected);
}

/** What placing writes for the discounts: a use of each (conditioned on its limits) and a DiscountRedeemed each. */
export function redemptions(
  discounted: Discounted,
  buyer: string,
  orderId: string,
  meta: EventMeta,
  currency: string,
): { uses: DiscountUseMove[]; events: DomainEvent[] } {
  return {
    uses: discounted.applied.map((d) => ({
      discountId: d.id,
      buyer,
      delta: 1,
      version: d.version,
      usageLimit: d.usageLimit,
      perCustomerLimit: d.perCustomerLimit,
    })),
    events: discounted.evaluation.applied.map((a) =>
      domainEvent('shop.orders', 'DiscountRedeemed', meta, { discountId: a.discountId, code: a.code, orderId, amount: a.amount, currency }),
    ),
  };
}

/**
 * An order that ends unpaid or cancelled gives its uses back (with DiscountReleased). A refund
 * does not: the order was bought with the discount, as Shopify counts it (docs/discounts.md).
 */
export function releases(previous: Order, next: Order, meta: EventMeta): { uses: DiscountUseMove[]; events: DomainEvent[] } {
  const ending = (s: Order['status']) => s === 'cancelled' || s === 'expired';
  const applied = previous.discounts?.applied ?? [];
  if (applied.length === 0 || ending(previous.status) || !ending(next.status)) return { uses: [], events: [] };
  const buyer = buyerKey(previous.customerId, previous.email)!;
  return {
    uses: applied.map((a) => ({ discountId: a.discountId, buyer, delta: -1 })),
    events: applied.map((a) => domainEvent('shop.orders', 'DiscountReleased', meta, { discountId: a.discountId, code: a.code, orderId: previous.id })),
  };
}
