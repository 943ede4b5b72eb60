/**
 * Every kind of key the table holds, beside the builders in keys.ts so the two change together.
 * The isolation proof (test/proof/isolation.property.test.ts) classifies every item of its table
 * by this registry and fails on a key that fits no family, and on a family that has no
 * foreign-store probe (test/proof/key-family-probes.ts): a new kind of data cannot ship unproved.
 *
 * A family matches the part of a key after its space's prefix (`TENANT#<id>#` or `PLATFORM#`):
 * `item` families the table key (PK and SK), `index` families an index's partition key.
 */
export type KeySpace = 'tenant' | 'platform';

export type KeyFamily = {
  readonly space: KeySpace;
  readonly kind: 'item' | 'index';
  /** What the item is (its `type` attribute where it has one), or which index the key partitions. */
  readonly owner: string;
  readonly pk: RegExp;
  /** Item families only: the sort key, since one partition can hold several kinds of item. */
  readonly sk?: RegExp;
};

export const KEY_FAMILIES = {
  // After TENANT#<id>#: the store's own data.
  product: { space: 'tenant', kind: 'item', owner: 'product', pk: /^PRODUCT#[^#]+$/, sk: /^#PRODUCT$/ },
  // INV#<variantId>#<occurredAt>#<eventId>: a variant's trail in its product's partition.
  'inventory-entry': { space: 'tenant', kind: 'item', owner: 'inventory', pk: /^PRODUCT#[^#]+$/, sk: /^INV#[^#]+#[^#]+#[^#]+$/ },
  sku: { space: 'tenant', kind: 'item', owner: 'sku', pk: /^SKU#.+$/, sk: /^#SKU$/ },
  handle: { space: 'tenant', kind: 'item', owner: 'handle', pk: /^HANDLE#[a-z0-9]+(-[a-z0-9]+)*$/, sk: /^#HANDLE$/ },
  outbox: { space: 'tenant', kind: 'item', owner: 'outbox', pk: /^OUTBOX$/, sk: /^[^#]+#[^#]+$/ },
  user: { space: 'tenant', kind: 'item', owner: 'user', pk: /^USER#[^#]+$/, sk: /^#USER$/ },
  'user-stats': { space: 'tenant', kind: 'item', owner: 'user statistics (admin count)', pk: /^USERSTATS$/, sk: /^#STATS$/ },
  session: { space: 'tenant', kind: 'item', owner: 'session', pk: /^SESSION#(?!TOKEN#)[^#]+$/, sk: /^#SESSION$/ },
  'session-token': { space: 'tenant', kind: 'item', owner: 'session-token', pk: /^SESSION#TOKEN#.+$/, sk: /^#TOKEN$/ },
  rate: { space: 'tenant', kind: 'item', owner: 'rate', pk: /^RATE#[^#]+#[^#]+$/, sk: /^#\d+$/ },
  // The key is the client's (1–255 printable ASCII, `#` included); the caller's sub has no `#`.
  idempotency: { space: 'tenant', kind: 'item', owner: 'idempotency', pk: /^IDEMPOTENCY#[^#]+#.+$/s, sk: /^#IDEMPOTENCY$/ },
  notice: { space: 'tenant', kind: 'item', owner: 'notice', pk: /^NOTICE#[^#]+$/, sk: /^TO#[^#]+$/ },
  'usage-totals': { space: 'tenant', kind: 'item', owner: 'usage totals (plan counters)', pk: /^USAGE#TOTALS$/, sk: /^#TOTALS$/ },
  'usage-day': { space: 'tenant', kind: 'item', owner: 'usage of one day', pk: /^USAGE#\d{4}-\d{2}-\d{2}$/, sk: /^#DAY$/ },
  // A background job (import, export; src/jobs/).
  job: { space: 'tenant', kind: 'item', owner: 'job', pk: /^JOB#[A-Za-z0-9-]+$/, sk: /^#JOB$/ },
  // Categories and collections (groupingKeys in keys.ts).
  category: { space: 'tenant', kind: 'item', owner: 'category', pk: /^CATEGORIES$/, sk: /^CATEGORY#[^#]+$/ },
  'category-tree': { space: 'tenant', kind: 'item', owner: 'category tree (version, count)', pk: /^CATEGORIES$/, sk: /^#TREE$/ },
  collection: { space: 'tenant', kind: 'item', owner: 'collection', pk: /^COLLECTIONS$/, sk: /^COLLECTION#[^#]+$/ },
  'group-slug': { space: 'tenant', kind: 'item', owner: 'category or collection slug claim', pk: /^(?:CATSLUG|COLSLUG)#[^#]+$/, sk: /^#SLUG$/ },
  membership: {
    space: 'tenant',
    kind: 'item',
    owner: 'a product in a category or collection',
    pk: /^PRODUCT#[^#]+$/,
    sk: /^IN#(?:CATEGORY|COLLECTION)#[^#]+$/,
  },
  'listing-row': {
    space: 'tenant',
    kind: 'item',
    owner: 'a product card on a category or collection page',
    pk: /^(?:CATEGORY|COLLECTION)#[^#]+#CARDS$/,
    sk: /^[^#]*#[^#]+$/,
  },
  // Cart and wishlist (shoppingKeys in keys.ts): a cart per guest cookie or customer, saved variants, each variant's wishers.
  cart: { space: 'tenant', kind: 'item', owner: 'cart', pk: /^CART#(?:guest|customer)-[^#]+$/, sk: /^#CART$/ },
  'wishlist-entry': { space: 'tenant', kind: 'item', owner: 'wishlist', pk: /^WISHLIST#[^#]+$/, sk: /^VARIANT#[^#]+$/ },
  wisher: { space: 'tenant', kind: 'item', owner: 'a customer wishing a variant (back-in-stock emails)', pk: /^WISHED#[^#]+$/, sk: /^USER#[^#]+$/ },
  // Orders (orderKeys in keys.ts): the order, the store's list, its unpaid reservations, a customer's history.
  order: { space: 'tenant', kind: 'item', owner: 'order', pk: /^ORDER#[^#]+$/, sk: /^#ORDER$/ },
  'orders-index': { space: 'tenant', kind: 'index', owner: 'GSI1: the store’s orders, newest first', pk: /^ORDERS$/ },
  'reservations-index': { space: 'tenant', kind: 'index', owner: 'GSI2: unpaid orders holding stock, by expiry', pk: /^RESERVATIONS$/ },
  'customer-orders-index': { space: 'tenant', kind: 'index', owner: 'GSI3: a customer’s orders', pk: /^CUSTOMER#[^#]+#ORDERS$/ },
  'members-index': { space: 'tenant', kind: 'index', owner: 'GSI1: a category’s or collection’s products', pk: /^(?:CATEGORY|COLLECTION)#[^#]+#MEMBERS$/ },
  'products-index': { space: 'tenant', kind: 'index', owner: 'GSI1: all products, newest first', pk: /^PRODUCTS$/ },
  'active-index': { space: 'tenant', kind: 'index', owner: 'GSI2-5: active products by date, price, name, rating', pk: /^ACTIVE$/ },
  'users-index': { space: 'tenant', kind: 'index', owner: 'GSI1: users by email', pk: /^USERS$/ },
  'user-sessions-index': { space: 'tenant', kind: 'index', owner: 'GSI1: a user’s sessions', pk: /^SESSIONS#[^#]+$/ },
  // The last invoice and credit-note numbers issued (invoiceKeys in keys.ts), one item per series.
  'invoice-counter': { space: 'tenant', kind: 'item', owner: 'invoice and credit-note counters', pk: /^INVOICE#COUNTER$/, sk: /^#(?:INVOICE|CREDIT-NOTE)$/ },
  // Discounts (discountKeys in keys.ts): the store's discounts, code claims, use counters (all, and per buyer).
  discount: { space: 'tenant', kind: 'item', owner: 'discount', pk: /^DISCOUNTS$/, sk: /^DISCOUNT#[A-Za-z0-9-]+$/ },
  'discount-code': { space: 'tenant', kind: 'item', owner: 'discount code claim', pk: /^DISCOUNTCODE#[A-Z0-9_-]+$/, sk: /^#CODE$/ },
  'discount-uses': { space: 'tenant', kind: 'item', owner: 'a discount’s use counter', pk: /^DISCOUNT#[A-Za-z0-9-]+$/, sk: /^#USES$/ },
  'discount-buyer-uses': {
    space: 'tenant',
    kind: 'item',
    owner: 'a discount’s uses by one buyer',
    pk: /^DISCOUNT#[A-Za-z0-9-]+$/,
    sk: /^BUYER#[a-z]-[A-Za-z0-9-]+$/,
  },
  // A custom domain of the store, pending or verified (customDomainKeys in keys.ts): its token and certificate.
  'custom-domain': { space: 'tenant', kind: 'item', owner: 'custom domain', pk: /^DOMAINS$/, sk: /^DOMAIN#[a-z0-9.-]+$/ },
  // Scheduled price changes (priceChangeKeys in keys.ts): one item each, due-ordered on GSI2 while pending.
  'price-change': { space: 'tenant', kind: 'item', owner: 'scheduled price change', pk: /^PRICECHANGE#[A-Za-z0-9-]+$/, sk: /^#PRICECHANGE$/ },
  'price-changes-index': { space: 'tenant', kind: 'index', owner: 'GSI2: pending price changes by due time', pk: /^PRICECHANGES$/ },
  // Reviews (reviewKeys in keys.ts): the review, the reviewer's one-per-product claim, and its three sparse indexes.
  review: { space: 'tenant', kind: 'item', owner: 'review', pk: /^REVIEW#[A-Za-z0-9-]+$/, sk: /^#REVIEW$/ },
  reviewer: { space: 'tenant', kind: 'item', owner: 'a customer’s review of a product (one each)', pk: /^REVIEWER#[^#]+$/, sk: /^PRODUCT#[^#]+$/ },
  'product-reviews-index': { space: 'tenant', kind: 'index', owner: 'GSI1: a product’s published reviews, newest first', pk: /^PRODUCT#[^#]+#REVIEWS$/ },
  'review-queue-index': {
    space: 'tenant',
    kind: 'index',
    owner: 'GSI2: reviews by state (pending, published, rejected)',
    pk: /^REVIEWS#(?:PENDING|PUBLISHED|REJECTED)$/,
  },
  'reported-reviews-index': { space: 'tenant', kind: 'index', owner: 'GSI3: reported reviews awaiting an admin', pk: /^REVIEWS#REPORTED$/ },
  // Customer groups and their price lists (customerGroupKeys in keys.ts): the group, the store's groups, a group's members (GSI2 of user items), one item per (group, currency, product).
  'customer-group': { space: 'tenant', kind: 'item', owner: 'customer group', pk: /^GROUP#[A-Za-z0-9-]+$/, sk: /^#GROUP$/ },
  'customer-groups-index': { space: 'tenant', kind: 'index', owner: 'GSI1: the store’s customer groups', pk: /^GROUPS$/ },
  'group-members-index': { space: 'tenant', kind: 'index', owner: 'GSI2: the customers in a group, by email', pk: /^GROUP#[A-Za-z0-9-]+#MEMBERS$/ },
  'group-prices': {
    space: 'tenant',
    kind: 'item',
    owner: 'a product’s prices in a customer group’s list',
    pk: /^PRICELIST#[A-Za-z0-9-]+#[A-Z]{3}$/,
    sk: /^PRODUCT#[^#]+$/,
  },
  // After PLATFORM#: the registry of stores and the operators' own records.
  'platform-tenant': { space: 'platform', kind: 'item', owner: 'tenant', pk: /^TENANT#[a-z0-9-]+$/, sk: /^#TENANT$/ },
  'platform-domain': { space: 'platform', kind: 'item', owner: 'domain', pk: /^DOMAIN#[^#]+$/, sk: /^#DOMAIN$/ },
  'platform-operator': { space: 'platform', kind: 'item', owner: 'operator', pk: /^OPERATOR#[^#]+$/, sk: /^#OPERATOR$/ },
  'platform-session': { space: 'platform', kind: 'item', owner: 'session', pk: /^SESSION#(?!TOKEN#)[^#]+$/, sk: /^#SESSION$/ },
  'platform-session-token': { space: 'platform', kind: 'item', owner: 'session-token', pk: /^SESSION#TOKEN#.+$/, sk: /^#TOKEN$/ },
  'platform-rate': { space: 'platform', kind: 'item', owner: 'rate', pk: /^RATE#[^#]+#[^#]+$/, sk: /^#\d+$/ },
  'platform-idempotency': { space: 'platform', kind: 'item', owner: 'idempotency', pk: /^IDEMPOTENCY#[^#]+#.+$/s, sk: /^#IDEMPOTENCY$/ },
  // A slug held by a sign-up or used by a store, never removed (and a sign-up's one-time console hand-off on it).
  'platform-slug': { space: 'platform', kind: 'item', owner: 'slug claim', pk: /^SLUG#[a-z0-9-]+$/, sk: /^#SLUG$/ },
  // A payment's store and order, for its webhook (paymentKeys in keys.ts).
  'platform-payment': { space: 'platform', kind: 'item', owner: 'payment pointer', pk: /^PAYMENT#[^#]+$/, sk: /^#PAYMENT$/ },
  // A store's offboarding, its audit trail and the platform's outbox (offboardingKeys in keys.ts): they outlive the store.
  'platform-offboarding': { space: 'platform', kind: 'item', owner: 'offboarding', pk: /^OFFBOARDING#[a-z0-9-]+$/, sk: /^#OFFBOARDING$/ },
  'platform-audit': { space: 'platform', kind: 'item', owner: 'audit record', pk: /^AUDIT#[a-z0-9-]+$/, sk: /^[^#]+#[^#]+$/ },
  'platform-outbox': { space: 'platform', kind: 'item', owner: 'outbox', pk: /^OUTBOX$/, sk: /^[^#]+#[^#]+$/ },
  'platform-tenants-index': { space: 'platform', kind: 'index', owner: 'GSI1: stores by id', pk: /^TENANTS$/ },
  'platform-user-sessions-index': { space: 'platform', kind: 'index', owner: 'GSI1: an operator’s sessions', pk: /^SESSIONS#[^#]+$/ },
} as const satisfies Record<string, KeyFamily>;

export type KeyFamilyName = keyof typeof KEY_FAMILIES;

const TENANT_PREFIX = /^TENANT#([a-z0-9-]+)#(.*)$/s;
const PLATFORM_PREFIX = /^PLATFORM#(.*)$/s;

/** Whose a key is: a store (its id) or the platform, and the rest of the key after that prefix. */
export function spaceOf(key: string): { space: 'tenant'; tenantId: string; rest: string } | { space: 'platform'; rest: string } | undefined {
  const tenant = TENANT_PREFIX.exec(key);
  if (tenant) return { space: 'tenant', tenantId: tenant[1]!, rest: tenant[2]! };
  const platform = PLATFORM_PREFIX.exec(key);
  return platform ? { space: 'platform', rest: platform[1]! } : undefined;
}

export type KeyClass = { family: KeyFamilyName; owner: string | 'platform' };

function classify(kind: 'item' | 'index', pk: unknown, sk?: unknown): KeyClass | undefined {
  if (typeof pk !== 'string') return undefined;
  const where = spaceOf(pk);
  if (!where) return undefined;
  for (const [name, family] of Object.entries(KEY_FAMILIES) as [KeyFamilyName, KeyFamily][]) {
    if (family.kind !== kind || family.space !== where.space || !family.pk.test(where.rest)) continue;
    if (kind === 'item' && !(typeof sk === 'string' && family.sk!.test(sk))) continue;
    return { family: name, owner: where.space === 'tenant' ? where.tenantId : 'platform' };
  }
  return undefined;
}

export const INDEX_PARTITION_KEYS = ['GSI1PK', 'GSI2PK', 'GSI3PK', 'GSI4PK', 'GSI5PK'] as const;

/**
 * The families of an item's table key and of each index partition key it carries; `unknown`
 * lists the key attributes that fit no family (a proof must fail on any).
 */
export function classifyItem(item: Record<string, unknown>): { keys: (KeyClass & { attribute: string })[]; unknown: string[] } {
  const keys: (KeyClass & { attribute: string })[] = [];
  const unknown: string[] = [];
  const table = classify('item', item.PK, item.SK);
  if (table) keys.push({ ...table, attribute: 'PK' });
  else unknown.push(`PK=${String(item.PK)} SK=${String(item.SK)}`);
  for (const attribute of INDEX_PARTITION_KEYS) {
    if (item[attribute] === undefined) continue;
    const index = classify('index', item[attribute]);
    if (index) keys.push({ ...index, attribute });
    else unknown.push(`${attribute}=${String(item[attribute])}`);
  }
  return { keys, unknown };
}
