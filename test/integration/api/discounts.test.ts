import { beforeAll, describe, expect, it } from 'vitest';
import { createPlatform } from '../../../src/platform';
import { TEST_CARDS } from '../../../src/payments/test-provider';
import { tenantContext } from '../../../src/tenants/tenant';
import { scanAll } from '../../support/dynamo';
import { recordDynamoCalls } from '../../support/dynamo-calls';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

/**
 * Discounts (issue 21 item 2): the console's CRUD, codes and automatic promotions applied by quote
 * and place, uses counted in the order's transaction against the total and per-customer limits,
 * given back when a reservation expires or an order is cancelled (not on refund), and an order
 * that keeps what it was given after the discount changes. Against DynamoDB Local.
 */
let p: TestPlatform;
let admin: ReturnType<typeof client>;
let visitor: ReturnType<typeof client>;
let clerk: ReturnType<typeof client>;
const alpha = tenantContext({ id: 'alpha', name: 'Alpha Store', tier: 'basic', status: 'active' });

const address = { name: 'Ada Buyer', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };
type Line = { productId: string; variantId: string; quantity: number };
const buy = (lines: Line[], codes: string[], email: string, card: string = TEST_CARDS.succeeds) => ({
  email,
  shippingAddress: address,
  shippingMethodId: 'standard',
  lines,
  card: { number: card },
  discountCodes: codes,
});

const discount = (over: Record<string, unknown>) => ({
  title: 'Ten off',
  method: 'code',
  code: null,
  effect: { type: 'percentage', percentBp: 1000 },
  target: { type: 'all' },
  minimum: { type: 'none' },
  startsAt: '2020-01-01T00:00:00.000Z',
  endsAt: null,
  usageLimit: null,
  perCustomerLimit: null,
  combinesWith: { product: true, order: false, shipping: true },
  ...over,
});

async function create(over: Record<string, unknown>) {
  const created = await admin('POST', '/admin/discounts', discount(over));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; code: string | null; version: number; uses: number };
}

let seq = 0;
async function newProduct(price = 1000, stock = 50) {
  seq++;
  const created = await admin('POST', '/admin/products', {
    name: `Disc ${seq}`,
    status: 'active',
    variants: [{ sku: `DISC-${seq}-${Date.now()}`, optionValues: [], price: { amount: price, currency: 'EUR' }, stock }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { productId: created.body.id as string, variantId: created.body.variants[0].id as string };
}
const one = (t: { productId: string; variantId: string }, quantity = 1): Line[] => [{ ...t, quantity }];
const usesOf = async (id: string) => (await admin('GET', `/admin/discounts/${id}`)).body.uses as number;

beforeAll(async () => {
  p = await testPlatform();
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  clerk = client(p.app, 'alpha.test', tokenFor('clerk', 'alpha'));
  visitor = client(p.app, 'alpha.test');
  const current = (await admin('GET', '/admin/settings')).body;
  const updated = await admin('PUT', '/admin/settings', {
    ...current,
    taxRate: 0,
    pricesIncludeTax: true,
    shippingRates: [{ id: 'standard', name: 'Standard', price: 500, minSubtotal: null }],
  });
  expect(updated.status, JSON.stringify(updated.body)).toBe(200);
});

describe('admin: /admin/discounts', () => {
  it('creates, lists with uses, reads, replaces and deletes; a code is unique per store and case does not matter', async () => {
    const created = await create({ code: 'crud-one' });
    expect(created).toMatchObject({ code: 'CRUD-ONE', uses: 0, version: 1 });
    expect((await admin('POST', '/admin/discounts', discount({ code: 'Crud-One' }))).status).toBe(409);
    expect((await clerk('GET', '/admin/discounts')).body.items.map((d: { id: string }) => d.id)).toContain(created.id);
    expect((await clerk('POST', '/admin/discounts', discount({ code: 'CLERK' }))).status).toBe(403);
    const replaced = await admin('PUT', `/admin/discounts/${created.id}`, discount({ code: 'CRUD-TWO', title: 'Renamed' }));
    expect(replaced.body).toMatchObject({ code: 'CRUD-TWO', title: 'Renamed', version: 2 });
    // The old code is free again; the new one is taken.
    expect((await admin('POST', '/admin/discounts', discount({ code: 'CRUD-ONE' }))).status).toBe(201);
    expect((await admin('POST', '/admin/discounts', discount({ code: 'CRUD-TWO' }))).status).toBe(409);
    expect((await admin('DELETE', `/admin/discounts/${created.id}`)).status).toBe(204);
    expect((await admin('GET', `/admin/discounts/${created.id}`)).status).toBe(404);
  });

  it('a retried create with the same Idempotency-Key answers the first discount again, and makes one', async () => {
    const body = discount({ code: 'ONCE-MADE' });
    const first = await admin('POST', '/admin/discounts', body, { 'idempotency-key': 'discount-create-1' });
    const again = await admin('POST', '/admin/discounts', body, { 'idempotency-key': 'discount-create-1' });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await admin('GET', '/admin/discounts')).body.items.filter((d: { code: string }) => d.code === 'ONCE-MADE')).toHaveLength(1);
  });

  it('refuses bad input with the field at fault', async () => {
    const noCode = await admin('POST', '/admin/discounts', discount({ code: null }));
    expect(noCode.status).toBe(422);
    expect(noCode.body.errors).toEqual([expect.objectContaining({ path: 'code' })]);
    const backwards = await admin(
      'POST',
      '/admin/discounts',
      discount({ code: 'BACK', startsAt: '2030-01-01T00:00:00.000Z', endsAt: '2029-01-01T00:00:00.000Z' }),
    );
    expect(backwards.body.errors).toEqual([expect.objectContaining({ path: 'endsAt' })]);
    expect((await admin('POST', '/admin/discounts', discount({ code: 'PCT', effect: { type: 'percentage', percentBp: 20_000 } }))).status).toBe(422);
    expect((await admin('POST', '/admin/discounts', discount({ code: 'FLOAT', effect: { type: 'fixed', amount: 1.5, per: 'order' } }))).status).toBe(422);
  });
});

describe('checkout applies discounts', () => {
  it('a quote shows the code’s lines and totals, and why other codes do not apply', async () => {
    const t = await newProduct(2000);
    const other = await newProduct(1000);
    await create({ code: 'QUOTE10' });
    await create({ code: 'ONLYOTHER', target: { type: 'products', ids: [other.productId] } });
    await create({ code: 'BIGMIN', minimum: { type: 'subtotal', amount: 1_000_000 } });
    await create({ code: 'GONE', endsAt: '2021-01-01T00:00:00.000Z' });
    const quote = await visitor('POST', '/checkout/quote', {
      shippingMethodId: 'standard',
      lines: one(t, 2),
      discountCodes: ['quote10', 'ONLYOTHER', 'BIGMIN', 'GONE', 'NOSUCH'],
    });
    expect(quote.status, JSON.stringify(quote.body)).toBe(200);
    expect(quote.body.discounts.applied).toEqual([expect.objectContaining({ code: 'QUOTE10', amount: 400, lines: [{ variantId: t.variantId, amount: 400 }] })]);
    expect(Object.fromEntries(quote.body.discounts.rejected.map((r: { code: string; reason: string }) => [r.code, r.reason]))).toEqual({
      ONLYOTHER: 'not-for-these-products',
      BIGMIN: 'minimum-not-met',
      GONE: 'expired',
      NOSUCH: 'unknown',
    });
    expect(quote.body.totals).toMatchObject({ subtotal: 4000, shipping: 500, discount: 400, total: 4100 });
  });

  it('several codes at once: those that combine apply together, the others say why; the pages carry each in the query string; more than 5: 422', async () => {
    const t = await newProduct(3000);
    // A product discount and an order discount that combine; a second order discount that combines with nothing.
    await create({
      code: 'MULTI-PROD',
      title: 'Tee off',
      target: { type: 'products', ids: [t.productId] },
      combinesWith: { product: true, order: true, shipping: true },
    });
    await create({
      code: 'MULTI-ORDER',
      title: 'Order off',
      effect: { type: 'fixed', amount: 200, per: 'order' },
      combinesWith: { product: true, order: false, shipping: true },
    });
    await create({
      code: 'MULTI-ALONE',
      title: 'Alone',
      effect: { type: 'fixed', amount: 100, per: 'order' },
      combinesWith: { product: false, order: false, shipping: false },
    });
    const quote = await visitor('POST', '/checkout/quote', {
      shippingMethodId: 'standard',
      lines: one(t),
      discountCodes: ['multi-prod', 'multi-order', 'multi-alone'],
    });
    expect(quote.status, JSON.stringify(quote.body)).toBe(200);
    // 10 % of 3000 first (product class), then 200 off what is left (order class).
    expect(quote.body.discounts.applied.map((a: { code: string; amount: number }) => [a.code, a.amount])).toEqual([
      ['MULTI-PROD', 300],
      ['MULTI-ORDER', 200],
    ]);
    expect(quote.body.discounts.rejected).toEqual([expect.objectContaining({ code: 'MULTI-ALONE', reason: 'does-not-combine' })]);
    const six = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'];
    expect((await visitor('POST', '/checkout/quote', { lines: one(t), discountCodes: six })).status).toBe(422);

    // The checkout page without a script: codes from the query string, each applied one or its reason, each with a Remove link.
    const line = `${t.productId}:${t.variantId}:1`;
    const html = { accept: 'text/html' };
    const page = await visitor('GET', `/checkout?line=${line}&code=multi-prod&code=MULTI-ALONE&code=multi-order`, undefined, html);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Tee off (MULTI-PROD)');
    expect(page.body).toContain('Order off (MULTI-ORDER)');
    expect(page.body).toContain('<strong>MULTI-ALONE</strong>: This code cannot be combined with the other discounts of this order.');
    expect(page.body).toContain(`href="/checkout?line=${encodeURIComponent(line)}&amp;code=MULTI-PROD&amp;code=MULTI-ORDER"`);
    // Each entered code rides along in the discount form and the order form.
    expect(page.body.match(/<input type="hidden" name="code" value="MULTI-ORDER"\/>/g)).toHaveLength(2);
    const tooMany = six.map((c) => `code=${c}`).join('&');
    expect((await visitor('GET', `/checkout?line=${line}&${tooMany}`, undefined, html)).status).toBe(422);
    expect((await visitor('GET', `/cart?${tooMany}`, undefined, html)).status).toBe(422);
    // A repeat is one code.
    expect((await visitor('GET', `/cart?code=a1&code=A1&code=A2&code=A3&code=A4&code=A5`, undefined, html)).status).toBe(200);
  });

  it('a discount on a category applies to products in its subcategories, and the tree it needs costs no round trip', async () => {
    const clothing = await admin('POST', '/admin/categories', { name: 'Clothing', slug: 'disc-clothing' });
    const shirts = await admin('POST', '/admin/categories', { name: 'Shirts', slug: 'disc-shirts', parentId: clothing.body.id });
    expect(shirts.status, JSON.stringify(shirts.body)).toBe(201);
    const shirt = await newProduct(2000);
    const shoe = await newProduct(3000);
    expect((await admin('PUT', `/admin/products/${shirt.productId}/categories`, { categoryIds: [shirts.body.id] })).status).toBe(200);
    await create({ code: 'CLOTHING', target: { type: 'categories', ids: [clothing.body.id] } });
    const lines = [...one(shirt), ...one(shoe)];
    const quote = await visitor('POST', '/checkout/quote', { shippingMethodId: 'standard', lines, discountCodes: ['clothing'] });
    expect(quote.body.discounts.applied).toEqual([
      expect.objectContaining({ code: 'CLOTHING', amount: 200, lines: [{ variantId: shirt.variantId, amount: 200 }] }),
    ]);

    // Placing: the tree is read (when not cached) side by side with the products' memberships, so a cold tree and a warm one cost the same round trips.
    await admin('POST', '/admin/categories', { name: 'Hats', slug: 'disc-hats', parentId: clothing.body.id }); // drops the cached tree
    const dynamo = recordDynamoCalls(p.table.client);
    const cold = await visitor('POST', '/checkout/orders', buy(lines, ['CLOTHING'], 'tree-cold@example.com'));
    expect(cold.status, JSON.stringify(cold.body)).toBe(201);
    expect(cold.body.totals.discount).toBe(200);
    const treeReads = dynamo.calls.filter((c) => c.command === 'Query' && JSON.stringify(c.input).includes('#CATEGORIES"')).length;
    const coldRounds = dynamo.rounds();
    // An order's write drops the visitors' cache (stock moved); a page view (here, a quote) fills it again.
    await visitor('POST', '/checkout/quote', { lines, discountCodes: ['CLOTHING'] });
    dynamo.reset();
    const warm = await visitor('POST', '/checkout/orders', buy(lines, ['CLOTHING'], 'tree-warm@example.com'));
    expect(warm.status, JSON.stringify(warm.body)).toBe(201);
    expect(dynamo.calls.filter((c) => c.command === 'Query' && JSON.stringify(c.input).includes('#CATEGORIES"'))).toHaveLength(0);
    expect(treeReads).toBe(1);
    expect(coldRounds).toBe(dynamo.rounds());
  });

  it('an automatic free-shipping promotion applies without a code; a quote with nothing to say stays as it was', async () => {
    const t = await newProduct(90_000);
    const auto = await create({
      method: 'automatic',
      code: null,
      title: 'Free shipping over 800',
      effect: { type: 'free-shipping' },
      minimum: { type: 'subtotal', amount: 80_000 },
    });
    const quote = await visitor('POST', '/checkout/quote', { shippingMethodId: 'standard', lines: one(t) });
    expect(quote.body.discounts.applied).toEqual([expect.objectContaining({ discountId: auto.id, class: 'shipping', shipping: 500 })]);
    expect(quote.body.totals).toMatchObject({ shipping: 500, discount: 500, total: 90_000 });
    const cheap = await newProduct(100);
    const plain = await visitor('POST', '/checkout/quote', { shippingMethodId: 'standard', lines: one(cheap) });
    expect(plain.body.discounts).toBeUndefined();
    expect(plain.body.totals.discount).toBeUndefined();
    expect((await admin('DELETE', `/admin/discounts/${auto.id}`)).status).toBe(204);
  });

  it('the order keeps the discount it was placed with, after the discount changes or is deleted', async () => {
    const t = await newProduct(1000);
    const d = await create({ code: 'KEEP', effect: { type: 'fixed', amount: 250, per: 'order' } });
    const placed = await visitor('POST', '/checkout/orders', buy(one(t, 2), ['KEEP'], 'keep@example.com'));
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.totals).toMatchObject({ subtotal: 2000, discount: 250, total: 2250 });
    expect(placed.body.discounts.applied[0]).toMatchObject({ code: 'KEEP', amount: 250 });
    expect((await admin('PUT', `/admin/discounts/${d.id}`, discount({ code: 'KEEP', effect: { type: 'fixed', amount: 900, per: 'order' } }))).status).toBe(200);
    const reread = (await admin('GET', `/admin/orders/${placed.body.id}`)).body;
    expect(reread.totals).toEqual(placed.body.totals);
    expect(reread.discounts).toEqual(placed.body.discounts);
    expect((await admin('DELETE', `/admin/discounts/${d.id}`)).status).toBe(204);
    expect((await admin('GET', `/admin/orders/${placed.body.id}`)).body.discounts).toEqual(placed.body.discounts);
  });
});

describe('usage limits are counted with the order', () => {
  it('a code with one use left: the first order takes it, the next is refused with the reason and nothing charged or reserved', async () => {
    const t = await newProduct(1000, 10);
    const d = await create({ code: 'LASTONE', usageLimit: 1 });
    const first = await visitor('POST', '/checkout/orders', buy(one(t), ['LASTONE'], 'first@example.com'));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(await usesOf(d.id)).toBe(1);
    const second = await visitor('POST', '/checkout/orders', buy(one(t), ['LASTONE'], 'second@example.com'));
    expect(second.status, JSON.stringify(second.body)).toBe(422);
    expect(second.body).toMatchObject({ type: '/problems/discount-not-applicable', rejected: [{ code: 'LASTONE', reason: 'used-up' }] });
    const level = (await admin('GET', `/admin/products/${t.productId}/variants/${t.variantId}/inventory`)).body;
    expect(level.reserved).toBe(1);
    // The quote says so too.
    const quote = await visitor('POST', '/checkout/quote', { lines: one(t), discountCodes: ['LASTONE'] });
    expect(quote.body.discounts.rejected[0].reason).toBe('used-up');
  });

  it('per customer: a guest’s email and a customer’s account each have their own count', async () => {
    const t = await newProduct(1000, 10);
    const d = await create({ code: 'ONCEEACH', perCustomerLimit: 1 });
    expect((await visitor('POST', '/checkout/orders', buy(one(t), ['ONCEEACH'], 'guest@example.com'))).status).toBe(201);
    const again = await visitor('POST', '/checkout/orders', buy(one(t), ['onceeach'], 'GUEST@example.com'));
    expect(again.status).toBe(422);
    expect(again.body.rejected[0].reason).toBe('used-up');
    expect((await visitor('POST', '/checkout/orders', buy(one(t), ['ONCEEACH'], 'other@example.com'))).status).toBe(201);
    const customer = client(p.app, 'alpha.test', tokenFor('customer', 'alpha'));
    expect((await customer('POST', '/checkout/orders', buy(one(t), ['ONCEEACH'], 'guest@example.com'))).status).toBe(201);
    expect((await customer('POST', '/checkout/orders', buy(one(t), ['ONCEEACH'], 'fresh@example.com'))).status).toBe(422);
    expect(await usesOf(d.id)).toBe(3);
  });

  it('an expired reservation and a cancelled order give their use back (with DiscountReleased); a refund does not', async () => {
    let clock = new Date();
    const later = createPlatform({ ...p.options, now: () => clock });
    const t = await newProduct(1000, 10);
    const d = await create({ code: 'GIVEBACK', usageLimit: 2, perCustomerLimit: 1 });
    const pending = await visitor('POST', '/checkout/orders', buy(one(t), ['GIVEBACK'], 'pending@example.com', TEST_CARDS.pending));
    expect(pending.status, JSON.stringify(pending.body)).toBe(201);
    const paid = await visitor('POST', '/checkout/orders', buy(one(t), ['GIVEBACK'], 'paid@example.com'));
    expect(paid.status).toBe(201);
    expect(await usesOf(d.id)).toBe(2);
    expect((await visitor('POST', '/checkout/orders', buy(one(t), ['GIVEBACK'], 'third@example.com'))).status).toBe(422);

    clock = new Date(Date.now() + 16 * 60_000);
    expect(await later.orders.expireReservations(alpha)).toBeGreaterThanOrEqual(1);
    expect(await usesOf(d.id)).toBe(1);
    // The same buyer may use it again: their own count went back too.
    expect((await visitor('POST', '/checkout/orders', buy(one(t), ['GIVEBACK'], 'pending@example.com'))).status).toBe(201);
    expect(await usesOf(d.id)).toBe(2);

    expect((await admin('POST', `/admin/orders/${paid.body.id}/cancel`, { restock: true })).body.status).toBe('cancelled');
    expect(await usesOf(d.id)).toBe(1);
    // Cancelling twice gives nothing back twice.
    expect((await admin('POST', `/admin/orders/${paid.body.id}/cancel`, { restock: true })).status).toBe(409);
    expect(await usesOf(d.id)).toBe(1);

    const refunded = await visitor('POST', '/checkout/orders', buy(one(t), ['GIVEBACK'], 'refund@example.com'));
    expect(refunded.status).toBe(201);
    expect((await admin('POST', `/admin/orders/${refunded.body.id}/refund`, { restock: true })).body.status).toBe('refunded');
    expect(await usesOf(d.id)).toBe(2);

    await p.streams.drain();
    const events = p.bus.delivered.filter((e) => e.detail.discountId === d.id);
    expect(events.filter((e) => e.detailType === 'DiscountRedeemed')).toHaveLength(4);
    expect(events.filter((e) => e.detailType === 'DiscountReleased').map((e) => e.detail.orderId)).toEqual(
      expect.arrayContaining([pending.body.id, paid.body.id]),
    );
    expect(events.filter((e) => e.detailType === 'DiscountReleased')).toHaveLength(2);
    // The counters are items of the store's own keys.
    const counters = (await scanAll(p.table.tableName)).filter((i) => i.type === 'discount-uses' && String(i.PK).endsWith(d.id));
    expect(counters.every((i) => String(i.PK).startsWith('TENANT#alpha#DISCOUNT#'))).toBe(true);
  });
});
