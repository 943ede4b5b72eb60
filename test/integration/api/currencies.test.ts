import { beforeAll, describe, expect, it } from 'vitest';
import type { GroupPriceReader, ListPrice } from '../../../src/pricing/price-context';
import { issuingFakeVerifier, tokenFor, userIdFor } from '../../support/fake-verifier';
import { localEdge } from '../../support/local-edge';
import { createPlatform } from '../../../src/platform';
import { tenantContext } from '../../../src/tenants/tenant';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

/**
 * Currencies and price contexts (docs/pricing.md) against DynamoDB Local: a product's price list
 * per currency, the visitor's currency cookie, the visitors' cache keyed by currency, and the
 * issue's test: a customer group's price never reaches a visitor.
 */
let p: TestPlatform;
let admin: ReturnType<typeof client>;
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const usd = (amount: number) => ({ amount, currency: 'USD' });

/** Wholesale members pay 700 (EUR) or 800 (USD) for every variant of the products the stub holds. */
const wholesaleProducts = new Set<string>();
/** The wholesale group's id (made in beforeAll: the member's store record names it, and the record decides). */
let wholesale = '';
const alpha = tenantContext({ id: 'alpha', name: 'Alpha Store', tier: 'basic', status: 'active' });
const groupPrices: GroupPriceReader = {
  async pricesFor(tenant, groupId, currency, productIds) {
    const price: ListPrice = { price: currency === 'USD' ? 800 : 700 };
    const found = new Map<string, Record<string, ListPrice>>();
    if (groupId !== wholesale) return found;
    for (const id of productIds) {
      if (!wholesaleProducts.has(id)) continue;
      const product = await p.catalog.get(tenant, id);
      found.set(id, Object.fromEntries(product.variants.map((variant) => [variant.id, price])));
    }
    return found;
  },
};

const EDGE_SECRET = 'edge-origin-verify-secret-for-the-currency-tests-0123';

/** A customer of alpha whom beforeAll puts in the wholesale group (their record, then their claims, name it). */
const MEMBER = tokenFor('customer', 'alpha', 'member');

async function newProduct(sku: string, price: number, variants = 1) {
  const created = await admin('POST', '/admin/products', {
    name: `Kettle ${sku}`,
    status: 'active',
    options: [{ name: 'Colour', values: ['Red', 'Blue'].slice(0, variants) }],
    variants: ['Red', 'Blue'].slice(0, variants).map((colour, i) => ({ sku: `${sku}-${i}`, optionValues: [colour], price: eur(price), stock: 5 })),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; version: number; variants: { id: string }[] };
}

beforeAll(async () => {
  let platform: TestPlatform | undefined;
  const issuing = issuingFakeVerifier(() => platform!.sessions);
  p = platform = await testPlatform({
    groupPrices,
    originVerifySecret: EDGE_SECRET,
    verifier: issuing,
  });
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  const group = await admin('POST', '/admin/customer-groups', { name: 'Wholesale', description: 'Trade buyers' });
  expect(group.status, JSON.stringify(group.body)).toBe(201);
  wholesale = group.body.id;
  // The fake tokens' users have store records but no pool accounts: the record (which decides) is
  // written as an admin's assignment writes it, the pool's copy of the group left out.
  const provider = p.options.identityProvider;
  const noPool = new Proxy(provider, { get: (target, key) => (key === 'setPriceGroup' ? async () => {} : Reflect.get(target, key)) });
  const assigned = await createPlatform({ ...p.options, identityProvider: noPool }).customerGroups.assign(alpha, userIdFor('customer', 'alpha'), wholesale);
  expect(assigned.groupId).toBe(wholesale);
  const current = (await admin('GET', '/admin/settings')).body;
  const shippingRates = [
    { id: 'standard', name: 'Standard', price: 495, minSubtotal: null, prices: { USD: 595 } },
    { id: 'eu-only', name: 'EU post', price: 300, minSubtotal: null },
  ];
  expect((await admin('PUT', '/admin/settings', { ...current, currency: 'EUR', currencies: ['USD'], shippingRates })).status).toBe(200);
});

const address = { name: 'Ada Buyer', line1: '1 Main St', city: 'Boston', postalCode: '02108', country: 'US' };
const cookieOf = (answer: { headers: Headers }) => /(?:^|;\s*)(cart=[^;]+)/.exec(answer.headers.get('set-cookie') ?? '')?.[1] ?? '';

describe('a product’s prices in another currency', () => {
  it('are set at the version read, with PriceChanged (currency:USD) in the same write', async () => {
    const kettle = await newProduct('CUR-1', 1000, 2);
    const [red, blue] = kettle.variants;
    const put = await admin('PUT', `/admin/products/${kettle.id}/prices/USD`, {
      version: kettle.version,
      prices: { [red!.id]: { price: 1200, compareAtPrice: 1500 }, [blue!.id]: { price: 1300 } },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.currencyPrices).toEqual({ USD: { [red!.id]: { price: 1200, compareAtPrice: 1500 }, [blue!.id]: { price: 1300, compareAtPrice: null } } });
    expect(put.body.version).toBe(kettle.version + 1);
    await p.streams.drain();
    const event = p.bus.delivered.find((e) => e.detailType === 'PriceChanged' && e.detail.productId === kettle.id);
    expect(event?.detail).toMatchObject({ currency: 'USD', list: 'currency:USD' });
    expect(event?.detail.changes).toHaveLength(2);

    // The version read is stale now: 409, nothing written.
    const stale = await admin('PUT', `/admin/products/${kettle.id}/prices/USD`, { version: kettle.version, prices: {} });
    expect(stale.status).toBe(409);
    expect((await admin('GET', `/admin/products/${kettle.id}`)).body.currencyPrices.USD[red!.id].price).toBe(1200);
  });

  it('only in a currency the store sells in (422), for its own variants (422)', async () => {
    const kettle = await newProduct('CUR-2', 1000);
    const gbp = await admin('PUT', `/admin/products/${kettle.id}/prices/GBP`, {
      version: kettle.version,
      prices: { [kettle.variants[0]!.id]: { price: 900 } },
    });
    expect(gbp.status).toBe(422);
    expect(gbp.body.errors[0].path).toBe('currency');
    const foreign = await admin('PUT', `/admin/products/${kettle.id}/prices/USD`, { version: kettle.version, prices: { 'not-mine': { price: 900 } } });
    expect(foreign.status).toBe(422);
    expect(
      (await client(p.app, 'alpha.test', tokenFor('clerk', 'alpha'))('PUT', `/admin/products/${kettle.id}/prices/USD`, { version: 1, prices: {} })).status,
    ).toBe(403);
  });
});

describe('the visitor’s currency', () => {
  it('comes from the currency cookie; the visitors’ cache answers EUR and USD separately; a variant not priced in USD is not sold in it', async () => {
    const kettle = await newProduct('CUR-3', 1000, 2);
    const [red] = kettle.variants;
    expect((await admin('PUT', `/admin/products/${kettle.id}/prices/USD`, { version: kettle.version, prices: { [red!.id]: { price: 1100 } } })).status).toBe(
      200,
    );
    const visitor = client(p.app, 'alpha.test');
    const inUsd = { cookie: 'currency=USD' };
    // EUR, USD, EUR again: each answer from its own cache entry.
    for (let round = 0; round < 2; round++) {
      const e = await visitor('GET', `/products/${kettle.id}`);
      expect(e.body.listedPrice).toEqual(eur(1000));
      expect(e.body.variants).toHaveLength(2);
      const u = await visitor('GET', `/products/${kettle.id}`, undefined, inUsd);
      expect(u.body.listedPrice).toEqual(usd(1100));
      // Blue has no USD price: not sold in USD.
      expect(u.body.variants.map((variant: { id: string }) => variant.id)).toEqual([red!.id]);
      expect(u.headers.get('cache-control')).toMatch(/^public/);
    }
    const page = await visitor('GET', '/products?limit=50', undefined, inUsd);
    expect(page.body.items.find((item: { id: string }) => item.id === kettle.id).listedPrice).toEqual(usd(1100));
    // A currency the store does not sell in is the store's own.
    expect((await visitor('GET', `/products/${kettle.id}`, undefined, { cookie: 'currency=GBP' })).body.listedPrice).toEqual(eur(1000));
  });

  it('a product with nothing priced in USD shows in EUR, marked not sold in USD, with a link back to EUR', async () => {
    const kettle = await newProduct('CUR-4', 1000);
    const visitor = client(p.app, 'alpha.test');
    const u = await visitor('GET', `/products/${kettle.id}`, undefined, { cookie: 'currency=USD' });
    expect(u.body).toMatchObject({ listedPrice: eur(1000), notSoldIn: 'USD' });
    const html = await (await p.app.request(`/p/${kettle.id}`, { headers: { host: 'alpha.test', cookie: 'currency=USD' } })).text();
    expect(html).toContain('data-testid="not-sold-in"');
    expect(html).toContain(`/currency?set=EUR&amp;back=%2Fp%2F${kettle.id}`);
  });

  it('the switcher sets the cookie and goes back to the page (never to another site)', async () => {
    const switched = await p.app.request('/currency?set=usd&back=%2Fp%2Fabc', { headers: { host: 'alpha.test' } });
    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe('/p/abc');
    expect(switched.headers.get('set-cookie')).toMatch(/^currency=USD;/);
    const away = await p.app.request('/currency?set=GBP&back=%2F%2Fevil.example', { headers: { host: 'alpha.test' } });
    expect(away.headers.get('location')).toBe('/');
    expect(away.headers.get('set-cookie')).toMatch(/^currency=EUR;/);
  });
});

describe('cart and checkout in another currency', () => {
  it('price in USD: the cart, the quote (shipping priced in USD only), the order (currency USD, lines naming their list)', async () => {
    const kettle = await newProduct('CUR-6', 1000, 2);
    const [red, blue] = kettle.variants;
    expect(
      (await admin('PUT', `/admin/products/${kettle.id}/prices/USD`, { version: kettle.version, prices: { [red!.id]: { price: 1100, compareAtPrice: 1400 } } }))
        .status,
    ).toBe(200);
    const visitor = client(p.app, 'alpha.test');
    // In EUR first: the cart remembers EUR prices; switching to USD retakes them without a "price changed" notice.
    const added = await visitor('POST', '/cart/lines', { productId: kettle.id, variantId: red!.id, quantity: 2 });
    const cart = cookieOf(added);
    expect((await visitor('GET', '/cart/lines', undefined, { cookie: cart })).body.subtotal).toEqual(eur(2000));
    const inUsd = { cookie: `${cart}; currency=USD` };
    const view = await visitor('GET', '/cart/lines', undefined, inUsd);
    expect(view.body.lines[0]).toMatchObject({ unitPrice: usd(1100), compareAtPrice: usd(1400), lineTotal: usd(2200) });
    expect(view.body.notices).toEqual([]);
    // Switching back to EUR and adding before looking: the cart still reads without a false notice.
    const another = await newProduct('CUR-6B', 500);
    await visitor('POST', '/cart/lines', { productId: another.id, variantId: another.variants[0]!.id, quantity: 1 }, { cookie: cart });
    const back = await visitor('GET', '/cart/lines', undefined, { cookie: cart });
    expect(back.body.notices).toEqual([]);
    expect(back.body.subtotal).toEqual(eur(2500));
    await visitor('DELETE', `/cart/lines/${another.variants[0]!.id}`, undefined, { cookie: cart });
    expect((await visitor('GET', '/cart/lines', undefined, inUsd)).body.notices).toEqual([]);
    // Blue is not sold in USD: it cannot be added in USD.
    expect((await visitor('POST', '/cart/lines', { productId: kettle.id, variantId: blue!.id, quantity: 1 }, inUsd)).status).toBe(422);

    const lines = [{ productId: kettle.id, variantId: red!.id, quantity: 2 }];
    const quote = await visitor('POST', '/checkout/quote', { lines, shippingMethodId: 'standard' }, inUsd);
    expect(quote.status, JSON.stringify(quote.body)).toBe(200);
    expect(quote.body.shippingMethods.map((m: { id: string }) => m.id)).toEqual(['standard']);
    expect(quote.body.totals).toMatchObject({ currency: 'USD', subtotal: 2200, shipping: 595 });
    expect(quote.body.lines[0]).toMatchObject({ unitPrice: 1100, priceList: 'currency:USD' });
    const notSold = await visitor('POST', '/checkout/quote', { lines: [{ productId: kettle.id, variantId: blue!.id, quantity: 1 }] }, inUsd);
    expect(notSold.status).toBe(422);

    const placed = await visitor(
      'POST',
      '/checkout/orders',
      { email: 'ada@example.com', shippingAddress: address, shippingMethodId: 'standard', lines, card: { number: '4242424242424242' } },
      { ...inUsd, 'idempotency-key': 'usd-order-1' },
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.totals).toMatchObject({ currency: 'USD', subtotal: 2200, shipping: 595 });
    expect(placed.body.lines[0]).toMatchObject({ unitPrice: 1100, priceList: 'currency:USD' });
    // In EUR, the same variant is its own price, from the base list.
    const base = await visitor('POST', '/checkout/quote', { lines, shippingMethodId: 'eu-only' });
    expect(base.body.totals).toMatchObject({ currency: 'EUR', subtotal: 2000, shipping: 300 });
    expect(base.body.lines[0].priceList).toBeUndefined();
  });
});

describe('a customer group’s prices', () => {
  it('never reach a visitor: member, then visitor at once, on the same instance (product page, catalog)', async () => {
    const kettle = await newProduct('CUR-5', 1000);
    wholesaleProducts.add(kettle.id);
    const member = client(p.app, 'alpha.test', MEMBER);
    const visitor = client(p.app, 'alpha.test');
    // A visitor first, so the visitors' cache holds the product before the member asks.
    expect((await visitor('GET', `/products/${kettle.id}`)).body.listedPrice).toEqual(eur(1000));

    const mine = await member('GET', `/products/${kettle.id}`);
    expect(mine.body.listedPrice).toEqual(eur(700));
    expect(mine.headers.get('cache-control')).toBe('private, no-store');
    expect((await visitor('GET', `/products/${kettle.id}`)).body.listedPrice).toEqual(eur(1000));

    const myPage = await member('GET', '/products?limit=50');
    expect(myPage.body.items.find((item: { id: string }) => item.id === kettle.id).listedPrice).toEqual(eur(700));
    expect(myPage.headers.get('cache-control')).toBe('private, no-store');
    const theirs = await visitor('GET', '/products?limit=50');
    expect(theirs.body.items.find((item: { id: string }) => item.id === kettle.id).listedPrice).toEqual(eur(1000));

    // The pages too, in the member's chosen currency.
    const memberPage = await p.app.request(`/p/${kettle.id}`, { headers: { host: 'alpha.test', authorization: `Bearer ${MEMBER}`, cookie: 'currency=USD' } });
    expect(memberPage.headers.get('cache-control')).toBe('private, no-store');
    expect(await memberPage.text()).toContain('$8.00');
    const visitorPage = await (await p.app.request(`/p/${kettle.id}`, { headers: { host: 'alpha.test' } })).text();
    expect(visitorPage).toContain('€10.00');
    expect(visitorPage).not.toContain('€7.00');
  });

  it('in the cart and at checkout too: the member pays the group price (line list group:wholesale), a guest cart right after does not', async () => {
    const kettle = await newProduct('CUR-7', 1000);
    wholesaleProducts.add(kettle.id);
    const line = { productId: kettle.id, variantId: kettle.variants[0]!.id, quantity: 1 };
    const member = client(p.app, 'alpha.test', MEMBER);
    expect((await member('POST', '/cart/lines', line)).status).toBe(200);
    const mine = await member('GET', '/cart/lines');
    expect(mine.body.lines[0].unitPrice).toEqual(eur(700));
    expect(mine.headers.get('cache-control')).toBe('private, no-store');
    const quote = await member('POST', '/checkout/quote', { lines: [line] });
    expect(quote.body.lines[0]).toMatchObject({ unitPrice: 700, priceList: `group:${wholesale}` });

    const visitor = client(p.app, 'alpha.test');
    const added = await visitor('POST', '/cart/lines', line);
    const theirs = await visitor('GET', '/cart/lines', undefined, { cookie: cookieOf(added) });
    expect(theirs.body.lines[0].unitPrice).toEqual(eur(1000));
    expect((await visitor('POST', '/checkout/quote', { lines: [line] })).body.lines[0].unitPrice).toBe(1000);
  });
});

describe('behind the edge (its cache rules and viewer-request function, run locally)', () => {
  it('keeps EUR and USD answers apart, and never serves a group member a visitor’s cached answer, nor keeps theirs', async () => {
    const kettle = await newProduct('CUR-8', 1000);
    expect(
      (await admin('PUT', `/admin/products/${kettle.id}/prices/USD`, { version: kettle.version, prices: { [kettle.variants[0]!.id]: { price: 1100 } } }))
        .status,
    ).toBe(200);
    wholesaleProducts.add(kettle.id);
    const edge = localEdge(p.app, { secret: EDGE_SECRET });
    const visitor = client(edge, 'alpha.test');
    const path = `/products/${kettle.id}`;
    expect((await visitor('GET', path)).body.listedPrice).toEqual(eur(1000));
    const again = await visitor('GET', path);
    expect(again.headers.get('x-cache')).toBe('Hit from cloudfront');
    const dollars = await visitor('GET', path, undefined, { cookie: 'currency=USD' });
    expect(dollars.headers.get('x-cache')).toBeNull();
    expect(dollars.body.listedPrice).toEqual(usd(1100));
    expect((await visitor('GET', path, undefined, { cookie: 'currency=USD' })).body.listedPrice).toEqual(usd(1100));

    const origin = edge.seen.origin;
    const member = await client(edge, 'alpha.test', MEMBER)('GET', path);
    expect(member.body.listedPrice).toEqual(eur(700));
    expect(member.headers.get('x-cache')).toBeNull();
    expect(member.headers.get('cache-control')).toBe('private, no-store');
    expect(edge.seen.origin).toBe(origin + 1);
    // The visitor right after: the cached visitor answer, never the member's.
    expect((await visitor('GET', path)).body.listedPrice).toEqual(eur(1000));
  });
});
