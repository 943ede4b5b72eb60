import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from 'pino';
import { createDynamoProductRepository } from './adapters/dynamodb/product-repository';
import { createDynamoTenantRegistry } from './adapters/dynamodb/tenant-registry';
import { createDynamoRateLimiter } from './adapters/dynamodb/rate-limiter';
import { createDynamoIdempotencyStore } from './adapters/dynamodb/idempotency-store';
import type { Context } from 'hono';
import { createAuthThrottle, DEFAULT_AUTH_LIMITS, type AuthLimits } from './identity/throttle';
import type { RateLimiter } from './shared/rate-limit';
import type { TenantClientProvider } from './adapters/dynamodb/client';
import { sharedClientProvider } from './adapters/dynamodb/client';
import { createCursorCodec } from './adapters/dynamodb/cursor';
import type { MediaStore, PublicMediaReader } from './catalog/media';
import { createPublicCatalogCache, forgettingOnWrite } from './catalog/public-cache';
import { createCatalogService } from './catalog/service';
import { createDynamoGroupPriceReader } from './adapters/dynamodb/group-price-reader';
import { createGroupingService } from './catalog/grouping-service';
import { createDynamoGroupingRepository } from './adapters/dynamodb/grouping-repository';
import { createApp } from './http/app';
import type { TokenVerifier } from './identity/claims';
import type { IdentityProvider } from './identity/provider';
import { createSettingsService } from './settings/service';
import { createTenantResolver } from './tenants/resolver';
import { allTenants } from './tenants/all-tenants';
import type { AssetManifest } from './web/assets';
import type { HomeStoreLink } from './platform-home/routes';
import type { MailboxView } from './dev/mailbox-routes';
import { tableProbe } from './adapters/dynamodb/probe';
import { createReadiness, type Probe } from './health/readiness';
import type { RequestMetrics } from './shared/request-metrics';
import type { StoreUrlOptions } from './storefront/seo';
import type { SignUpService } from './signup/service';
import { lazyAsync, lazyFunction, lazyGroup } from './shared/lazy';
import type { PlanCounters } from './plans/counters';
import { createSignUpThrottle, DEFAULT_SIGNUP_LIMITS, type SignUpLimits } from './signup/throttle';
import { limitsOf, PLANS, type PlanBook } from './plans/plans';
import { meterCapacity, meteredClients } from './adapters/dynamodb/capacity-metering';
import { createDynamoUsageStore } from './adapters/dynamodb/usage-store';
import { createUsageMeter } from './usage/meter';
import { createRequestLimiter } from './plans/request-limit';
import { meteredSender } from './usage/metered-ports';
import type { EmailSender } from './notifications/email';
import type { DnsResolver } from './tenants/custom-domains/dns';
import type { DomainProvisioner } from './tenants/custom-domains/provisioner';
import { createLocalDnsRecords } from './adapters/local/dns-records';
import { createLocalDomainProvisioner } from './adapters/local/domain-provisioner';
import { randomBytes } from 'node:crypto';
import type { GroupPriceReader } from './pricing/price-context';
import { createPricedReads } from './pricing/priced-reads';
import type { PaymentProvider } from './payments/port';
import type { PaymentWebhook } from './payments/webhook';
import type { GettingStarted } from './console/getting-started';
import type { TestPaymentProvider } from './payments/test-provider';

/** The test provider's `settle` as the platform hands it out: through its lazy load, so a promise. */
type LazySettle = (...args: Parameters<TestPaymentProvider['settle']>) => Promise<ReturnType<TestPaymentProvider['settle']>>;
import type { ImageFetcher } from './catalog/transfer/image-fetch';
import { memorySearchIndexStore, type SearchIndexStore } from './search/index-store';
import { createIndexReader } from './search/reader';
import { createSearchService } from './search/service';
import type { SearchIndexer } from './search/indexer';
import type { PlatformFiles } from './tenants/offboarding/files';
import { createDynamoReviewRepository } from './adapters/dynamodb/review-repository';
import { createReviewService } from './reviews/service';

export type PlatformOptions = {
  logger: Logger;
  /** Platform records (tenant registry, domain map) are read with the platform's own client. */
  platformClient: DynamoDBDocumentClient;
  /** Tenant data is read and written with a client for that tenant (IAM-confined on AWS). */
  tenantClients?: TenantClientProvider;
  tableName: string;
  /** Product images (S3, or s3rver locally). */
  media: MediaStore;
  /** Off AWS: the reader behind the app's `/media` route (on AWS, CloudFront serves images). */
  publicMedia?: PublicMediaReader;
  verifier: TokenVerifier;
  identityProvider: IdentityProvider;
  /** Local development only: skip the emailed confirmation code. */
  autoConfirmSignUps?: boolean;
  tenantCacheTtlMs: number;
  /** How long visitors' catalog reads are kept per store (0: not at all); see public-cache.ts. */
  catalogCacheTtlMs?: number;
  /** Customer groups' price lists (docs/pricing.md); absent: the DynamoDB lists the console edits. */
  groupPrices?: GroupPriceReader;
  maxBodyBytes: number;
  /** Seals listing cursors; the same in every instance of an environment, or a cursor would not open at the next one. */
  cursorKey: Uint8Array;
  /** How the runtime reads the client's address (see `AppDeps.clientAddress`). */
  clientAddress?: (c: Context) => string | undefined;
  /** The edge's origin-verify secret (see `AppDeps.originVerifySecret`); none locally. */
  originVerifySecret?: string | undefined;
  /** Throttles of the account routes; DEFAULT_AUTH_LIMITS unless a test needs others. */
  authLimits?: AuthLimits;
  /** Rate counters; the table's unless given (unit tests). */
  rateLimiter?: RateLimiter;
  /** The platform's own hosts (config PLATFORM_HOSTS). */
  platformHosts: readonly string[];
  /** The bundled browser code (src/web/load-assets.ts). */
  assets: AssetManifest;
  /** Origins of media and uploads the pages' content security policy allows. */
  mediaOrigins?: readonly string[];
  /** Local only: stores linked from the platform host's start page (`GET /`). */
  homeStores?: readonly HomeStoreLink[];
  /** Canonical URLs' scheme and port (src/storefront/seo.ts); https when absent, as on AWS. */
  storeUrls?: StoreUrlOptions;
  /** Local only: the mailbox the dev page `/dev/mailbox` lists (src/entry/local.ts passes it). */
  devMailbox?: MailboxView;
  /**
   * Readiness probes besides the table's (which the platform makes itself): the entry points give
   * `pool` (the JWKS) and `bucket` (HeadBucket), see src/adapters/aws/probes.ts.
   */
  readinessProbes?: Record<string, Probe>;
  /** How long a readiness answer is kept (default 5 s). */
  readinessCacheMs?: number;
  /** Per-request metrics (src/adapters/cloudwatch/emf-metrics.ts); off when absent. */
  metrics?: RequestMetrics;
  /** Signed-up stores live at `<slug>.<storeDomainSuffix>` (config STORE_DOMAIN_SUFFIX); absent: self-service sign-up is off (404). */
  storeDomainSuffix?: string;
  /** Store sign-ups per email and per address; DEFAULT_SIGNUP_LIMITS unless a test needs others. */
  signUpLimits?: SignUpLimits;
  /** Local only: hands on a sign-up's emailed code (src/entry/local.ts prints it and puts it in the dev mailbox). */
  deliverSignUpCode?: (message: { username: string; email: string; slug: string }) => Promise<void>;
  /** The plans' limits (src/plans/plans.ts); tests give smaller ones to reach them quickly. */
  plans?: PlanBook;
  /** Each store's request limit (its plan's rate and burst); on unless false (tests that flood a store on purpose turn it on). */
  limitRequests?: boolean;
  /** Writes metered usage out this often (ms); without it only `usage.flush()` does (tests). */
  usageFlushIntervalMs?: number;
  /**
   * Custom domains (docs/custom-domains.md): DNS as verification reads it and the certificates'
   * provisioner. Lambda gives the real ones; absent, the local stand-ins (returned as `localDns`
   * and `localProvisioner`, which tests and the dev page set).
   */
  dns?: DnsResolver;
  domainProvisioner?: DomainProvisioner;
  /** The CNAME target the local provisioner answers (default `domains.<storeDomainSuffix>`). */
  customDomainTarget?: string;
  /**
   * The payment provider and its webhook's signing secret (src/payments/). The test provider
   * unless given, with a random secret of this process's own: nobody outside it can sign a
   * webhook that marks an order paid (its `settle` signs with it, for tests).
   */
  payments?: PaymentProvider;
  paymentWebhookSecret?: string;
  /** The clock of checkout and reservations (tests move it to expire reservations). */
  now?: () => Date;
  /** How imports fetch images by URL; the SSRF-safe fetcher unless a test gives a stand-in. */
  imageFetcher?: ImageFetcher;
  /** Each store's search index (S3 under its prefix); in memory when absent (unit tests: this process only). */
  searchIndexes?: SearchIndexStore;
  /** How long a loaded search index answers before its freshness check (src/search/reader.ts). */
  searchFreshnessMs?: number;
  /**
   * Offboarding (docs/offboarding.md): the platform's own files (exports under
   * `platform/offboarding/`, purging `tenants/<id>/`); absent, closing a store answers 503.
   */
  platformFiles?: PlatformFiles;
  /** How long a closed store can be restored before it is purged (config OFFBOARDING_GRACE_DAYS; tests give their own). */
  offboardingGraceMs?: number;
};

/**
 * Wires the domain to its adapters. Both entry points (Lambda and local Node) call this once per
 * process; nothing here runs per request.
 */
export function createPlatform(options: PlatformOptions) {
  const { logger, tableName } = options;
  // Usage per store (docs/architecture.md, "Usage per store"): counted in memory, flushed per store and day.
  const usageStore = createDynamoUsageStore({ clients: options.tenantClients ?? sharedClientProvider(options.platformClient), tableName });
  const meter = createUsageMeter({
    store: usageStore,
    resolve: (id) => tenants.byId(id),
    onError: (err) => logger.warn({ err }, 'usage flush failed; kept for the next one'),
  });
  if (options.usageFlushIntervalMs) meter.start(options.usageFlushIntervalMs);
  // Every store's DynamoDB work reports the capacity it consumed, counted to the store.
  const tenantClients = meteredClients(options.tenantClients ?? sharedClientProvider(options.platformClient), meter);
  // The platform's client too: a store's settings and plan live on its registry record.
  meterCapacity(options.platformClient, meter);
  const cursors = createCursorCodec(options.cursorKey);
  const planBook = options.plans ?? PLANS;
  const limits = (tenant: Parameters<typeof limitsOf>[0]) => limitsOf(tenant, planBook);
  // Loaded by the first image upload or usage page: a visitor's read does not parse them at a cold start.
  const counters = lazyAsync<PlanCounters>(async () =>
    (await import('./adapters/dynamodb/plan-counters')).createDynamoPlanCounters({ clients: tenantClients, tableName, limits }),
  );
  const stored = createDynamoProductRepository({ clients: tenantClients, tableName, cursors, limits });
  // Customer groups' prices (docs/pricing.md), for every read that prices for a signed-in member.
  const groupPriceReader = options.groupPrices ?? createDynamoGroupPriceReader({ clients: tenantClients, tableName });
  const publicCache = createPublicCatalogCache({ ttlMs: options.catalogCacheTtlMs ?? 0 });
  const products = forgettingOnWrite(stored, publicCache);
  const registry = createDynamoTenantRegistry({ client: options.platformClient, tableName, cursors });
  const catalog = createCatalogService({ products, media: options.media, publicCache, counters, limits, groupPrices: groupPriceReader });
  // A member's category, collection and search cards at the group's prices (src/pricing/group-cards.ts):
  // the group's lists and the cards' products, read together with one BatchGetItem each (the cart
  // repository's batch read). Loaded by a member's first card page, off a visitor's cold path.
  const groupCards = lazyFunction(async () => {
    const [{ createGroupCards }, { createDynamoCartRepository }] = await Promise.all([
      import('./pricing/group-cards'),
      import('./adapters/dynamodb/cart-repository'),
    ]);
    return createGroupCards({ groupPrices: groupPriceReader, products: createDynamoCartRepository({ clients: tenantClients, tableName }).products });
  });
  const groupingRepository = createDynamoGroupingRepository({ clients: tenantClients, tableName, cursors });
  const groupings = createGroupingService({
    groupings: groupingRepository,
    products,
    media: options.media,
    publicCache,
    groupCards,
  });
  const tenants = createTenantResolver({ registry, ttlMs: options.tenantCacheTtlMs });
  // Search (docs/architecture.md, "Search"): the API reads each store's index; the indexer is its
  // one writer (on AWS its own function behind a FIFO queue; locally subscribed to the bus).
  const searchIndexes = options.searchIndexes ?? memorySearchIndexStore();
  const searchReader = createIndexReader({ store: searchIndexes, freshnessMs: options.searchFreshnessMs });
  const search = createSearchService({ reader: searchReader, media: options.media, groupCards });
  // The index writer: locally subscribed to the bus, on AWS its own function; never on an API request's path.
  const searchIndexer = lazyAsync<SearchIndexer>(async () =>
    (await import('./search/indexer')).createSearchIndexer({
      registry,
      store: searchIndexes,
      catalog: (await import('./search/catalog-source')).searchCatalog({ products: stored, groupings: groupingRepository }),
      onSaved: searchReader.accept,
    }),
  );
  // The accounts group (sign-in, sessions, staff and operators' records, slugs): loaded by the
  // first request carrying a token or reaching an account route (docs/architecture.md, "Lazy route groups").
  const accounts = lazyGroup(async () =>
    (await import('./wiring/accounts')).accountServices({
      tenantClients,
      platformClient: options.platformClient,
      tableName,
      cursors,
      limits,
      provider: options.identityProvider,
      verifier: options.verifier,
      autoConfirmSignUps: options.autoConfirmSignUps,
    }),
  );
  const directory = accounts.member('directory');
  const sessions = accounts.member('sessions');
  const operators = accounts.member('operators');
  const identity = accounts.member('identity');
  const slugs = accounts.member('slugs');
  const settings = createSettingsService({ registry, resolver: tenants });
  const idempotency = createDynamoIdempotencyStore({ tableName, platformClient: options.platformClient, clients: tenantClients });
  const rateLimiter = options.rateLimiter ?? createDynamoRateLimiter({ tableName, platformClient: options.platformClient, clients: tenantClients });
  const throttle = createAuthThrottle(rateLimiter, options.authLimits ?? DEFAULT_AUTH_LIMITS);
  const suffix = options.storeDomainSuffix;
  // Loaded by the first sign-up, not by every cold start of the API (docs/benchmarks.md).
  const signUps = lazyAsync<SignUpService>(async () =>
    (await import('./signup/service')).createSignUpService({
      slugs,
      registry,
      resolver: tenants,
      provider: options.identityProvider,
      directory,
      onboarding,
      logIn: identity.logIn,
      storeDomain: suffix ? (slug) => `${slug}.${suffix}` : undefined,
      deliverCode: options.deliverSignUpCode,
    }),
  );
  const localDns = options.dns ? undefined : createLocalDnsRecords();
  const localProvisioner = options.domainProvisioner
    ? undefined
    : createLocalDomainProvisioner({ target: options.customDomainTarget ?? `domains.${suffix ?? 'localhost'}` });
  // The administration route group (jobs, scheduled prices, custom domains, closing stores,
  // onboarding, plans and usage reports): built by its first request or scheduled run, in a chunk
  // of its own (docs/architecture.md, "Lazy route groups").
  const administration = lazyGroup(async () =>
    (await import('./wiring/administration')).administrationServices({
      logger,
      tenantClients,
      platformClient: options.platformClient,
      tableName,
      cursors,
      limits,
      planBook,
      counters,
      usageStore,
      meter,
      media: options.media,
      catalog,
      groupings,
      products: stored,
      catalogProducts: products,
      registry,
      tenants,
      identityProvider: options.identityProvider,
      directory,
      slugs,
      dns: options.dns ?? localDns!,
      provisioner: options.domainProvisioner ?? localProvisioner!,
      reserved: (domain) => options.platformHosts.includes(domain) || (!!suffix && (domain === suffix || domain.endsWith(`.${suffix}`))),
      // Without a platform domain every domain a store has is its own.
      platformDomain: (tenant) => (suffix ? `${tenant.id}.${suffix}` : ''),
      platformFiles: options.platformFiles,
      imageFetcher: options.imageFetcher,
      offboardingGraceMs: options.offboardingGraceMs,
      now: options.now,
    }),
  );
  const inventory = administration.member('inventory');
  const jobs = administration.member('jobs');
  const jobConsumer = administration.member('jobConsumer');
  const transfer = administration.member('transfer');
  const priceSchedule = administration.member('priceSchedule');
  const customDomains = administration.member('customDomains');
  const offboarding = administration.member('offboarding');
  const onboarding = administration.member('onboarding');
  const plans = administration.member('plans');
  const usage = administration.member('usage');
  const customerGroups = administration.member('customerGroups');
  const gettingStarted: GettingStarted = async (tenant) => (await administration.load()).gettingStarted(tenant);
  const requestLimiter =
    options.limitRequests === false
      ? undefined
      : createRequestLimiter({ limiter: rateLimiter, limits, onError: (err) => logger.warn({ err }, 'request limit unavailable; request let through') });
  const paymentWebhookSecret = options.paymentWebhookSecret ?? randomBytes(32).toString('hex');
  // The test provider loads with its first charge (a chunk of its own): a visitor's read does not parse it.
  // One instance, as before: `settle` finds the pending payments it charged (async now, as each member of a lazy object is).
  const payments: PaymentProvider & { settle?: LazySettle } =
    options.payments ??
    // `lazyAsync` makes every member async: its `settle` answers a promise of what the provider's returns.
    lazyAsync<PaymentProvider & { settle: LazySettle }>(
      async () =>
        (await import('./payments/test-provider')).testPaymentProvider({ webhookSecret: paymentWebhookSecret }) as unknown as PaymentProvider & {
          settle: LazySettle;
        },
    );
  // The shopping route group (cart, wishlist, checkout, orders, discounts, invoices, customers' data):
  // built by its first request, in a chunk of its own (docs/architecture.md, "Lazy route groups").
  const shopping = lazyGroup(async () =>
    (await import('./wiring/shopping')).shoppingServices({
      tenantClients,
      platformClient: options.platformClient,
      tableName,
      cursors,
      media: options.media,
      publicCache,
      groupingRepository,
      registry,
      payments,
      paymentWebhookSecret,
      reviews,
      directory,
      identity,
      throttle,
      pricedReads: createPricedReads(groupPriceReader),
      categoryTree: (tenant) => groupings.categoryTree(tenant),
      now: options.now,
    }),
  );
  const carts = shopping.member('carts');
  const wishlist = shopping.member('wishlist');
  const wishlists = shopping.member('wishlists');
  const orders = shopping.member('orders');
  const discounts = shopping.member('discounts');
  const invoices = shopping.member('invoices');
  const paymentWebhook: PaymentWebhook = async (body, signature) => (await shopping.load()).paymentWebhook(body, signature);
  const privacy = shopping.member('privacy');
  const purchases = shopping.member('purchased');
  // Reviews (docs/reviews.md): each change moves its product's rating counters in its own transaction.
  const reviews = createReviewService({
    reviews: createDynamoReviewRepository({ clients: tenantClients, tableName, cursors }),
    products: stored,
    purchased: (tenant, customerId, productId) => purchases.check(tenant, customerId, productId),
    rateLimiter,
    cache: publicCache,
  });
  const readiness = createReadiness({
    probes: { table: tableProbe(options.platformClient, tableName), ...options.readinessProbes },
    ...(options.readinessCacheMs !== undefined ? { cacheMs: options.readinessCacheMs } : {}),
  });
  const app = createApp({
    logger,
    readiness,
    idempotency,
    verifier: options.verifier,
    tenants,
    catalog,
    groupings,
    transfer,
    inventory,
    identity,
    onboarding,
    settings,
    search,
    maxBodyBytes: options.maxBodyBytes,
    publicMedia: options.publicMedia,
    throttle,
    platformHosts: options.platformHosts,
    assets: options.assets,
    mediaOrigins: options.mediaOrigins,
    homeStores: options.homeStores,
    storeUrls: options.storeUrls,
    devMailbox: options.devMailbox,
    metrics: options.metrics,
    signUps,
    storeDomainSuffix: suffix,
    gettingStarted,
    signUpThrottle: createSignUpThrottle(rateLimiter, options.signUpLimits ?? DEFAULT_SIGNUP_LIMITS),
    plans,
    usage,
    meter,
    requestLimiter,
    customDomains,
    // The DNS form beside the local mailbox: only where both are stand-ins (npm start).
    devDns: options.devMailbox ? localDns : undefined,
    carts,
    wishlist,
    orders,
    discounts,
    privacy,
    paymentWebhook,
    invoices,
    priceSchedule,
    reviews,
    customerGroups,
    ...(options.clientAddress ? { clientAddress: options.clientAddress } : {}),
    originVerifySecret: options.originVerifySecret,
    offboarding,
  });

  return {
    app,
    registry,
    catalog,
    groupings,
    inventory,
    /** Background jobs (import, export), and the consumer that runs them on `JobRequested` (src/jobs/). */
    jobs,
    jobConsumer,
    tenants,
    identity,
    onboarding,
    settings,
    directory,
    sessions,
    operators,
    signUps,
    slugs,
    plans,
    usage,
    /** Closing, restoring and purging stores; `offboarding.purgeDue(allTenants(registry))` is the scheduled purge. */
    offboarding,
    /** Custom domains; `localDns` / `localProvisioner` are the stand-ins when no real ones were given. */
    customDomains,
    localDns,
    localProvisioner,
    /** The cart: checkout reads `carts.cartLines(tenant, ref)` and empties it with `carts.clearCart` after an order. */
    carts,
    wishlist,
    /** Who wishes which variant (the back-in-stock consumer reads it). */
    wishlists,
    orders,
    /** Invoice PDFs: `invoices.handle` is the consumer of the order events (INVOICE_EVENTS) that renders them. */
    invoices,
    /** Scheduled price changes; `applyDue(tenant)` is the scheduled job's work for one store (src/pricing/). */
    priceSchedule,
    /** Discount codes and automatic promotions (src/discounts/). */
    discounts,
    /** Customer groups (src/groups/), and the group prices' reader for the read paths (src/pricing/price-context.ts). */
    customerGroups,
    groupPriceReader,
    reviews,
    /** The payment provider: locally the test one, whose `settle` makes a pending payment's signed webhook. */
    payments,
    /** Search: the routes' service and the index writer (`indexer.handle` is subscribed to product events). */
    search: { service: search, indexer: searchIndexer },
    /** The usage meter: `flush()` writes out what this instance counted, `stop()` ends its timer. */
    meter,
    counters,
    /** The email port, counting each email about a store to its usage (events are counted at their commit). */
    metered: {
      sender: (sender: EmailSender) => meteredSender(sender, meter.addById),
    },
    /** Local start-up on kept data: sets each store's plan counters to its items, for stores written before the counters existed. */
    recountPlanUsage: async () => (await (await import('./plans/recount')).recountPlanUsage({ registry, clients: tenantClients, tableName })).length,
    /** Local start-up on kept data: a search index for each store that has none (its products predate search). */
    buildMissingSearchIndexes: async () => {
      let built = 0;
      for await (const tenant of allTenants(registry)) if (await searchIndexer.ensure(tenant)) built++;
      return built;
    },
    /** Local start-up on kept data: brings products written by an older version up to the current indexes. */
    reindexProducts: async () => {
      let rewritten = 0;
      for await (const tenant of allTenants(registry)) rewritten += await stored.reindex(tenant);
      return rewritten;
    },
  };
}

export type Platform = ReturnType<typeof createPlatform>;
