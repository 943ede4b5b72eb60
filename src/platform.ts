import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from 'pino';
import { createDynamoProductRepository } from './adapters/dynamodb/product-repository';
import { createDynamoTenantRegistry } from './adapters/dynamodb/tenant-registry';
import { createDynamoRevocationList } from './adapters/dynamodb/revocation-list';
import { createDynamoUserDirectory } from './adapters/dynamodb/user-directory';
import { createDynamoOperatorDirectory } from './adapters/dynamodb/operator-directory';
import type { TenantClientProvider } from './adapters/dynamodb/client';
import { sharedClientProvider } from './adapters/dynamodb/client';
import type { MediaStore } from './catalog/media';
import { createPublicCatalogCache, forgettingOnWrite } from './catalog/public-cache';
import { createCatalogService } from './catalog/service';
import { createEventDelivery } from './events/delivery';
import type { EventPublisher } from './events/publisher';
import { createApp } from './http/app';
import type { TokenVerifier } from './identity/claims';
import type { IdentityProvider } from './identity/provider';
import { createIdentityService } from './identity/service';
import { createOnboardingService } from './tenants/onboarding';
import { createInventoryService } from './inventory/service';
import { createTenantResolver } from './tenants/resolver';
import { allTenants } from './tenants/all-tenants';

export type PlatformOptions = {
  logger: Logger;
  /** Platform records (tenant registry, domain map) are read with the platform's own client. */
  platformClient: DynamoDBDocumentClient;
  /** Tenant data is read and written with a client for that tenant (IAM-confined on AWS). */
  tenantClients?: TenantClientProvider;
  tableName: string;
  publisher: EventPublisher;
  /** Product images (S3, or s3rver locally). */
  media: MediaStore;
  verifier: TokenVerifier;
  identityProvider: IdentityProvider;
  /** Local development only: skip the emailed confirmation code. */
  autoConfirmSignUps?: boolean;
  tenantCacheTtlMs: number;
  /** How long visitors' catalog reads are kept per store (0: not at all); see public-cache.ts. */
  catalogCacheTtlMs?: number;
  maxBodyBytes: number;
};

/**
 * Wires the domain to its adapters. Both entry points (Lambda and local Node) call this once per
 * process; nothing here runs per request.
 */
export function createPlatform(options: PlatformOptions) {
  const { logger, tableName } = options;
  const tenantClients = options.tenantClients ?? sharedClientProvider(options.platformClient);
  const stored = createDynamoProductRepository({ clients: tenantClients, tableName });
  const publicCache = createPublicCatalogCache({ ttlMs: options.catalogCacheTtlMs ?? 0 });
  const products = forgettingOnWrite(stored, publicCache);
  const registry = createDynamoTenantRegistry({ client: options.platformClient, tableName });
  const delivery = createEventDelivery({ publisher: options.publisher, outbox: stored, logger });
  const catalog = createCatalogService({ products, delivery, media: options.media, publicCache });
  const inventory = createInventoryService({ products, delivery });
  const tenants = createTenantResolver({ registry, ttlMs: options.tenantCacheTtlMs });
  const directory = createDynamoUserDirectory({ clients: tenantClients, tableName });
  const revocations = createDynamoRevocationList({ client: options.platformClient, tableName });
  const operators = createDynamoOperatorDirectory({ client: options.platformClient, tableName });
  const identity = createIdentityService({ provider: options.identityProvider, directory, revocations, operators, accessTokens: options.verifier, autoConfirmSignUps: options.autoConfirmSignUps });
  const onboarding = createOnboardingService({ registry, resolver: tenants, provider: options.identityProvider, directory, delivery });
  const app = createApp({ logger, verifier: options.verifier, tenants, catalog, inventory, identity, onboarding, maxBodyBytes: options.maxBodyBytes });

  return {
    app,
    registry,
    catalog,
    inventory,
    tenants,
    delivery,
    identity,
    onboarding,
    directory,
    operators,
    /** Local start-up on kept data: brings products written by an older version up to the current indexes. */
    reindexProducts: async () => {
      let rewritten = 0;
      for await (const tenant of allTenants(registry)) rewritten += await stored.reindex(tenant);
      return rewritten;
    },
    /** One relay pass over every tenant's outbox. */
    relayOutbox: () => delivery.relay(allTenants(registry)),
  };
}

export type Platform = ReturnType<typeof createPlatform>;
