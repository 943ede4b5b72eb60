import { STSClient } from '@aws-sdk/client-sts';
import { tenantScopedClientProvider } from '../adapters/aws/tenant-scoped-clients';
import type { TenantClientProvider } from '../adapters/dynamodb/client';
import type { Config } from '../config';

/**
 * With TENANT_ROLE_ARN set (on AWS), tenant data goes through IAM-confined credentials (token
 * vending machine); without it (local, tests) the platform's own client is used.
 */
export function tenantClientsFor(config: Config): TenantClientProvider | undefined {
  if (!config.TENANT_ROLE_ARN) return undefined;
  return tenantScopedClientProvider({ sts: new STSClient({ region: config.AWS_REGION }), roleArn: config.TENANT_ROLE_ARN, region: config.AWS_REGION });
}
