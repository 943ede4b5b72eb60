import { randomInt } from 'node:crypto';
import type { Product } from '../catalog/product';
import { StaleWriteError } from '../catalog/repository';
import { applyDiscounts, buyerKey, type CheckoutDiscounts, redemptions, releases, requireEnteredCodes } from '../discounts/checkout';
import { domainEvent, type DomainEvent, type EventType } from '../events/event';
import type { InventoryEntry } from '../inventory/inventory';
import type { Discount } from '../discounts/discount';
import type { DocumentCounterReader, DocumentSeries } from '../invoices/document';
import { numberDocuments } from '../invoices/numbering';
import type { PaymentNotice, PaymentProvider } from '../payments/port';
import { ValidationError } from '../shared/errors';
import type { IdempotentWrite } from '../shared/idempotency';
import { keyedMutex } from '../shared/keyed-mutex';
import type { PageRequest } from '../shared/page';
import { retrying } from '../shared/retry';
import type { TenantContext } from '../tenants/tenant';
import { InsufficientStockError, OrderBusyError, OrderNotFoundError, OrderStatusError, PaymentDeclinedError } from './errors';
import type { Fulfilment, Order, OrderListQuery, OrderStatus, PlaceOrder, QuoteRequest, Quote } from './order';
import { mergeLines, priceLines } from './pricing';
import type { OrderRepository, OrderWrite } from './repository';
import type { ReadAhead } from '../shared/read-ahead';
import { type CheckoutAhead, type CheckoutReads, startCheckoutReads } from './checkout-ahead';
import { planStockWrite, shortfalls, type VariantDelta } from './stock-moves';
import { shippingChoices, totalsOf } from './totals';
import { createPricedReads, type PricedReads } from '../pricing/priced-reads';
import type { PriceContext } from '../pricing/price-context';
import { settingsIn } from '../pricing/checkout-currency';
import type { PriceResolver } from '../pricing/price-resolver';
import { allows } from './transitions';

export type OrderDeps = {
  orders: OrderRepository;
  payments: PaymentProvider;
  /** Invoice and credit-note counters, read to number a document in the transaction that issues it. */
  documents?: DocumentCounterReader;
  now?: () => Date;
  /** Attempts against concurrent writers in other processes (in-process checkouts of one product queue instead). */
  attempts?: number;
  /** Discount codes and automatic promotions (src/discounts/checkout.ts); absent: orders are priced without. */
  discounts?: CheckoutDiscounts;
  /** Prices for the shopper's context (src/pricing/priced-reads.ts); absent: no group prices. */
  pricedReads?: PricedReads;
};

export type OrderService = ReturnType<typeof createOrderService>;

/** Order numbers: 10 characters of Crockford's base32 (no I, L, O, U), about 50 random bits; also the order's id. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const newOrderNumber = () => Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/** A buyer: a signed-in customer (their orders are listed for them) or a guest. */
export type Buyer = { actor: string; customerId: string | null };

/** A change of an order: its next state, how each line's stock moves, why, and the event that says so. */
type Change = {
  next: Order;
  deltas: (VariantDelta & { productId: string; reason?: string })[];
  event: EventType;
  facts?: Record<string, unknown>;
};

/** A shipment's tracking (carrier and number, as staff typed it) in the order's history. */
const trackingNote = (input: Fulfilment) => (input.tracking ? `tracking: ${input.tracking}` : undefined);

/** Reads treat an unpaid order whose reservation ended as expired, whether or not the sweeper has been by. */
export function asSeen(order: Order, now: Date): Order {
  return order.status === 'placed' && order.reservedUntil !== null && order.reservedUntil <= now.toISOString() ? { ...order, status: 'expired' } : order;
}

export function createOrderService(deps: OrderDeps) {
  const { orders, payments } = deps;
  const now = deps.now ?? (() => new Date());
  const withLock = keyedMutex();
  const attempts = deps.attempts ?? 40;
  const retried = <T>(work: () => Promise<T>) =>
    retrying(work, { retryable: (e) => e instanceof StaleWriteError, attempts, baseMs: 10, capMs: 250 }).catch((error: unknown) => {
      throw error instanceof StaleWriteError ? new OrderBusyError() : error;
    });
  /** In this process, checkouts of the same products queue (locks taken in one order, so never a deadlock); across processes the conditions decide. */
  const lockingAll = <T>(tenant: TenantContext, productIds: string[], work: () => Promise<T>): Promise<T> =>
    [...new Set(productIds)].sort().reduceRight<() => Promise<T>>((inner, id) => () => withLock(`${tenant.id}#${id}`, inner), work)();

  const pricedReads = deps.pricedReads ?? createPricedReads();
  /** The order's products with the resolver of the shopper's context, and the settings in its currency (src/pricing/). */
  /** `readAhead`: the products as the request's re-check already read them (a signed-in checkout's body names its lines). */
  async function pricedFor(tenant: TenantContext, context: PriceContext | undefined, productIds: string[], readAhead?: ReadAhead) {
    const chosen = context ?? { currency: tenant.settings.currency };
    const [products, resolve] = await pricedReads.withResolver(tenant, chosen, productIds, () => orders.products(tenant, productIds, readAhead));
    return { products, resolve, settings: settingsIn(tenant.settings, chosen.currency) };
  }

  function shipping(settings: TenantContext['settings'], subtotal: number, methodId: string | undefined) {
    const choices = shippingChoices(settings, subtotal);
    if (methodId === undefined) return { choices, chosen: null };
    const chosen = choices.find((choice) => choice.id === methodId);
    if (!chosen)
      throw new ValidationError('That shipping method is not offered for this order.', [
        { path: 'shippingMethodId', message: 'must be one of the store’s shipping methods for this order' },
      ]);
    return { choices, chosen };
  }

  /** Stock writes, trail entries and events for how an order's lines move, from the products as read now. */
  async function stockWrite(
    tenant: TenantContext,
    actor: string,
    deltas: Change['deltas'],
    at: string,
  ): Promise<Omit<OrderWrite, 'events'> & { events: DomainEvent[] }> {
    if (deltas.length === 0) return { stock: [], entries: [], events: [] };
    const products = await orders.products(
      tenant,
      deltas.map((d) => d.productId),
    );
    const byProduct = new Map<string, Change['deltas']>();
    for (const d of deltas) byProduct.set(d.productId, [...(byProduct.get(d.productId) ?? []), d]);
    const stock = [];
    const entries: InventoryEntry[] = [];
    const events: DomainEvent[] = [];
    for (const [productId, moves] of byProduct) {
      const product = products.get(productId);
      // A product deleted since: its stock went with it, nothing to move.
      if (!product) continue;
      const live = moves.filter((m) => product.stock[m.variantId] !== undefined);
      if (live.length === 0) continue;
      const plan = planStockWrite(product, live);
      stock.push(plan);
      for (const { variantId, read, next } of plan.variants) {
        if (read.onHand === next.onHand) continue;
        const reason = live.find((m) => m.variantId === variantId)?.reason ?? 'sale';
        const sku = product.variants.find((variant) => variant.id === variantId)?.sku ?? '';
        const facts = { productId, variantId, sku, previous: read.onHand, current: next.onHand, delta: next.onHand - read.onHand, reason };
        const changed = domainEvent('catalog.inventory', 'InventoryChanged', { tenantId: tenant.id, actor, occurredAt: at }, facts);
        events.push(changed);
        entries.push({
          eventId: changed.detail.eventId,
          productId,
          variantId,
          previous: read.onHand,
          current: next.onHand,
          delta: facts.delta,
          reason,
          actor,
          occurredAt: at,
        });
      }
    }
    return { stock, entries, events };
  }

  /** Reads the order, lets `decide` say how it changes, writes it with its stock in one transaction; again on a lost race. */
  async function change(tenant: TenantContext, orderId: string, actor: string, decide: (order: Order, at: string) => Change | undefined): Promise<Order> {
    return retried(async () => {
      const order = await orders.get(tenant, orderId);
      if (!order) throw new OrderNotFoundError();
      const at = now().toISOString();
      const decided = decide(order, at);
      if (!decided) return order;
      const written = await stockWrite(tenant, actor, decided.deltas, at);
      const numbered = await numberDocuments(tenant, order, { ...decided.next, updatedAt: at, version: order.version + 1 }, at, deps.documents);
      const next = numbered.next;
      const released = releases(order, next, { tenantId: tenant.id, actor, occurredAt: at });
      const productIds = [...new Set(decided.deltas.map((d) => d.productId))];
      const event = domainEvent(
        'shop.orders',
        decided.event,
        { tenantId: tenant.id, actor, occurredAt: at },
        {
          orderId,
          status: next.status,
          productIds,
          ...decided.facts,
          ...numbered.facts,
        },
      );
      await orders.update(tenant, order, next, {
        stock: written.stock,
        entries: written.entries,
        events: [event, ...written.events, ...released.events],
        counters: numbered.counters,
        discountUses: released.uses,
      });
      return next;
    });
  }

  const remaining = (order: Order) => order.lines.filter((l) => l.quantity > l.fulfilled).map((l) => ({ ...l, left: l.quantity - l.fulfilled }));
  const withStatus = (order: Order, status: OrderStatus, by: string, at: string, note?: string): Order => ({
    ...order,
    status,
    history: [...order.history, { at, by, status, ...(note ? { note } : {}) }],
  });
  /** The unshipped rest of an order: back on sale (`restock`), or gone from the shelf too (lost, damaged). */
  const unshipped = (order: Order, restock: boolean): Change['deltas'] =>
    remaining(order).map((l) => ({ productId: l.productId, variantId: l.variantId, onHand: restock ? 0 : -l.left, reserved: -l.left, reason: 'correction' }));

  async function refundQuietly(paymentId: string) {
    // The order's state is committed already; a refund the provider missed is retried by staff from the order page.
    await payments.refund(paymentId).catch(() => undefined);
  }

  return {
    /** `price`: whose prices, in which currency (src/pricing/); the store's own without. */
    async quote(tenant: TenantContext, input: QuoteRequest, buyer?: Buyer, price?: PriceContext): Promise<Quote> {
      const lines = mergeLines(input.lines);
      const { products, resolve, settings } = await pricedFor(
        tenant,
        price,
        lines.map((l) => l.productId),
      );
      const priced = priceLines(lines, products, false, resolve);
      const subtotal = priced.reduce((sum, l) => sum + l.lineTotal, 0);
      const { choices, chosen } = shipping(settings, subtotal, input.shippingMethodId);
      const totals = totalsOf(priced, chosen?.price ?? 0, settings);
      const quoted = { lines: priced, shippingMethod: chosen, shippingMethods: choices, totals };
      if (!deps.discounts) return quoted;
      const buyerId = buyerKey(buyer?.customerId ?? null, input.email);
      const discounted = await applyDiscounts(deps.discounts, tenant, { priced, totals, codes: input.discountCodes ?? [], buyer: buyerId, now: now() });
      return { ...quoted, totals: discounted.totals, ...(discounted.discounts ? { discounts: discounted.discounts } : {}) };
    },

    /** Starts the reads `place` makes besides the products (`ahead.reads`), before the request's key is claimed. */
    async startReads(tenant: TenantContext): Promise<CheckoutReads> {
      return startCheckoutReads(deps, tenant);
    },

    /**
     * Places an order: reads its products (one consistent BatchGetItem), charges the card, then ONE
     * transaction reserves every line, writes the order, its payment's platform pointer and the
     * events. A declined card reserves nothing. With `idempotent`, the answer is written in that
     * transaction too.
     */
    async place(
      tenant: TenantContext,
      buyer: Buyer,
      input: PlaceOrder,
      idempotent?: IdempotentWrite<Order>,
      price?: PriceContext,
      ahead?: CheckoutAhead,
    ): Promise<Order> {
      const lines = mergeLines(input.lines);
      const orderId = newOrderNumber();
      const buyerId = buyerKey(buyer.customerId, input.email)!;
      const codes = input.discountCodes ?? [];
      let charged: { id: string; provider: string; outcome: 'succeeded' | 'pending'; amount: number } | undefined;
      // What the request read before this ran serves the first attempt only: a retry after a lost race reads afresh.
      let first = ahead;
      try {
        const order = await lockingAll(
          tenant,
          lines.map((l) => l.productId),
          () =>
            retried(async () => {
              // One round trip of reads: the products, the store's discounts and its invoice counter side
              // by side. The counter is read before the card says whether the order is paid: half a read
              // unit, where reading it after would cost the shopper a round trip (bench: "Placing an order").
              const taken = first;
              first = undefined;
              const warmed = taken?.reads ? await taken.reads : undefined;
              const [{ products, resolve, settings }, listed, invoiceCounter]: [
                { products: Map<string, Product>; resolve: PriceResolver; settings: TenantContext['settings'] },
                readonly Discount[] | undefined,
                number | undefined,
              ] = await Promise.all([
                pricedFor(
                  tenant,
                  price,
                  lines.map((l) => l.productId),
                  taken?.readAhead,
                ),
                warmed ? warmed.discounts : deps.discounts?.repository.list(tenant),
                warmed ? warmed.invoiceCounter : deps.documents?.current(tenant, 'invoice'),
              ]);
              const documents = readAlready(deps.documents, 'invoice', invoiceCounter);
              const priced = priceLines(lines, products, true, resolve);
              const subtotal = priced.reduce((sum, l) => sum + l.lineTotal, 0);
              const { chosen } = shipping(settings, subtotal, input.shippingMethodId);
              const undiscounted = totalsOf(priced, chosen!.price, settings);
              const discounted = deps.discounts
                ? await applyDiscounts(deps.discounts, tenant, { priced, totals: undiscounted, codes, buyer: buyerId, now: now(), listed })
                : undefined;
              if (discounted) requireEnteredCodes(discounted);
              const totals = discounted?.totals ?? undiscounted;
              if (charged && charged.amount !== totals.total) {
                // A price changed between two attempts: charge what the order now costs.
                await payments.refund(charged.id);
                charged = undefined;
              }
              if (!charged) {
                const result = await payments.charge({ amount: totals.total, currency: totals.currency, card: input.card, reference: orderId });
                if (result.outcome === 'declined') throw new PaymentDeclinedError();
                charged = { id: result.id, provider: result.provider, outcome: result.outcome, amount: totals.total };
              }
              const at = now();
              const placedAt = at.toISOString();
              const paid = charged.outcome === 'succeeded';
              const unnumbered: Order = {
                id: orderId,
                status: paid ? 'paid' : 'placed',
                email: input.email,
                customerId: buyer.customerId,
                shippingAddress: input.shippingAddress,
                shippingMethod: chosen!,
                lines: priced.map((l) => ({ ...l, fulfilled: 0 })),
                totals,
                ...(discounted?.discounts ? { discounts: discounted.discounts } : {}),
                payment: { provider: charged.provider, id: charged.id, status: paid ? 'succeeded' : 'pending' },
                reservedUntil: paid ? null : new Date(at.getTime() + tenant.settings.reservationMinutes * 60_000).toISOString(),
                notes: [],
                history: [{ at: placedAt, by: buyer.actor, status: 'placed' }, ...(paid ? [{ at: placedAt, by: 'payment', status: 'paid' as const }] : [])],
                placedAt,
                updatedAt: placedAt,
                version: 1,
              };
              const stock = [...new Set(lines.map((l) => l.productId))].map((productId) =>
                planStockWrite(
                  products.get(productId)!,
                  lines.filter((l) => l.productId === productId).map((l) => ({ variantId: l.variantId, onHand: 0, reserved: l.quantity })),
                ),
              );
              const short = stock.flatMap((plan) => shortfalls(plan).map((s) => ({ productId: plan.productId, ...s })));
              if (short.length > 0) throw new InsufficientStockError(short);
              // Numbered only once the order can be placed: a sold-out checkout reads no counter.
              const { next: order, counters, facts } = await numberDocuments(tenant, undefined, unnumbered, placedAt, documents);
              const m = { tenantId: tenant.id, actor: buyer.actor, occurredAt: placedAt };
              const productIds = stock.map((plan) => plan.productId);
              const redeemed = discounted ? redemptions(discounted, buyerId, orderId, m, totals.currency) : { uses: [], events: [] };
              const events = [
                domainEvent('shop.orders', 'OrderPlaced', m, {
                  orderId,
                  status: order.status,
                  total: totals.total,
                  currency: totals.currency,
                  // No email: events reach the bus's archive, where an account's deletion cannot (src/privacy/);
                  // the shopper's emails read it from the order (src/notifications/shopper-emails.ts).
                  productIds,
                }),
                domainEvent('shop.orders', 'StockReserved', m, {
                  orderId,
                  productIds,
                  lines: lines.map((l) => ({ productId: l.productId, variantId: l.variantId, quantity: l.quantity })),
                  reservedUntil: order.reservedUntil,
                }),
                ...(paid ? [domainEvent('shop.orders', 'OrderPaid', m, { orderId, status: 'paid', productIds: [], ...facts })] : []),
                ...redeemed.events,
              ];
              await orders.place(tenant, order, { stock, entries: [], events, counters, discountUses: redeemed.uses }, idempotent?.commit(order));
              idempotent?.committed();
              return order;
            }),
        );
        return order;
      } catch (error) {
        // Not placed: whatever was charged goes back.
        if (charged) await refundQuietly(charged.id);
        throw error;
      }
    },

    async get(tenant: TenantContext, orderId: string): Promise<Order> {
      const order = await orders.get(tenant, orderId);
      if (!order) throw new OrderNotFoundError();
      return asSeen(order, now());
    },

    /** A guest's own order: the number and the email must both match; either wrong is the same 404. */
    async lookup(tenant: TenantContext, given: string, email: string): Promise<Order> {
      // Numbers are read aloud and typed: case does not matter.
      const number = given.toUpperCase();
      const order = /^[A-Z0-9]{1,64}$/.test(number) ? await orders.get(tenant, number) : undefined;
      if (!order || order.email !== email) throw new OrderNotFoundError();
      return asSeen(order, now());
    },

    /** A customer's own order; another customer's (or a guest's) is a 404. */
    async customerOrder(tenant: TenantContext, customerId: string, orderId: string): Promise<Order> {
      const order = await orders.get(tenant, orderId);
      if (!order || order.customerId !== customerId) throw new OrderNotFoundError();
      return asSeen(order, now());
    },

    async customerOrders(tenant: TenantContext, customerId: string, page: PageRequest) {
      const found = await orders.listForCustomer(tenant, customerId, page);
      const at = now();
      return { ...found, items: found.items.map((o) => asSeen(o, at)) };
    },

    async list(tenant: TenantContext, query: OrderListQuery) {
      const found = await orders.list(tenant, { status: query.status, q: query.q }, { limit: query.limit, cursor: query.cursor });
      const at = now();
      return { ...found, items: found.items.map((o) => asSeen(o, at)) };
    },

    /** The payment settled (webhook): paid, or cancelled with its stock given back. Applying a notice twice changes nothing. */
    async settle(tenant: TenantContext, orderId: string, notice: PaymentNotice): Promise<Order> {
      let refund = false;
      const order = await change(tenant, orderId, 'payment', (order, at) => {
        refund = false;
        if (order.payment.id !== notice.paymentId || order.status !== 'placed') return undefined;
        const expired = order.reservedUntil !== null && order.reservedUntil <= at;
        if (notice.outcome === 'succeeded' && !expired) {
          return {
            next: { ...withStatus(order, 'paid', 'payment', at), payment: { ...order.payment, status: 'succeeded' }, reservedUntil: null },
            deltas: [],
            event: 'OrderPaid',
          };
        }
        // Failed, or paid after its reservation ended (reads already show it expired): the stock goes back, and so does the money.
        refund = notice.outcome === 'succeeded';
        return {
          next: {
            ...withStatus(order, expired ? 'expired' : 'cancelled', 'payment', at, expired ? 'paid after the reservation ended: refunded' : 'payment failed'),
            payment: { ...order.payment, status: refund ? 'refunded' : 'failed' },
            reservedUntil: null,
          },
          deltas: unshipped(order, true),
          event: expired ? 'ReservationExpired' : 'OrderCancelled',
        };
      });
      if (refund) await refundQuietly(notice.paymentId);
      return order;
    },

    /** The sweeper: every unpaid order of the store whose reservation ended gives its stock back. Answers how many. */
    async expireReservations(tenant: TenantContext, limit = 100): Promise<number> {
      const due = await orders.expiredReservations(tenant, now(), limit);
      let expired = 0;
      for (const orderId of due) {
        const order = await change(tenant, orderId, 'reservation-sweeper', (order, at) => {
          if (order.status !== 'placed' || order.reservedUntil === null || order.reservedUntil > at) return undefined;
          return {
            next: { ...withStatus(order, 'expired', 'reservation-sweeper', at), reservedUntil: null },
            deltas: unshipped(order, true),
            event: 'ReservationExpired',
          };
        });
        if (order.status === 'expired') expired++;
      }
      return expired;
    },

    /** Ships units of some lines: they leave the shelf and the reservation (onHand and reserved both drop). */
    fulfil(tenant: TenantContext, actor: string, orderId: string, input: Fulfilment): Promise<Order> {
      return change(tenant, orderId, actor, (order, at) => {
        if (!allows(order.status, 'ship')) throw new OrderStatusError(asSeen(order, new Date(at)).status, 'fulfilled');
        const lines = order.lines.map((l) => ({ ...l }));
        const deltas: Change['deltas'] = [];
        input.lines.forEach((wanted, i) => {
          const line = lines.find((l) => l.variantId === wanted.variantId);
          if (!line) throw new ValidationError('That line is not in this order.', [{ path: `lines.${i}.variantId`, message: 'is not a line of this order' }]);
          if (line.fulfilled + wanted.quantity > line.quantity)
            throw new ValidationError('More units than are left to ship.', [
              { path: `lines.${i}.quantity`, message: `at most ${line.quantity - line.fulfilled} left to ship` },
            ]);
          line.fulfilled += wanted.quantity;
          deltas.push({ productId: line.productId, variantId: line.variantId, onHand: -wanted.quantity, reserved: -wanted.quantity, reason: 'sale' });
        });
        const complete = lines.every((l) => l.fulfilled === l.quantity);
        return {
          next: { ...withStatus(order, complete ? 'fulfilled' : 'partially-fulfilled', actor, at, trackingNote(input)), lines },
          deltas,
          event: 'OrderFulfilled',
          facts: { shipped: input.lines, complete, ...(input.tracking ? { tracking: input.tracking } : {}) },
        };
      });
    },

    deliver(tenant: TenantContext, actor: string, orderId: string): Promise<Order> {
      return change(tenant, orderId, actor, (order, at) => {
        if (!allows(order.status, 'deliver')) throw new OrderStatusError(asSeen(order, new Date(at)).status, 'marked delivered');
        return { next: withStatus(order, 'delivered', actor, at), deltas: [], event: 'OrderDelivered' };
      });
    },

    /** Cancels an order not yet fully shipped; its unshipped units go back on sale (`restock`) or off the shelf. A payment taken is refunded. */
    async cancel(tenant: TenantContext, actor: string, orderId: string, restock: boolean): Promise<Order> {
      const order = await change(tenant, orderId, actor, (order, at) => {
        if (!allows(order.status, 'cancel')) throw new OrderStatusError(order.status, 'cancelled');
        const paid = order.payment.status === 'succeeded';
        return {
          next: { ...withStatus(order, 'cancelled', actor, at), reservedUntil: null, payment: { ...order.payment, status: paid ? 'refunded' : 'failed' } },
          // Unpaid stock was only ever held: it always goes back.
          deltas: unshipped(order, restock || order.status === 'placed'),
          event: 'OrderCancelled',
          facts: { restock },
        };
      });
      if (order.payment.status === 'refunded') await refundQuietly(order.payment.id);
      return order;
    },

    /** Refunds a paid order; shipped units come back on the shelf when `restock` (returned goods), the unshipped rest as `cancel` does. */
    async refund(tenant: TenantContext, actor: string, orderId: string, restock: boolean): Promise<Order> {
      const order = await change(tenant, orderId, actor, (order, at) => {
        if (!allows(order.status, 'refund')) throw new OrderStatusError(order.status, 'refunded');
        const returned = restock
          ? order.lines
              .filter((l) => l.fulfilled > 0)
              .map((l) => ({ productId: l.productId, variantId: l.variantId, onHand: l.fulfilled, reserved: 0, reason: 'return' }))
          : [];
        return {
          next: { ...withStatus(order, 'refunded', actor, at), payment: { ...order.payment, status: 'refunded' } },
          deltas: [...unshipped(order, restock), ...returned],
          event: 'OrderRefunded',
          facts: { restock },
        };
      });
      await refundQuietly(order.payment.id);
      return order;
    },

    async addNote(tenant: TenantContext, actor: string, orderId: string, text: string): Promise<Order> {
      return retried(async () => {
        const order = await orders.get(tenant, orderId);
        if (!order) throw new OrderNotFoundError();
        const at = now().toISOString();
        const next = { ...order, notes: [...order.notes, { at, by: actor, text }], updatedAt: at, version: order.version + 1 };
        await orders.update(tenant, order, next, { stock: [], entries: [], events: [] });
        return asSeen(next, new Date(at));
      });
    },
  };
}

/** A counter reader that answers `series` with the value already read in this attempt, and reads any other. */
function readAlready(reader: DocumentCounterReader | undefined, series: DocumentSeries, value: number | undefined): DocumentCounterReader | undefined {
  if (!reader || value === undefined) return reader;
  return { current: (tenant, wanted) => (wanted === series ? Promise.resolve(value) : reader.current(tenant, wanted)) };
}
