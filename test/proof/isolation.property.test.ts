import { tenantContext } from '../../src/tenants/tenant';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyItem, KEY_FAMILIES, spaceOf, type KeyFamilyName } from '../../src/adapters/dynamodb/key-families';
import { createLocalEventBus } from '../../src/adapters/local/event-bus';
import { createLocalMailbox } from '../../src/adapters/local/mailbox';
import { sharedClientProvider } from '../../src/adapters/dynamodb/client';
import { stockNoticeConsumer } from '../../src/entry/stock-notices';
import { SEARCH_EVENTS } from '../../src/search/indexer';
import type { DomainEvent } from '../../src/events/event';
import { allFailed, type EventPublisher } from '../../src/events/publisher';
import { scanAll } from '../support/dynamo';
import { TEST_CARDS } from '../../src/payments/test-provider';
import { userIdFor } from '../support/fake-verifier';
import { mintedTokens } from '../support/minted-tokens';
import { client, silentLogger, testPlatform, type TestPlatform } from '../support/platform';
import {
  IDEMPOTENT_OPERATOR_CALL,
  idempotentCreate,
  PROBES,
  PROOF_IDEMPOTENCY_KEY,
  PROOF_SIGNUP,
  proofDiscount,
  proofDomain,
  type Answer,
  type Owned,
  type ProofContext,
  type Role,
} from './key-family-probes';

/**
 * The isolation proof. Three stores act on each other at random (products, inventory, images,
 * users), with forged Host headers, other stores' tokens, ids and cursors, signed in with ID tokens
 * checked by the real verifier, while the bus fails half the time. Then:
 * - every identity a store owns (product ids, SKUs, names, user ids, emails, history and outbox
 *   event ids, image ids, cursors, session and token ids) is looked for in every other store's
 *   responses;
 * - every item of the table must fit a key family of src/adapters/dynamodb/key-families.ts,
 *   under one owner for all its keys, holding none of another owner's identities; every family
 *   must have a foreign-store probe (./key-family-probes.ts), which is run for every pair of stores;
 * - every S3 object lies under its own store's product;
 * - the outbox, published from the table's stream through that failing bus, delivers each event
 *   under its own store.
 */
const TENANTS = ['alpha', 'beta', 'gamma'] as const;
type Tenant = (typeof TENANTS)[number];
const HOSTS: Record<Tenant, string> = { alpha: 'alpha.test', beta: 'beta.test', gamma: 'gamma.test' };
const ROLES = ['customer', 'clerk', 'admin'] as const;
const marker = (t: Tenant) => `secret-${t}-`;
const RUNS = 60;
const OPS_PER_RUN = 100;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const OPERATOR_EMAIL = 'operator@example.com';

let p: TestPlatform;
let tokens: Awaited<ReturnType<typeof mintedTokens>>;
let operatorToken: { token: string; tokenId: string; sessionId: string };
const owned: Record<Tenant, Owned> = Object.fromEntries(
  TENANTS.map((t) => [t, { anchor: '', products: [], skus: [], users: [], images: [], cursors: [], tokens: [] } satisfies Owned]),
) as unknown as Record<Tenant, Owned>;
let skuCounter = 0;

/** Who owns each identity; one seen under two owners is nobody's (a collision is reported, not hidden). */
const ownerOf = new Map<string, Tenant | 'platform'>();
const collisions = new Set<string>();
const shared = new Set<string>();
function own(owner: Tenant | 'platform', value: string | undefined) {
  if (!value || value.length < 6) return;
  const before = ownerOf.get(value);
  if (before !== undefined && before !== owner) {
    if (!shared.has(value)) collisions.add(value);
  } else ownerOf.set(value, owner);
}

/** The words of a text as identities can appear in it: whole, and split at dots (an image id in a URL's file name). */
function identities(text: string): string[] {
  const words = text.split(/[^A-Za-z0-9@._+-]+/).filter((w) => w.length >= 6);
  return [...words, ...words.flatMap((w) => (w.includes('.') ? w.split('.') : []))];
}

/** What of another owner's a text holds, apart from what the caller sent itself (a 404 may echo the id asked for). */
function foreignIn(text: string, self: Tenant | 'platform' | undefined, sent = ''): string[] {
  const echoed = new Set(identities(sent));
  return identities(text).filter((word) => {
    const owner = ownerOf.get(word);
    return owner !== undefined && owner !== self && !collisions.has(word) && !shared.has(word) && !echoed.has(word);
  });
}

/** The bus fails every other publish (some by throwing); the stream poller retries what it did not take. */
const bus = createLocalEventBus();
let publishes = 0;
const flakyPublisher: EventPublisher = {
  async publish(events: readonly DomainEvent[]) {
    publishes++;
    if (publishes % 6 === 0) throw new Error('bus unreachable');
    if (publishes % 2 === 0) return allFailed(events, 'bus down (test)');
    return bus.publisher.publish(events);
  },
};

const mailbox = createLocalMailbox();
const noticeRuns: Promise<unknown>[] = [];

const leaks: string[] = [];
let ownDataSeen = 0;
async function send(host: string, token: string | undefined, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer> {
  const answer = await client(p.app, host, token)(method, path, body, headers);
  expect(answer.status, `${method} ${path} on ${host}`).toBeLessThan(500);
  return answer;
}
/** A response as served to `self`: any identity of another owner in it is a leak. */
function inspect(answer: Answer, self: Tenant | undefined, what: string, sent: string) {
  const text = JSON.stringify(answer.body ?? '');
  const foreign = foreignIn(text, self, sent);
  if (foreign.length) leaks.push(`${what} → ${answer.status} carried ${foreign.map((w) => `${w} (${ownerOf.get(w)})`).join(', ')}`);
  if (self && identities(text).some((w) => ownerOf.get(w) === self)) ownDataSeen++;
}

const tokenOf = (t: Tenant, role: Role) => owned[t].tokens.find((k) => k.role === role)!.token;

async function upload(target: { url: string; fields: Record<string, string> }) {
  const form = new FormData();
  for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
  form.append('file', new Blob([PNG], { type: 'image/png' }));
  const response = await fetch(target.url, { method: 'POST', body: form });
  expect(response.ok).toBe(true);
}

beforeAll(async () => {
  tokens = await mintedTokens();
  // Logins fail into a low per-account limit, so the rate probes can show one store's counter never stops another's.
  p = await testPlatform({
    verifier: tokens.verifier,
    publisher: flakyPublisher,
    authLimits: {
      perAddress: { limit: 10_000, windowSeconds: 300 },
      accountFailures: { limit: 2, windowSeconds: 900 },
      accountMessages: { limit: 5, windowSeconds: 3600 },
    },
  });
  tokens.bind(() => p.sessions);
  // The inventory consumer on the bus, as npm start runs it: sold-out products leave notice records.
  const notices = stockNoticeConsumer({
    platformClient: p.table.client,
    tenantClients: sharedClientProvider(p.table.client),
    tableName: p.table.tableName,
    sender: mailbox.sender,
    logger: silentLogger,
  });
  bus.subscribe({ source: 'catalog.inventory' }, (event) => {
    const run = notices.handle(event);
    noticeRuns.push(run);
    return run.then(() => undefined);
  });
  // The search index writer on the bus, as npm start runs it: each store's index in its own S3 prefix.
  for (const pattern of SEARCH_EVENTS) bus.subscribe(pattern, (event) => p.search.indexer.handle(event).then(() => undefined));
  operatorToken = await tokens.mint({ role: 'operator', sub: userIdFor('operator') });
  own('platform', userIdFor('operator'));
  own('platform', operatorToken.tokenId);
  own('platform', operatorToken.sessionId);

  for (const t of TENANTS) {
    for (const role of ROLES) {
      const minted = await tokens.mint({ role, tenantId: t, sub: userIdFor(role, t) });
      owned[t].tokens.push({ role, token: minted.token, tokenId: minted.tokenId });
      owned[t].users.push({ userId: userIdFor(role, t), email: `${role}@${t}.test`, role });
      for (const id of [minted.tokenId, minted.sessionId, userIdFor(role, t), `${role}@${t}.test`]) own(t, id);
    }
    const admin = (method: string, path: string, body?: unknown) => send(HOSTS[t], tokenOf(t, 'admin'), method, path, body);
    for (let i = 0; i < 4; i++) {
      const sku = `${t.toUpperCase()}-SEED-${i}`;
      const created = await admin('POST', '/admin/products', {
        name: `${marker(t)}${i}`,
        sku,
        price: { amount: 100 + i, currency: 'EUR' },
        status: 'active',
        stock: 50,
      });
      expect(created.status).toBe(201);
      if (i === 0) owned[t].anchor = created.body.id;
      else owned[t].products.push(created.body.id);
      owned[t].skus.push(sku);
      own(t, created.body.id);
      own(t, sku);
      own(t, `${marker(t)}${i}`);
    }
    const first = owned[t].anchor;
    // Sold out: its OutOfStock notice is recorded once the stream has published it (the `notice` family).
    expect((await admin('PUT', `/admin/products/${owned[t].products[0]}/inventory`, { stock: 0 })).status).toBe(200);
    expect((await admin('POST', `/admin/products/${first}/inventory/adjustments`, { delta: -2, reason: 'sale' })).status).toBe(201);
    expect((await admin('PUT', `/admin/products/${first}/inventory`, { stock: 40 })).status).toBe(200);
    // An image in the bucket, attached to the store's first product.
    const ticket = await admin('POST', `/admin/products/${first}/images/uploads`, { contentType: 'image/png', size: PNG.length });
    await upload(ticket.body);
    const attached = await admin('POST', `/admin/products/${first}/images`, { key: ticket.body.key });
    expect(attached.status).toBe(201);
    const imageId = attached.body.images[0].id as string;
    owned[t].images.push({ productId: first, imageId, key: ticket.body.key });
    own(t, imageId);
    // A user made through the API (its Cognito sub), and sign-in failures that leave rate counters.
    const made = await admin('POST', '/admin/users', { email: `made@${t}.test`, name: 'Made', role: 'customer' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    owned[t].users.push({ userId: made.body.userId, email: `made@${t}.test`, role: 'customer' });
    own(t, made.body.userId);
    own(t, `made@${t}.test`);
    for (let i = 0; i < 2; i++)
      expect((await send(HOSTS[t], undefined, 'POST', '/auth/login', { email: `admin@${t}.test`, password: 'wrong-password-1A!' })).status).toBe(401);
    // An idempotency record: every store's admin uses the same key, each for its own product.
    const idempotent = await send(HOSTS[t], tokenOf(t, 'admin'), 'POST', '/admin/products', idempotentCreate(t), { 'idempotency-key': PROOF_IDEMPOTENCY_KEY });
    expect(idempotent.status, JSON.stringify(idempotent.body)).toBe(201);
    own(t, idempotent.body.id);
    own(t, idempotent.body.sku);
    // A category and a collection holding the anchor: memberships, listing rows, slug claims, the tree.
    const categorySlug = `${marker(t)}cat`;
    const category = await admin('POST', '/admin/categories', { name: `${marker(t)}category`, slug: categorySlug });
    expect(category.status, JSON.stringify(category.body)).toBe(201);
    expect((await admin('PUT', `/admin/products/${first}/categories`, { categoryIds: [category.body.id] })).status).toBe(200);
    const collectionSlug = `${marker(t)}picks`;
    const collection = await admin('POST', '/admin/collections', { name: `${marker(t)}collection`, slug: collectionSlug, productIds: [first] });
    expect(collection.status, JSON.stringify(collection.body)).toBe(201);
    owned[t].groups = { categoryId: category.body.id, categorySlug, collectionId: collection.body.id, collectionSlug };
    // The customer's cart and wishlist hold the anchor's variant; a guest's cart (its cookie) too.
    const variantId = (await send(HOSTS[t], undefined, 'GET', `/products/${first}`)).body.variants[0].id as string;
    own(t, variantId);
    const customer = (method: string, path: string, body?: unknown) => send(HOSTS[t], tokenOf(t, 'customer'), method, path, body);
    expect((await customer('POST', '/cart/lines', { productId: first, variantId })).status).toBe(200);
    expect((await customer('PUT', `/wishlist/items/${variantId}`, { productId: first })).status).toBe(204);
    const guest = await send(HOSTS[t], undefined, 'POST', '/cart/lines', { productId: first, variantId, quantity: 2 });
    const guestCart = /(?:^|;\s*)cart=([^;]+)/.exec(guest.headers?.get('set-cookie') ?? '')?.[1];
    expect(guestCart, 'a guest cart cookie').toEqual(expect.any(String));
    owned[t].shopping = { variantId, guestCart: guestCart! };
    own(t, guestCart);
    for (const id of [category.body.id, collection.body.id, categorySlug, collectionSlug]) own(t, id);
    // A custom domain, verified through the local DNS stand-in: its record (`custom-domain`) and its claim.
    const added = await admin('POST', '/admin/domains', { domain: proofDomain(t) });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    own(t, added.body.verification.value);
    p.localDns!.set(added.body.verification.name, [added.body.verification.value]);
    const verified = await admin('POST', `/admin/domains/${proofDomain(t)}/verify`);
    expect(verified.body.status, JSON.stringify(verified.body)).toBe('verified');
    // A customer's order of the anchor, its payment pending: the order, its three indexes, its payment's platform pointer.
    const settings = (await admin('GET', '/admin/settings')).body;
    expect(
      (
        await admin('PUT', '/admin/settings', {
          ...settings,
          shippingRates: [{ id: 'standard', name: 'Standard', price: 500, minSubtotal: null }],
          reviewsFrom: 'customers',
        })
      ).status,
    ).toBe(200);
    // A discount code, used by that order: the discount, its code's claim, its use counters (all, and the buyer's).
    const discountCode = `PROOF-${t.toUpperCase()}`;
    const discount = await admin('POST', '/admin/discounts', proofDiscount(discountCode));
    expect(discount.status, JSON.stringify(discount.body)).toBe(201);
    owned[t].discount = { id: discount.body.id, code: discountCode };
    for (const id of [discount.body.id, discountCode]) own(t, id);
    // A customer group: the made customer in it (its member index), a price list of the anchor's variant.
    const group = await admin('POST', '/admin/customer-groups', { name: `${marker(t)}group` });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    own(t, group.body.id);
    const madeId = made.body.user.userId as string;
    own(t, madeId);
    const joined = await admin('PUT', `/admin/customers/${madeId}/group`, { groupId: group.body.id });
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    const groupPriced = await admin('PUT', `/admin/customer-groups/${group.body.id}/prices/${first}`, {
      currency: 'EUR',
      prices: { [variantId]: { price: 60, compareAtPrice: 100 } },
    });
    expect(groupPriced.status, JSON.stringify(groupPriced.body)).toBe(200);
    owned[t].customerGroup = { id: group.body.id, memberId: madeId, memberEmail: `made@${t}.test` };
    const ordered = await send(HOSTS[t], tokenOf(t, 'customer'), 'POST', '/checkout/orders', {
      discountCodes: [discountCode],
      email: `customer@${t}.test`,
      shippingAddress: { name: `${marker(t)}buyer`, line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
      shippingMethodId: 'standard',
      lines: [{ productId: first, variantId, quantity: 1 }],
      card: { number: TEST_CARDS.pending },
    });
    expect(ordered.status, JSON.stringify(ordered.body)).toBe(201);
    owned[t].order = { id: ordered.body.id, email: `customer@${t}.test`, paymentId: ordered.body.payment.id };
    for (const id of [ordered.body.id, ordered.body.payment.id, `${marker(t)}buyer`]) own(t, id);
    // A second order, paid at once: its invoice number (`invoice-counter`), and its PDF under the store's prefix once the customer downloads it.
    const paid = await send(HOSTS[t], tokenOf(t, 'customer'), 'POST', '/checkout/orders', {
      email: `customer@${t}.test`,
      shippingAddress: { name: `${marker(t)}buyer`, line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
      shippingMethodId: 'standard',
      lines: [{ productId: first, variantId, quantity: 1 }],
      card: { number: TEST_CARDS.succeeds },
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect(paid.body.invoice.number).toBe('INV-000001');
    expect((await send(HOSTS[t], tokenOf(t, 'customer'), 'GET', `/me/orders/${paid.body.id}/invoice`)).status).toBe(200);
    owned[t].paidOrder = { id: paid.body.id, email: `customer@${t}.test`, invoice: paid.body.invoice.number };
    for (const id of [paid.body.id, paid.body.payment.id]) own(t, id);
    // A review of the anchor by the customer (published at once), reported by another shopper.
    const reviewed = await customer('PUT', `/products/${first}/review`, { rating: 4, title: `${marker(t)}review`, text: 'Fits well.' });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    owned[t].review = { productId: first, reviewId: reviewed.body.id };
    own(t, reviewed.body.id);
    // The reporter is a shopper of the store other than the author (the proof's tokens have one customer per store).
    await p.reviews.report(tenantContext({ id: t, name: t, tier: 'basic', status: 'active' }), made.body.userId, first, reviewed.body.id);
    // A job (an export; no runner listens here, so it stays queued).
    const exported = await admin('POST', '/admin/exports', {});
    expect(exported.status, JSON.stringify(exported.body)).toBe(202);
    owned[t].jobs = [exported.body.id];
    own(t, exported.body.id);
    // A scheduled price change of the anchor's variant, far ahead: pending, so in the due index.
    const scheduled = await admin('POST', '/admin/price-changes', {
      productId: first,
      variantId,
      price: { amount: 5, currency: 'EUR' },
      startsAt: '2099-01-01T00:00:00Z',
    });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    owned[t].priceChanges = [scheduled.body.id];
    own(t, scheduled.body.id);
    // One cursor of every listing.
    for (const path of [
      '/admin/products?limit=1',
      '/products?limit=1',
      '/products?sort=price-asc&limit=1',
      '/products?sort=name&limit=1',
      '/admin/users?limit=1',
      `/admin/products/${first}/inventory/history?limit=1`,
    ]) {
      const page = await admin('GET', path);
      expect(page.body.nextCursor, path).toEqual(expect.any(String));
      owned[t].cursors.push({ path, cursor: page.body.nextCursor });
      own(t, page.body.nextCursor);
    }
  }
  // The notices follow the events, which the stream publishes (through the failing bus) after the commits.
  await p.streams.drain(120_000);
  await Promise.all(noticeRuns);
  await p.search.indexer.idle();
  expect(new Set(mailbox.list().map((m) => m.tenantId)), 'each store emailed its own admin').toEqual(new Set(TENANTS));
  for (let i = 0; i < 2; i++)
    expect((await send('platform.test', undefined, 'POST', '/platform/auth/login', { email: OPERATOR_EMAIL, password: 'wrong-password-1A!' })).status).toBe(
      401,
    );
  expect((await send('platform.test', operatorToken.token, 'GET', '/platform/tenants?limit=1')).status).toBe(200);
  // A store owner's sign-up, waiting for its code: the slug's claim (`platform-slug`).
  expect((await send('platform.test', undefined, 'POST', '/signup', PROOF_SIGNUP)).status).toBe(202);
  own('platform', PROOF_SIGNUP.email);
  expect(
    (
      await send('platform.test', operatorToken.token, IDEMPOTENT_OPERATOR_CALL.method, IDEMPOTENT_OPERATOR_CALL.path, undefined, {
        'idempotency-key': PROOF_IDEMPOTENCY_KEY,
      })
    ).status,
  ).toBe(200);
  // A store closed by an operator and restored at once: its offboarding, audit trail and the platform's outbox records.
  expect((await send('platform.test', operatorToken.token, 'POST', '/platform/tenants/gamma/offboard')).status).toBe(202);
  expect((await send('platform.test', operatorToken.token, 'POST', '/platform/tenants/gamma/restore')).status).toBe(200);
  await p.streams.drain(120_000);
  // Each store's metered usage written out: its day item (the `usage-day` family).
  await p.meter.flush();
}, 120_000);

afterAll(() => tokens?.close());

const tenantArb = fc.constantFrom(...TENANTS);
/** Mostly a store's own staff on its own domain (aiming at others' ids and cursors), often forged. */
const actorArb = fc.oneof(
  { weight: 6, arbitrary: tenantArb.map((t) => ({ host: t as Tenant | undefined, tokenTenant: t as Tenant | undefined })) },
  { weight: 2, arbitrary: fc.record({ host: tenantArb, tokenTenant: tenantArb }) },
  { weight: 1, arbitrary: fc.record({ host: fc.constant(undefined), tokenTenant: tenantArb }) },
  { weight: 1, arbitrary: fc.record({ host: tenantArb, tokenTenant: fc.constant(undefined) }) },
);
const opArb = fc.record({
  actor: actorArb,
  role: fc.constantFrom<Role>('admin', 'admin', 'clerk', 'customer'),
  kind: fc.constantFrom(
    'create',
    'read',
    'publicRead',
    'list',
    'publicList',
    'update',
    'adjust',
    'setLevel',
    'delete',
    'history',
    'listUsers',
    'setRole',
    'removeUser',
    'imageUpload',
    'imageDelete',
    'search',
    'staffSearch',
  ),
  userRole: fc.constantFrom('customer', 'clerk'),
  target: tenantArb,
  pick: fc.nat(),
  useCursor: fc.boolean(),
  delta: fc.integer({ min: -5, max: 5 }).filter((d) => d !== 0),
});
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

function request(op: Op, served: Tenant | undefined): readonly [string, string, unknown?] {
  const pool = owned[op.target].products;
  const id = pool.length ? pool[op.pick % pool.length]! : 'no-such-product';
  const cursorPool = owned[op.target].cursors.filter((c) =>
    c.path.startsWith(
      op.kind === 'listUsers' ? '/admin/users' : op.kind === 'list' ? '/admin/products?' : op.kind === 'history' ? '/admin/products/' : '/products',
    ),
  );
  const cursor = op.useCursor && cursorPool.length ? `&cursor=${encodeURIComponent(cursorPool[op.pick % cursorPool.length]!.cursor)}` : '';
  const image = owned[op.target].images[op.pick % owned[op.target].images.length]!;
  switch (op.kind) {
    case 'create': {
      const sku = `${(served ?? 'nobody').toUpperCase()}-P-${skuCounter++}`;
      return [
        'POST',
        '/admin/products',
        { name: `${served ? marker(served) : 'x-'}${skuCounter}`, sku, price: { amount: 100, currency: 'EUR' }, status: 'active', stock: 5 },
      ];
    }
    case 'read':
      return ['GET', `/admin/products/${id}`];
    case 'publicRead':
      return ['GET', `/products/${id}`];
    case 'list':
      return ['GET', `/admin/products?limit=3${cursor}`];
    case 'publicList':
      return ['GET', `/products?limit=3${cursor}`];
    case 'update':
      return ['PATCH', `/admin/products/${id}`, { description: 'changed' }];
    case 'adjust':
      return ['POST', `/admin/products/${id}/inventory/adjustments`, { delta: op.delta, reason: op.delta > 0 ? 'restock' : 'sale' }];
    case 'setLevel':
      return ['PUT', `/admin/products/${id}/inventory`, { stock: Math.abs(op.delta) }];
    case 'delete':
      return ['DELETE', `/admin/products/${id}`];
    case 'history':
      return ['GET', `/admin/products/${id}/inventory/history?limit=5${cursor}`];
    case 'listUsers':
      return ['GET', `/admin/users?limit=10${cursor}`];
    case 'setRole':
      return ['PUT', `/admin/users/${userIdFor(op.userRole as 'customer' | 'clerk', op.target)}/role`, { role: op.pick % 2 ? 'clerk' : 'customer' }];
    case 'imageUpload':
      return ['POST', `/admin/products/${id}/images/uploads`, { contentType: 'image/png', size: 100 }];
    case 'imageDelete':
      // Only ever aimed at another store's image (a store deleting its own would empty the S3 check).
      return ['DELETE', `/admin/products/${image.productId}/images/${image.imageId}`];
    case 'removeUser':
      return ['DELETE', `/admin/users/${userIdFor('customer', op.target)}`];
    // Another store's marker, or the store's own: either way only the served store's products may answer.
    case 'search':
      return ['GET', `/search?q=${encodeURIComponent(marker(op.target))}${op.useCursor ? '&inStock=true' : ''}`];
    case 'staffSearch':
      return ['GET', `/admin/search?q=${encodeURIComponent(marker(op.target))}&page=${(op.pick % 2) + 1}`];
  }
}

describe('cross-tenant isolation', () => {
  it('no response carries another store’s identities; every item fits a probed key family under its one owner', async () => {
    let operations = 0;
    let uploadTickets = 0;
    const statuses = new Map<number, number>();

    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: OPS_PER_RUN, maxLength: OPS_PER_RUN }), async (ops) => {
        for (const op of ops) {
          const { host, tokenTenant } = op.actor;
          const served: Tenant | undefined = host ?? tokenTenant;
          if (op.kind === 'imageDelete' && op.target === served) continue;
          const token = tokenTenant ? tokenOf(tokenTenant, op.role) : undefined;
          const [method, path, body] = request(op, served);
          const response = await send(host ? HOSTS[host] : 'api.unknown.test', token, method, path, body);
          operations++;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          inspect(
            response,
            served,
            `${op.actor.tokenTenant ?? 'anonymous'} ${op.role} on ${host ?? 'no host'}: ${method} ${path}`,
            `${path} ${JSON.stringify(body ?? '')}`,
          );
          // An upload ticket only ever points into the serving store's own prefix.
          if (op.kind === 'imageUpload' && response.status === 201) {
            if (!served || !String(response.body.key).startsWith(`tenants/${served}/products/`))
              leaks.push(`upload ticket ${response.body.key} served to ${served}`);
            uploadTickets++;
          }
          if (response.status >= 200 && response.status < 300 && served) {
            // Track what the served store really has, for later ops to aim at and the detector to look for.
            if (op.kind === 'create') {
              owned[served].products.push(response.body.id);
              owned[served].skus.push(response.body.sku);
              own(served, response.body.id);
              own(served, response.body.sku);
              own(served, response.body.name);
            }
            if (op.kind === 'delete') owned[served].products = owned[served].products.filter((i) => !path.includes(i));
            if (op.kind === 'history') for (const entry of response.body.items) own(served, entry.eventId);
            if (response.body?.nextCursor) {
              owned[served].cursors.push({ path: path.split('&cursor')[0]!, cursor: response.body.nextCursor });
              own(served, response.body.nextCursor);
            }
          }
        }
        expect(leaks).toEqual([]);
      }),
      { numRuns: RUNS, seed: 20261124, endOnFailure: true },
    );
    expect(collisions, 'one identity recorded for two owners').toEqual(new Set());

    // Every item's keys: each fits a registered family, all of one owner; identities are recorded from the keys.
    const checkTable = async () => {
      const items = await scanAll(p.table.tableName);
      const unregistered: string[] = [];
      const mixed: string[] = [];
      const seen = new Map<KeyFamilyName, number>();
      const owners = new Map<Record<string, unknown>, Tenant | 'platform'>();
      for (const item of items) {
        const { keys, unknown } = classifyItem(item);
        unregistered.push(...unknown);
        const itemOwners = new Set(keys.map((k) => k.owner));
        if (itemOwners.size > 1) mixed.push(`${String(item.PK)} ${String(item.SK)}: keys of ${[...itemOwners].join(' and ')}`);
        for (const key of keys) seen.set(key.family, (seen.get(key.family) ?? 0) + 1);
        const table = keys.find((k) => k.attribute === 'PK');
        if (!table) continue;
        const owner = table.owner as Tenant | 'platform';
        owners.set(item, owner);
        for (const id of PROBES[table.family]?.ids(item, spaceOf(String(item.PK))!.rest) ?? []) own(owner, id);
      }
      // No item holds another owner's identity; outbox events name their own store.
      const misplaced: string[] = [];
      for (const [item, owner] of owners) {
        // A payment's platform pointer names its store's order, and a store's offboarding, its audit records and the
        // platform outbox's events about it name its export job: that store's identities, and only that store's, are theirs to hold.
        const about = owner === 'platform' ? storeOfPlatformItem(item) : undefined;
        const foreign = foreignIn(JSON.stringify(item), owner).filter((word) => !(about !== undefined && ownerOf.get(word) === about));
        if (foreign.length) misplaced.push(`${String(item.PK)} ${String(item.SK)} holds ${foreign.map((w) => `${w} (${ownerOf.get(w)})`).join(', ')}`);
        // The platform's outbox carries events about stores whose own outbox is purged (offboarding): its by design.
        if (item.type === 'outbox' && owner !== 'platform' && (item.event as DomainEvent).detail.tenantId !== owner)
          misplaced.push(`outbox ${String(item.SK)} of ${owner} carries another store's event`);
      }
      expect(unregistered, 'keys that fit no family of src/adapters/dynamodb/key-families.ts').toEqual([]);
      expect(mixed).toEqual([]);
      expect(misplaced).toEqual([]);
      return { items, seen };
    };
    const { seen } = await checkTable();

    // Every family has a probe, and the set-up made an item of each, so each probe ran against real data.
    const families = Object.keys(KEY_FAMILIES) as KeyFamilyName[];
    expect(
      families.filter((f) => typeof PROBES[f]?.foreignRead !== 'function'),
      'key families without a foreign-read probe',
    ).toEqual([]);
    expect(
      families.filter((f) => !seen.has(f)),
      'registered families the proof never made an item of',
    ).toEqual([]);

    const probeLeaks = leaks.length;
    const context: ProofContext = {
      as: async (store, role, method, path, body, host, headers) => {
        const answer = await send(host ?? HOSTS[store as Tenant], role === 'visitor' ? undefined : tokenOf(store as Tenant, role), method, path, body, headers);
        inspect(answer, store as Tenant, `probe by ${store} ${role}: ${method} ${path}`, `${path} ${JSON.stringify(body ?? '')}`);
        if (method === 'POST' && path === '/admin/products' && answer.status === 201) own(store as Tenant, answer.body.id);
        return answer;
      },
      operator: (method, path, body, headers) => send('platform.test', operatorToken.token, method, path, body, headers),
      raw: async (host, token, method, path, body) => send(host, token, method, path, body),
      forgeWithJti: async (store, role, jti) => (await tokens.mint({ role, tenantId: store, sub: userIdFor(role, store), jti, record: false })).token,
      hostOf: (store) => HOSTS[store as Tenant],
      share: (value) => shared.add(value),
      owned: (store) => owned[store as Tenant],
      platform: { operatorEmail: OPERATOR_EMAIL, operatorUserId: userIdFor('operator'), tokenIds: [operatorToken.tokenId], token: operatorToken.token },
    };
    let probes = 0;
    for (const family of families) {
      for (const attacker of TENANTS) {
        for (const victim of TENANTS) {
          if (attacker === victim) continue;
          try {
            await PROBES[family].foreignRead(context, attacker, victim);
          } catch (error) {
            throw new Error(`probe of ${family} by ${attacker} against ${victim}: ${(error as Error).message}`, { cause: error });
          }
          probes++;
        }
      }
    }
    expect(leaks.slice(probeLeaks), 'leaks in probe answers').toEqual([]);
    const { items } = await checkTable();

    // Search: every store finds its own products and only its own, visitors and staff alike.
    await p.streams.drain(120_000);
    await p.search.indexer.idle();
    for (const t of TENANTS) {
      for (const [path, token] of [
        [`/search?q=${encodeURIComponent(marker(t))}`, undefined],
        [`/admin/search?q=${encodeURIComponent(marker(t))}`, tokenOf(t, 'admin')],
        ['/search?q=secret', undefined],
      ] as const) {
        const answer = await send(HOSTS[t], token, 'GET', path);
        expect(answer.status, path).toBe(200);
        const found = (answer.body.items as { productId: string }[]).map((i) => i.productId);
        expect(found.length, `${t} ${path}`).toBeGreaterThan(0);
        expect(
          found.filter((id) => ownerOf.get(id) !== t),
          `${t} ${path}: products of other stores`,
        ).toEqual([]);
      }
    }

    // Every object in the bucket lies under a product of its own store, or is the store's search index.
    const objects = (await p.media.s3.send(new ListObjectsV2Command({ Bucket: p.media.bucket }))).Contents ?? [];
    expect(objects.length).toBeGreaterThanOrEqual(TENANTS.length);
    const indexes = objects.filter((object) => /^tenants\/[a-z0-9-]+\/search\/index\.json\.gz$/.test(object.Key!));
    expect(indexes.map((object) => object.Key).sort()).toEqual(TENANTS.map((t) => `tenants/${t}/search/index.json.gz`));
    // Each store's one invoice, under its own prefix (the paid order of the set-up).
    const invoices = objects.filter((object) => /^tenants\/[a-z0-9-]+\/invoices\/INV-\d{6}\.pdf$/.test(object.Key!));
    expect(invoices.map((object) => object.Key).sort()).toEqual(TENANTS.map((t) => `tenants/${t}/invoices/INV-000001.pdf`));
    for (const object of objects.filter((o) => !indexes.includes(o) && !invoices.includes(o))) {
      const [, store, productId] = /^tenants\/([a-z0-9-]+)\/products\/([^/]+)\//.exec(object.Key!) ?? [];
      expect(store, object.Key).toBeDefined();
      expect(ownerOf.get(productId!), object.Key).toBe(store);
    }
    // No store could attach another's object to its own product.
    for (const attacker of TENANTS) {
      for (const victim of TENANTS.filter((t) => t !== attacker)) {
        const answer = await send(HOSTS[attacker], tokenOf(attacker, 'admin'), 'POST', `/admin/products/${owned[attacker].anchor}/images`, {
          key: owned[victim].images[0]!.key,
        });
        expect([400, 404, 422], JSON.stringify(answer.body)).toContain(answer.status);
      }
    }

    // Published from the table's stream through a bus failing every other call: each outbox event
    // goes out (retried from the stream), and under its own store.
    const pending = items.filter((i) => i.type === 'outbox');
    expect(pending.length, 'the run wrote events').toBeGreaterThan(50);
    await p.streams.drain(120_000);
    expect(p.streams.deadLetters).toEqual([]);
    const published = new Set(bus.delivered.map((e) => e.detail.eventId));
    expect(pending.filter((i) => !published.has((i.event as DomainEvent).detail.eventId))).toEqual([]);
    for (const event of bus.delivered) {
      const entity = (event.detail as { productId?: string }).productId;
      if (entity) expect(ownerOf.get(entity), `${event.detailType} ${event.detail.eventId}`).toBe(event.detail.tenantId);
    }

    console.log(
      `isolation: ${operations} operations by 3 stores with real-verifier tokens (${uploadTickets} upload tickets), ${ownerOf.size} identities recorded, ${leaks.length} leaks; ` +
        `${items.length} table items in ${seen.size} key families, ${probes} foreign-store probes, ${objects.length} S3 objects, ${pending.length} outbox items published from the stream through a failing bus; ` +
        `statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    expect(operations).toBeGreaterThanOrEqual(RUNS * OPS_PER_RUN * 0.9);
    // The detector works: stores do see their own recorded data.
    expect(ownDataSeen).toBeGreaterThan(1_000);
    expect(uploadTickets).toBeGreaterThan(30);
    expect(leaks).toEqual([]);
    expect(collisions, 'one identity recorded for two owners').toEqual(new Set());
  }, 600_000);
});

/** The store a platform item is about, where it is about one: a payment pointer, an offboarding, an audit record, a platform outbox event. */
function storeOfPlatformItem(item: Record<string, unknown>): string | undefined {
  if (item.type === 'payment') return String(item.tenantId);
  if (item.type === 'offboarding') return String((item.offboarding as { tenantId: string }).tenantId);
  if (item.type === 'audit') return String((item.audit as { tenantId: string }).tenantId);
  if (item.type === 'outbox') return (item.event as DomainEvent).detail.tenantId;
  return undefined;
}
