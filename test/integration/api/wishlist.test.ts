import { beforeAll, describe, expect, it } from 'vitest';
import { sharedClientProvider } from '../../../src/adapters/dynamodb/client';
import { createLocalMailbox } from '../../../src/adapters/local/mailbox';
import { stockNoticeConsumer } from '../../../src/entry/stock-notices';
import type { DomainEvent } from '../../../src/events/event';
import { tokenFor } from '../../support/fake-verifier';
import { client, silentLogger, testPlatform, type TestPlatform } from '../../support/platform';

/** Wishlists through the API, and the back-in-stock event and emails of a wished variant's restock. */
let p: TestPlatform;
let admin: ReturnType<typeof client>;
let customer: ReturnType<typeof client>;
let visitor: ReturnType<typeof client>;
const mailbox = createLocalMailbox();
let consumer: ReturnType<typeof stockNoticeConsumer>;
const eur = (amount: number) => ({ amount, currency: 'EUR' });

async function newProduct(sku: string, stock: number) {
  const created = await admin('POST', '/admin/products', { name: `Mug ${sku}`, sku, price: eur(1500), status: 'active', stock });
  expect(created.status).toBe(201);
  return { id: created.body.id as string, variantId: created.body.variants[0].id as string };
}

/** The stock events of a product the stream published so far. */
const stockEvents = (productId: string) =>
  p.bus.delivered.filter((e) => e.detailType === 'InventoryChanged' && (e.detail as { productId?: string }).productId === productId);

beforeAll(async () => {
  p = await testPlatform();
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  customer = client(p.app, 'alpha.test', tokenFor('customer', 'alpha'));
  visitor = client(p.app, 'alpha.test');
  consumer = stockNoticeConsumer({
    platformClient: p.table.client,
    tenantClients: sharedClientProvider(p.table.client),
    tableName: p.table.tableName,
    sender: mailbox.sender,
    logger: silentLogger,
    storeUrl: (store) => `https://${store.domains[0]}`,
  });
});

describe('the wishlist', () => {
  it('saves variants (sold out too), lists them with today’s price and stock, removes them; signed-in customers only', async () => {
    const { id, variantId } = await newProduct('W-1', 0);
    expect((await customer('PUT', `/wishlist/items/${variantId}`, { productId: id })).status).toBe(204);
    // Saving again changes nothing.
    expect((await customer('PUT', `/wishlist/items/${variantId}`, { productId: id })).status).toBe(204);
    const listed = await customer('GET', '/wishlist/items');
    expect(listed.headers.get('cache-control')).toBe('private, no-store');
    expect(listed.body.items).toEqual([
      expect.objectContaining({ productId: id, variantId, name: 'Mug W-1', price: eur(1500), available: true, inStock: false }),
    ]);
    expect((await customer('PUT', `/wishlist/items/nope`, { productId: id })).status).toBe(404);
    expect((await visitor('GET', '/wishlist/items')).status).toBe(401);
    expect((await visitor('PUT', `/wishlist/items/${variantId}`, { productId: id })).status).toBe(401);
    const page = await visitor('GET', '/wishlist', undefined, { accept: 'text/html' });
    expect(page.body).toContain('Sign in</a> to save items');
    expect((await customer('DELETE', `/wishlist/items/${variantId}`)).status).toBe(204);
    expect((await customer('GET', '/wishlist/items')).body.items).toEqual([]);
    expect((await customer('DELETE', `/wishlist/items/${variantId}`)).status).toBe(404);
  });

  it('moves a saved variant to the cart (one of it) and off the wishlist', async () => {
    const { id, variantId } = await newProduct('W-2', 3);
    await customer('PUT', `/wishlist/items/${variantId}`, { productId: id });
    const before = (await customer('GET', '/cart/summary')).body.count as number;
    const moved = await customer('POST', `/wishlist/items/${variantId}/cart`);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.count).toBe(before + 1);
    expect((await customer('GET', '/wishlist/items')).body.items).toEqual([]);
    expect((await customer('POST', `/wishlist/items/${variantId}/cart`)).status).toBe(404);
  });

  it('a wished variant restocked from nothing: one BackInStock event and one email per wisher, not again on redelivery', async () => {
    const { id, variantId } = await newProduct('W-3', 0);
    await customer('PUT', `/wishlist/items/${variantId}`, { productId: id });
    // A restock that is no restock (stock that was there already) tells nobody.
    const other = await newProduct('W-4', 2);
    await customer('PUT', `/wishlist/items/${other.variantId}`, { productId: other.id });
    expect((await admin('PUT', `/admin/products/${other.id}/inventory`, { stock: 5 })).status).toBe(200);
    expect((await admin('PUT', `/admin/products/${id}/inventory`, { stock: 4 })).status).toBe(200);
    await p.streams.drain();
    const outcomes = [];
    for (const event of [...stockEvents(other.id), ...stockEvents(id)]) outcomes.push(await consumer.handle(event));
    const emails = mailbox.list().filter((m) => m.tag === 'back-in-stock');
    expect(emails.map((m) => [m.to, m.subject])).toEqual([['customer@alpha.test', 'Back in stock: Mug W-3']]);
    expect(emails[0]!.text).toContain(`https://alpha.test/p/${id}?variant=${variantId}`);
    expect(emails[0]!.tenantId).toBe('alpha');
    // Delivered again (at least once): no second email, no second event.
    for (const event of stockEvents(id)) await consumer.handle(event);
    expect(mailbox.list().filter((m) => m.tag === 'back-in-stock')).toHaveLength(1);
    await p.streams.drain();
    const announced = p.bus.delivered.filter((e: DomainEvent) => e.detailType === 'BackInStock');
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({ source: 'shop.carts', detail: { tenantId: 'alpha', productId: id, variantId, wishers: 1 } });
  });
});
