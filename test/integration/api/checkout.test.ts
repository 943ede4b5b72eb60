import { beforeAll, describe, expect, it } from 'vitest';
import { createPlatform } from '../../../src/platform';
import { TEST_CARDS } from '../../../src/payments/test-provider';
import { MAX_ORDER_LINES } from '../../../src/shopping/limits';
import { tenantContext } from '../../../src/tenants/tenant';
import { recordDynamoCalls } from '../../support/dynamo-calls';
import { scanAll } from '../../support/dynamo';
import { tokenFor, userIdFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

/**
 * Checkout (issue 19 items 3–4): totals computed here, one transaction reserving every line, a
 * declined card holding nothing, a pending payment settled by a signed webhook, reservations that
 * expire (an injected clock), and stock adjustments that cannot take what orders hold.
 */
let p: TestPlatform;
let admin: ReturnType<typeof client>;
let visitor: ReturnType<typeof client>;
let platformHost: ReturnType<typeof client>;
const alpha = tenantContext({ id: 'alpha', name: 'Alpha Store', tier: 'basic', status: 'active' });

const address = { name: 'Ada Buyer', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };
const buy = (lines: { productId: string; variantId: string; quantity: number }[], card: string = TEST_CARDS.succeeds, email = 'ada@example.com') => ({
  email,
  shippingAddress: address,
  shippingMethodId: 'standard',
  lines,
  card: { number: card },
});

/** A two-variant product with these stocks; answers its id and variant ids. */
async function newProduct(sku: string, stocks: [number, number], prices: [number, number] = [1000, 1500]) {
  const created = await admin('POST', '/admin/products', {
    name: `Tee ${sku}`,
    status: 'active',
    options: [{ name: 'Size', values: ['S', 'M'] }],
    variants: [
      { sku: `${sku}-S`, optionValues: ['S'], price: { amount: prices[0], currency: 'EUR' }, stock: stocks[0] },
      { sku: `${sku}-M`, optionValues: ['M'], price: { amount: prices[1], currency: 'EUR' }, stock: stocks[1] },
    ],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id as string, s: created.body.variants[0].id as string, m: created.body.variants[1].id as string };
}

async function stockOf(productId: string, variantId: string) {
  const level = await admin('GET', `/admin/products/${productId}/variants/${variantId}/inventory`);
  return { onHand: level.body.onHand as number, reserved: level.body.reserved as number };
}

beforeAll(async () => {
  p = await testPlatform();
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  visitor = client(p.app, 'alpha.test');
  platformHost = client(p.app, 'platform.test');
  const current = (await admin('GET', '/admin/settings')).body;
  const updated = await admin('PUT', '/admin/settings', {
    ...current,
    taxRate: 1900,
    pricesIncludeTax: true,
    shippingRates: [
      { id: 'standard', name: 'Standard', price: 495, minSubtotal: null },
      { id: 'free', name: 'Free over 100', price: 0, minSubtotal: 10_000 },
    ],
  });
  expect(updated.status, JSON.stringify(updated.body)).toBe(200);
});

describe('POST /checkout/quote', () => {
  it('prices the lines at the variants’ prices, offers the rates the subtotal allows, and computes inclusive tax on goods and shipping', async () => {
    const t = await newProduct('Q1', [5, 5]);
    const quote = await visitor('POST', '/checkout/quote', { shippingMethodId: 'standard', lines: [{ productId: t.id, variantId: t.m, quantity: 2 }] });
    expect(quote.status, JSON.stringify(quote.body)).toBe(200);
    expect(quote.body.lines[0]).toMatchObject({ unitPrice: 1500, quantity: 2, lineTotal: 3000, sku: 'Q1-M' });
    expect(quote.body.shippingMethods.map((m: { id: string }) => m.id)).toEqual(['standard']);
    // 3000 + 495 = 3495 gross, of which 19 % tax: 3495 · 1900 / 11900 = 558.02… → 558.
    expect(quote.body.totals).toEqual({ currency: 'EUR', subtotal: 3000, shipping: 495, tax: 558, total: 3495, taxRate: 1900, pricesIncludeTax: true });
    // Nothing is reserved by a quote.
    expect(await stockOf(t.id, t.m)).toEqual({ onHand: 5, reserved: 0 });
  });

  it('a rate the order may not use, an unknown variant, or more lines than one transaction holds: 422', async () => {
    const t = await newProduct('Q2', [5, 5]);
    expect((await visitor('POST', '/checkout/quote', { shippingMethodId: 'free', lines: [{ productId: t.id, variantId: t.s, quantity: 1 }] })).status).toBe(
      422,
    );
    expect((await visitor('POST', '/checkout/quote', { lines: [{ productId: t.id, variantId: 'nope', quantity: 1 }] })).status).toBe(422);
    const many = Array.from({ length: MAX_ORDER_LINES + 1 }, (_, i) => ({ productId: t.id, variantId: `v${i}`, quantity: 1 }));
    const answer = await visitor('POST', '/checkout/orders', buy(many));
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([{ path: 'lines', message: `must have at most ${MAX_ORDER_LINES} different variants` }]);
  });
});

describe('POST /checkout/orders', () => {
  it('a guest’s paid order reserves every line in one transaction: the idempotency claim, one BatchGetItem, one TransactWriteItems', async () => {
    const t = await newProduct('P1', [5, 3]);
    const u = await newProduct('P2', [2, 2]);
    // Read (and so cached for visitors) before the order: the order's write drops that copy.
    expect((await visitor('GET', `/products/${t.id}`)).body.variants.find((v: { id: string }) => v.id === t.m).inStock).toBe(true);
    const dynamo = recordDynamoCalls(p.table.client);
    const placed = await visitor(
      'POST',
      '/checkout/orders',
      buy([
        { productId: t.id, variantId: t.s, quantity: 2 },
        { productId: t.id, variantId: t.m, quantity: 3 },
        { productId: u.id, variantId: u.m, quantity: 1 },
      ]),
      { 'idempotency-key': 'guest-order-1' },
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const counts = dynamo.counts();
    // Paid at once, so the store's invoice counter is read (GetItem) and moved in the same transaction (docs/invoices.md);
    // the Query reads the store's discounts (src/discounts/checkout.ts): none here, so no discount counters are read or written.
    expect(counts).toEqual({ PutItem: 1, BatchGetItem: 1, GetItem: 1, Query: 1, TransactWriteItems: 1 });
    // The three reads go side by side: the claim, the reads, the transaction (issue 19: at most 3 round trips).
    expect(dynamo.rounds()).toBe(3);
    const transaction = dynamo.calls.find((c) => c.command === 'TransactWriteItems')!;
    // Two products, the order, the payment pointer, OrderPlaced, StockReserved, OrderPaid, the invoice counter, the idempotency record.
    expect(transaction.input.TransactItems).toHaveLength(9);
    expect(placed.body).toMatchObject({ status: 'paid', email: 'ada@example.com', reservedUntil: null, payment: { status: 'succeeded' } });
    expect(placed.body.totals.total).toBe(2 * 1000 + 3 * 1500 + 1500 + 495);
    expect(await stockOf(t.id, t.s)).toEqual({ onHand: 5, reserved: 2 });
    expect(await stockOf(t.id, t.m)).toEqual({ onHand: 3, reserved: 3 });
    // Sold out (all held): the storefront says so.
    expect((await visitor('GET', `/products/${t.id}`)).body.variants.find((v: { id: string }) => v.id === t.m).inStock).toBe(false);
    // The retry is answered from the record, reserving nothing more.
    const again = await visitor(
      'POST',
      '/checkout/orders',
      buy([
        { productId: t.id, variantId: t.s, quantity: 2 },
        { productId: t.id, variantId: t.m, quantity: 3 },
        { productId: u.id, variantId: u.m, quantity: 1 },
      ]),
      { 'idempotency-key': 'guest-order-1' },
    );
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(placed.body.id);
    expect(await stockOf(t.id, t.s)).toEqual({ onHand: 5, reserved: 2 });
    // The guest finds it by number and email; a wrong email is the same 404 as no such order.
    expect((await visitor('POST', '/orders/lookup', { number: placed.body.id.toLowerCase(), email: 'ADA@example.com' })).body.id).toBe(placed.body.id);
    expect((await visitor('POST', '/orders/lookup', { number: placed.body.id, email: 'eve@example.com' })).status).toBe(404);
    await p.streams.drain();
    const delivered = p.bus.delivered.filter((e) => e.detail.orderId === placed.body.id);
    expect(delivered.map((e) => e.detailType).sort()).toEqual(['OrderPaid', 'OrderPlaced', 'StockReserved']);
    // Ids, not personal data: the bus's archive is out of an account deletion's reach.
    for (const e of delivered) expect(JSON.stringify(e.detail), e.detailType).not.toMatch(/ada@example\.com|"email"/i);
  });

  it('a signed-in customer’s order with an Idempotency-Key: 3 round trips, its products read with the caller’s re-check', async () => {
    const t = await newProduct('P9', [5, 5]);
    const u = await newProduct('P10', [5, 5]);
    const customer = client(p.app, 'alpha.test', tokenFor('customer', 'alpha'));
    // A first request of the customer's, so what follows is the checkout's own work.
    expect((await customer('GET', '/cart/summary')).status).toBe(200);
    const dynamo = recordDynamoCalls(p.table.client);
    const placed = await customer(
      'POST',
      '/checkout/orders',
      buy([
        { productId: t.id, variantId: t.s, quantity: 1 },
        { productId: u.id, variantId: u.m, quantity: 2 },
      ]),
      { 'idempotency-key': 'customer-order-1' },
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    // The re-check's BatchGetItem (the user, the token's session and both products), the key's claim, the transaction.
    expect(dynamo.rounds(), JSON.stringify(dynamo.calls.map((c) => c.command))).toBe(3);
    const recheck = dynamo.calls.find((c) => c.command === 'BatchGetItem')!;
    const keys = Object.values(recheck.input.RequestItems as Record<string, { Keys: { PK: string }[] }>).flatMap((r) => r.Keys.map((k) => k.PK));
    expect(keys.filter((pk) => pk.includes(t.id) || pk.includes(u.id))).toHaveLength(2);
    expect(dynamo.counts().BatchGetItem).toBe(1);
    expect(await stockOf(u.id, u.m)).toEqual({ onHand: 5, reserved: 2 });
    // The re-check reads the body for its declaration through the body limit, as the handler would.
    const tooLarge = { ...buy([{ productId: t.id, variantId: t.s, quantity: 1 }]), padding: 'x'.repeat(70 * 1024) };
    expect((await customer('POST', '/checkout/orders', tooLarge, { 'idempotency-key': 'customer-order-2' })).status).toBe(413);
    // A body that is not JSON declares nothing: the handler's 400, not a failed read.
    const notJson = await p.app.request('http://alpha.test/checkout/orders', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenFor('customer', 'alpha')}`, 'content-type': 'application/json', 'idempotency-key': 'customer-order-3' },
      body: '{"lines": [',
    });
    expect(notJson.status).toBe(400);
  });

  it('more than is left: 409 naming what is left, nothing reserved or charged; a declined card: 422, nothing reserved', async () => {
    const t = await newProduct('P3', [2, 2]);
    const short = await visitor('POST', '/checkout/orders', buy([{ productId: t.id, variantId: t.s, quantity: 3 }]));
    expect(short.status).toBe(409);
    expect(short.body.lines).toEqual([{ productId: t.id, variantId: t.s, available: 2 }]);
    const declined = await visitor('POST', '/checkout/orders', buy([{ productId: t.id, variantId: t.s, quantity: 1 }], TEST_CARDS.declined));
    expect(declined.status).toBe(422);
    expect(declined.body.type).toBe('/problems/payment-declined');
    expect(await stockOf(t.id, t.s)).toEqual({ onHand: 2, reserved: 0 });
    const orders = (await scanAll(p.table.tableName)).filter((item) => item.type === 'order' && JSON.stringify(item.lines).includes(t.id));
    expect(orders).toEqual([]);
  });

  it('a signed-in customer’s order is in their history; another customer cannot see it', async () => {
    const t = await newProduct('P4', [4, 4]);
    const customer = client(p.app, 'alpha.test', tokenFor('customer', 'alpha'));
    const placed = await customer('POST', '/checkout/orders', buy([{ productId: t.id, variantId: t.s, quantity: 1 }]));
    expect(placed.status).toBe(201);
    const history = await customer('GET', '/me/orders');
    expect(history.body.items.map((o: { id: string }) => o.id)).toContain(placed.body.id);
    expect((await customer('GET', `/me/orders/${placed.body.id}`)).status).toBe(200);
    const other = client(p.app, 'beta.test', tokenFor('customer', 'beta'));
    expect((await other('GET', `/me/orders/${placed.body.id}`)).status).toBe(404);
  });
});

describe('POST /checkout/orders from the cart (`fromCart: true`)', () => {
  const fromCart = (email = 'ada@example.com') => {
    const { lines: _lines, ...rest } = buy([], TEST_CARDS.succeeds, email);
    return { ...rest, fromCart: true };
  };
  const cartCookieOf = (added: { headers: Headers }) => /(?:^|;\s*)(cart=[^;]+)/.exec(added.headers.get('set-cookie') ?? '')?.[1] ?? '';

  it('orders a guest’s cart (by its cookie), holds its stock and empties it; an empty cart, or no cart, is a 422', async () => {
    const t = await newProduct('FC1', [5, 5]);
    const added = await visitor('POST', '/cart/lines', { productId: t.id, variantId: t.s, quantity: 2 });
    const cookie = cartCookieOf(added);
    expect(cookie).toMatch(/^cart=/);
    await visitor('POST', '/cart/lines', { productId: t.id, variantId: t.m, quantity: 1 }, { cookie });
    const placed = await visitor('POST', '/checkout/orders', fromCart(), { cookie, 'idempotency-key': 'from-cart-1' });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.lines.map((l: { variantId: string; quantity: number }) => [l.variantId, l.quantity]).sort()).toEqual(
      [
        [t.s, 2],
        [t.m, 1],
      ].sort(),
    );
    expect(await stockOf(t.id, t.s)).toEqual({ onHand: 5, reserved: 2 });
    expect(await stockOf(t.id, t.m)).toEqual({ onHand: 5, reserved: 1 });
    expect((await visitor('GET', '/cart/lines', undefined, { cookie })).body.lines).toEqual([]);
    // The same key again: the same order, nothing more reserved.
    const again = await visitor('POST', '/checkout/orders', fromCart(), { cookie, 'idempotency-key': 'from-cart-1' });
    expect(again.body.id).toBe(placed.body.id);
    expect(await stockOf(t.id, t.s)).toEqual({ onHand: 5, reserved: 2 });
    const empty = await visitor('POST', '/checkout/orders', fromCart(), { cookie });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([{ path: 'fromCart', message: 'the cart has no lines to order' }]);
    expect((await visitor('POST', '/checkout/orders', fromCart())).status).toBe(422);
  });

  it('orders a signed-in customer’s own cart, which is then empty; the order is in their history', async () => {
    const t = await newProduct('FC2', [4, 4]);
    const customer = client(p.app, 'alpha.test', tokenFor('customer', 'alpha'));
    expect((await customer('POST', '/cart/lines', { productId: t.id, variantId: t.m, quantity: 3 })).status).toBe(200);
    const placed = await customer('POST', '/checkout/orders', fromCart('cart.customer@example.com'));
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.lines).toEqual([expect.objectContaining({ variantId: t.m, quantity: 3 })]);
    expect(await stockOf(t.id, t.m)).toEqual({ onHand: 4, reserved: 3 });
    expect((await customer('GET', '/cart/lines')).body.lines).toEqual([]);
    expect((await customer('GET', '/me/orders')).body.items.map((o: { id: string }) => o.id)).toContain(placed.body.id);
  });

  it('lines and `fromCart: true` together, or neither: 422 naming the field', async () => {
    const t = await newProduct('FC3', [4, 4]);
    const both = await visitor('POST', '/checkout/orders', { ...fromCart(), lines: [{ productId: t.id, variantId: t.s, quantity: 1 }] });
    expect(both.status).toBe(422);
    expect(both.body.errors.map((e: { path: string }) => e.path)).toEqual(['lines']);
    const { fromCart: _f, ...neither } = fromCart();
    const none = await visitor('POST', '/checkout/orders', neither);
    expect(none.status).toBe(422);
    expect(none.body.errors.map((e: { path: string }) => e.path)).toEqual(['lines']);
    expect(await stockOf(t.id, t.s)).toEqual({ onHand: 4, reserved: 0 });
  });
});

describe('pending payments and the signed webhook', () => {
  it('a pending payment holds the stock until the webhook says it succeeded; a replay changes nothing; a bad signature is a 400', async () => {
    const t = await newProduct('W1', [3, 3]);
    const placed = await visitor('POST', '/checkout/orders', buy([{ productId: t.id, variantId: t.s, quantity: 2 }], TEST_CARDS.pending));
    expect(placed.body).toMatchObject({ status: 'placed', payment: { status: 'pending' } });
    expect(await stockOf(t.id, t.s)).toEqual({ onHand: 3, reserved: 2 });
    const webhook = await p.payments.settle!(placed.body.payment.id, 'succeeded');
    // One hex digit changed, whatever it was (replacing it with a fixed digit left it unchanged one time in 16).
    const forged = await platformHost('POST', '/platform/payments/webhook', webhook.body, {
      'payment-signature': webhook.signature.replace(/v1=(.)/, (_, first: string) => `v1=${first === '0' ? '1' : '0'}`),
    });
    expect(forged.status).toBe(400);
    // On a store's host the route does not exist.
    expect((await visitor('POST', '/platform/payments/webhook', webhook.body, { 'payment-signature': webhook.signature })).status).toBe(404);
    for (let i = 0; i < 2; i++) {
      const received = await platformHost('POST', '/platform/payments/webhook', webhook.body, { 'payment-signature': webhook.signature });
      expect(received.status).toBe(200);
      expect(received.body).toEqual({ received: true, outcome: 'applied' });
    }
    const order = (await admin('GET', `/admin/orders/${placed.body.id}`)).body;
    expect(order).toMatchObject({ status: 'paid', payment: { status: 'succeeded' }, reservedUntil: null });
    expect(order.history.map((h: { status: string }) => h.status)).toEqual(['placed', 'paid']);
    expect(await stockOf(t.id, t.s)).toEqual({ onHand: 3, reserved: 2 });
  });

  it('a failed payment cancels the order and gives its stock back', async () => {
    const t = await newProduct('W2', [3, 3]);
    const placed = await visitor('POST', '/checkout/orders', buy([{ productId: t.id, variantId: t.m, quantity: 3 }], TEST_CARDS.pending));
    const webhook = await p.payments.settle!(placed.body.payment.id, 'failed');
    expect((await platformHost('POST', '/platform/payments/webhook', webhook.body, { 'payment-signature': webhook.signature })).status).toBe(200);
    expect((await admin('GET', `/admin/orders/${placed.body.id}`)).body.status).toBe('cancelled');
    expect(await stockOf(t.id, t.m)).toEqual({ onHand: 3, reserved: 0 });
  });
});

describe('reservations expire', () => {
  it('after the store’s reservation minutes, reads show the order expired; the sweeper gives the stock back with an event', async () => {
    let clock = new Date();
    const later = createPlatform({ ...p.options, now: () => clock });
    const t = await newProduct('E1', [2, 2]);
    const placed = await visitor('POST', '/checkout/orders', buy([{ productId: t.id, variantId: t.s, quantity: 2 }], TEST_CARDS.pending));
    expect(await later.orders.expireReservations(alpha)).toBe(0);
    clock = new Date(Date.now() + 16 * 60_000);
    expect((await later.orders.get(alpha, placed.body.id)).status).toBe('expired');
    expect(await later.orders.expireReservations(alpha)).toBe(1);
    expect(await stockOf(t.id, t.s)).toEqual({ onHand: 2, reserved: 0 });
    expect(await later.orders.expireReservations(alpha)).toBe(0);
    await p.streams.drain();
    expect(p.bus.delivered.some((e) => e.detailType === 'ReservationExpired' && e.detail.orderId === placed.body.id)).toBe(true);
    // A payment settling after that is refunded, not taken.
    const webhook = await p.payments.settle!(placed.body.payment.id, 'succeeded');
    expect((await platformHost('POST', '/platform/payments/webhook', webhook.body, { 'payment-signature': webhook.signature })).status).toBe(200);
    expect((await admin('GET', `/admin/orders/${placed.body.id}`)).body.status).toBe('expired');
  });
});

describe('staff: fulfilment, cancellation, refunds, notes, and stock adjustments beside reservations', () => {
  it('ships in parts (the units leave the shelf, with trail entries), then delivers', async () => {
    const t = await newProduct('F1', [5, 5]);
    const placed = await visitor('POST', '/checkout/orders', buy([{ productId: t.id, variantId: t.s, quantity: 3 }]));
    const clerk = client(p.app, 'alpha.test', tokenFor('clerk', 'alpha'));
    const part = await clerk('POST', `/admin/orders/${placed.body.id}/fulfilments`, { lines: [{ variantId: t.s, quantity: 1 }], tracking: ' DHL 00340434 ' });
    expect(part.status, JSON.stringify(part.body)).toBe(200);
    expect(part.body.status).toBe('partially-fulfilled');
    // The parcel's tracking is in the history, beside the step it belongs to.
    expect(part.body.history.at(-1)).toMatchObject({ status: 'partially-fulfilled', note: 'tracking: DHL 00340434' });
    expect(await stockOf(t.id, t.s)).toEqual({ onHand: 4, reserved: 2 });
    expect((await clerk('POST', `/admin/orders/${placed.body.id}/fulfilments`, { lines: [{ variantId: t.s, quantity: 3 }] })).status).toBe(422);
    const rest = await clerk('POST', `/admin/orders/${placed.body.id}/fulfilments`, { lines: [{ variantId: t.s, quantity: 2 }] });
    expect(rest.body.status).toBe('fulfilled');
    expect(await stockOf(t.id, t.s)).toEqual({ onHand: 2, reserved: 0 });
    const trail = (await admin('GET', `/admin/products/${t.id}/variants/${t.s}/inventory/history`)).body.items;
    expect(trail.slice(0, 2).map((e: { previous: number; current: number; reason: string }) => [e.previous, e.current, e.reason])).toEqual([
      [4, 2, 'sale'],
      [5, 4, 'sale'],
    ]);
    expect((await clerk('POST', `/admin/orders/${placed.body.id}/deliver`)).status).toBe(403);
    expect((await admin('POST', `/admin/orders/${placed.body.id}/deliver`)).body.status).toBe('delivered');
    const refunded = await admin('POST', `/admin/orders/${placed.body.id}/refund`, { restock: true });
    expect(refunded.body).toMatchObject({ status: 'refunded', payment: { status: 'refunded' } });
    expect(await stockOf(t.id, t.s)).toEqual({ onHand: 5, reserved: 0 });
  });

  it('cancelling gives the unshipped units back, or writes them off, as the admin chooses', async () => {
    const t = await newProduct('C1', [5, 5]);
    const first = await visitor('POST', '/checkout/orders', buy([{ productId: t.id, variantId: t.s, quantity: 2 }]));
    const second = await visitor('POST', '/checkout/orders', buy([{ productId: t.id, variantId: t.m, quantity: 2 }]));
    expect((await admin('POST', `/admin/orders/${first.body.id}/cancel`, { restock: true })).body.status).toBe('cancelled');
    expect(await stockOf(t.id, t.s)).toEqual({ onHand: 5, reserved: 0 });
    expect((await admin('POST', `/admin/orders/${second.body.id}/cancel`, { restock: false })).body.status).toBe('cancelled');
    expect(await stockOf(t.id, t.m)).toEqual({ onHand: 3, reserved: 0 });
    expect((await admin('POST', `/admin/orders/${second.body.id}/cancel`, { restock: true })).status).toBe(409);
  });

  it('an adjustment may not take the shelf below what orders hold; a restock still goes through', async () => {
    const t = await newProduct('A1', [3, 3]);
    await visitor('POST', '/checkout/orders', buy([{ productId: t.id, variantId: t.s, quantity: 2 }]));
    const below = await admin('POST', `/admin/products/${t.id}/variants/${t.s}/inventory/adjustments`, { delta: -2, reason: 'correction' });
    expect(below.status).toBe(409);
    expect(below.body).toMatchObject({ reserved: 2, currentStock: 3 });
    expect((await admin('POST', `/admin/products/${t.id}/variants/${t.s}/inventory/adjustments`, { delta: -1, reason: 'correction' })).status).toBe(201);
    expect((await admin('POST', `/admin/products/${t.id}/variants/${t.s}/inventory/adjustments`, { delta: 4, reason: 'restock' })).status).toBe(201);
    expect(await stockOf(t.id, t.s)).toEqual({ onHand: 6, reserved: 2 });
  });

  it('the order list filters by status and searches; notes are staff-only; support reads and changes nothing', async () => {
    const t = await newProduct('L1', [5, 5]);
    const placed = await visitor(
      'POST',
      '/checkout/orders',
      buy([{ productId: t.id, variantId: t.s, quantity: 1 }], TEST_CARDS.succeeds, 'grace.lookup@example.com'),
    );
    const found = await admin('GET', '/admin/orders?q=grace.lookup&status=paid');
    expect(found.body.items.map((o: { id: string }) => o.id)).toEqual([placed.body.id]);
    expect((await admin('GET', '/admin/orders?q=grace.lookup&status=fulfilled')).body.items).toEqual([]);
    const noted = await admin('POST', `/admin/orders/${placed.body.id}/notes`, { text: 'gift wrap' });
    expect(noted.status).toBe(201);
    expect(noted.body.notes).toEqual([expect.objectContaining({ text: 'gift wrap' })]);
    expect((await visitor('POST', '/orders/lookup', { number: placed.body.id, email: 'grace.lookup@example.com' })).body.notes).toBeUndefined();
    const at = new Date().toISOString();
    await p.directory.create(alpha, {
      userId: userIdFor('support', 'alpha'),
      email: 'support@alpha.test',
      name: 'support',
      role: 'support',
      createdAt: at,
      updatedAt: at,
    });
    const support = client(p.app, 'alpha.test', tokenFor('support', 'alpha'));
    expect((await support('GET', `/admin/orders/${placed.body.id}`)).status).toBe(200);
    expect((await support('GET', '/admin/orders')).status).toBe(200);
    // … and the store's customers.
    expect((await support('GET', '/admin/users')).body.items.map((u: { role: string }) => u.role)).toContain('customer');
    expect((await support('POST', '/admin/users', { email: 'x@alpha.test', name: 'X', role: 'customer' })).status).toBe(403);
    expect((await support('POST', `/admin/orders/${placed.body.id}/notes`, { text: 'x' })).status).toBe(403);
    expect((await support('POST', `/admin/orders/${placed.body.id}/cancel`, { restock: true })).status).toBe(403);
    // Another store's staff: 404.
    expect((await client(p.app, 'beta.test', tokenFor('admin', 'beta'))('GET', `/admin/orders/${placed.body.id}`)).status).toBe(404);
  });
});

describe('the storefront’s checkout pages', () => {
  const form = (fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
    return body.toString();
  };
  const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
  /** The checkout form as a buyer fills it, paying with the test card that succeeds. */
  const checkoutFields = (line: string, buyer: string, more: Record<string, string> = {}) => ({
    line,
    email: `${buyer.toLowerCase().replace(' ', '.')}@example.com`,
    name: buyer,
    line1: '1 Main St',
    line2: '',
    city: 'Berlin',
    postalCode: '10115',
    country: 'DE',
    shippingMethodId: 'standard',
    card: '4242 4242 4242 4242',
    ...more,
  });
  /** The guest cart's cookie, as an addition sets it. */
  const cartCookieOf = (added: { headers: Headers }) => /(?:^|;\s*)(cart=[^;]+)/.exec(added.headers.get('set-cookie') ?? '')?.[1];

  it('“Buy now” leads to a checkout page with the server’s totals; the form places the order and shows its number; errors come back on the form', async () => {
    const t = await newProduct('PG1', [3, 3]);
    const productPage = await visitor('GET', `/p/${t.id}`);
    expect(productPage.body).toContain(`name="line" value="${t.id}:${t.s}:1"`);
    const checkout = await visitor('GET', `/checkout?line=${t.id}:${t.m}:2`);
    expect(checkout.status).toBe(200);
    // 2 × 15.00 + 4.95 shipping.
    expect(checkout.body).toContain('€34.95');
    const fields = checkoutFields(`${t.id}:${t.m}:2`, 'Page Buyer', { country: 'de' });
    const declined = await visitor('POST', '/checkout', form({ ...fields, card: TEST_CARDS.declined }), formHeaders);
    expect(declined.status).toBe(400);
    expect(declined.body).toContain('declined');
    expect(declined.body).toContain('value="page.buyer@example.com"');
    expect(await stockOf(t.id, t.m)).toEqual({ onHand: 3, reserved: 0 });
    const placed = await visitor('POST', '/checkout', form(fields), formHeaders);
    expect(placed.status).toBe(200);
    const number = /data-testid="order-number">([A-Z0-9]+)</.exec(placed.body)?.[1];
    expect(number).toEqual(expect.any(String));
    expect(await stockOf(t.id, t.m)).toEqual({ onHand: 3, reserved: 2 });
    expect((await visitor('POST', '/orders/lookup', { number, email: 'page.buyer@example.com' })).body.status).toBe('paid');
    expect((await visitor('GET', '/checkout')).status).toBe(400);
  });

  it('the cart’s Checkout shows the cart’s lines; once they are ordered the cart is empty, and stock is held for them', async () => {
    const t = await newProduct('PG3', [4, 4]);
    const added = await visitor('POST', '/cart/lines', { productId: t.id, variantId: t.m, quantity: 3 });
    expect(added.status).toBe(200);
    const cookie = cartCookieOf(added);
    expect(cookie, 'the guest cart cookie').toEqual(expect.any(String));
    const withCart = { cookie: cookie! };
    const checkout = await visitor('GET', '/checkout', undefined, withCart);
    expect(checkout.status).toBe(200);
    expect(checkout.body).toContain(`name="line" value="${t.id}:${t.m}:3"`);
    expect(checkout.body).toContain('name="from" value="cart"');
    const fields = checkoutFields(`${t.id}:${t.m}:3`, 'Cart Buyer', { from: 'cart' });
    const placed = await visitor('POST', '/checkout', form(fields), { ...formHeaders, ...withCart });
    expect(placed.status).toBe(200);
    expect(await stockOf(t.id, t.m)).toEqual({ onHand: 4, reserved: 3 });
    expect((await visitor('GET', '/cart/lines', undefined, withCart)).body.lines).toEqual([]);
    // Without a cart (or with an empty one) there is nothing to check out.
    expect((await visitor('GET', '/checkout', undefined, withCart)).status).toBe(400);
  });

  it('“Buy now” leaves the cart as it was', async () => {
    const t = await newProduct('PG4', [4, 4]);
    const added = await visitor('POST', '/cart/lines', { productId: t.id, variantId: t.s, quantity: 1 });
    const cookie = cartCookieOf(added) ?? '';
    expect(cookie).toMatch(/^cart=/);
    const fields = checkoutFields(`${t.id}:${t.m}:1`, 'Now Buyer');
    expect((await visitor('POST', '/checkout', form(fields), { ...formHeaders, cookie })).status).toBe(200);
    const cart = await visitor('GET', '/cart/lines', undefined, { cookie });
    expect(cart.body.lines.map((l: { variantId: string; quantity: number }) => [l.variantId, l.quantity])).toEqual([[t.s, 1]]);
  });

  it('a customer’s orders page lists their orders; a visitor is asked to sign in', async () => {
    const t = await newProduct('PG2', [3, 3]);
    const customer = client(p.app, 'alpha.test', tokenFor('customer', 'alpha'));
    const placed = await customer('POST', '/checkout/orders', buy([{ productId: t.id, variantId: t.s, quantity: 1 }]));
    expect((await customer('GET', '/account/orders')).body).toContain(placed.body.id);
    expect((await visitor('GET', '/account/orders')).body).toContain('Sign in');
  });
});
