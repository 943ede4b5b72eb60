import { expect } from 'vitest';
import type { KeyFamilyName } from '../../src/adapters/dynamodb/key-families';

/**
 * For every key family of src/adapters/dynamodb/key-families.ts: how a store comes to have such an
 * item (the proof's set-up does each), which identities the item holds (recorded as its owner's, so
 * any response or item of another store that carries one is a leak), and how another store tries
 * to read or change it through the API. The isolation proof refuses to pass while a family lacks
 * an entry here.
 */
export type Store = string;
export type Role = 'customer' | 'clerk' | 'admin';
export type Answer = { status: number; body: any; headers?: Headers };

export type ProofContext = {
  /** A request as `role` of `store` (its token, its host unless `host` says otherwise); leak-checked by the caller. */
  as: (store: Store, role: Role | 'visitor', method: string, path: string, body?: unknown, host?: string, headers?: Record<string, string>) => Promise<Answer>;
  /** A request as the platform's operator on the platform host. */
  operator: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;
  /** A request with a raw token on a host (or none). */
  raw: (host: string, token: string | undefined, method: string, path: string, body?: unknown) => Promise<Answer>;
  /** A token of `store`'s `role` user carrying another token's `jti`, never recorded by the API. */
  forgeWithJti: (store: Store, role: Role, jti: string) => Promise<string>;
  hostOf: (store: Store) => string;
  /** An identity now legitimately held by more than one store (a SKU both use), no longer a sign of a leak. */
  share: (value: string) => void;
  owned: (store: Store) => Owned;
  platform: { operatorEmail: string; operatorUserId: string; tokenIds: string[]; token: string };
};

export type Owned = {
  /** A product the random operations never aim at: it keeps its image, history and cursors for the probes. */
  anchor: string;
  products: string[];
  skus: string[];
  users: { userId: string; email: string; role: Role }[];
  images: { productId: string; imageId: string; key: string }[];
  /** Cursors of the store's listings, by the path that handed them out. */
  cursors: { path: string; cursor: string }[];
  tokens: { role: Role; token: string; tokenId: string }[];
  /** A category and a collection holding the anchor (so it has memberships and listing rows). */
  groups?: { categoryId: string; categorySlug: string; collectionId: string; collectionSlug: string };
  /** The anchor's variant in the customer's cart and wishlist, and a guest's cart cookie holding it. */
  shopping?: { variantId: string; guestCart: string };
  /** An order of the store's customer, its payment still pending (so it holds stock and is in every order index). */
  order?: { id: string; email: string; paymentId: string };
  /** An order of the store's customer paid at once: it has an invoice number (and its PDF, downloaded once by the customer). */
  paidOrder?: { id: string; email: string; invoice: string };
  /** A job of the store (an export, queued). */
  jobs?: string[];
  /** A scheduled price change of the anchor's variant, due far ahead (so it stays pending). */
  priceChanges?: string[];
  /** A discount code of the store, used once by the customer's order (so it has its use counters). */
  discount?: { id: string; code: string };
  /** The customer's published review of the anchor, reported by another customer of the store. */
  review?: { productId: string; reviewId: string };
  /** A customer group with one member (the customer made through the API) and a price list of the anchor. */
  customerGroup?: { id: string; memberId: string; memberEmail: string };
};

export type FamilyProbe = {
  creates: string;
  ids: (item: Record<string, unknown>, rest: string) => string[];
  foreignRead: (ctx: ProofContext, attacker: Store, victim: Store) => Promise<void>;
};

/** The sign-up the proof's set-up makes on the platform's host, which leaves a held slug. */
export const PROOF_SIGNUP = {
  storeName: 'Proof Signup',
  slug: 'proof-signup',
  plan: 'basic',
  email: 'owner@proof-signup.example',
  password: 'Proof-Passw0rd-1',
} as const;

const last = (key: unknown) => String(key).slice(String(key).lastIndexOf('#') + 1);
const refusedOrEmpty = (answer: Answer) =>
  expect(answer.status === 404 || (answer.status === 200 && Array.isArray(answer.body.items) && answer.body.items.length === 0), JSON.stringify(answer)).toBe(
    true,
  );
const cursorOf = (o: Owned, path: string) => {
  const found = o.cursors.find((c) => c.path.startsWith(path));
  if (!found) throw new Error(`no cursor of ${path} recorded`);
  return found.cursor;
};

const shoppingOf = (ctx: ProofContext, store: Store) => {
  const shopping = ctx.owned(store).shopping;
  if (!shopping) throw new Error(`no cart or wishlist made for ${store}`);
  return { ...shopping, productId: ctx.owned(store).anchor };
};
const holds = (answer: Answer, variantId: string) => JSON.stringify(answer.body).includes(variantId);

const groupsOf = (ctx: ProofContext, store: Store) => {
  const groups = ctx.owned(store).groups;
  if (!groups) throw new Error(`no category or collection made for ${store}`);
  return groups;
};

/** Another store's cursor on the same listing is not ours to open: refused, never a page of theirs. */
async function foreignCursor(ctx: ProofContext, attacker: Store, victim: Store, path: string, role: Role | 'visitor' = 'admin') {
  const cursor = cursorOf(ctx.owned(victim), path);
  const answer = await ctx.as(attacker, role, 'GET', `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`);
  // 404 where the path names the victim's product (not the attacker's to page through at all).
  expect(answer.status, `${attacker} opened ${victim}'s cursor of ${path}`).toBe(path.startsWith('/admin/products/') ? 404 : 400);
}

/**
 * The one Idempotency-Key every store's admin (and the operator) used in the set-up, each with its
 * own request: the same key in two stores is two records, so none of them is a 422.
 */
/** The custom domain each store of the proof adds and verifies. */
export const proofDomain = (store: Store) => `shop.${store}.example`;

export const PROOF_IDEMPOTENCY_KEY = 'proof-idempotency-key';
export const idempotentCreate = (store: Store) => ({ name: `idempotent ${store}`, sku: `${store.toUpperCase()}-IDEM`, price: { amount: 7, currency: 'EUR' } });
export const IDEMPOTENT_OPERATOR_CALL = { method: 'POST', path: '/platform/tenants/alpha/resume' } as const;

/** The discount the proof's set-up creates in each store (a code, one use per customer). */
export const proofDiscount = (code: string) => ({
  title: `Proof ${code}`,
  method: 'code',
  code,
  effect: { type: 'percentage', percentBp: 1000 },
  target: { type: 'all' },
  minimum: { type: 'none' },
  startsAt: '2020-01-01T00:00:00.000Z',
  endsAt: null,
  usageLimit: 100,
  perCustomerLimit: 1,
  combinesWith: { product: false, order: false, shipping: true },
});

const discountOf = (ctx: ProofContext, store: Store) => {
  const discount = ctx.owned(store).discount;
  if (!discount) throw new Error(`no discount made for ${store}`);
  return discount;
};
const anchorLine = (ctx: ProofContext, store: Store) => {
  const shopping = ctx.owned(store).shopping;
  if (!shopping) throw new Error(`no cart made for ${store}`);
  return [{ productId: ctx.owned(store).anchor, variantId: shopping.variantId, quantity: 1 }];
};

const orderOf = (ctx: ProofContext, store: Store) => {
  const order = ctx.owned(store).order;
  if (!order) throw new Error(`no order placed in ${store}`);
  return order;
};

/** No order of the victim's in a listing the attacker reads (the leak check looks at every answer too). */
const noOrderOf = (answer: Answer, victimOrder: string) => {
  expect(answer.status).toBe(200);
  expect(JSON.stringify(answer.body)).not.toContain(victimOrder);
};

const reviewOf = (ctx: ProofContext, store: Store) => {
  const review = ctx.owned(store).review;
  if (!review) throw new Error(`no review written in ${store}`);
  return review;
};

/** No review of the victim's in a listing the attacker reads. */
const noReviewOf = (answer: Answer, victimReview: string) => {
  expect(answer.status).toBe(200);
  expect(JSON.stringify(answer.body)).not.toContain(victimReview);
};

const customerGroupOf = (ctx: ProofContext, store: Store) => {
  const group = ctx.owned(store).customerGroup;
  if (!group) throw new Error(`no customer group made for ${store}`);
  return group;
};

export const PROBES: Record<KeyFamilyName, FamilyProbe> = {
  'customer-group': {
    creates: 'POST /admin/customer-groups',
    ids: (item) => [String(item.id)],
    async foreignRead(ctx, attacker, victim) {
      const { id } = customerGroupOf(ctx, victim);
      expect((await ctx.as(attacker, 'admin', 'PATCH', `/admin/customer-groups/${id}`, { name: 'Taken' })).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/customer-groups/${id}`)).status).toBe(404);
      // Putting the attacker's own customer in the victim's group: no such group here.
      const own = customerGroupOf(ctx, attacker);
      expect((await ctx.as(attacker, 'admin', 'PUT', `/admin/customers/${own.memberId}/group`, { groupId: id })).status).toBe(404);
      // The attacker's token at the victim's host: refused before any group is read.
      expect((await ctx.as(attacker, 'admin', 'GET', `/admin/customer-groups/${id}/members`, undefined, ctx.hostOf(victim))).status).toBe(403);
    },
  },
  'customer-groups-index': {
    creates: 'POST /admin/customer-groups (GSI1: the store’s groups)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      const { id } = customerGroupOf(ctx, victim);
      const listed = await ctx.as(attacker, 'admin', 'GET', '/admin/customer-groups');
      expect(listed.status).toBe(200);
      expect(JSON.stringify(listed.body)).not.toContain(id);
    },
  },
  'group-members-index': {
    creates: 'PUT /admin/customers/:userId/group (GSI2 of the member’s user item)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      const { id, memberId } = customerGroupOf(ctx, victim);
      expect((await ctx.as(attacker, 'admin', 'GET', `/admin/customer-groups/${id}/members`)).status).toBe(404);
      // The victim's member, named by id or found by email from the attacker's store: not there.
      expect((await ctx.as(attacker, 'admin', 'PUT', `/admin/customers/${memberId}/group`, { groupId: null })).status).toBe(404);
      const found = await ctx.as(attacker, 'admin', 'GET', '/admin/customers?email=made');
      expect(found.status).toBe(200);
      expect(JSON.stringify(found.body)).not.toContain(memberId);
    },
  },
  'group-prices': {
    creates: 'PUT /admin/customer-groups/:groupId/prices/:productId',
    ids: (item) => [String(item.groupId)],
    async foreignRead(ctx, attacker, victim) {
      const { id } = customerGroupOf(ctx, victim);
      const anchor = ctx.owned(victim).anchor;
      expect((await ctx.as(attacker, 'admin', 'GET', `/admin/customer-groups/${id}/prices?currency=EUR`)).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/customer-groups/${id}/prices/${anchor}?currency=EUR`)).status).toBe(404);
      // The victim's product in the attacker's own group's list: no such product here.
      const own = customerGroupOf(ctx, attacker);
      const variantId = ctx.owned(victim).shopping?.variantId ?? 'x';
      const aimed = await ctx.as(attacker, 'admin', 'PUT', `/admin/customer-groups/${own.id}/prices/${anchor}`, {
        currency: 'EUR',
        prices: { [variantId]: { price: 1 } },
      });
      expect(aimed.status).toBe(404);
    },
  },
  review: {
    creates: 'PUT /products/:id/review (a customer’s review, published at once)',
    ids: (item) => [last(item.PK)],
    async foreignRead(ctx, attacker, victim) {
      const { productId, reviewId } = reviewOf(ctx, victim);
      expect((await ctx.as(attacker, 'admin', 'PUT', `/admin/reviews/${reviewId}/status`, { status: 'rejected', version: 1 })).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/reviews/${reviewId}`)).status).toBe(404);
      expect((await ctx.as(attacker, 'customer', 'PUT', `/products/${productId}/reviews/${reviewId}/report`)).status).toBe(404);
      // The victim's host with the attacker's token: the store's re-check refuses it.
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/reviews/${reviewId}`, undefined, ctx.hostOf(victim))).status).toBe(403);
      expect(JSON.stringify((await ctx.as(victim, 'visitor', 'GET', `/products/${productId}/reviews`)).body)).toContain(reviewId);
    },
  },
  reviewer: {
    creates: 'PUT /products/:id/review (the customer’s one review of the product)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      const { productId } = reviewOf(ctx, victim);
      expect((await ctx.as(attacker, 'customer', 'GET', `/products/${productId}/review`)).status).toBe(404);
      expect((await ctx.as(attacker, 'customer', 'DELETE', `/products/${productId}/review`)).status).toBe(404);
      expect((await ctx.as(attacker, 'customer', 'PUT', `/products/${productId}/review`, { rating: 1, title: 'Taken over', text: 'Taken over' })).status).toBe(
        404,
      );
      expect((await ctx.as(victim, 'customer', 'GET', `/products/${productId}/review`)).status).toBe(200);
    },
  },
  'product-reviews-index': {
    creates: 'PUT /products/:id/review, published (GSI1: the product page’s reviews)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      const { productId } = reviewOf(ctx, victim);
      expect((await ctx.as(attacker, 'visitor', 'GET', `/products/${productId}/reviews`)).status).toBe(404);
    },
  },
  'review-queue-index': {
    creates: 'every review (GSI2: the console’s lists by state)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      for (const status of ['pending', 'published', 'rejected'])
        noReviewOf(await ctx.as(attacker, 'admin', 'GET', `/admin/reviews?status=${status}&limit=100`), reviewOf(ctx, victim).reviewId);
    },
  },
  'reported-reviews-index': {
    creates: 'PUT /products/:id/reviews/:reviewId/report (GSI3: flagged for the admins)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      noReviewOf(await ctx.as(attacker, 'admin', 'GET', '/admin/reviews?status=reported&limit=100'), reviewOf(ctx, victim).reviewId);
    },
  },
  order: {
    creates: 'POST /checkout/orders (a customer’s order, payment pending)',
    ids: (item) => [last(item.PK)],
    async foreignRead(ctx, attacker, victim) {
      const order = orderOf(ctx, victim);
      for (const role of ['admin', 'clerk'] as const) expect((await ctx.as(attacker, role, 'GET', `/admin/orders/${order.id}`)).status).toBe(404);
      expect((await ctx.as(attacker, 'customer', 'GET', `/me/orders/${order.id}`)).status).toBe(404);
      // The number and the right email, asked at the wrong store: no such order there.
      expect((await ctx.as(attacker, 'visitor', 'POST', '/orders/lookup', { number: order.id, email: order.email })).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'POST', `/admin/orders/${order.id}/notes`, { text: 'taken over' })).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'POST', `/admin/orders/${order.id}/fulfilments`, { lines: [{ variantId: 'any', quantity: 1 }] })).status).toBe(
        404,
      );
      // The victim's host with the attacker's token: the store's re-check refuses it.
      expect((await ctx.as(attacker, 'admin', 'GET', `/admin/orders/${order.id}`, undefined, ctx.hostOf(victim))).status).toBe(403);
    },
  },
  'orders-index': {
    creates: 'POST /checkout/orders (GSI1: every order of the store)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      noOrderOf(await ctx.as(attacker, 'admin', 'GET', '/admin/orders?limit=100'), orderOf(ctx, victim).id);
      noOrderOf(await ctx.as(attacker, 'admin', 'GET', `/admin/orders?q=${encodeURIComponent(orderOf(ctx, victim).email)}`), orderOf(ctx, victim).id);
    },
  },
  'reservations-index': {
    creates: 'POST /checkout/orders with a pending payment (GSI2: held until paid or expired)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      // No route reads reservations; the only way to give the stock back is the order's own, which another store does not reach.
      const order = orderOf(ctx, victim);
      expect((await ctx.as(attacker, 'admin', 'POST', `/admin/orders/${order.id}/cancel`, { restock: true })).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'POST', `/admin/orders/${order.id}/refund`, { restock: true })).status).toBe(404);
    },
  },
  'invoice-counter': {
    creates: 'POST /checkout/orders paid at once (the invoice number is taken in the paying transaction)',
    // The counter holds a number every store has (each starts at 1): not an identity.
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      const paid = ctx.owned(victim).paidOrder;
      if (!paid) throw new Error(`no paid order in ${victim}`);
      // The victim's invoice by every way in, asked at the attacker's store: no such order there.
      expect((await ctx.as(attacker, 'admin', 'GET', `/admin/orders/${paid.id}/invoice`)).status).toBe(404);
      expect((await ctx.as(attacker, 'clerk', 'GET', `/admin/orders/${paid.id}/invoice?document=credit-note`)).status).toBe(404);
      expect((await ctx.as(attacker, 'customer', 'GET', `/me/orders/${paid.id}/invoice`)).status).toBe(404);
      expect((await ctx.as(attacker, 'visitor', 'POST', '/orders/lookup/invoice', { number: paid.id, email: paid.email })).status).toBe(404);
      // At the victim's host with the attacker's token: refused before any order is read.
      expect((await ctx.as(attacker, 'admin', 'GET', `/admin/orders/${paid.id}/invoice`, undefined, ctx.hostOf(victim))).status).toBe(403);
    },
  },
  'customer-orders-index': {
    creates: 'POST /checkout/orders by a signed-in customer (GSI3: their history)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      noOrderOf(await ctx.as(attacker, 'customer', 'GET', '/me/orders?limit=100'), orderOf(ctx, victim).id);
      expect((await ctx.as(attacker, 'customer', 'GET', '/me/orders', undefined, ctx.hostOf(victim))).status).toBe(403);
    },
  },
  'platform-payment': {
    creates: 'POST /checkout/orders (the payment’s pointer to its store and order, for the webhook)',
    // The payment id is the order's too (it is on the order): not a platform identity of its own.
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      const { paymentId } = orderOf(ctx, victim);
      const body = JSON.stringify({ id: 'evt_forged', type: 'payment.succeeded', paymentId });
      // A store's host has no webhook; on the platform's host a notice not signed by the provider is refused.
      expect((await ctx.as(attacker, 'visitor', 'POST', '/platform/payments/webhook', body)).status).toBe(404);
      const forged = await ctx.as(attacker, 'visitor', 'POST', '/platform/payments/webhook', body, 'platform.test', {
        'payment-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
      });
      expect(forged.status).toBe(400);
      expect((await ctx.as(victim, 'admin', 'GET', `/admin/orders/${orderOf(ctx, victim).id}`)).body.status).toBe('placed');
    },
  },
  product: {
    creates: 'POST /admin/products',
    ids: (item) => [last(item.PK), String(item.name)],
    async foreignRead(ctx, attacker, victim) {
      const id = ctx.owned(victim).anchor;
      expect((await ctx.as(attacker, 'admin', 'GET', `/admin/products/${id}`)).status).toBe(404);
      expect((await ctx.as(attacker, 'visitor', 'GET', `/products/${id}`)).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'PATCH', `/admin/products/${id}`, { description: 'taken over' })).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/products/${id}`)).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'POST', `/admin/products/${id}/images/uploads`, { contentType: 'image/png', size: 10 })).status).toBe(404);
    },
  },
  'inventory-entry': {
    creates: 'POST /admin/products (stock), POST …/inventory/adjustments, PUT …/inventory',
    ids: (item) => [last(item.SK)],
    async foreignRead(ctx, attacker, victim) {
      const id = ctx.owned(victim).anchor;
      refusedOrEmpty(await ctx.as(attacker, 'admin', 'GET', `/admin/products/${id}/inventory/history`));
      await foreignCursor(ctx, attacker, victim, `/admin/products/${id}/inventory/history`);
    },
  },
  sku: {
    creates: 'POST /admin/products (its SKU claim)',
    ids: (item) => [String(item.PK).slice(String(item.PK).indexOf('#SKU#') + 5)],
    async foreignRead(ctx, attacker, victim) {
      // A store's SKU claims are its own: another store may use the same SKU, and learns nothing.
      const sku = ctx.owned(victim).skus.at(-1)!;
      ctx.share(sku);
      const created = await ctx.as(attacker, 'admin', 'POST', '/admin/products', { name: 'same sku', sku, price: { amount: 1, currency: 'EUR' } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/products/${created.body.id}`)).status).toBe(204);
    },
  },
  handle: {
    creates: 'POST /admin/products (its handle claim)',
    ids: (item) => [String(item.productId)],
    async foreignRead(ctx, attacker, victim) {
      // A store's handles are its own: another store may take the same handle, and learns nothing
      // of the product holding it (the claim names it by id, which no answer of the attacker's shows).
      const handle = (await ctx.as(victim, 'admin', 'GET', `/admin/products/${ctx.owned(victim).anchor}`)).body.handle as string;
      ctx.share(handle);
      const created = await ctx.as(attacker, 'admin', 'POST', '/admin/products', {
        name: 'same handle',
        handle,
        sku: `H-${crypto.randomUUID().slice(0, 8)}`,
        price: { amount: 1, currency: 'EUR' },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.handle).toBe(handle);
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/products/${created.body.id}`)).status).toBe(204);
    },
  },
  outbox: {
    creates: 'every product or stock change, left there while the bus fails',
    ids: (item) => [last(item.SK)],
    async foreignRead(ctx, attacker, victim) {
      // The outbox has no route; changing another store's product is how one would write to it.
      const id = ctx.owned(victim).anchor;
      expect((await ctx.as(attacker, 'admin', 'POST', `/admin/products/${id}/inventory/adjustments`, { delta: 1, reason: 'restock' })).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'PUT', `/admin/products/${id}/inventory`, { stock: 0 })).status).toBe(404);
    },
  },
  notice: {
    creates: 'a stock change to 0 or under the low-stock threshold: the inventory consumer emails the admins and records each notice',
    ids: (item) => [String(item.eventId)],
    async foreignRead(ctx, attacker, victim) {
      // Notices have no route: the only way to one is a stock change of the store's product, which another store cannot make.
      const id = ctx.owned(victim).anchor;
      expect((await ctx.as(attacker, 'clerk', 'PUT', `/admin/products/${id}/inventory`, { stock: 0 })).status).toBe(404);
      // The mailbox page is npm start's alone: the deployed app has no such route on any host.
      expect((await ctx.as(attacker, 'admin', 'GET', '/dev/mailbox')).status).toBe(404);
    },
  },
  user: {
    creates: 'POST /admin/users, seeding, sign-up',
    ids: (item) => [String(item.userId), String(item.email)],
    async foreignRead(ctx, attacker, victim) {
      // The user made through the API, whom the random operations never touch.
      const customer = ctx.owned(victim).users.find((u) => u.email.startsWith('made@'))!;
      expect((await ctx.as(attacker, 'admin', 'PUT', `/admin/users/${customer.userId}/role`, { role: 'clerk' })).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/users/${customer.userId}`)).status).toBe(404);
    },
  },
  'user-stats': {
    creates: 'creating, demoting or removing an admin',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      // Only a store's admin changes its admin count: another store's cannot demote or remove them.
      const admin = ctx.owned(victim).users.find((u) => u.role === 'admin')!;
      expect((await ctx.as(attacker, 'admin', 'PUT', `/admin/users/${admin.userId}/role`, { role: 'customer' })).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/users/${admin.userId}`)).status).toBe(404);
    },
  },
  session: {
    creates: 'signing in (here: a minted token recorded as a sign-in records it)',
    ids: (item) => [String(item.sessionId)],
    async foreignRead(ctx, attacker, victim) {
      // The victim's live session counts in the victim's store only.
      const { token } = ctx.owned(victim).tokens.find((t) => t.role === 'admin')!;
      expect((await ctx.raw(ctx.hostOf(attacker), token, 'GET', '/admin/products')).status).toBe(403);
      expect((await ctx.raw(ctx.hostOf(victim), token, 'GET', '/admin/products')).status).toBe(200);
    },
  },
  'session-token': {
    creates: 'every ID token the API hands out (sign-in, refresh, MFA)',
    ids: (item) => [last(item.PK)],
    async foreignRead(ctx, attacker, victim) {
      // A token of the attacker's store that carries a jti the victim's store issued has no link in the attacker's store.
      const { tokenId } = ctx.owned(victim).tokens.find((t) => t.role === 'admin')!;
      const forged = await ctx.forgeWithJti(attacker, 'admin', tokenId);
      expect((await ctx.raw(ctx.hostOf(attacker), forged, 'GET', '/admin/products')).status).toBe(401);
    },
  },
  rate: {
    creates: 'attempts at the account routes (sign-in failures, forgotten passwords)',
    // Its subject is a hashed email or address, which several stores may count alike: no identity of one store.
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      // The victim's admin account is over its failure limit at the victim's store; the same email at the attacker's store is counted apart.
      const admin = ctx.owned(victim).users.find((u) => u.role === 'admin')!;
      // The set-up's failures may have aged out of their window on a slow machine: fail again until
      // the victim's store refuses (bounded), so the attacker's answer below is measured while it does.
      let status = 0;
      for (let attempt = 0; attempt < 30 && status !== 429; attempt++) {
        status = (await ctx.as(victim, 'visitor', 'POST', '/auth/login', { email: admin.email, password: 'wrong-password-1A!' })).status;
      }
      expect(status).toBe(429);
      expect((await ctx.as(attacker, 'visitor', 'POST', '/auth/login', { email: admin.email, password: 'wrong-password-1A!' })).status).toBe(401);
    },
  },
  idempotency: {
    creates: 'a POST with an Idempotency-Key (the set-up creates a product with one in each store)',
    // The key is the same in every store by design; the caller's sub is already its store's.
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      const key = { 'idempotency-key': PROOF_IDEMPOTENCY_KEY };
      // The attacker's own request under the shared key replays the attacker's own answer, never the victim's.
      const own = await ctx.as(attacker, 'admin', 'POST', '/admin/products', idempotentCreate(attacker), undefined, key);
      expect(own.status, JSON.stringify(own.body)).toBe(201);
      expect(own.headers?.get('idempotent-replayed')).toBe('true');
      expect(own.body.sku).toBe(idempotentCreate(attacker).sku);
      // The victim's request under it, sent to the attacker's store, is the attacker's key reused (422), not the victim's replay.
      expect((await ctx.as(attacker, 'admin', 'POST', '/admin/products', idempotentCreate(victim), undefined, key)).status).toBe(422);
      // And at the victim's store the attacker's token is refused before any record is read.
      expect((await ctx.as(attacker, 'admin', 'POST', '/admin/products', idempotentCreate(victim), ctx.hostOf(victim), key)).status).toBe(403);
    },
  },
  'platform-idempotency': {
    creates: 'an operator POST with an Idempotency-Key',
    ids: () => [],
    async foreignRead(ctx, attacker) {
      const key = { 'idempotency-key': PROOF_IDEMPOTENCY_KEY };
      // A store's admin cannot reach the operators' records, on the platform host or their own.
      expect((await ctx.as(attacker, 'admin', IDEMPOTENT_OPERATOR_CALL.method, IDEMPOTENT_OPERATOR_CALL.path, undefined, 'platform.test', key)).status).toBe(
        403,
      );
      expect((await ctx.as(attacker, 'admin', IDEMPOTENT_OPERATOR_CALL.method, IDEMPOTENT_OPERATOR_CALL.path, undefined, undefined, key)).status).toBe(404);
      const replay = await ctx.operator(IDEMPOTENT_OPERATOR_CALL.method, IDEMPOTENT_OPERATOR_CALL.path, undefined, key);
      expect(replay.status).toBe(200);
      expect(replay.headers?.get('idempotent-replayed')).toBe('true');
    },
  },
  'usage-totals': {
    creates: 'every product and staff account (the plan counters, in the same transaction)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      // A store's usage page counts its own: the attacker's admin reads the attacker's, never the victim's.
      const own = await ctx.as(attacker, 'admin', 'GET', '/admin/usage');
      expect(own.status).toBe(200);
      expect(own.body.store).toBe(attacker);
      expect((await ctx.as(attacker, 'admin', 'GET', '/admin/plan', undefined, ctx.hostOf(victim))).status).toBe(403);
      expect((await ctx.as(attacker, 'admin', 'PUT', '/admin/plan', { plan: 'premium' }, ctx.hostOf(victim))).status).toBe(403);
      expect((await ctx.as(attacker, 'clerk', 'GET', '/admin/usage')).status).toBe(403);
    },
  },
  'usage-day': {
    creates: 'the usage meter’s flush after any store request',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      expect((await ctx.as(attacker, 'admin', 'GET', '/admin/usage', undefined, ctx.hostOf(victim))).status).toBe(403);
      expect((await ctx.as(attacker, 'admin', 'GET', '/admin/usage.csv', undefined, ctx.hostOf(victim))).status).toBe(403);
      // The operators' report of every store is not a store admin's, on either host.
      expect((await ctx.as(attacker, 'admin', 'GET', '/platform/usage', undefined, 'platform.test')).status).toBe(403);
      expect((await ctx.as(attacker, 'admin', 'GET', '/platform/usage')).status).toBe(404);
    },
  },
  job: {
    creates: 'starting an export or an import (POST /admin/exports, /admin/imports)',
    ids: (item) => [String(item.id)],
    async foreignRead(ctx, attacker, victim) {
      const [job] = ctx.owned(victim).jobs ?? [];
      if (!job) throw new Error(`no job made for ${victim}`);
      expect((await ctx.as(attacker, 'admin', 'GET', `/admin/jobs/${job}`)).status).toBe(404);
      // The victim's job id as an upload names the attacker's own (empty) import key, never the victim's file.
      expect((await ctx.as(attacker, 'admin', 'POST', '/admin/imports', { uploadId: job })).status).toBe(422);
    },
  },
  'price-change': {
    creates: 'POST /admin/price-changes',
    ids: (item) => [String(item.id)],
    async foreignRead(ctx, attacker, victim) {
      const [change] = ctx.owned(victim).priceChanges ?? [];
      if (!change) throw new Error(`no price change scheduled for ${victim}`);
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/price-changes/${change}`)).status).toBe(404);
      // Scheduling a change of the victim's product: no such product in the attacker's store.
      const anchor = ctx.owned(victim).anchor;
      const variantId = ctx.owned(victim).shopping?.variantId ?? 'x';
      const aimed = await ctx.as(attacker, 'admin', 'POST', '/admin/price-changes', {
        productId: anchor,
        variantId,
        price: { amount: 1, currency: 'EUR' },
        startsAt: '2099-01-01T00:00:00Z',
      });
      expect(aimed.status).toBe(422);
    },
  },
  'price-changes-index': {
    creates: 'POST /admin/price-changes (GSI2: pending changes by due time)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      const [change] = ctx.owned(victim).priceChanges ?? [];
      if (!change) throw new Error(`no price change scheduled for ${victim}`);
      const listed = await ctx.as(attacker, 'admin', 'GET', '/admin/price-changes?limit=100');
      expect(listed.status).toBe(200);
      expect(JSON.stringify(listed.body)).not.toContain(change);
    },
  },
  discount: {
    creates: 'POST /admin/discounts',
    ids: (item) => [String(item.id), String(item.code)],
    async foreignRead(ctx, attacker, victim) {
      const { id } = discountOf(ctx, victim);
      for (const role of ['admin', 'clerk'] as const) expect((await ctx.as(attacker, role, 'GET', `/admin/discounts/${id}`)).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'PUT', `/admin/discounts/${id}`, proofDiscount(`TAKEN-${attacker.toUpperCase()}`))).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/discounts/${id}`)).status).toBe(404);
      const listed = await ctx.as(attacker, 'admin', 'GET', '/admin/discounts');
      expect(listed.status).toBe(200);
      expect(JSON.stringify(listed.body)).not.toContain(id);
      // The attacker's token at the victim's host: refused before any discount is read.
      expect((await ctx.as(attacker, 'admin', 'GET', `/admin/discounts/${id}`, undefined, ctx.hostOf(victim))).status).toBe(403);
    },
  },
  'discount-code': {
    creates: 'POST /admin/discounts with a code (its claim)',
    ids: (item) => [String(item.discountId)],
    async foreignRead(ctx, attacker, victim) {
      // Typing another store's code at checkout: no such code here (the attacker typed it, so its echo is no leak).
      const { code } = discountOf(ctx, victim);
      ctx.share(code);
      const quoted = await ctx.as(attacker, 'customer', 'POST', '/checkout/quote', { lines: anchorLine(ctx, attacker), discountCodes: [code] });
      expect(quoted.status, JSON.stringify(quoted.body)).toBe(200);
      expect(quoted.body.discounts.rejected).toEqual([expect.objectContaining({ code, reason: 'unknown' })]);
      expect(quoted.body.discounts.applied).toEqual([]);
    },
  },
  'discount-uses': {
    creates: 'POST /checkout/orders with a code (the discount’s use counter)',
    ids: (item) => [last(item.PK)],
    async foreignRead(ctx, attacker, victim) {
      // Counters are read only through the store's own discounts: the victim's count stays theirs, and one.
      const { id } = discountOf(ctx, victim);
      expect((await ctx.as(attacker, 'admin', 'GET', `/admin/discounts/${id}`)).status).toBe(404);
      expect((await ctx.as(victim, 'admin', 'GET', `/admin/discounts/${id}`)).body.uses).toBe(1);
    },
  },
  'discount-buyer-uses': {
    creates: 'POST /checkout/orders with a code (one buyer’s uses of it)',
    ids: (item) => [String(item.PK).split('#').at(-1)!],
    async foreignRead(ctx, attacker, victim) {
      // The victim's code used at the attacker's store by the same-named customer: unknown there, whatever the victim's counter says.
      const { code } = discountOf(ctx, victim);
      ctx.share(code);
      const quoted = await ctx.as(attacker, 'customer', 'POST', '/checkout/quote', {
        email: `customer@${victim}.test`,
        lines: anchorLine(ctx, attacker),
        discountCodes: [code],
      });
      expect(quoted.body.discounts.rejected.map((r: { reason: string }) => r.reason)).toEqual(['unknown']);
    },
  },
  category: {
    creates: 'POST /admin/categories',
    ids: (item) => [last(item.SK), String(item.slug)],
    async foreignRead(ctx, attacker, victim) {
      const { categoryId, categorySlug } = groupsOf(ctx, victim);
      expect((await ctx.as(attacker, 'admin', 'GET', `/admin/categories/${categoryId}`)).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'PATCH', `/admin/categories/${categoryId}`, { version: 1, name: 'taken over' })).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/categories/${categoryId}`)).status).toBe(404);
      expect((await ctx.as(attacker, 'visitor', 'GET', `/categories/${categorySlug}`)).status).toBe(404);
    },
  },
  'category-tree': {
    creates: 'every category created, moved or removed (the tree’s version and count)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      // Another store's category is no parent in this store's tree.
      const { categoryId } = groupsOf(ctx, victim);
      const answer = await ctx.as(attacker, 'admin', 'POST', '/admin/categories', { name: 'child', slug: `child-of-${victim}`, parentId: categoryId });
      expect(answer.status, JSON.stringify(answer.body)).toBe(422);
    },
  },
  collection: {
    creates: 'POST /admin/collections',
    ids: (item) => [last(item.SK), String(item.slug)],
    async foreignRead(ctx, attacker, victim) {
      const { collectionId, collectionSlug } = groupsOf(ctx, victim);
      expect((await ctx.as(attacker, 'admin', 'GET', `/admin/collections/${collectionId}`)).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'PATCH', `/admin/collections/${collectionId}`, { version: 1, name: 'taken over' })).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'PUT', `/admin/collections/${collectionId}/products`, { version: 1, productIds: [] })).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/collections/${collectionId}`)).status).toBe(404);
      expect((await ctx.as(attacker, 'visitor', 'GET', `/collections/${collectionSlug}`)).status).toBe(404);
    },
  },
  'group-slug': {
    creates: 'POST /admin/categories, POST /admin/collections (their slug claims)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      // Slugs are claimed per store: another store may use the same one, and learns nothing.
      const { categorySlug } = groupsOf(ctx, victim);
      ctx.share(categorySlug);
      const created = await ctx.as(attacker, 'admin', 'POST', '/admin/categories', { name: 'same slug', slug: categorySlug });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/categories/${created.body.id}`)).status).toBe(204);
    },
  },
  membership: {
    creates: 'PUT /admin/products/:id/categories, a collection’s products',
    ids: (item) => [String(item.groupId)],
    async foreignRead(ctx, attacker, victim) {
      const id = ctx.owned(victim).anchor;
      expect((await ctx.as(attacker, 'admin', 'GET', `/admin/products/${id}/categories`)).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'PUT', `/admin/products/${id}/categories`, { categoryIds: [] })).status).toBe(404);
      // Nor can the attacker's own product join the victim's category.
      const own = ctx.owned(attacker).anchor;
      expect((await ctx.as(attacker, 'admin', 'PUT', `/admin/products/${own}/categories`, { categoryIds: [groupsOf(ctx, victim).categoryId] })).status).toBe(
        422,
      );
    },
  },
  'listing-row': {
    creates: 'an active product in a category or collection (the listing sync)',
    ids: (item) => [String(item.productId)],
    async foreignRead(ctx, attacker, victim) {
      const { categorySlug, collectionSlug } = groupsOf(ctx, victim);
      expect((await ctx.as(attacker, 'visitor', 'GET', `/categories/${categorySlug}?limit=1`)).status).toBe(404);
      expect((await ctx.as(attacker, 'visitor', 'GET', `/collections/${collectionSlug}?limit=1`)).status).toBe(404);
    },
  },
  cart: {
    creates: 'POST /cart/lines (a customer’s cart, and a guest’s named by its cookie)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      const { variantId, productId, guestCart } = shoppingOf(ctx, victim);
      // The victim's guest cookie at the attacker's store names no cart there (its key is under the attacker's store).
      const asGuest = await ctx.as(attacker, 'visitor', 'GET', '/cart/lines', undefined, undefined, { cookie: `cart=${guestCart}` });
      expect(asGuest.status).toBe(200);
      expect(asGuest.body.lines).toEqual([]);
      expect(holds(await ctx.as(attacker, 'customer', 'GET', '/cart/lines'), variantId)).toBe(false);
      // Nor can another store's variant go in a cart here, nor a line of the victim's be changed.
      expect((await ctx.as(attacker, 'customer', 'POST', '/cart/lines', { productId, variantId })).status).toBe(422);
      expect((await ctx.as(attacker, 'customer', 'PUT', `/cart/lines/${variantId}`, { quantity: 5 })).status).toBe(404);
      // And the victim's own token is refused on the attacker's host.
      expect((await ctx.as(victim, 'customer', 'GET', '/cart/lines', undefined, ctx.hostOf(attacker))).status).toBe(403);
    },
  },
  'wishlist-entry': {
    creates: 'PUT /wishlist/items/:variantId',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      const { variantId, productId } = shoppingOf(ctx, victim);
      expect(holds(await ctx.as(attacker, 'customer', 'GET', '/wishlist/items'), variantId)).toBe(false);
      expect((await ctx.as(attacker, 'customer', 'PUT', `/wishlist/items/${variantId}`, { productId })).status).toBe(404);
      expect((await ctx.as(attacker, 'customer', 'POST', `/wishlist/items/${variantId}/cart`)).status).toBe(404);
    },
  },
  wisher: {
    creates: 'PUT /wishlist/items/:variantId (beside the entry)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      const { variantId } = shoppingOf(ctx, victim);
      // Removing "the same" variant at the attacker's store finds nothing there: the victim still wishes it.
      expect((await ctx.as(attacker, 'customer', 'DELETE', `/wishlist/items/${variantId}`)).status).toBe(404);
      expect(holds(await ctx.as(victim, 'customer', 'GET', '/wishlist/items'), variantId)).toBe(true);
    },
  },
  'members-index': {
    creates: 'every membership (so removing a category or collection finds its products)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      // Removing the group is what walks its members: not another store's to do.
      const { categoryId, collectionId } = groupsOf(ctx, victim);
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/categories/${categoryId}`)).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/collections/${collectionId}`)).status).toBe(404);
    },
  },
  'products-index': {
    creates: 'POST /admin/products',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      await foreignCursor(ctx, attacker, victim, '/admin/products?limit=1', 'clerk');
    },
  },
  'active-index': {
    creates: 'an active product (POST or PATCH status: active)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      await foreignCursor(ctx, attacker, victim, '/products?limit=1', 'visitor');
      await foreignCursor(ctx, attacker, victim, '/products?sort=price-asc&limit=1', 'visitor');
      await foreignCursor(ctx, attacker, victim, '/products?sort=name&limit=1', 'visitor');
    },
  },
  'users-index': {
    creates: 'every user record',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      await foreignCursor(ctx, attacker, victim, '/admin/users?limit=1');
    },
  },
  'user-sessions-index': {
    creates: 'every session (so a password reset can end them all)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      // Ending all of a user's sessions goes through removing the user: not another store's to do.
      const admin = ctx.owned(victim).users.find((u) => u.role === 'admin')!;
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/users/${admin.userId}`)).status).toBe(404);
      const { token } = ctx.owned(victim).tokens.find((t) => t.role === 'admin')!;
      expect((await ctx.raw(ctx.hostOf(victim), token, 'GET', '/auth/me')).status).toBe(200);
    },
  },
  'platform-tenant': {
    creates: 'onboarding (POST /platform/tenants, seeding)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      expect((await ctx.as(attacker, 'admin', 'GET', `/platform/tenants/${victim}`, undefined, 'platform.test')).status).toBe(403);
      expect((await ctx.as(attacker, 'admin', 'POST', `/platform/tenants/${victim}/suspend`, undefined, 'platform.test')).status).toBe(403);
      expect((await ctx.as(attacker, 'admin', 'GET', `/platform/tenants/${victim}`)).status).toBe(404);
    },
  },
  'custom-domain': {
    creates: 'POST /admin/domains, then POST /admin/domains/:domain/verify once its TXT record is in (local) DNS',
    // The token proves the domain is the store's; the domain's name is public (and in the platform's domain map).
    ids: (item) => [String((item.domain as { token: string }).token)],
    async foreignRead(ctx, attacker, victim) {
      const domain = proofDomain(victim);
      const own = await ctx.as(attacker, 'admin', 'GET', '/admin/domains');
      expect(own.status).toBe(200);
      expect(own.body.items.map((d: { domain: string }) => d.domain)).toEqual([proofDomain(attacker)]);
      expect((await ctx.as(attacker, 'admin', 'POST', `/admin/domains/${domain}/verify`)).status).toBe(404);
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/domains/${domain}`)).status).toBe(404);
      // Verified by the victim: claimed, so the attacker cannot even start on it.
      expect((await ctx.as(attacker, 'admin', 'POST', '/admin/domains', { domain })).status).toBe(409);
      // It serves the victim's store: the attacker's token is refused there, a visitor sees the victim's store.
      expect((await ctx.as(attacker, 'admin', 'GET', '/admin/domains', undefined, domain)).status).toBe(403);
      const store = await ctx.as(attacker, 'visitor', 'GET', '/store', undefined, domain);
      expect(store.body.id).toBe(victim);
    },
  },
  'platform-domain': {
    creates: 'onboarding (each domain of the store)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      // The victim's domain serves the victim's store: the attacker's token is refused there.
      expect((await ctx.as(attacker, 'admin', 'GET', '/admin/products', undefined, ctx.hostOf(victim))).status).toBe(403);
      expect(
        (await ctx.as(attacker, 'admin', 'POST', '/admin/products', { name: 'x', sku: 'X-1', price: { amount: 1, currency: 'EUR' } }, ctx.hostOf(victim)))
          .status,
      ).toBe(403);
    },
  },
  'platform-operator': {
    creates: 'an operator enrolling TOTP',
    ids: (item) => [last(item.PK)],
    async foreignRead(ctx, attacker) {
      expect((await ctx.as(attacker, 'admin', 'POST', '/platform/auth/mfa/setup', { accessToken: 'x' }, 'platform.test')).status).toBe(403);
    },
  },
  'platform-session': {
    creates: 'an operator signing in',
    ids: (item) => [String(item.sessionId)],
    async foreignRead(ctx, attacker) {
      expect((await ctx.as(attacker, 'admin', 'GET', '/platform/tenants', undefined, 'platform.test')).status).toBe(403);
      // And the operator's session is no key to a store.
      expect((await ctx.raw(ctx.hostOf(attacker), ctx.platform.token, 'GET', '/admin/products')).status).toBe(403);
    },
  },
  'platform-session-token': {
    creates: 'every ID token handed out to an operator',
    ids: (item) => [last(item.PK)],
    async foreignRead(ctx, attacker) {
      const forged = await ctx.forgeWithJti(attacker, 'admin', ctx.platform.tokenIds[0]!);
      expect((await ctx.raw(ctx.hostOf(attacker), forged, 'GET', '/admin/products')).status).toBe(401);
    },
  },
  'platform-rate': {
    creates: 'attempts at the platform’s account routes',
    // Its subject is a hashed email or address, which several stores may count alike: no identity of one store.
    ids: () => [],
    async foreignRead(ctx, attacker) {
      const { operatorEmail } = ctx.platform;
      // Limited on the platform: the set-up's failures have used it up, unless its window turned since; then a few more do.
      let status = 0;
      for (let attempt = 0; attempt < 40 && status !== 429; attempt++)
        status = (await ctx.operator('POST', '/platform/auth/login', { email: operatorEmail, password: 'wrong-password-1A!' })).status;
      expect(status).toBe(429);
      expect((await ctx.as(attacker, 'visitor', 'POST', '/auth/login', { email: operatorEmail, password: 'wrong-password-1A!' })).status).toBe(401);
    },
  },
  'platform-slug': {
    creates: 'a store owner’s sign-up (the slug held for them)',
    ids: (item) => [String(item.email)],
    async foreignRead(ctx, attacker) {
      // The sign-up API is the platform's: a store's host does not have it.
      expect((await ctx.as(attacker, 'admin', 'GET', `/signup/slugs/${PROOF_SIGNUP.slug}`)).status).toBe(404);
      expect(
        (await ctx.as(attacker, 'visitor', 'POST', '/signup/confirm', { email: PROOF_SIGNUP.email, slug: PROOF_SIGNUP.slug, code: '123456' })).status,
      ).toBe(404);
      // On the platform's host the slug shows as held, never whose: the holder's email is in no answer (the leak check).
      const held = await ctx.as(attacker, 'visitor', 'GET', `/signup/slugs/${PROOF_SIGNUP.slug}`, undefined, 'platform.test');
      expect(held.body).toMatchObject({ available: false, reason: 'held' });
      // Another store's owner cannot take the hold, nor redeem a hand-off on their own host.
      const taken = await ctx.as(attacker, 'visitor', 'POST', '/signup', { ...PROOF_SIGNUP, email: `thief@${attacker}.test` }, 'platform.test');
      expect(taken.status).toBe(409);
      const redeem = await ctx.as(attacker, 'admin', 'POST', '/auth/session/handoff', { code: 'a'.repeat(43) }, undefined, {
        'x-csrf': '1',
        'sec-fetch-site': 'same-origin',
      });
      expect(redeem.status).toBe(401);
    },
  },
  'platform-offboarding': {
    creates: 'an operator offboarding a store (restored at once): POST /platform/tenants/:slug/offboard',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      // A store's admin sees its own offboarding only (or none), never another's.
      const own = await ctx.as(attacker, 'admin', 'GET', '/admin/offboarding');
      expect([200, 404]).toContain(own.status);
      if (own.status === 200) expect(own.body.tenantId).toBe(attacker);
      // The operators' routes are the platform's: a store's admin gets 403 there, 404 on a store host.
      expect((await ctx.as(attacker, 'admin', 'GET', `/platform/tenants/${victim}/offboarding`, undefined, 'platform.test')).status).toBe(403);
      expect((await ctx.as(attacker, 'admin', 'POST', `/platform/tenants/${victim}/offboard`, undefined, 'platform.test')).status).toBe(403);
      expect((await ctx.as(attacker, 'admin', 'GET', `/platform/tenants/${victim}/offboarding`)).status).toBe(404);
      // Typing another store's slug closes nothing: the slug must be the caller's own store's.
      expect((await ctx.as(attacker, 'admin', 'POST', '/admin/offboarding', { confirm: victim })).status).toBe(422);
      expect((await ctx.as(victim, 'visitor', 'GET', '/store')).status).toBe(200);
    },
  },
  'platform-audit': {
    creates: 'closing and restoring a store (one record each)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      // The audit trail is read by operators only (the offboarding's view and the platform's own tools).
      expect((await ctx.as(attacker, 'admin', 'POST', `/platform/tenants/${victim}/restore`, undefined, 'platform.test')).status).toBe(403);
      expect((await ctx.as(attacker, 'clerk', 'GET', '/admin/offboarding')).status).toBe(403);
    },
  },
  'platform-outbox': {
    creates: 'closing and restoring a store (OffboardingStarted, StoreRestored)',
    ids: () => [],
    async foreignRead(ctx, attacker, victim) {
      // No route reads the outbox; the stream publishes it. The nearest door is the operators' view of a store.
      expect((await ctx.as(attacker, 'customer', 'GET', `/platform/tenants/${victim}/offboarding`, undefined, 'platform.test')).status).toBe(403);
    },
  },
  'platform-tenants-index': {
    creates: 'onboarding',
    ids: () => [],
    async foreignRead(ctx, attacker) {
      expect((await ctx.as(attacker, 'admin', 'GET', '/platform/tenants', undefined, 'platform.test')).status).toBe(403);
    },
  },
  'platform-user-sessions-index': {
    creates: 'an operator’s sessions',
    ids: () => [],
    async foreignRead(ctx, attacker) {
      expect((await ctx.as(attacker, 'admin', 'DELETE', `/admin/users/${ctx.platform.operatorUserId}`)).status).toBe(404);
      expect((await ctx.operator('GET', '/platform/tenants')).status).toBe(200);
    },
  },
};
