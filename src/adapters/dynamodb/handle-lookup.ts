import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import { tenantKeys } from './keys';

/** Which product holds a handle in a store: its claim item (written with the product), one GetItem. */
export function createDynamoHandleLookup(options: { clients: TenantClientProvider; tableName: string }) {
  return async (tenant: TenantContext, handle: string): Promise<string | undefined> => {
    const { Item } = await (await options.clients(tenant)).send(
      new GetCommand({ TableName: options.tableName, Key: tenantKeys(tenant).handle(handle), ConsistentRead: true }),
    );
    return typeof Item?.productId === 'string' ? Item.productId : undefined;
  };
}
