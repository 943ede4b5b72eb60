import type { TenantContext } from '../../tenants/tenant';
import { tenantKeyPrefix } from '../../tenants/tenant';
import type { ReadAheadKey } from '../../shared/read-ahead';
import { trailingId, type ListingShape } from './cursor';

/** Every tenant key is built here, from a resolved tenant; nothing else concatenates `TENANT#`. */
export const tenantKeys = (tenant: TenantContext) => {
  const t = tenantKeyPrefix(tenant);
  return {
    product: (id: string) => ({ PK: `${t}PRODUCT#${id}`, SK: '#PRODUCT' }),
    sku: (sku: string) => ({ PK: `${t}SKU#${sku.toUpperCase()}`, SK: '#SKU' }),
    /** A handle's claim: the product that has it (handles are unique per store). */
    handle: (handle: string) => ({ PK: `${t}HANDLE#${handle}`, SK: '#HANDLE' }),
    /** One line of a variant's stock trail, in its product's partition (deleted with nothing: the trail outlives the product). */
    inventoryEntry: (productId: string, variantId: string, occurredAt: string, eventId: string) => ({
      PK: `${t}PRODUCT#${productId}`,
      SK: `INV#${variantId}#${occurredAt}#${eventId}`,
    }),
    outbox: (occurredAt: string, eventId: string) => ({ PK: `${t}OUTBOX`, SK: `${occurredAt}#${eventId}` }),
    outboxPartition: `${t}OUTBOX`,
    user: (userId: string) => ({ PK: `${t}USER#${userId}`, SK: '#USER' }),
    userList: `${t}USERS`,
    userStats: { PK: `${t}USERSTATS`, SK: '#STATS' },
    /** One rate-limit counter of the store for one subject (hashed) and window; removed by the table's TTL. */
    rateCounter: (rule: string, subject: string, windowStart: number) => ({ PK: `${t}RATE#${rule}#${subject}`, SK: `#${windowStart}` }),
    /** That an event's notice went to one recipient (or is being sent): redeliveries skip it; removed by the table's TTL. */
    notice: (eventId: string, recipientId: string) => ({ PK: `${t}NOTICE#${eventId}`, SK: `TO#${recipientId}` }),
    allProducts: `${t}PRODUCTS`,
    activeProducts: `${t}ACTIVE`,
    /** What the store holds against its plan (products, staff, image bytes), kept in the transactions that change it. */
    usageTotals: { PK: `${t}USAGE#TOTALS`, SK: '#TOTALS' },
    /** One day's metered usage of the store (requests, capacity, events, emails): the daily roll-up. */
    usageDay: (day: string) => ({ PK: `${t}USAGE#${day}`, SK: '#DAY' }),
    /** A background job of the store (src/jobs/): its state, progress, errors and checkpoint. */
    job: (jobId: string) => ({ PK: `${t}JOB#${jobId}`, SK: '#JOB' }),
  };
};

/**
 * Carts and wishlists (docs/architecture.md, "Cart and wishlist"): one item per cart (its id says
 * whose: `guest-<cookie id>` or `customer-<sub>`, src/shopping/cart.ts), a customer's wishlist as
 * one partition of saved variants, and per variant the customers wishing it (who to tell when it
 * is back in stock).
 */
export const shoppingKeys = (tenant: TenantContext) => {
  const t = tenantKeyPrefix(tenant);
  return {
    cart: (cartId: string) => ({ PK: `${t}CART#${cartId}`, SK: '#CART' }),
    wishlist: (sub: string) => `${t}WISHLIST#${sub}`,
    wishlistEntry: (sub: string, variantId: string) => ({ PK: `${t}WISHLIST#${sub}`, SK: `VARIANT#${variantId}` }),
    wishers: (variantId: string) => `${t}WISHED#${variantId}`,
    wisher: (variantId: string, sub: string) => ({ PK: `${t}WISHED#${variantId}`, SK: `USER#${sub}` }),
  };
};

export type GroupKind = 'category' | 'collection';
const GROUP = { category: 'CATEGORY', collection: 'COLLECTION' } as const;

/**
 * Categories and collections (docs/architecture.md, "Categories and collections"): all of a store's
 * categories (and the tree's guard item) in one partition, its collections in another, slug claims,
 * a product's memberships in the product's own partition (`IN#`, which `INV#` does not begin with),
 * and each group's listing rows, the storefront's one Query.
 */
export const groupingKeys = (tenant: TenantContext) => {
  const t = tenantKeyPrefix(tenant);
  return {
    categories: `${t}CATEGORIES`,
    categoryTree: { PK: `${t}CATEGORIES`, SK: '#TREE' },
    category: (id: string) => ({ PK: `${t}CATEGORIES`, SK: `CATEGORY#${id}` }),
    collections: `${t}COLLECTIONS`,
    collection: (id: string) => ({ PK: `${t}COLLECTIONS`, SK: `COLLECTION#${id}` }),
    group: (kind: GroupKind, id: string) =>
      kind === 'category' ? { PK: `${t}CATEGORIES`, SK: `CATEGORY#${id}` } : { PK: `${t}COLLECTIONS`, SK: `COLLECTION#${id}` },
    slug: (kind: GroupKind, slug: string) => ({ PK: `${t}${kind === 'category' ? 'CATSLUG' : 'COLSLUG'}#${slug}`, SK: '#SLUG' }),
    membership: (kind: GroupKind, groupId: string, productId: string) => ({ PK: `${t}PRODUCT#${productId}`, SK: `IN#${GROUP[kind]}#${groupId}` }),
    /** The product item and its memberships, without its inventory trail: `#PRODUCT` < `IN#…` < `IN#~` < `INV#`. */
    listingState: (productId: string) => ({ PK: `${t}PRODUCT#${productId}`, from: '#PRODUCT', to: 'IN#~' }),
    /** GSI1 of membership items: a group's products, whatever their status. */
    members: (kind: GroupKind, groupId: string) => `${t}${GROUP[kind]}#${groupId}#MEMBERS`,
    rows: (kind: GroupKind, groupId: string) => `${t}${GROUP[kind]}#${groupId}#CARDS`,
  };
};

/** The table key of an item a route reads ahead (src/shared/read-ahead.ts). */
export const readAheadTableKey = (tenant: TenantContext, key: ReadAheadKey) => {
  switch (key.kind) {
    case 'product':
      return tenantKeys(tenant).product(key.id);
    case 'cart':
      return shoppingKeys(tenant).cart(key.id);
  }
};

export const platformKeys = {
  tenant: (id: string) => ({ PK: `PLATFORM#TENANT#${id}`, SK: '#TENANT' }),
  domain: (domain: string) => ({ PK: `PLATFORM#DOMAIN#${domain}`, SK: '#DOMAIN' }),
  tenantList: 'PLATFORM#TENANTS',
  /** A platform rate-limit counter (operators' sign-in), as `tenantKeys().rateCounter`. */
  rateCounter: (rule: string, subject: string, windowStart: number) => ({ PK: `PLATFORM#RATE#${rule}#${subject}`, SK: `#${windowStart}` }),
  /** An operator's own record (their MFA enrolment); operators have no store to keep it in. */
  operator: (userId: string) => ({ PK: `PLATFORM#OPERATOR#${userId}`, SK: '#OPERATOR' }),
  /**
   * A slug's claim: held by a sign-up, then used by its store for good (src/signup/slug-claims.ts).
   * Never given the table's TTL attribute: nothing removes a used slug.
   */
  slug: (slug: string) => ({ PK: `PLATFORM#SLUG#${slug}`, SK: '#SLUG' }),
  /** Read (never written) by the readiness check: a GetItem that proves the table answers. */
  readinessProbe: { PK: 'PLATFORM#READINESS', SK: '#PROBE' },
};

/**
 * A store's custom domains (src/tenants/custom-domains/): all in one partition, so the console's
 * list is one Query; the claim that makes a verified one serve the store is `platformKeys.domain`.
 */
export const customDomainKeys = (tenant: TenantContext) => {
  const t = tenantKeyPrefix(tenant);
  return {
    partition: `${t}DOMAINS`,
    domain: (domain: string) => ({ PK: `${t}DOMAINS`, SK: `DOMAIN#${domain}` }),
  };
};

/**
 * Sign-in sessions the API issued, under the store's keys for its users (so the tenant-scoped
 * role reaches them and one BatchGetItem reads a user's record with their token's link) and under
 * `PLATFORM#` for operators: the session, one link per ID token handed out for it, and the
 * user's sessions (GSI1) so a password reset can end them all.
 */
export const sessionKeys = (space: TenantContext | 'platform') => {
  const p = space === 'platform' ? 'PLATFORM#' : tenantKeyPrefix(space);
  return {
    session: (sessionId: string) => ({ PK: `${p}SESSION#${sessionId}`, SK: '#SESSION' }),
    token: (tokenId: string) => ({ PK: `${p}SESSION#TOKEN#${tokenId}`, SK: '#TOKEN' }),
    userSessions: (userId: string) => `${p}SESSIONS#${userId}`,
  };
};

/**
 * Idempotency records (docs/architecture.md, "Idempotent writes"): under the store's keys for its
 * users, so the tenant-scoped role writes them in the effect's own transaction, and under
 * `PLATFORM#` for operators. The caller's `sub` is part of the key: keys are per caller.
 */
export const idempotencyKeys = (space: TenantContext | 'platform') => {
  const p = space === 'platform' ? 'PLATFORM#' : tenantKeyPrefix(space);
  return { record: (caller: string, key: string) => ({ PK: `${p}IDEMPOTENCY#${caller}#${key}`, SK: '#IDEMPOTENCY' }) };
};

/**
 * The key shape of every paged listing, which its cursors must fit. Index sort keys end in the
 * item's id, from which the item's table key (also part of an index's start key) is rebuilt.
 */
export const tenantListings = (tenant: TenantContext) => {
  const keys = tenantKeys(tenant);
  const onIndex = (listing: string, index: string, partition: string, tableKey: (id: string) => { PK: string; SK: string }): ListingShape => ({
    listing,
    partition: { attribute: `${index}PK`, value: partition },
    sort: { attribute: `${index}SK` },
    tableKey: (sort) => {
      const id = trailingId(sort);
      return id === undefined ? undefined : tableKey(id);
    },
  });
  return {
    /** Staff (all) and visitors (active) product lists, newest first. */
    products: (visibility: 'all' | 'active') =>
      visibility === 'active'
        ? onIndex('products:active', 'GSI2', keys.activeProducts, keys.product)
        : onIndex('products:all', 'GSI1', keys.allProducts, keys.product),
    /** The storefront's browse: `query` names the sort and whatever of the key condition depends on the request. */
    browse: (index: string, query: string) => onIndex(`browse:${query}`, index, keys.activeProducts, keys.product),
    /** One variant's audit trail; a cursor of one variant's history does not open another's. */
    inventoryHistory: (productId: string, variantId: string): ListingShape => ({
      listing: `inventory-history:${variantId}`,
      partition: { attribute: 'PK', value: keys.product(productId).PK },
      sort: { attribute: 'SK', prefix: `INV#${variantId}#` },
    }),
    users: onIndex('users', 'GSI1', keys.userList, keys.user),
    /** A category's or collection's cards, in the group's order. */
    groupCards: (kind: GroupKind, groupId: string): ListingShape => ({
      listing: `${kind}-cards`,
      partition: { attribute: 'PK', value: groupingKeys(tenant).rows(kind, groupId) },
      sort: { attribute: 'SK' },
    }),
  };
};

export const platformListings = {
  tenants: {
    listing: 'tenants',
    partition: { attribute: 'GSI1PK', value: platformKeys.tenantList },
    sort: { attribute: 'GSI1SK' },
    tableKey: (sort: string) => (trailingId(sort) === sort ? platformKeys.tenant(sort) : undefined),
  } satisfies ListingShape,
};

/**
 * Orders (docs/architecture.md, "Checkout and orders"): the order item, indexed for the store's
 * list (GSI1, newest first), for its unpaid reservations by expiry (GSI2, sparse: only while stock
 * is held unpaid, so the sweeper's Query reads nothing else) and for its customer's history (GSI3).
 */
export const orderKeys = (tenant: TenantContext) => {
  const t = tenantKeyPrefix(tenant);
  return {
    order: (orderId: string) => ({ PK: `${t}ORDER#${orderId}`, SK: '#ORDER' }),
    allOrders: `${t}ORDERS`,
    reservations: `${t}RESERVATIONS`,
    customerOrders: (userId: string) => `${t}CUSTOMER#${userId}#ORDERS`,
  };
};

/**
 * Where a payment's webhook finds its store: written in the order's own transaction, keyed by the
 * provider's payment id (a webhook carries no store Host, and its body names no store we trust).
 */
export const paymentKeys = { payment: (paymentId: string) => ({ PK: `PLATFORM#PAYMENT#${paymentId}`, SK: '#PAYMENT' }) };

export const orderListings = (tenant: TenantContext) => {
  const keys = orderKeys(tenant);
  const onIndex = (listing: string, index: string, partition: string): ListingShape => ({
    listing,
    partition: { attribute: `${index}PK`, value: partition },
    sort: { attribute: `${index}SK` },
    tableKey: (sort) => {
      const id = trailingId(sort);
      return id === undefined ? undefined : keys.order(id);
    },
  });
  return {
    all: (filter: string) => onIndex(`orders:${filter}`, 'GSI1', keys.allOrders),
    customer: (userId: string) => onIndex('customer-orders', 'GSI3', keys.customerOrders(userId)),
  };
};

/**
 * Invoice and credit-note counters (docs/invoices.md): one item per series in one partition per
 * store, holding the last number issued; the transaction that issues a document conditions on it.
 */
export const invoiceKeys = (tenant: TenantContext) => {
  const t = tenantKeyPrefix(tenant);
  return { counter: (series: 'invoice' | 'credit-note') => ({ PK: `${t}INVOICE#COUNTER`, SK: series === 'invoice' ? '#INVOICE' : '#CREDIT-NOTE' }) };
};

/**
 * Scheduled price changes (docs/pricing.md): one item each, indexed by when it is due (GSI2), so
 * the scheduled job's Query reads only what is due and admins list them soonest first. Applied
 * and cancelled changes are deleted: the index holds only what is still pending.
 */
export const priceChangeKeys = (tenant: TenantContext) => {
  const t = tenantKeyPrefix(tenant);
  const change = (id: string) => ({ PK: `${t}PRICECHANGE#${id}`, SK: '#PRICECHANGE' });
  const due = `${t}PRICECHANGES`;
  return {
    change,
    due,
    /** Index attributes of a change: due at `dueAt`, ordered by it then by id. */
    dueIndex: (dueAt: string, id: string) => ({ GSI2PK: due, GSI2SK: `${dueAt}#${id}` }),
    listing: {
      listing: 'price-changes',
      partition: { attribute: 'GSI2PK', value: due },
      sort: { attribute: 'GSI2SK' },
      tableKey: (sort: string) => {
        const id = trailingId(sort);
        return id === undefined ? undefined : change(id);
      },
    } satisfies ListingShape,
  };
};

/**
 * Offboarding (docs/offboarding.md): platform records, since they outlive the store's own keys.
 * The store's offboarding (state, grace period, purge checkpoint), its audit trail, and the
 * platform's outbox, where events about a store whose own outbox is being purged are written.
 */
export const offboardingKeys = {
  offboarding: (tenantId: string) => ({ PK: `PLATFORM#OFFBOARDING#${tenantId}`, SK: '#OFFBOARDING' }),
  audit: (tenantId: string, at: string, id: string) => ({ PK: `PLATFORM#AUDIT#${tenantId}`, SK: `${at}#${id}` }),
  auditPartition: (tenantId: string) => `PLATFORM#AUDIT#${tenantId}`,
  outbox: (at: string, eventId: string) => ({ PK: 'PLATFORM#OUTBOX', SK: `${at}#${eventId}` }),
};

/**
 * Discounts (docs/discounts.md): every discount of the store in one partition (the console's list
 * and checkout's read of the automatic ones are one Query; a store keeps at most MAX_DISCOUNTS),
 * a claim per code (codes are unique per store), and per discount its use counter and one counter
 * per buyer (a customer's id, or a hash of a guest's email), which checkout's transaction moves.
 */
export const discountKeys = (tenant: TenantContext) => {
  const t = tenantKeyPrefix(tenant);
  return {
    discounts: `${t}DISCOUNTS`,
    discount: (id: string) => ({ PK: `${t}DISCOUNTS`, SK: `DISCOUNT#${id}` }),
    code: (code: string) => ({ PK: `${t}DISCOUNTCODE#${code}`, SK: '#CODE' }),
    uses: (id: string) => ({ PK: `${t}DISCOUNT#${id}`, SK: '#USES' }),
    buyerUses: (id: string, buyer: string) => ({ PK: `${t}DISCOUNT#${id}`, SK: `BUYER#${buyer}` }),
  };
};

/**
 * Reviews (docs/reviews.md): the review under its own id, the reviewer's claim that makes it one
 * per customer and product (their reviews are one partition), and three sparse indexes: a
 * product's published reviews (GSI1, newest first: the product page's one Query), the console's
 * queues by state (GSI2) and the reported ones (GSI3, while flagged).
 */
export type ReviewState = 'pending' | 'published' | 'rejected';
export const reviewKeys = (tenant: TenantContext) => {
  const t = tenantKeyPrefix(tenant);
  return {
    review: (reviewId: string) => ({ PK: `${t}REVIEW#${reviewId}`, SK: '#REVIEW' }),
    reviewer: (customerId: string, productId: string) => ({ PK: `${t}REVIEWER#${customerId}`, SK: `PRODUCT#${productId}` }),
    productReviews: (productId: string) => `${t}PRODUCT#${productId}#REVIEWS`,
    queue: (state: ReviewState) => `${t}REVIEWS#${state.toUpperCase()}`,
    reported: `${t}REVIEWS#REPORTED`,
  };
};

export const reviewListings = (tenant: TenantContext) => {
  const keys = reviewKeys(tenant);
  const onIndex = (listing: string, index: string, partition: string): ListingShape => ({
    listing,
    partition: { attribute: `${index}PK`, value: partition },
    sort: { attribute: `${index}SK` },
    tableKey: (sort) => {
      const id = trailingId(sort);
      return id === undefined ? undefined : keys.review(id);
    },
  });
  return {
    product: (productId: string) => onIndex('product-reviews', 'GSI1', keys.productReviews(productId)),
    queue: (state: ReviewState) => onIndex(`reviews:${state}`, 'GSI2', keys.queue(state)),
    reported: onIndex('reviews:reported', 'GSI3', keys.reported),
  };
};

/**
 * Customer groups and their price lists (docs/pricing.md, "Customer groups"): the group under its
 * own id (GSI1: the store's groups, one Query), its members on GSI2 of their user items (sparse:
 * only customers in a group), and per (group, currency) one partition of price lists, an item per
 * product, so a catalog page's prices are one BatchGet and a product page's one GetItem.
 */
export const customerGroupKeys = (tenant: TenantContext) => {
  const t = tenantKeyPrefix(tenant);
  const members = (groupId: string) => `${t}GROUP#${groupId}#MEMBERS`;
  const user = (userId: string) => ({ PK: `${t}USER#${userId}`, SK: '#USER' });
  const priceList = (groupId: string, currency: string) => `${t}PRICELIST#${groupId}#${currency}`;
  return {
    group: (groupId: string) => ({ PK: `${t}GROUP#${groupId}`, SK: '#GROUP' }),
    groups: `${t}GROUPS`,
    /** Index attributes of a group item: listed among the store's groups. */
    groupIndex: (groupId: string) => ({ GSI1PK: `${t}GROUPS`, GSI1SK: groupId }),
    members,
    /** Index attributes of a customer's user item while they are in `groupId`, ordered by email. */
    memberIndex: (groupId: string, email: string, userId: string) => ({ GSI2PK: members(groupId), GSI2SK: `${email}#${userId}` }),
    priceList,
    productPrices: (groupId: string, currency: string, productId: string) => ({ PK: priceList(groupId, currency), SK: `PRODUCT#${productId}` }),
    memberListing: (groupId: string): ListingShape => ({
      listing: `group-members:${groupId}`,
      partition: { attribute: 'GSI2PK', value: members(groupId) },
      sort: { attribute: 'GSI2SK' },
      tableKey: (sort) => {
        const id = trailingId(sort);
        return id === undefined ? undefined : user(id);
      },
    }),
    priceListing: (groupId: string, currency: string): ListingShape => ({
      listing: `group-prices:${groupId}:${currency}`,
      partition: { attribute: 'PK', value: priceList(groupId, currency) },
      sort: { attribute: 'SK' },
    }),
  };
};
