import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from 'pino';
import type { TenantClientProvider } from '../adapters/dynamodb/client';
import { createDynamoCustomDomainRepository } from '../adapters/dynamodb/custom-domain-repository';
import type { CursorCodec } from '../adapters/dynamodb/cursor';
import { createDynamoHandleLookup } from '../adapters/dynamodb/handle-lookup';
import { createDynamoJobRepository } from '../adapters/dynamodb/job-repository';
import { createDynamoOffboardingRepository, createDynamoTenantItemEraser } from '../adapters/dynamodb/offboarding-repository';
import { createDynamoOrderRepository } from '../adapters/dynamodb/order-repository';
import { createDynamoPriceChangeRepository } from '../adapters/dynamodb/price-change-repository';
import { createDynamoUserDirectory } from '../adapters/dynamodb/user-directory';
import { safeImageFetcher } from '../adapters/http/safe-image-fetch';
import type { GroupingService } from '../catalog/grouping-service';
import type { MediaStore } from '../catalog/media';
import type { ProductRepository } from '../catalog/repository';
import type { CatalogService } from '../catalog/service';
import type { ImageFetcher } from '../catalog/transfer/image-fetch';
import { createTransferService } from '../catalog/transfer/service';
import { createGettingStarted } from '../console/getting-started';
import type { UserDirectory } from '../identity/directory';
import type { IdentityProvider } from '../identity/provider';
import { createInventoryService } from '../inventory/service';
import { createJobConsumer } from '../jobs/consumer';
import { createJobService } from '../jobs/service';
import type { PlanCounters } from '../plans/counters';
import type { PlanBook, PlanLimits } from '../plans/plans';
import { createPlanService } from '../plans/service';
import { createPriceScheduleService } from '../pricing/schedule-service';
import { createDynamoCustomerGroupRepository } from '../adapters/dynamodb/customer-group-repository';
import { createDynamoGroupPriceRepository } from '../adapters/dynamodb/group-price-repository';
import { createCustomerGroupService } from '../groups/service';
import type { SlugClaims } from '../signup/slug-claims';
import { lazyFunction } from '../shared/lazy';
import type { DnsResolver } from '../tenants/custom-domains/dns';
import type { DomainProvisioner } from '../tenants/custom-domains/provisioner';
import { createCustomDomainService } from '../tenants/custom-domains/service';
import type { PlatformFiles } from '../tenants/offboarding/files';
import { createOffboardingService } from '../tenants/offboarding/service';
import { createOnboardingService } from '../tenants/onboarding';
import type { TenantRegistry } from '../tenants/registry';
import type { TenantResolver } from '../tenants/resolver';
import type { TenantContext } from '../tenants/tenant';
import type { UsageMeter } from '../usage/meter';
import { createUsageService } from '../usage/service';
import type { UsageStore } from '../usage/usage';

/** What the administration group takes from the services every cold start builds (src/platform.ts). */
export type AdministrationCore = {
  logger: Logger;
  tenantClients: TenantClientProvider;
  platformClient: DynamoDBDocumentClient;
  tableName: string;
  cursors: CursorCodec;
  limits: (tenant: TenantContext) => PlanLimits;
  planBook: PlanBook;
  counters: PlanCounters;
  usageStore: UsageStore;
  meter: UsageMeter;
  media: MediaStore;
  catalog: CatalogService;
  groupings: GroupingService;
  /** The products as the store's writes see them (forgetting the visitors' cached copies on write). */
  catalogProducts: ProductRepository;
  /** The products as stored (the offboarding export reads them). */
  products: ProductRepository;
  registry: TenantRegistry;
  tenants: TenantResolver;
  identityProvider: IdentityProvider;
  directory: UserDirectory;
  slugs: SlugClaims;
  dns: DnsResolver;
  provisioner: DomainProvisioner;
  /** A domain no store may claim (the platform's own hosts and wildcard domain). */
  reserved: (domain: string) => boolean;
  /** `<slug>.<storeDomainSuffix>`, or '' without a platform domain. */
  platformDomain: (tenant: TenantContext) => string;
  platformFiles?: PlatformFiles | undefined;
  imageFetcher?: ImageFetcher | undefined;
  offboardingGraceMs?: number | undefined;
  now?: (() => Date) | undefined;
};

/**
 * The administration route group's services: stock levels, background jobs (import, export), scheduled prices,
 * custom domains, closing stores, onboarding, plans and usage reports, the console's checklist, customer groups.
 * Imported by the first request or scheduled run that needs one of them (src/platform.ts,
 * `lazyGroup`), so a visitor's catalog read never loads them (docs/architecture.md, "Lazy route groups").
 */
export function administrationServices(core: AdministrationCore) {
  const { tenantClients, tableName, cursors, logger, catalog, groupings, now } = core;
  const clock = now ? { now } : {};
  const platformFiles = core.platformFiles;
  // Stock levels and adjustments (the console, the import job).
  const inventory = createInventoryService({ products: core.catalogProducts });
  // Background jobs (docs/jobs.md): recorded here, run by the job consumer (a Lambda on AWS, the local runner otherwise).
  const jobs = createJobService({
    jobs: createDynamoJobRepository({ clients: tenantClients, tableName }),
    handlers: {
      // Loaded by a job's first run: the CSV parser and writer stay out of this group's chunk.
      'catalog-import': lazyFunction(async () =>
        (await import('../catalog/transfer/import-job')).importJobHandler({
          catalog,
          groupings,
          inventory,
          media: core.media,
          images: core.imageFetcher ?? safeImageFetcher(),
          productIdByHandle: createDynamoHandleLookup({ clients: tenantClients, tableName }),
        }),
      ),
      'catalog-export': lazyFunction(async () => (await import('../catalog/transfer/export-job')).exportJobHandler({ catalog, groupings, media: core.media })),
      ...(platformFiles
        ? {
            'offboarding-export': lazyFunction(async () =>
              (await import('../tenants/offboarding/export-job')).offboardingExportHandler({
                products: core.products,
                groupings,
                directory: createDynamoUserDirectory({ clients: tenantClients, tableName, cursors, limits: core.limits }),
                orders: createDynamoOrderRepository({ clients: tenantClients, platformClient: core.platformClient, tableName, cursors }),
                files: platformFiles,
                publicUrl: (key) => core.media.publicUrl(key),
              }),
            ),
          }
        : {}),
    },
    onFailure: (err, job) => logger.warn({ err, jobId: job.id, jobType: job.type }, 'job run failed; it resumes from its checkpoint on the next delivery'),
  });
  const jobConsumer = createJobConsumer({ registry: core.registry, run: jobs.run });
  const transfer = createTransferService({ jobs, media: core.media });
  // Scheduled price changes (docs/pricing.md): applied by the scheduled job through the catalog.
  const priceSchedule = createPriceScheduleService({
    changes: createDynamoPriceChangeRepository({ clients: tenantClients, tableName, cursors }),
    catalog,
    ...clock,
  });
  const customDomains = createCustomDomainService({
    repository: createDynamoCustomDomainRepository({ clients: tenantClients, platformClient: core.platformClient, tableName }),
    registry: core.registry,
    resolver: core.tenants,
    dns: core.dns,
    provisioner: core.provisioner,
    limits: core.limits,
    reserved: core.reserved,
    onReleaseError: (err, domain) => logger.warn({ err, domain }, 'custom domain not fully released; certificate or endpoint left behind'),
    onCheckError: (err, domain) => logger.warn({ err, domain }, 'custom domain check failed; the next run tries again'),
  });
  // Closing, restoring and purging stores (docs/offboarding.md): platform records, the platform's role.
  const offboarding = createOffboardingService({
    registry: core.registry,
    resolver: core.tenants,
    records: createDynamoOffboardingRepository({ client: core.platformClient, tableName }),
    eraser: createDynamoTenantItemEraser({ client: core.platformClient, tableName }),
    jobs,
    files: platformFiles,
    directory: core.directory,
    provider: core.identityProvider,
    domains: createDynamoCustomDomainRepository({ clients: tenantClients, platformClient: core.platformClient, tableName }),
    provisioner: core.provisioner,
    slugs: core.slugs,
    ...(core.offboardingGraceMs !== undefined ? { graceMs: core.offboardingGraceMs } : {}),
    ...clock,
  });
  const onboarding = createOnboardingService({
    registry: core.registry,
    resolver: core.tenants,
    provider: core.identityProvider,
    directory: core.directory,
    slugs: core.slugs,
  });
  const plans = createPlanService({ registry: core.registry, resolver: core.tenants, counters: core.counters, plans: core.planBook });
  const usage = createUsageService({
    store: core.usageStore,
    counters: core.counters,
    registry: core.registry,
    plans: core.planBook,
    flush: () => core.meter.flush(),
  });
  // Customer groups and their price lists (docs/pricing.md, "Customer groups"); the catalog, cart and
  // checkout read the lists through the platform's group price reader, which every cold start builds.
  const customerGroups = createCustomerGroupService({
    groups: createDynamoCustomerGroupRepository({ clients: tenantClients, tableName, cursors }),
    prices: createDynamoGroupPriceRepository({ clients: tenantClients, tableName, cursors }),
    directory: core.directory,
    provider: core.identityProvider,
    products: core.products,
    limits: core.limits,
    ...clock,
  });
  const gettingStarted = createGettingStarted({ catalog, storeRecord: (tenant) => core.registry.get(tenant.id), platformDomain: core.platformDomain });
  return { inventory, jobs, jobConsumer, transfer, priceSchedule, customDomains, offboarding, onboarding, plans, usage, gettingStarted, customerGroups };
}

export type AdministrationServices = ReturnType<typeof administrationServices>;
