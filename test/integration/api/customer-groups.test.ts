import { DescribeUserPoolClientCommand, UpdateUserAttributesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLANS, type PlanBook } from '../../../src/plans/plans';
import { createPlatform } from '../../../src/platform';
import { tenantContext } from '../../../src/tenants/tenant';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

/**
 * Customer groups (docs/pricing.md, "Customer groups") against DynamoDB Local and cognito-local:
 * admins create, rename and delete groups, put customers in them (the record, the member list and
 * the pool's `custom:priceGroup`, which the next ID token carries), and set group price lists
 * (PriceChanged in the same transaction), which the group price reader returns exactly.
 */
let p: TestPlatform;
let admin: ReturnType<typeof client>;
const alpha = tenantContext({ id: 'alpha', name: 'Alpha Store', tier: 'basic', status: 'active' });
const PASSWORD = 'Groups-Passw0rd-1';

/** A customer signed up through the API (in the pool and the store's directory), with a unique address. */
async function newCustomer(label: string) {
  const email = `${label}-${crypto.randomUUID().slice(0, 8)}@groups.test`;
  const signedUp = await client(p.app, 'alpha.test')('POST', '/auth/signup', { email, password: PASSWORD, name: label });
  expect(signedUp.status, JSON.stringify(signedUp.body)).toBe(201);
  return { email, userId: signedUp.body.userId as string };
}

async function newGroup(name: string) {
  const created = await admin('POST', '/admin/customer-groups', { name: `${name} ${crypto.randomUUID().slice(0, 6)}`, description: 'Test group' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; name: string; members: number };
}

async function newProduct(sku: string, variants = 1) {
  const created = await admin('POST', '/admin/products', {
    name: `Groups ${sku}`,
    status: 'active',
    options: [{ name: 'Size', values: Array.from({ length: variants }, (_, i) => `S${i}`) }],
    variants: Array.from({ length: variants }, (_, i) => ({
      sku: `${sku}-${i}`,
      optionValues: [`S${i}`],
      price: { amount: 1000 + i, currency: 'EUR' },
      stock: 5,
    })),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id as string, variantIds: (created.body.variants as { id: string }[]).map((v) => v.id) };
}

const logIn = async (email: string) => {
  const answer = await client(p.app, 'alpha.test')('POST', '/auth/login', { email, password: PASSWORD });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { idToken: string; accessToken: string; refreshToken: string };
};

/** The plans with another number of customer groups (this file's groups all live in one store). */
const withGroups = (customerGroups: number) =>
  Object.fromEntries(Object.entries(PLANS).map(([name, plan]) => [name, { ...plan, limits: { ...plan.limits, customerGroups } }])) as PlanBook;

beforeAll(async () => {
  p = await testPlatform({ plans: withGroups(50) });
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
});

describe('customer groups', () => {
  it('are created, listed by name, renamed and deleted; unknown ids are 404', async () => {
    const group = await newGroup('Wholesale');
    expect(group).toMatchObject({ members: 0, description: 'Test group' });
    const listed = await admin('GET', '/admin/customer-groups');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((g: { id: string }) => g.id)).toContain(group.id);
    expect(listed.body.limit).toBe(50);

    const renamed = await admin('PATCH', `/admin/customer-groups/${group.id}`, { name: 'Trade' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ id: group.id, name: 'Trade', description: 'Test group' });
    expect((await admin('PATCH', `/admin/customer-groups/${group.id}`, {})).status).toBe(422);

    expect((await admin('DELETE', `/admin/customer-groups/${group.id}`)).status).toBe(204);
    expect((await admin('DELETE', `/admin/customer-groups/${group.id}`)).status).toBe(404);
    expect((await admin('PATCH', `/admin/customer-groups/${group.id}`, { name: 'Gone' })).status).toBe(404);
    expect((await admin('GET', `/admin/customer-groups/${group.id}/members`)).status).toBe(404);
    expect((await admin('GET', '/admin/customer-groups')).body.items.map((g: { id: string }) => g.id)).not.toContain(group.id);
  });

  it('stop at the plan’s limit with a 409 plan-limit', async () => {
    const limited = await testPlatform({
      plans: withGroups(1),
    });
    const owner = client(limited.app, 'alpha.test', tokenFor('admin', 'alpha'));
    expect((await owner('POST', '/admin/customer-groups', { name: 'One' })).status).toBe(201);
    const refused = await owner('POST', '/admin/customer-groups', { name: 'Two' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ resource: 'customerGroups', limit: 1, used: 1 });
  });
});

describe('putting customers in groups', () => {
  it('records the group, lists the member, finds them by email, and puts the claim in their next ID token', async () => {
    const group = await newGroup('Wholesale');
    const buyer = await newCustomer('buyer');
    // Found by the start of their address, with no group yet.
    const found = await admin('GET', `/admin/customers?email=${encodeURIComponent(buyer.email.slice(0, 12))}`);
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body.items).toContainEqual({ userId: buyer.userId, email: buyer.email, name: 'buyer', groupId: null });

    const before = await logIn(buyer.email);
    expect((await p.cognito.verifier.verify(before.idToken)).priceGroup).toBeUndefined();

    const assigned = await admin('PUT', `/admin/customers/${buyer.userId}/group`, { groupId: group.id });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body).toEqual({ userId: buyer.userId, email: buyer.email, name: 'buyer', groupId: group.id });
    const members = await admin('GET', `/admin/customer-groups/${group.id}/members`);
    expect(members.body.items).toEqual([{ userId: buyer.userId, email: buyer.email, name: 'buyer', groupId: group.id }]);
    expect((await admin('GET', '/admin/customer-groups')).body.items.find((g: { id: string }) => g.id === group.id).members).toBe(1);
    // A group with members is not deleted from under them.
    expect((await admin('DELETE', `/admin/customer-groups/${group.id}`)).status).toBe(409);

    // The token issued before the change does not carry it; the next sign-in's does.
    expect((await p.cognito.verifier.verify(before.idToken)).priceGroup).toBeUndefined();
    const after = await logIn(buyer.email);
    const claims = await p.cognito.verifier.verify(after.idToken);
    expect(claims.priceGroup).toBe(group.id);
    // A refresh's token too.
    const refreshed = await client(p.app, 'alpha.test')('POST', '/auth/refresh', { refreshToken: before.refreshToken });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    expect((await p.cognito.verifier.verify(refreshed.body.idToken)).priceGroup).toBe(group.id);

    // Out of the group: the member list, the count and the attribute follow.
    expect((await admin('PUT', `/admin/customers/${buyer.userId}/group`, { groupId: null })).body.groupId).toBeNull();
    expect((await admin('GET', `/admin/customer-groups/${group.id}/members`)).body.items).toEqual([]);
    expect((await p.cognito.verifier.verify((await logIn(buyer.email)).idToken)).priceGroup).toBeUndefined();
    expect((await admin('DELETE', `/admin/customer-groups/${group.id}`)).status).toBe(204);
  });

  it('moves a customer between groups, keeping both counts right', async () => {
    const [from, to] = [await newGroup('From'), await newGroup('To')];
    const buyer = await newCustomer('mover');
    expect((await admin('PUT', `/admin/customers/${buyer.userId}/group`, { groupId: from.id })).status).toBe(200);
    expect((await admin('PUT', `/admin/customers/${buyer.userId}/group`, { groupId: to.id })).status).toBe(200);
    const counts = Object.fromEntries((await admin('GET', '/admin/customer-groups')).body.items.map((g: { id: string; members: number }) => [g.id, g.members]));
    expect([counts[from.id], counts[to.id]]).toEqual([0, 1]);
    expect((await admin('GET', `/admin/customer-groups/${to.id}/members`)).body.items.map((m: { userId: string }) => m.userId)).toEqual([buyer.userId]);
  });

  it('a customer made staff, or whose account is removed, leaves their group (so it can be deleted)', async () => {
    const group = await newGroup('Leavers');
    const [promoted, removed] = [await newCustomer('promoted'), await newCustomer('removed')];
    for (const who of [promoted, removed]) expect((await admin('PUT', `/admin/customers/${who.userId}/group`, { groupId: group.id })).status).toBe(200);
    expect((await admin('PUT', `/admin/users/${promoted.userId}/role`, { role: 'clerk' })).status).toBe(200);
    expect((await admin('DELETE', `/admin/users/${removed.userId}`)).status).toBe(204);
    expect((await admin('GET', `/admin/customer-groups/${group.id}/members`)).body.items).toEqual([]);
    expect((await admin('GET', '/admin/customer-groups')).body.items.find((g: { id: string }) => g.id === group.id).members).toBe(0);
    expect((await admin('DELETE', `/admin/customer-groups/${group.id}`)).status).toBe(204);
  });

  it('answers 404 for an unknown group, an unknown user, staff, and another store’s customer', async () => {
    const group = await newGroup('Known');
    const buyer = await newCustomer('unknowns');
    expect((await admin('PUT', `/admin/customers/${buyer.userId}/group`, { groupId: 'no-such-group' })).status).toBe(404);
    expect((await admin('PUT', '/admin/customers/no-such-user/group', { groupId: group.id })).status).toBe(404);
    expect((await admin('PUT', '/admin/customers/clerk-alpha/group', { groupId: group.id })).status).toBe(404);
    const beta = client(p.app, 'beta.test', tokenFor('admin', 'beta'));
    expect((await beta('PUT', `/admin/customers/${buyer.userId}/group`, { groupId: null })).status).toBe(404);
    expect((await beta('GET', `/admin/customer-groups/${group.id}/members`)).status).toBe(404);
    expect((await admin('PUT', `/admin/customers/${buyer.userId}/group`, { groupId: 7 })).status).toBe(422);
  });

  it('a customer cannot put themselves in a group: the app client may not write the attribute, and the record decides', async () => {
    const group = await newGroup('Wholesale');
    const buyer = await newCustomer('self');
    const tokens = await logIn(buyer.email);
    // Real Cognito refuses the write (the client's WriteAttributes leave it out); cognito-local does
    // not check WriteAttributes, so on it the write lands and the next token carries the value.
    const described = await p.cognito.client.send(
      new DescribeUserPoolClientCommand({ UserPoolId: p.cognito.pool.userPoolId, ClientId: p.cognito.pool.clientId }),
    );
    expect(described.UserPoolClient?.WriteAttributes).not.toContain('custom:priceGroup');
    expect(described.UserPoolClient?.ReadAttributes).toContain('custom:priceGroup');
    const selfWrite = await p.cognito.client
      .send(new UpdateUserAttributesCommand({ AccessToken: tokens.accessToken, UserAttributes: [{ Name: 'custom:priceGroup', Value: group.id }] }))
      .then(
        () => 'accepted',
        (error: Error) => error.name,
      );
    const next = await logIn(buyer.email);
    // Whatever the pool did, the API prices by the store's record: no group for this customer.
    const api = createPlatform({ ...p.options, verifier: p.cognito.verifier });
    const me = await client(api.app, 'alpha.test', next.idToken)('GET', '/auth/me');
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body.priceGroup).toBeUndefined();
    if (selfWrite !== 'accepted') expect(selfWrite).toBe('NotAuthorizedException');
    // Once an admin assigns them, the same token (issued before) prices them in the group at once.
    expect((await admin('PUT', `/admin/customers/${buyer.userId}/group`, { groupId: group.id })).status).toBe(200);
    expect((await client(api.app, 'alpha.test', next.idToken)('GET', '/auth/me')).body.priceGroup).toBe(group.id);
  });
});

describe('group price lists', () => {
  it('set, list and delete a product’s prices in a group, each with a PriceChanged event in its transaction', async () => {
    const group = await newGroup('Prices');
    const lamp = await newProduct(`GRP-${crypto.randomUUID().slice(0, 6)}`, 2);
    const [red, blue] = lamp.variantIds as [string, string];
    const put = await admin('PUT', `/admin/customer-groups/${group.id}/prices/${lamp.id}`, {
      currency: 'EUR',
      prices: { [red]: { price: 800, compareAtPrice: 1000 }, [blue]: { price: 900 } },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ groupId: group.id, currency: 'EUR', productId: lamp.id, version: 1 });
    expect(put.body.prices).toEqual({ [red]: { price: 800, compareAtPrice: 1000 }, [blue]: { price: 900, compareAtPrice: null } });

    const again = await admin('PUT', `/admin/customer-groups/${group.id}/prices/${lamp.id}`, { currency: 'EUR', prices: { [red]: { price: 750 } } });
    expect(again.body.version).toBe(2);
    const listed = await admin('GET', `/admin/customer-groups/${group.id}/prices`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ productId: lamp.id, prices: { [red]: { price: 750, compareAtPrice: null } } })]);

    await p.streams.drain();
    const events = p.bus.delivered.filter((e) => e.detailType === 'PriceChanged' && e.detail.productId === lamp.id);
    expect(events.map((e) => e.detail.list)).toEqual([`group:${group.id}`, `group:${group.id}`]);
    expect(events[1]!.detail).toMatchObject({
      currency: 'EUR',
      changes: expect.arrayContaining([
        { variantId: red, sku: expect.any(String), previous: { price: 800, compareAtPrice: 1000 }, current: { price: 750, compareAtPrice: null } },
        { variantId: blue, sku: expect.any(String), previous: { price: 900, compareAtPrice: null }, current: null },
      ]),
    });

    expect((await admin('DELETE', `/admin/customer-groups/${group.id}/prices/${lamp.id}?currency=EUR`)).status).toBe(204);
    expect((await admin('DELETE', `/admin/customer-groups/${group.id}/prices/${lamp.id}`)).status).toBe(404);
    expect((await admin('GET', `/admin/customer-groups/${group.id}/prices?currency=EUR`)).body.items).toEqual([]);
  });

  it('refuses a variant of another product, a currency the store does not sell in, and an unknown group or product', async () => {
    const group = await newGroup('Refusals');
    const lamp = await newProduct(`GRP-${crypto.randomUUID().slice(0, 6)}`);
    const other = await newProduct(`GRP-${crypto.randomUUID().slice(0, 6)}`);
    const wrongVariant = await admin('PUT', `/admin/customer-groups/${group.id}/prices/${lamp.id}`, {
      currency: 'EUR',
      prices: { [other.variantIds[0]!]: { price: 1 } },
    });
    expect(wrongVariant.status).toBe(422);
    expect(wrongVariant.body.errors[0].path).toBe(`prices.${other.variantIds[0]}`);
    const usd = await admin('PUT', `/admin/customer-groups/${group.id}/prices/${lamp.id}`, { currency: 'USD', prices: {} });
    expect(usd.status).toBe(422);
    expect((await admin('GET', `/admin/customer-groups/${group.id}/prices?currency=USD`)).status).toBe(422);
    expect((await admin('PUT', `/admin/customer-groups/no-such-group/prices/${lamp.id}`, { currency: 'EUR', prices: {} })).status).toBe(404);
    expect((await admin('PUT', `/admin/customer-groups/${group.id}/prices/no-such-product`, { currency: 'EUR', prices: {} })).status).toBe(404);
    expect((await admin('PUT', `/admin/customer-groups/${group.id}/prices/${lamp.id}`, { currency: 'EUR', prices: { x: { price: -1 } } })).status).toBe(422);
  });

  it('deleting a group deletes its price lists', async () => {
    const group = await newGroup('Doomed');
    const lamp = await newProduct(`GRP-${crypto.randomUUID().slice(0, 6)}`);
    expect(
      (await admin('PUT', `/admin/customer-groups/${group.id}/prices/${lamp.id}`, { currency: 'EUR', prices: { [lamp.variantIds[0]!]: { price: 5 } } })).status,
    ).toBe(200);
    expect((await admin('DELETE', `/admin/customer-groups/${group.id}`)).status).toBe(204);
    expect((await p.groupPriceReader.pricesFor(alpha, group.id, 'EUR', [lamp.id])).size).toBe(0);
  });

  it('the reader returns exactly the stored prices: one product by GetItem, 130 by BatchGetItem in chunks of 100', async () => {
    const group = await newGroup('Reader');
    // One after another: every creation moves the store's product counter, one item.
    const products: Awaited<ReturnType<typeof newProduct>>[] = [];
    for (let i = 0; i < 130; i++) products.push(await newProduct(`RDR-${crypto.randomUUID().slice(0, 6)}-${i}`));
    const priced = products.filter((_, i) => i % 3 !== 0);
    for (const [i, product] of priced.entries()) {
      const answer = await admin('PUT', `/admin/customer-groups/${group.id}/prices/${product.id}`, {
        currency: 'EUR',
        prices: { [product.variantIds[0]!]: { price: 100 + i, compareAtPrice: i % 2 === 0 ? 500 : null } },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    }
    const expected = new Map(
      priced.map((product, i) => [product.id, { [product.variantIds[0]!]: { price: 100 + i, compareAtPrice: i % 2 === 0 ? 500 : null } }]),
    );
    const all = await p.groupPriceReader.pricesFor(
      alpha,
      group.id,
      'EUR',
      products.map((product) => product.id),
    );
    expect(new Map(all)).toEqual(expected);
    const one = await p.groupPriceReader.pricesFor(alpha, group.id, 'EUR', [priced[0]!.id]);
    expect(new Map(one)).toEqual(new Map([[priced[0]!.id, expected.get(priced[0]!.id)]]));
    expect((await p.groupPriceReader.pricesFor(alpha, group.id, 'EUR', [products[0]!.id])).size).toBe(0);
    expect((await p.groupPriceReader.pricesFor(alpha, group.id, 'EUR', [])).size).toBe(0);
    // Another currency's list, another group, another store: nothing.
    expect(
      (
        await p.groupPriceReader.pricesFor(
          alpha,
          group.id,
          'USD',
          products.map((product) => product.id),
        )
      ).size,
    ).toBe(0);
    expect(
      (
        await p.groupPriceReader.pricesFor(
          alpha,
          'other-group',
          'EUR',
          products.map((product) => product.id),
        )
      ).size,
    ).toBe(0);
    const beta = tenantContext({ id: 'beta', name: 'Beta', tier: 'basic', status: 'active' });
    expect(
      (
        await p.groupPriceReader.pricesFor(
          beta,
          group.id,
          'EUR',
          products.map((product) => product.id),
        )
      ).size,
    ).toBe(0);
  }, 240_000);
});

describe('group prices reach the member, and only the member', () => {
  it('a wholesale customer signed in pays the group price on the product, in the cart and at checkout; a visitor right after pays the store’s', async () => {
    const group = await newGroup('Wholesale');
    const kettle = await newProduct(`WHL-${crypto.randomUUID().slice(0, 6)}`, 2);
    const [small, large] = kettle.variantIds as [string, string];
    // Only the small one has a group price: the large one sells to the group at its own price.
    const listed = await admin('PUT', `/admin/customer-groups/${group.id}/prices/${kettle.id}`, { currency: 'EUR', prices: { [small]: { price: 640 } } });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const buyer = await newCustomer('wholesale');
    expect((await admin('PUT', `/admin/customers/${buyer.userId}/group`, { groupId: group.id })).status).toBe(200);

    // The API as deployed: pool tokens, the DynamoDB group lists, the visitors' cache on.
    const api = createPlatform({ ...p.options, verifier: p.cognito.verifier });
    const { idToken } = await logIn(buyer.email);
    const member = client(api.app, 'alpha.test', idToken);
    const visitor = client(api.app, 'alpha.test');
    const eur = (amount: number) => ({ amount, currency: 'EUR' });
    expect((await visitor('GET', `/products/${kettle.id}`)).body.variants.map((v: { price: unknown }) => v.price)).toEqual([eur(1000), eur(1001)]);

    const mine = await member('GET', `/products/${kettle.id}`);
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.headers.get('cache-control')).toBe('private, no-store');
    expect(mine.body.variants.map((v: { price: unknown }) => v.price)).toEqual([eur(640), eur(1001)]);
    expect((await visitor('GET', `/products/${kettle.id}`)).body.variants.map((v: { price: unknown }) => v.price)).toEqual([eur(1000), eur(1001)]);

    const lines = [
      { productId: kettle.id, variantId: small, quantity: 2 },
      { productId: kettle.id, variantId: large, quantity: 1 },
    ];
    const quote = await member('POST', '/checkout/quote', { lines });
    expect(quote.status, JSON.stringify(quote.body)).toBe(200);
    expect(quote.body.lines.map((l: { unitPrice: number; priceList?: string }) => [l.unitPrice, l.priceList])).toEqual([
      [640, `group:${group.id}`],
      [1001, undefined],
    ]);
    const theirs = await visitor('POST', '/checkout/quote', { lines });
    expect(theirs.body.lines.map((l: { unitPrice: number }) => l.unitPrice)).toEqual([1000, 1001]);

    // Out of the group: the same token prices them as anyone at once (the record decides).
    expect((await admin('PUT', `/admin/customers/${buyer.userId}/group`, { groupId: null })).status).toBe(200);
    expect((await member('GET', `/products/${kettle.id}`)).body.variants[0].price).toEqual(eur(1000));
  });
});
