import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../../../src/payments/test-provider';
import { ERASED, ERASED_ACTOR } from '../../../src/privacy/anonymise';
import { tenantContext } from '../../../src/tenants/tenant';
import { client, testManifests, testPlatform, type TestPlatform } from '../../support/platform';

/**
 * Shoppers' own data (issue 20 item 3), against cognito-local with real tokens: the download of
 * everything the store holds of a customer, and the deletion of their account, which keeps their
 * orders for the store with their details removed and leaves every other customer as they were.
 */
let p: TestPlatform;
const alpha = tenantContext({ id: 'alpha', name: 'Alpha Store', tier: 'basic', status: 'active' });
const api = (token?: string) => client(p.app, 'alpha.test', token);
const address = (name: string) => ({ name, line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' });
let product: { id: string; variantId: string };

/** A new customer of Alpha, signed in: their id token and user id. */
async function customer(email: string, password: string) {
  expect((await api()('POST', '/auth/signup', { email, password, name: email.split('@')[0] })).status).toBe(201);
  const login = await api()('POST', '/auth/login', { email, password });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  const token = login.body.idToken as string;
  const me = await api(token)('GET', '/auth/me');
  return { token, userId: me.body.userId as string, email, password };
}

async function order(token: string, email: string) {
  const placed = await api(token)('POST', '/checkout/orders', {
    email,
    shippingAddress: address(email.split('@')[0]!),
    shippingMethodId: 'standard',
    lines: [{ productId: product.id, variantId: product.variantId, quantity: 1 }],
    card: { number: TEST_CARDS.succeeds },
  });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return placed.body.id as string;
}

beforeAll(async () => {
  p = await testPlatform({
    realTokens: true,
    // Three wrong passwords lock an account (sign-in and deletion alike); addresses and emails are not what is tested here.
    authLimits: {
      perAddress: { limit: 1000, windowSeconds: 300 },
      accountFailures: { limit: 3, windowSeconds: 900 },
      accountMessages: { limit: 100, windowSeconds: 3600 },
    },
    manifests: testManifests.map((m) =>
      m.slug === 'alpha' ? { ...m, settings: { shippingRates: [{ id: 'standard', name: 'Standard', price: 495, minSubtotal: null }] } } : m,
    ),
  });
  const created = await p.catalog.create(alpha, 'test', {
    name: 'Privacy Mug',
    description: '',
    tags: [],
    sku: 'PRIV-1',
    price: { amount: 1500, currency: 'EUR' },
    status: 'active',
    stock: 50,
  });
  product = { id: created.id, variantId: created.variants[0]!.id };
});

describe('a customer’s own data', () => {
  it('downloads everything the store holds of them, and nothing of anyone else', async () => {
    const ada = await customer('ada.export@example.com', 'Exp0rt-my-data');
    const other = await customer('other.export@example.com', 'Exp0rt-my-data');
    const mine = await order(ada.token, ada.email);
    await order(other.token, other.email);
    expect((await api(ada.token)('PUT', `/wishlist/items/${product.variantId}`, { productId: product.id })).status).toBe(204);
    expect((await api(ada.token)('POST', '/cart/lines', { productId: product.id, variantId: product.variantId, quantity: 2 })).status).toBe(200);
    const reviewed = await api(ada.token)('PUT', `/products/${product.id}/review`, { rating: 5, title: 'Holds a lot', text: 'My tea stays hot.' });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);

    const data = await api(ada.token)('GET', '/me/data');
    expect(data.status, JSON.stringify(data.body)).toBe(200);
    expect(data.headers.get('content-disposition')).toBe('attachment; filename="my-data-alpha.json"');
    expect(data.headers.get('cache-control')).toBe('private, no-store');
    expect(data.body).toMatchObject({
      format: 'customer-data/1',
      store: { id: 'alpha', name: 'Alpha Store' },
      account: { userId: ada.userId, email: ada.email, name: 'ada.export', role: 'customer' },
      addresses: [{ ...address('ada.export'), line2: '' }],
      wishlist: [{ productId: product.id, variantId: product.variantId }],
      cart: { lines: [expect.objectContaining({ variantId: product.variantId, quantity: 2 })] },
      reviews: [expect.objectContaining({ productId: product.id, rating: 5, title: 'Holds a lot', text: 'My tea stays hot.' })],
    });
    expect(data.body.orders.map((o: { id: string }) => o.id)).toEqual([mine]);
    expect(JSON.stringify(data.body)).not.toContain(other.email);
    // Staff have no such thing; visitors must sign in.
    expect((await api()('GET', '/me/data')).status).toBe(401);
  });

  it('deletes the account after the password: orders kept and anonymised, wishlist and cart gone, sign-in refused, others intact, CustomerDeleted', async () => {
    const ada = await customer('ada.delete@example.com', 'Del3te-my-account');
    const bob = await customer('bob.keep@example.com', 'Keep-my-acc0unt');
    const adaOrder = await order(ada.token, ada.email);
    const bobOrder = await order(bob.token, bob.email);
    expect((await api(ada.token)('PUT', `/wishlist/items/${product.variantId}`, { productId: product.id })).status).toBe(204);
    expect((await api(ada.token)('POST', '/cart/lines', { productId: product.id, variantId: product.variantId, quantity: 1 })).status).toBe(200);
    const review = await api(ada.token)('PUT', `/products/${product.id}/review`, { rating: 1, title: 'Chipped', text: 'Arrived chipped.' });
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    const ratingBefore = (await api()('GET', `/products/${product.id}`)).body.rating;

    // A wrong password deletes nothing.
    const refused = await api(ada.token)('POST', '/me/delete', { password: 'Not-the-passw0rd' });
    expect(refused.status).toBe(403);
    expect((await api(ada.token)('GET', '/me/orders')).body.items).toHaveLength(1);
    expect((await api(ada.token)('POST', '/me/delete', {})).status).toBe(422);

    const deleted = await api(ada.token)('POST', '/me/delete', { password: ada.password });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);

    // The account is gone: its token no longer acts, its password no longer signs in.
    expect((await api(ada.token)('GET', '/me/data')).status).toBe(401);
    expect((await api()('POST', '/auth/login', { email: ada.email, password: ada.password })).status).toBe(401);
    expect(await p.directory.get(alpha, ada.userId)).toBeUndefined();

    // The order stays for the store, without the person.
    const kept = await p.orders.get(alpha, adaOrder);
    expect(kept).toMatchObject({
      email: ERASED,
      customerId: null,
      shippingAddress: { name: ERASED, line1: ERASED, line2: '', city: ERASED, postalCode: ERASED, country: 'DE' },
      lines: [expect.objectContaining({ productId: product.id, quantity: 1, lineTotal: 1500 })],
      totals: expect.objectContaining({ total: 1500 + 495 }),
      status: 'paid',
    });
    expect(JSON.stringify(kept)).not.toContain('ada.delete');
    expect(kept.history.map((h) => h.by)).toContain(ERASED_ACTOR);
    // A guest's lookup by the old email finds nothing.
    expect((await api()('POST', '/orders/lookup', { number: adaOrder, email: ada.email })).status).toBe(404);
    expect(await p.wishlists.list(alpha, ada.userId)).toEqual([]);
    expect(await p.wishlists.wishers(alpha, product.variantId)).not.toContain(ada.userId);
    expect(await p.carts.count(alpha, { kind: 'customer', sub: ada.userId })).toBe(0);
    // Her review is taken down, and the product's rating no longer counts it.
    const published = await api()('GET', `/products/${product.id}/reviews`);
    expect(JSON.stringify(published.body)).not.toContain(review.body.id);
    expect((await api()('GET', `/products/${product.id}`)).body.rating?.count ?? 0).toBe((ratingBefore?.count ?? 0) - 1);

    // Bob is as he was.
    const bobData = await api(bob.token)('GET', '/me/data');
    expect(bobData.status).toBe(200);
    expect(bobData.body.orders).toEqual([expect.objectContaining({ id: bobOrder, email: bob.email })]);
    expect((await p.orders.get(alpha, bobOrder)).customerId).toBe(bob.userId);

    await p.streams.drain();
    const event = p.bus.delivered.find((e) => e.detailType === 'CustomerDeleted' && e.detail.customerId === ada.userId);
    expect(event).toMatchObject({
      source: 'shop.customers',
      detail: { tenantId: 'alpha', erased: { orders: 1, wishlist: 1, cart: 1, addresses: 0, reviews: 1 } },
    });
    expect(JSON.stringify(event)).not.toContain(ada.email);
  });

  it('wrong passwords at the deletion count as failed sign-ins: past the limit both are refused, the right password too', async () => {
    const eve = await customer('eve.guess@example.com', 'Gu3ss-me-not-ok');
    for (let i = 0; i < 3; i++) expect((await api(eve.token)('POST', '/me/delete', { password: `Wrong-passw0rd-${i}` })).status).toBe(403);
    expect((await api(eve.token)('POST', '/me/delete', { password: eve.password })).status).toBe(429);
    expect((await api()('POST', '/auth/login', { email: eve.email, password: eve.password })).status).toBe(429);
    expect(await p.directory.get(alpha, eve.userId)).toBeDefined();
  });
});
