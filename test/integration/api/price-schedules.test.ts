import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../../../src/payments/test-provider';
import { createPlatform } from '../../../src/platform';
import { applyDuePriceChanges } from '../../../src/pricing/schedule-sweeper';
import { tenantContext } from '../../../src/tenants/tenant';
import { tokenFor } from '../../support/fake-verifier';
import { client, silentLogger, testPlatform, type TestPlatform } from '../../support/platform';

/**
 * Scheduled price changes (docs/pricing.md) against DynamoDB Local: admins schedule, list and
 * cancel; the scheduled job, on an injected clock, applies a change when due through the catalog
 * (listed price, sale shown, PriceChanged) and reverts it at its end. Sales show in cart and quote.
 */
let p: TestPlatform;
let admin: ReturnType<typeof client>;
const alpha = tenantContext({ id: 'alpha', name: 'Alpha Store', tier: 'basic', status: 'active' });
const eur = (amount: number) => ({ amount, currency: 'EUR' });

async function newProduct(sku: string, price: number, compareAt: number | null = null) {
  const created = await admin('POST', '/admin/products', {
    name: `Lamp ${sku}`,
    status: 'active',
    options: [{ name: 'Colour', values: ['Red'] }],
    variants: [{ sku, optionValues: ['Red'], price: eur(price), compareAtPrice: compareAt === null ? null : eur(compareAt), stock: 5 }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id as string, variantId: created.body.variants[0].id as string };
}

beforeAll(async () => {
  p = await testPlatform();
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  const current = (await admin('GET', '/admin/settings')).body;
  expect(
    (await admin('PUT', '/admin/settings', { ...current, shippingRates: [{ id: 'standard', name: 'Standard', price: 495, minSubtotal: null }] })).status,
  ).toBe(200);
});

describe('scheduled price changes', () => {
  it('start on time and end on time, through the catalog: listed price, sale badge and PriceChanged events follow', async () => {
    const lamp = await newProduct('SCHED-1', 2000);
    const start = new Date(Date.now() + 60 * 60_000);
    const end = new Date(start.getTime() + 60 * 60_000);
    const scheduled = await admin('POST', '/admin/price-changes', {
      productId: lamp.id,
      variantId: lamp.variantId,
      price: eur(1500),
      compareAtPrice: eur(2000),
      startsAt: start.toISOString(),
      endsAt: end.toISOString(),
    });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    expect(scheduled.body).toMatchObject({ kind: 'start', price: eur(1500), compareAtPrice: eur(2000), dueAt: start.toISOString(), endsAt: end.toISOString() });
    const pending = await admin('GET', '/admin/price-changes?limit=100');
    expect(pending.body.items.map((c: { id: string }) => c.id)).toContain(scheduled.body.id);

    // The job on another instance, with its own clock (as the scheduled function is on AWS).
    let clock = new Date(start.getTime() - 60_000);
    const job = createPlatform({ ...p.options, now: () => clock });
    const run = () => applyDuePriceChanges({ registry: job.registry, applyDue: (tenant) => job.priceSchedule.applyDue(tenant), logger: silentLogger });
    const visitor = client(job.app, 'alpha.test');

    // Not yet due: nothing changes.
    expect(await job.priceSchedule.applyDue(alpha)).toBe(0);
    expect((await visitor('GET', `/products/${lamp.id}`)).body.listedPrice).toEqual(eur(2000));

    clock = new Date(start.getTime() + 1_000);
    expect((await run()).failed).toBe(0);
    const onSale = (await client(createPlatform(p.options).app, 'alpha.test')('GET', `/products/${lamp.id}`)).body;
    expect(onSale).toMatchObject({ listedPrice: eur(1500), listedCompareAt: eur(2000), onSale: true });
    expect(onSale.variants[0]).toMatchObject({ price: eur(1500), compareAtPrice: eur(2000) });
    const page = await createPlatform(p.options).app.request(`/p/${lamp.id}`, { headers: { host: 'alpha.test' } });
    expect(await page.text()).toMatch(/data-testid="sale-badge"[^>]*>Sale −25 %</);
    // The start is gone; its end is pending, holding the prices from before.
    const afterStart = (await admin('GET', '/admin/price-changes?limit=100')).body.items as { id: string; kind: string; revertOf: string | null }[];
    expect(afterStart.map((c) => c.id)).not.toContain(scheduled.body.id);
    const revert = afterStart.find((c) => c.revertOf === scheduled.body.id);
    expect(revert).toMatchObject({ kind: 'revert', price: eur(2000), compareAtPrice: null, dueAt: end.toISOString() });
    // A second run at the same time applies nothing again.
    expect(await job.priceSchedule.applyDue(alpha)).toBe(0);

    clock = new Date(end.getTime() + 1_000);
    expect(await job.priceSchedule.applyDue(alpha)).toBe(1);
    const after = (await admin('GET', `/admin/products/${lamp.id}`)).body;
    expect(after.variants[0]).toMatchObject({ price: eur(2000), compareAtPrice: null });
    expect(after.listedPrice).toEqual(eur(2000));
    expect((await admin('GET', '/admin/price-changes?limit=100')).body.items.map((c: { id: string }) => c.id)).not.toContain(revert!.id);

    await p.streams.drain();
    const changes = p.bus.delivered.filter((e) => e.detailType === 'PriceChanged' && e.detail.productId === lamp.id);
    expect(changes.map((e) => e.source)).toEqual(['catalog.pricing', 'catalog.pricing']);
    expect(changes.map((e) => (e.detail.changes as { current: unknown }[])[0]!.current)).toEqual([
      { price: 1500, compareAtPrice: 2000 },
      { price: 2000, compareAtPrice: null },
    ]);
    expect(changes[0]!.detail).toMatchObject({ currency: 'EUR', list: 'base', actor: expect.stringContaining('price-scheduler') });
  });

  it('refuses what cannot be applied, naming the field; a cancelled change is gone', async () => {
    const lamp = await newProduct('SCHED-2', 2000);
    const base = { productId: lamp.id, variantId: lamp.variantId, price: eur(1500), startsAt: new Date(Date.now() + 60_000).toISOString() };
    const refused: [Record<string, unknown>, string][] = [
      [{ compareAtPrice: eur(1500) }, 'compareAtPrice'],
      [{ price: { amount: 1500, currency: 'USD' } }, 'price.currency'],
      [{ endsAt: new Date(Date.now() - 60_000).toISOString() }, 'endsAt'],
      [{ productId: 'no-such-product' }, 'productId'],
      [{ variantId: 'no-such-variant' }, 'variantId'],
      [{ startsAt: 'tomorrow' }, 'startsAt'],
    ];
    for (const [change, path] of refused) {
      const answer = await admin('POST', '/admin/price-changes', { ...base, ...change });
      expect(answer.status, JSON.stringify(answer.body)).toBe(422);
      expect(answer.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const made = await admin('POST', '/admin/price-changes', base);
    expect(made.status).toBe(201);
    expect((await admin('DELETE', `/admin/price-changes/${made.body.id}`)).status).toBe(204);
    expect((await admin('DELETE', `/admin/price-changes/${made.body.id}`)).status).toBe(404);
    // A clerk may not schedule prices.
    const clerk = client(p.app, 'alpha.test', tokenFor('clerk', 'alpha'));
    expect((await clerk('POST', '/admin/price-changes', base)).status).toBe(403);
  });

  it('an edit of a price is a PriceChanged event too; an edit of anything else is not', async () => {
    const lamp = await newProduct('SCHED-3', 2000);
    await p.streams.drain();
    const patched = await admin('PATCH', `/admin/products/${lamp.id}`, {
      variants: [{ id: lamp.variantId, sku: 'SCHED-3', optionValues: ['Red'], price: eur(1800), compareAtPrice: eur(2000) }],
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect((await admin('PATCH', `/admin/products/${lamp.id}`, { name: 'Lamp renamed' })).status).toBe(200);
    await p.streams.drain();
    const changes = p.bus.delivered.filter((e) => e.detailType === 'PriceChanged' && e.detail.productId === lamp.id);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.detail.changes).toEqual([
      { variantId: lamp.variantId, sku: 'SCHED-3', previous: { price: 2000, compareAtPrice: null }, current: { price: 1800, compareAtPrice: 2000 } },
    ]);
  });
});

describe('sales in the cart and at checkout', () => {
  it('carry the compare-at price and show the badge; an order keeps the price it was placed with', async () => {
    const lamp = await newProduct('SALE-1', 1500, 2000);
    const shopper = client(p.app, 'alpha.test', tokenFor('customer', 'alpha'));
    expect((await shopper('POST', '/cart/lines', { productId: lamp.id, variantId: lamp.variantId, quantity: 2 })).status).toBe(200);
    const cart = await shopper('GET', '/cart/lines');
    const line = cart.body.lines.find((l: { variantId: string }) => l.variantId === lamp.variantId);
    expect(line).toMatchObject({ unitPrice: eur(1500), compareAtPrice: eur(2000), lineTotal: eur(3000) });
    const cartPage = await p.app.request('/cart', { headers: { host: 'alpha.test', authorization: `Bearer ${tokenFor('customer', 'alpha')}` } });
    expect(await cartPage.text()).toMatch(/Sale −25 %/);

    const quote = await shopper('POST', '/checkout/quote', {
      shippingMethodId: 'standard',
      lines: [{ productId: lamp.id, variantId: lamp.variantId, quantity: 2 }],
    });
    expect(quote.status, JSON.stringify(quote.body)).toBe(200);
    expect(quote.body.lines[0]).toMatchObject({ unitPrice: 1500, compareAtPrice: 2000, lineTotal: 3000 });

    const placed = await shopper('POST', '/checkout/orders', {
      email: 'ada@example.com',
      shippingAddress: { name: 'Ada Buyer', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
      shippingMethodId: 'standard',
      lines: [{ productId: lamp.id, variantId: lamp.variantId, quantity: 1 }],
      card: { number: TEST_CARDS.succeeds },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    // The sale ends; the order keeps what it was sold at, and as what.
    const ended = await admin('PATCH', `/admin/products/${lamp.id}`, {
      variants: [{ id: lamp.variantId, sku: 'SALE-1', optionValues: ['Red'], price: eur(2000), compareAtPrice: null }],
    });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    const order = await admin('GET', `/admin/orders/${placed.body.id}`);
    expect(order.body.lines[0]).toMatchObject({ unitPrice: 1500, compareAtPrice: 2000, lineTotal: 1500 });

    // A product off sale has no compare-at on its lines at all.
    const plain = await newProduct('SALE-2', 1500);
    const plainQuote = await shopper('POST', '/checkout/quote', {
      shippingMethodId: 'standard',
      lines: [{ productId: plain.id, variantId: plain.variantId, quantity: 1 }],
    });
    expect(plainQuote.body.lines[0]).not.toHaveProperty('compareAtPrice');
  });
});
