import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { STSClient } from '@aws-sdk/client-sts';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3ClientProvider } from '../s3/media-store';
import type { TenantClientProvider } from '../dynamodb/client';
import { tenantCredentials } from './tenant-credentials';

/**
 * One DynamoDB client per tenant, signing with that tenant's IAM-confined credentials (the SDK
 * asks the provider again when they near expiry). Even a bug that built another tenant's key
 * would be refused by IAM.
 */
export function tenantScopedClientProvider(options: { sts: STSClient; roleArn: string; region: string; credentialsFor?: ReturnType<typeof tenantCredentials> }): TenantClientProvider {
  const credentialsFor = options.credentialsFor ?? tenantCredentials({ sts: options.sts, roleArn: options.roleArn });
  const clients = new Map<string, DynamoDBDocumentClient>();
  return (tenant) => {
    let client = clients.get(tenant.id);
    if (!client) {
      const raw = new DynamoDBClient({ region: options.region, credentials: () => credentialsFor(tenant) });
      client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
      clients.set(tenant.id, client);
    }
    return client;
  };
}

/**
 * The same for S3: presigned URLs carry their signer's permissions, so signing with the tenant's
 * credentials means a URL can never reach outside `tenants/<id>/`.
 */
export function tenantScopedS3Provider(options: { region: string; credentialsFor: ReturnType<typeof tenantCredentials> }): S3ClientProvider {
  const clients = new Map<string, S3Client>();
  return (tenant) => {
    let client = clients.get(tenant.id);
    if (!client) {
      client = new S3Client({ region: options.region, credentials: () => options.credentialsFor(tenant) });
      clients.set(tenant.id, client);
    }
    return client;
  };
}
