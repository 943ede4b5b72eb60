import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TenantClientProvider } from '../adapters/dynamodb/client';
import type { CursorCodec } from '../adapters/dynamodb/cursor';
import { createDynamoCartRepository } from '../adapters/dynamodb/cart-repository';
import { createDynamoDiscountRepository } from '../adapters/dynamodb/discount-repository';
import { createDynamoDocumentCounters } from '../adapters/dynamodb/document-counters';
import type { GroupingRepository } from '../catalog/grouping-repository';
import { createDynamoOrderRepository } from '../adapters/dynamodb/order-repository';
import { createDynamoOutboxOnce } from '../adapters/dynamodb/outbox-once';
import { createDynamoWishlistRepository } from '../adapters/dynamodb/wishlist-repository';
import type { MediaStore } from '../catalog/media';
import type { PublicCatalogCache } from '../catalog/public-cache';
import type { CheckoutDiscounts } from '../discounts/checkout';
import { groupMemberships } from '../discounts/memberships';
import type { NestedCategory } from '../catalog/category-tree';
import type { PricedReads } from '../pricing/priced-reads';
import type { TenantContext } from '../tenants/tenant';
import { createDiscountService } from '../discounts/service';
import type { IdentityService } from '../identity/service';
import type { AuthThrottle } from '../identity/throttle';
import type { UserDirectory } from '../identity/directory';
import { createInvoiceService } from '../invoices/service';
import { forgettingOrderWrites } from '../orders/repository';
import { createOrderService } from '../orders/service';
import type { PaymentProvider } from '../payments/port';
import { createPaymentWebhook } from '../payments/webhook';
import { createPrivacyService } from '../privacy/service';
import { customerDataSources } from '../privacy/sources';
import { purchaseCheck } from '../reviews/purchases';
import { reviewDataSource } from '../reviews/privacy-source';
import type { ReviewService } from '../reviews/service';
import { createCartService } from '../shopping/cart-service';
import { createWishlistService } from '../shopping/wishlist-service';
import type { TenantRegistry } from '../tenants/registry';

/** What the shopping group takes from the services every cold start builds (src/platform.ts). */
export type ShoppingCore = {
  tenantClients: TenantClientProvider;
  platformClient: DynamoDBDocumentClient;
  tableName: string;
  cursors: CursorCodec;
  media: MediaStore;
  publicCache: PublicCatalogCache;
  groupingRepository: GroupingRepository;
  registry: TenantRegistry;
  payments: PaymentProvider;
  paymentWebhookSecret: string;
  reviews: ReviewService;
  directory: UserDirectory;
  identity: IdentityService;
  throttle: AuthThrottle;
  /** Group prices (docs/pricing.md) for every read that prices for a shopper: cart, wishlist, checkout. */
  pricedReads: PricedReads;
  /** The storefront's cached category tree: a discount on a category reaches its subcategories. */
  categoryTree: (tenant: TenantContext) => Promise<readonly NestedCategory[]>;
  now?: (() => Date) | undefined;
};

/**
 * The shopping route group's services: cart, wishlist, checkout and orders, discounts, invoices,
 * the payment webhook and customers' own data. Imported by the first request that needs one of
 * them (src/platform.ts, `lazyGroup`), so a visitor's catalog read never loads them (docs/architecture.md, "Lazy route groups").
 */
export function shoppingServices(core: ShoppingCore) {
  const { tenantClients, tableName, now } = core;
  const clock = now ? { now } : {};
  // Cart and wishlist (docs/architecture.md, "Cart and wishlist").
  const cartStore = createDynamoCartRepository({ clients: tenantClients, tableName });
  const imageUrl = (key: string) => core.media.publicUrl(key);
  const { pricedReads } = core;
  const carts = createCartService({ carts: cartStore, imageUrl, pricedReads });
  const wishlists = createDynamoWishlistRepository({ clients: tenantClients, tableName });
  const wishlist = createWishlistService({ wishlists, carts: cartStore, cart: carts, imageUrl, pricedReads });
  const orderStore = forgettingOrderWrites(
    createDynamoOrderRepository({ clients: tenantClients, platformClient: core.platformClient, tableName, cursors: core.cursors }),
    core.publicCache,
  );
  const documents = createDynamoDocumentCounters({ clients: tenantClients, tableName });
  // Discounts (docs/discounts.md): checkout reads them, the products' collections, and their categories with their
  // ancestors (from the storefront's cached tree, beside the memberships: no extra round trip).
  const discountStore = createDynamoDiscountRepository({ clients: tenantClients, tableName });
  const discounts = createDiscountService({ discounts: discountStore, ...clock });
  const checkoutDiscounts: CheckoutDiscounts = {
    repository: discountStore,
    memberships: groupMemberships({
      memberships: (tenant, productId) => core.groupingRepository.listingState(tenant, productId),
      categoryTree: core.categoryTree,
    }),
  };
  const orders = createOrderService({ orders: orderStore, payments: core.payments, documents, discounts: checkoutDiscounts, pricedReads, ...clock });
  // Invoice and credit-note PDFs (docs/invoices.md): numbered in the order's transactions, rendered by `invoices.handle` on the order events.
  const invoices = createInvoiceService({ orders: orderStore, files: core.media, registry: core.registry });
  const paymentWebhook = createPaymentWebhook({ secret: core.paymentWebhookSecret, orders: orderStore, registry: core.registry, service: orders, ...clock });
  // Customers' own data (docs/privacy.md): every module's data source, the account's removal, CustomerDeleted in the outbox.
  const privacy = createPrivacyService({
    sources: [...customerDataSources({ orders: orderStore, wishlists, carts: cartStore, now: now ?? (() => new Date()) }), reviewDataSource(core.reviews)],
    directory: core.directory,
    logIn: (tenant, email, password) => core.identity.logIn(tenant, email, password),
    removeUser: (tenant, userId) => core.identity.removeUser(tenant, userId),
    throttle: core.throttle,
    events: createDynamoOutboxOnce({ clients: tenantClients, tableName }),
    ...clock,
  });
  // "Verified purchase" on a review: the customer's own orders (src/reviews/purchases.ts).
  const purchased = { check: purchaseCheck(orderStore) };
  return { carts, wishlist, wishlists, orders, invoices, discounts, paymentWebhook, privacy, purchased };
}

export type ShoppingServices = ReturnType<typeof shoppingServices>;
