import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3ClientProvider } from '../s3/media-store';
import type { TenantClientProvider } from '../dynamodb/client';
import type { TenantContext } from '../../tenants/tenant';
import { tenantCredentials, type TemporaryCredentials } from './tenant-credentials';
import { clientSettings, namedDependency } from './client-settings';

/** Credentials of the tenant-scoped role for one tenant (cached, renewed before expiry). */
export type TenantCredentialsSource = (tenant: TenantContext) => Promise<TemporaryCredentials>;

/**
 * Where the credentials come from: either a shared source (so the DynamoDB and S3 clients of a
 * tenant share one AssumeRole), or the role to assume, in which case the provider makes its own.
 */
export type TenantScopedOptions = { region: string } & (
  | { credentialsFor: TenantCredentialsSource; roleArn?: string; sts?: STSClient; now?: () => number }
  | { roleArn: string; sts?: STSClient; now?: () => number; credentialsFor?: undefined }
);

/** STS with its time budget: AssumeRole sits in front of a tenant's first request. */
export const createStsClient = (region: string) => namedDependency(new STSClient({ region, ...clientSettings('sts') }), 'sts');

/**
 * The token vending machine's credential cache: AssumeRole of the tenant-scoped role with the
 * session tag `tenantId`, one call per tenant however many requests arrive at once, kept until
 * five minutes before expiry. Build it once per container and hand it to both providers.
 */
export function tenantCredentialsSource(options: { roleArn: string; region: string; sts?: STSClient; now?: () => number }): TenantCredentialsSource {
  return tenantCredentials({ sts: options.sts ?? createStsClient(options.region), roleArn: options.roleArn, ...(options.now ? { now: options.now } : {}) });
}

const sourceOf = (options: TenantScopedOptions): TenantCredentialsSource =>
  options.credentialsFor ??
  tenantCredentialsSource({
    roleArn: options.roleArn!,
    region: options.region,
    ...(options.sts ? { sts: options.sts } : {}),
    ...(options.now ? { now: options.now } : {}),
  });

/**
 * A client per tenant, rebuilt whenever the tenant's credentials are renewed (five minutes before
 * they expire). The client carries fixed credentials, without their expiry, rather than a provider
 * function: which credentials sign a request is decided here (and testable), not by the SDK's own
 * refresh logic. Asking the source on every call costs a map lookup; the expensive part
 * (AssumeRole) happens only when the source renews. One entry per tenant the container has served.
 */
function perTenant<C>(source: TenantCredentialsSource, build: (credentials: TemporaryCredentials) => C) {
  const clients = new Map<string, { credentials: TemporaryCredentials; client: C }>();
  return async (tenant: TenantContext): Promise<C> => {
    const credentials = await source(tenant);
    const hit = clients.get(tenant.id);
    if (hit?.credentials === credentials) return hit.client;
    const client = build(credentials);
    clients.set(tenant.id, { credentials, client });
    return client;
  };
}

/**
 * DynamoDB document clients signing with the tenant's IAM-confined credentials: the role's
 * `dynamodb:LeadingKeys` condition refuses any key outside `TENANT#<id>#`, so even a bug that
 * built another tenant's key could not read or write it.
 */
export function tenantScopedClientProvider(options: TenantScopedOptions): TenantClientProvider {
  return perTenant(sourceOf(options), ({ accessKeyId, secretAccessKey, sessionToken }) =>
    DynamoDBDocumentClient.from(
      namedDependency(
        new DynamoDBClient({ region: options.region, ...clientSettings('dynamodb'), credentials: { accessKeyId, secretAccessKey, sessionToken } }),
        'dynamodb',
      ),
      {
        marshallOptions: { removeUndefinedValues: true },
      },
    ),
  );
}

/**
 * The same for S3. Presigned URLs carry their signer's permissions, so signing with the tenant's
 * credentials means a URL can never reach outside `tenants/<id>/`; they also die with those
 * credentials, hence the expiry alongside the client.
 */
export function tenantScopedS3ClientProvider(options: TenantScopedOptions): S3ClientProvider {
  // The expiry travels with the client it belongs to: a private URL presigned with it must end before it does.
  return perTenant(sourceOf(options), ({ accessKeyId, secretAccessKey, sessionToken, expiration }) => ({
    client: namedDependency(
      new S3Client({ region: options.region, ...clientSettings('s3'), credentials: { accessKeyId, secretAccessKey, sessionToken } }),
      's3',
    ),
    expiresAt: expiration,
  }));
}

/** Both providers over one credentials cache: a tenant's DynamoDB and S3 clients share one AssumeRole. */
export function tenantScopedClients(options: { roleArn: string; region: string; sts?: STSClient; now?: () => number }) {
  const credentialsFor = tenantCredentialsSource(options);
  return {
    dynamo: tenantScopedClientProvider({ region: options.region, credentialsFor }),
    s3: tenantScopedS3ClientProvider({ region: options.region, credentialsFor }),
  };
}
