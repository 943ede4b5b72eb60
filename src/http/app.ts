import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { createMiddleware } from 'hono/factory';
import type { Logger } from 'pino';
import type { PublicMediaReader } from '../catalog/media';
import { publicCatalogRoutes, publicMediaRoutes } from '../catalog/routes';
import type { CatalogService } from '../catalog/service';
import { publicGroupingRoutes } from '../catalog/grouping-routes';
import type { TransferService } from '../catalog/transfer/service';
import type { GroupingService } from '../catalog/grouping-service';
import type { TokenVerifier } from '../identity/claims';
import type { IdentityService } from '../identity/service';
import type { InventoryService } from '../inventory/service';
import { DEPENDENCY_RETRY_AFTER_SECONDS, DependencyUnavailableError, DomainError } from '../shared/errors';
import { dependencyFailure } from '../shared/dependency-errors';
import type { AuthThrottle } from '../identity/throttle';
import type { OnboardingService } from '../tenants/onboarding';
import { settingsRoutes } from '../settings/routes';
import type { SettingsService } from '../settings/service';
import { publicSettings } from '../settings/store-settings';
import type { TenantResolver } from '../tenants/resolver';
import type { OffboardingService } from '../tenants/offboarding/service';
import { storefrontRoutes } from '../storefront/routes';
import { categoryPages, storeMenu } from '../storefront/category-pages';
import { DEFAULT_STORE_URLS, type StoreUrlOptions } from '../storefront/seo';
import { faviconRoutes } from '../web/favicon';
import { consoleRoutes } from '../console/console-route';
import { operatorConsoleRoutes } from '../console/operator-console-route';
import type { HomeStoreLink } from '../platform-home/routes';
import { platformHomeRoutes } from '../platform-home/home-route';
import type { MailboxView } from '../dev/mailbox-routes';
import { devMailboxRoutes } from '../dev/mailbox-route';
import { assetRoutes, type AssetManifest } from '../web/assets';
import type { AppEnv, TenantEnv } from './env';
import { everyone } from './middleware/access';
import { authenticate } from './middleware/authenticate';
import { limitBodies } from './middleware/body-limit';
import { requestContext } from './middleware/request-context';
import { requestIds } from './middleware/request-id';
import { recheckStoreUser, refuseRevokedSessions } from './middleware/recheck-user';
import { readAheadPlan } from './middleware/read-ahead';
import { requireOperatorMfa } from './middleware/require-operator-mfa';
import { resolveTenant } from './middleware/resolve-tenant';
import { throttled } from './middleware/throttle';
import { platformHostOnly } from './middleware/platform-host';
import { securityHeaders } from './middleware/security-headers';
import { viewerFromEdge } from './edge/origin';
import { cacheControl } from './edge/cache-control';
import { problem } from './problem';
import { idempotency } from './idempotency';
import type { IdempotencyStore } from '../shared/idempotency';
import { contractRoutes } from './contract/routes';
import type { Readiness } from '../health/readiness';
import type { RequestMetrics } from '../shared/request-metrics';
import { anonymousCaller } from './anonymous-caller';
import {
  handoffRoutes,
  platformAuthRoutes,
  platformSessionRoutes,
  signUpRoutes,
  storeAuthRoutes,
  storeSessionRoutes,
  userAdminRoutes,
} from './groups/accounts';
import type { SignUpService } from '../signup/service';
import type { SignUpThrottle } from '../signup/throttle';
import type { GettingStarted } from '../console/getting-started';
import { gettingStartedRoutes } from '../console/getting-started-routes';
import type { PlanService } from '../plans/service';
import type { RequestLimiter } from '../plans/request-limit';
import type { UsageMeter } from '../usage/meter';
import type { UsageService } from '../usage/service';
import { limitStoreRequests, meterStoreRequests } from './middleware/store-requests';
import type { CustomDomainService } from '../tenants/custom-domains/service';
import { currencyRoutes } from '../pricing/currency-cookie';
import type { PriceContext } from '../pricing/price-context';
import type { PriceScheduleService } from '../pricing/schedule-service';
import type { LocalDnsRecords } from '../adapters/local/dns-records';
import type { CartService } from '../shopping/cart-service';
import type { WishlistService } from '../shopping/wishlist-service';
// Lazy route groups: registered here, their route files loaded by their first request (src/http/groups/).
import {
  cartRoutes,
  checkoutPages,
  discountRoutes,
  invoicePage,
  invoiceRoutes,
  orderLookupPage,
  orderRoutes,
  paymentWebhookRoutes,
  reviewRoutes,
  privacyRoutes,
  wishlistRoutes,
} from './groups/shopping';
import {
  adminCatalogRoutes,
  adminGroupingRoutes,
  customDomainRoutes,
  customerGroupRoutes,
  inventoryRoutes,
  operatorOffboardingRoutes,
  operatorPlanRoutes,
  operatorRoutes,
  platformUsageRoutes,
  pricingRoutes,
  storeOffboardingRoutes,
  storePlanRoutes,
  storeUsageRoutes,
  transferRoutes,
} from './groups/administration';
import type { PrivacyService } from '../privacy/service';
import { cartCaller } from '../shopping/cart-cookie';
import type { OrderService } from '../orders/service';
import type { InvoiceService } from '../invoices/service';
import type { CustomerGroupService } from '../groups/service';
import type { DiscountService } from '../discounts/service';
import type { TenantContext } from '../tenants/tenant';
import type { PaymentWebhook } from '../payments/webhook';
import type { SearchService } from '../search/service';
import { searchRoutes } from '../search/routes';
import { searchPage } from './groups/storefront';
import type { ReviewService } from '../reviews/service';

/** How many reviews a product page shows at a time. */
const REVIEWS_PER_PAGE = 5;

export type AppDeps = {
  logger: Logger;
  verifier: TokenVerifier;
  tenants: TenantResolver;
  catalog: CatalogService;
  /** Categories and collections (src/catalog/grouping-service.ts). */
  groupings: GroupingService;
  /** Catalog import and export as CSV, over the job port (src/catalog/transfer/). */
  transfer: TransferService;
  inventory: InventoryService;
  identity: IdentityService;
  onboarding: OnboardingService;
  settings: SettingsService;
  /** Ranked search of each store's catalog (src/search/). */
  search: SearchService;
  maxBodyBytes: number;
  /** Off AWS only: product images served at `/media/*` (CloudFront does it on AWS). */
  publicMedia?: PublicMediaReader | undefined;
  throttle: AuthThrottle;
  /**
   * How this runtime knows the client's address (API Gateway's source IP, the socket's peer
   * locally); the app itself stays runtime-agnostic. Without one, only per-account limits apply.
   */
  clientAddress?: (c: Context) => string | undefined;
  /** The platform's own hosts (config PLATFORM_HOSTS): the only ones serving `/platform` and `/platform/*`. */
  platformHosts: readonly string[];
  /** The bundled browser code and stylesheet (src/web/). */
  assets: AssetManifest;
  /** Origins pages may load images from and upload to (S3 endpoint, media CDN): the CSP allows them. */
  mediaOrigins?: readonly string[];
  /** Local only: the stores the platform host's start page links (never on AWS: it would publish the tenants). */
  homeStores?: readonly HomeStoreLink[] | undefined;
  /** Local only: the mailbox shown at `/dev/mailbox` (never given on Lambda, so never mounted there). */
  devMailbox?: MailboxView | undefined;
  /** `/health/ready`: probes of the table, the pool and the bucket (src/health/readiness.ts). */
  readiness?: Readiness;
  /** Records of `Idempotency-Key` writes (src/http/idempotency.ts). */
  idempotency: IdempotencyStore;
  /** Per-request metrics (CloudWatch EMF on Lambda); none when absent. */
  metrics?: RequestMetrics | undefined;
  /** How stores' canonical URLs are written: https on AWS (the default), the request's scheme and port locally. */
  storeUrls?: StoreUrlOptions | undefined;
  /** The secret our edge (CloudFront) sends as X-Origin-Verify: only then is its forwarded Host believed (src/http/edge/origin.ts). */
  originVerifySecret?: string | undefined;
  /** Self-service sign-up on the platform's hosts (src/signup/). */
  signUps: SignUpService;
  signUpThrottle: SignUpThrottle;
  /** The store console's getting-started checklist (src/console/getting-started.ts). */
  gettingStarted: GettingStarted;
  /** Signed-up stores live at `<slug>.<storeDomainSuffix>` (the landing page shows it); absent: sign-up is off. */
  storeDomainSuffix?: string | undefined;
  /** Plans: the owner's and operators' plan changes (src/plans/). */
  plans: PlanService;
  /** Usage per store: the meter every store request counts into, and the reports. */
  usage: UsageService;
  meter: UsageMeter;
  /** The per-store request limit (src/plans/request-limit.ts); none when absent (most tests). */
  requestLimiter?: RequestLimiter | undefined;
  /** The store's own domains (src/tenants/custom-domains/). */
  customDomains: CustomDomainService;
  /** Local only: the DNS stand-in, whose TXT records the dev mailbox page shows and sets. */
  devDns?: LocalDnsRecords | undefined;
  /** Carts of guests and customers, and customers' wishlists (src/shopping/). */
  carts: CartService;
  wishlist: WishlistService;
  /** Checkout and orders (src/orders/), and the payment provider's webhook (src/payments/webhook.ts). */
  orders: OrderService;
  /** Discount codes and automatic promotions (src/discounts/): the console's CRUD. */
  discounts: DiscountService;
  /** Customers' own data: export and account deletion (src/privacy/). */
  privacy: PrivacyService;
  paymentWebhook: PaymentWebhook;
  /** Invoice and credit-note downloads (src/invoices/). */
  invoices: InvoiceService;
  /** Scheduled price changes (src/pricing/). */
  priceSchedule: PriceScheduleService;
  /** Closing, restoring and purging stores (src/tenants/offboarding/). */
  offboarding: OffboardingService;
  /** Reviews, their moderation and products' ratings (src/reviews/). */
  reviews: ReviewService;
  /** Customer groups, their members and price lists (src/groups/). */
  customerGroups: CustomerGroupService;
};

/** Account routes and what each is throttled as (docs/architecture.md, "Throttling"). */
export const THROTTLED_STORE_ROUTES = {
  '/auth/signup': 'sign-up',
  '/auth/confirm': 'confirm',
  '/auth/login': 'sign-in',
  '/auth/new-password': 'new-password',
  // The pages' cookie sign-in: the same accounts, the same counters.
  '/auth/session': 'sign-in',
  '/auth/session/new-password': 'new-password',
  // A six-digit code is guessable without a limit: wrong codes count as the account's failures.
  '/auth/mfa/challenge': 'mfa',
  '/auth/session/mfa': 'mfa',
  '/auth/password/forgot': 'password-forgot',
  '/auth/password/reset': 'password-reset',
} as const;
export const THROTTLED_PLATFORM_ROUTES = {
  '/platform/auth/login': 'sign-in',
  '/platform/auth/new-password': 'new-password',
  '/platform/auth/session': 'sign-in',
  '/platform/auth/session/new-password': 'new-password',
  '/platform/auth/mfa/challenge': 'mfa',
  '/platform/auth/session/mfa': 'mfa',
  '/platform/auth/password/forgot': 'password-forgot',
  '/platform/auth/password/reset': 'password-reset',
} as const;

/**
 * Problem details for every error. A dependency that is down, slow or throttling us is a 503 with
 * Retry-After (src/shared/dependency-errors.ts decides which failures are); the log names the
 * dependency, the response does not. Anything else not a domain error is ours, logged, and a bare 500.
 */
export function errorHandler(logger: Logger) {
  return (error: Error, c: Context) => {
    const known = error instanceof DomainError ? error : dependencyFailure(error);
    if (known) {
      if (known instanceof DependencyUnavailableError) {
        logger.warn(
          { dependency: known.dependency, err: known.cause ?? known, requestId: (c.var as Partial<AppEnv['Variables']>).requestId },
          'dependency unavailable',
        );
      }
      const response = problem(c, known.status, known.code, known.message, known.extra);
      if (known.retryAfterSeconds !== undefined) response.headers.set('retry-after', String(known.retryAfterSeconds));
      return response;
    }
    if (error instanceof HTTPException && error.status < 500) {
      return problem(c, error.status, 'http', error.message || 'Request refused.');
    }
    logger.error({ err: error, requestId: (c.var as Partial<AppEnv['Variables']>).requestId }, 'unhandled error');
    return problem(c, 500, 'internal', 'Something went wrong on our side; the request id identifies it in our logs.');
  };
}

/**
 * The one app, whatever runs it (Lambda or Node). Everything it needs arrives in `deps`, built
 * once per process by an entry point.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.onError(errorHandler(deps.logger));
  app.notFound((c) => problem(c, 404, 'not-found', `No route for ${c.req.method} ${c.req.path}.`));

  app.use(
    requestIds(),
    requestContext(deps.logger, deps.metrics),
    createMiddleware<AppEnv>(function clientAddress(c, next) {
      c.set('clientAddress', deps.clientAddress?.(c));
      return next();
    }),
    viewerFromEdge(deps.originVerifySecret),
    cacheControl(),
    securityHeaders({ mediaOrigins: deps.mediaOrigins }),
    limitBodies(deps.maxBodyBytes),
    authenticate(deps.verifier),
    refuseRevokedSessions(deps.identity),
    requireOperatorMfa(deps.identity),
  );

  // Liveness: the process answers. Cheap, no dependency touched: restarting it would not help an outage.
  app.get('/health', everyone, (c) => c.json({ status: 'ok' }));
  // Readiness: which dependency is failing, by name only; the why goes to the log.
  app.get('/health/ready', everyone, async (c) => {
    const report = deps.readiness ? await deps.readiness.check() : { ready: true, checks: {}, failures: {} };
    c.header('cache-control', 'no-store');
    if (report.ready) return c.json({ status: 'ready', checks: report.checks });
    deps.logger.warn({ failing: report.failures, requestId: c.get('requestId') }, 'not ready');
    c.header('retry-after', String(DEPENDENCY_RETRY_AFTER_SECONDS));
    return c.json({ status: 'unavailable', checks: report.checks, failing: Object.keys(report.failures) }, 503);
  });
  app.route('/', assetRoutes(deps.assets));
  app.route('/', faviconRoutes());
  // The API contract and its reference page, on every host (docs/architecture.md, "API contract").
  app.route('/', contractRoutes());
  // On any host, like CloudFront's domain: an image URL names its store in the key, not the Host.
  if (deps.publicMedia) app.route('/', publicMediaRoutes(deps.publicMedia));

  // The platform's own pages and API: on its hosts only, never on a store's domain.
  const onPlatformHost = platformHostOnly(deps.platformHosts);
  app.use('/platform', onPlatformHost);
  app.use('/platform/*', onPlatformHost);
  for (const [path, action] of Object.entries(THROTTLED_PLATFORM_ROUTES)) app.use(path, throttled(deps.throttle, action));
  app.route('/', platformAuthRoutes(deps.identity));
  app.route('/', platformSessionRoutes(deps.identity));
  app.route('/', operatorRoutes(deps.onboarding, idempotency<AppEnv>({ store: deps.idempotency, logger: deps.logger, space: () => 'platform' }), deps.usage));
  app.route('/', operatorConsoleRoutes(deps.assets.entries));
  app.route('/', operatorOffboardingRoutes(deps.offboarding, idempotency<AppEnv>({ store: deps.idempotency, logger: deps.logger, space: () => 'platform' })));
  // Self-service sign-up: the platform's hosts only; the confirmation's wrong codes count as the account's failures.
  app.use('/signup', onPlatformHost);
  app.use('/signup/*', onPlatformHost);
  app.use('/signup/confirm', throttled(deps.throttle, 'confirm'));
  app.route(
    '/',
    signUpRoutes(
      deps.signUps,
      deps.signUpThrottle,
      idempotency<AppEnv>({ store: deps.idempotency, logger: deps.logger, space: () => 'platform', caller: anonymousCaller }),
    ),
  );
  app.route(
    '/',
    paymentWebhookRoutes(
      deps.paymentWebhook,
      idempotency<AppEnv>({ store: deps.idempotency, logger: deps.logger, space: () => 'platform', caller: anonymousCaller }),
    ),
  );
  app.route('/', operatorPlanRoutes(deps.plans));
  app.route('/', platformUsageRoutes(deps.usage));
  // Before the stores' routes: on a platform host `/` is the start page, elsewhere the storefront.
  app.route(
    '/',
    platformHomeRoutes({ platformHosts: deps.platformHosts, assets: deps.assets.entries, stores: deps.homeStores, storeDomainSuffix: deps.storeDomainSuffix }),
  );
  if (deps.devMailbox)
    app.route('/', devMailboxRoutes({ mailbox: deps.devMailbox, platformHosts: deps.platformHosts, assets: deps.assets.entries, dns: deps.devDns }));

  const tenantApp = new Hono<TenantEnv>();
  // Filled from the routes' `readsAhead` marks once every store route is registered, below.
  const readAheads = readAheadPlan();
  // Metered and limited right after the store is known, before anything of the request's own work
  // (the caller's re-check is its first DynamoDB read): docs/architecture.md, "Request limits per store".
  tenantApp.use(resolveTenant(deps.tenants), meterStoreRequests(deps.meter));
  if (deps.requestLimiter) tenantApp.use(limitStoreRequests(deps.requestLimiter));
  tenantApp.use(recheckStoreUser(deps.identity, readAheads));
  for (const [path, action] of Object.entries(THROTTLED_STORE_ROUTES)) tenantApp.use(path, throttled(deps.throttle, action));
  tenantApp.get('/store', everyone, (c) => {
    const tenant = c.get('tenant');
    // What a storefront or a checkout needs to show prices: the currency, tax and shipping rates.
    return c.json({ id: tenant.id, name: tenant.name, settings: publicSettings(tenant.settings) });
  });
  tenantApp.route(
    '/',
    storefrontRoutes(deps.catalog, deps.assets.entries, deps.storeUrls ?? DEFAULT_STORE_URLS, storeMenu(deps.groupings), (tenant, productId, cursor) =>
      deps.reviews.published(tenant, productId, { limit: REVIEWS_PER_PAGE, cursor }),
    ),
  );
  tenantApp.route('/', currencyRoutes());
  tenantApp.route('/', categoryPages(deps.groupings, deps.assets.entries, deps.storeUrls ?? DEFAULT_STORE_URLS));
  tenantApp.route('/', consoleRoutes(deps.assets.entries));
  tenantApp.route('/', publicCatalogRoutes(deps.catalog));
  const storeIdempotency = idempotency<TenantEnv>({ store: deps.idempotency, logger: deps.logger, space: (c) => c.get('tenant') });
  tenantApp.route('/', adminCatalogRoutes(deps.catalog, storeIdempotency));
  tenantApp.route('/', publicGroupingRoutes(deps.groupings));
  tenantApp.route('/', adminGroupingRoutes(deps.groupings, storeIdempotency));
  tenantApp.route('/', transferRoutes(deps.transfer, storeIdempotency));
  tenantApp.route('/', searchRoutes(deps.search));
  tenantApp.route('/', searchPage(deps.search, deps.assets.entries, storeMenu(deps.groupings)));
  tenantApp.route('/', inventoryRoutes(deps.inventory, storeIdempotency));
  tenantApp.route('/', settingsRoutes(deps.settings));
  tenantApp.route('/', gettingStartedRoutes(deps.gettingStarted));
  tenantApp.route('/', storeAuthRoutes(deps.identity));
  tenantApp.route('/', storeSessionRoutes(deps.identity));
  tenantApp.route('/', handoffRoutes(deps.signUps));
  tenantApp.route('/', userAdminRoutes(deps.identity, storeIdempotency));
  tenantApp.route('/', storePlanRoutes(deps.plans));
  tenantApp.route('/', storeUsageRoutes(deps.usage));
  tenantApp.route('/', customDomainRoutes(deps.customDomains, storeIdempotency));
  tenantApp.route('/', storeOffboardingRoutes(deps.offboarding, storeIdempotency));
  // Cart and wishlist: a guest's Idempotency-Key records are their cart's (they have no sub).
  const shopping = {
    assets: deps.assets.entries,
    storeMenu: storeMenu(deps.groupings),
    idempotent: idempotency<TenantEnv>({ store: deps.idempotency, logger: deps.logger, space: (c) => c.get('tenant'), caller: cartCaller }),
    // The cart page's discount codes: priced as checkout's quote prices them (src/discounts/).
    discounts: async (tenant: TenantContext, lines: { productId: string; variantId: string; quantity: number }[], codes: string[], price?: PriceContext) => {
      const quote = await deps.orders.quote(tenant, { lines, discountCodes: codes }, undefined, price);
      return { discounts: quote.discounts, discount: quote.totals.discount ?? 0, currency: quote.totals.currency };
    },
  };
  tenantApp.route('/', cartRoutes(deps.carts, shopping));
  tenantApp.route('/', wishlistRoutes(deps.wishlist, shopping));
  // A visitor has no `sub`: their keys are kept per address (a signed-in buyer's per account).
  const buyerIdempotency = idempotency<TenantEnv>({
    store: deps.idempotency,
    logger: deps.logger,
    space: (c) => c.get('tenant'),
    caller: (c) => c.get('claims')?.sub ?? anonymousCaller(c as unknown as Context<AppEnv>),
  });
  tenantApp.route('/', orderRoutes(deps.orders, storeIdempotency, buyerIdempotency, deps.carts));
  tenantApp.route('/', checkoutPages(deps.orders, deps.assets.entries, buyerIdempotency, deps.carts));
  tenantApp.route('/', invoiceRoutes(deps.orders, deps.invoices, buyerIdempotency));
  tenantApp.route('/', invoicePage(deps.orders, deps.invoices, deps.assets.entries, buyerIdempotency));
  tenantApp.route('/', pricingRoutes(deps.priceSchedule, storeIdempotency, deps.catalog));
  tenantApp.route('/', discountRoutes(deps.discounts, storeIdempotency));
  tenantApp.route('/', customerGroupRoutes(deps.customerGroups, storeIdempotency));
  tenantApp.route(
    '/',
    reviewRoutes(deps.reviews, async (tenant, productId) => (await deps.catalog.getPublic(tenant, productId)).rating),
  );
  // A customer's own data: the download and the account's deletion (docs/privacy.md).
  tenantApp.route('/', privacyRoutes(deps.privacy, storeIdempotency));
  // A guest's order page, where their order emails link (docs/emails.md).
  tenantApp.route('/', orderLookupPage(deps.orders, deps.assets.entries, buyerIdempotency));
  readAheads.learn(tenantApp.routes);

  app.route('/', tenantApp);
  return app;
}

export type App = ReturnType<typeof createApp>;
