import { beforeAll, describe, expect, it } from 'vitest';
import { createPlatform } from '../../../src/platform';
import { SEARCH_EVENTS } from '../../../src/search/indexer';
import { tokenFor } from '../../support/fake-verifier';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

/**
 * Issue 21: a customer group's member sees the group's prices on category, collection and search
 * cards (src/pricing/group-cards.ts), and a visitor right after, on the same instance with the
 * catalog cache on, still sees the store's: the shared cards never hold a group price. As
 * deployed: pool tokens, the store's record of the group, the DynamoDB group price lists.
 */
let p: TestPlatform;
let admin: ReturnType<typeof client>;
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const PASSWORD = 'Group-Cards-Passw0rd-1';

beforeAll(async () => {
  p = await testPlatform();
  admin = client(p.app, 'alpha.test', tokenFor('admin', 'alpha'));
  for (const pattern of SEARCH_EVENTS) p.bus.subscribe(pattern, (event) => p.search.indexer.handle(event).then(() => undefined));
});

/** Red at 1000, Blue at 1200 (EUR); the group prices Blue at `bluePrice`. */
async function kettle(groupId: string, name: string, sku: string, bluePrice: number) {
  const created = await admin('POST', '/admin/products', {
    name,
    status: 'active',
    options: [{ name: 'Colour', values: ['Red', 'Blue'] }],
    variants: [
      { sku: `${sku}-red`, optionValues: ['Red'], price: eur(1000), stock: 5 },
      { sku: `${sku}-blue`, optionValues: ['Blue'], price: eur(1200), stock: 5 },
    ],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const product = created.body as { id: string; variants: { id: string }[] };
  const listed = await admin('PUT', `/admin/customer-groups/${groupId}/prices/${product.id}`, {
    currency: 'EUR',
    prices: { [product.variants[1]!.id]: { price: bluePrice } },
  });
  expect(listed.status, JSON.stringify(listed.body)).toBe(200);
  return product.id;
}

/** A customer signed up through the API, put in the group by an admin, signed in: their pool ID token. */
async function memberOf(groupId: string, run: string) {
  const email = `member-${run}@group-cards.test`;
  const signedUp = await client(p.app, 'alpha.test')('POST', '/auth/signup', { email, password: PASSWORD, name: 'Member' });
  expect(signedUp.status, JSON.stringify(signedUp.body)).toBe(201);
  expect((await admin('PUT', `/admin/customers/${signedUp.body.userId}/group`, { groupId })).status).toBe(200);
  const login = await client(p.app, 'alpha.test')('POST', '/auth/login', { email, password: PASSWORD });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  return login.body.idToken as string;
}

type Cards = { items: { productId: string; price: { amount: number; currency: string } }[] };
const priceOf = (body: Cards, id: string) => body.items.find((card) => card.productId === id)?.price;

describe('a customer group’s prices on shared cards', () => {
  it('show on category, collection and search cards for a member (private, no-store), never for a visitor right after', async () => {
    const run = crypto.randomUUID().slice(0, 8);
    const word = `wombat${run.replace(/[^a-z]/g, '')}`;
    const group = await admin('POST', '/admin/customer-groups', { name: `Trade ${run}`, description: 'Group cards' });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    // The member pays the lowest of each variant's group price, else its price: Blue's 900 here…
    const cheaper = await kettle(group.body.id, `${word} kettle lowered`, `GC-${run}-1`, 900);
    // …and Red's own 1000 here, since the group's Blue (1100) is dearer.
    const dearer = await kettle(group.body.id, `${word} kettle kept`, `GC-${run}-2`, 1100);
    const category = await admin('POST', '/admin/categories', { name: `Kettles ${run}`, slug: `kettles-${run}`, parentId: null });
    expect(category.status, JSON.stringify(category.body)).toBe(201);
    for (const id of [cheaper, dearer]) expect((await admin('PUT', `/admin/products/${id}/categories`, { categoryIds: [category.body.id] })).status).toBe(200);
    const collection = await admin('POST', '/admin/collections', { name: `Picks ${run}`, slug: `picks-${run}`, productIds: [cheaper, dearer] });
    expect(collection.status, JSON.stringify(collection.body)).toBe(201);
    await p.streams.drain();
    await p.search.indexer.idle();

    const idToken = await memberOf(group.body.id, run);
    // The API as deployed: pool tokens, the DynamoDB group lists, the visitors' cache on.
    const api = createPlatform({ ...p.options, verifier: p.cognito.verifier });
    const member = client(api.app, 'alpha.test', idToken);
    const visitor = client(api.app, 'alpha.test');
    const paths = [`/categories/kettles-${run}`, `/collections/picks-${run}`, `/search?q=${word}`];
    // A visitor first, so the visitors' cache holds the cards before the member asks.
    for (const path of paths) expect(priceOf((await visitor('GET', path)).body, cheaper), path).toEqual(eur(1000));

    for (const path of paths) {
      const mine = await member('GET', path);
      expect(mine.status, path).toBe(200);
      expect(priceOf(mine.body, cheaper), path).toEqual(eur(900));
      expect(priceOf(mine.body, dearer), path).toEqual(eur(1000));
      expect(mine.headers.get('cache-control'), path).toBe('private, no-store');
      const theirs = await visitor('GET', path);
      expect(priceOf(theirs.body, cheaper), path).toEqual(eur(1000));
      expect(priceOf(theirs.body, dearer), path).toEqual(eur(1000));
    }

    // The pages too.
    for (const path of [`/category/kettles-${run}`, `/collection/picks-${run}`, `/find?q=${word}`]) {
      const mine = await api.app.request(path, { headers: { host: 'alpha.test', authorization: `Bearer ${idToken}` } });
      expect(mine.status, path).toBe(200);
      expect(mine.headers.get('cache-control'), path).toBe('private, no-store');
      expect(await mine.text(), path).toContain('€9.00');
      const theirs = await (await api.app.request(path, { headers: { host: 'alpha.test' } })).text();
      expect(theirs, path).toContain('€10.00');
      expect(theirs, path).not.toContain('€9.00');
    }
  });
});
