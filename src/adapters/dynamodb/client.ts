import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TenantContext } from '../../tenants/tenant';
import { clientSettings, namedDependency, type TimeBudget } from '../aws/client-settings';

/**
 * Gives the document client to use for one tenant's data. Locally (and when IAM isolation is
 * off) it is one shared client; on AWS it returns a client signed with credentials confined to
 * the tenant's keys by IAM (`dynamodb:LeadingKeys`), so a bug in key building cannot cross tenants.
 */
export type TenantClientProvider = (tenant: TenantContext) => DynamoDBDocumentClient | Promise<DynamoDBDocumentClient>;

export function createDocumentClient(options: { region: string; endpoint?: string | undefined; budget?: Partial<TimeBudget> }): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: options.region,
    ...clientSettings('dynamodb', options.budget),
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return DynamoDBDocumentClient.from(namedDependency(client, 'dynamodb'), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export const sharedClientProvider =
  (client: DynamoDBDocumentClient): TenantClientProvider =>
  () =>
    client;
