import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { GroupPriceRepository } from '../../groups/repository';
import { ConflictError, NotFoundError } from '../../shared/errors';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import type { CursorCodec } from './cursor';
import { cancellationCodes, isTransactionConflict } from './errors';
import { parseGroupPrices as parse } from './group-price-reader';
import { customerGroupKeys } from './keys';
import { outboxPuts } from './outbox-items';
import { queryPage } from './query-page';

/** Customer groups' price lists (`TENANT#<id>#PRICELIST#<groupId>#<currency>` / `PRODUCT#<productId>`): docs/pricing.md. */
export function createDynamoGroupPriceRepository(options: { clients: TenantClientProvider; tableName: string; cursors: CursorCodec }): GroupPriceRepository {
  const { clients, tableName: TableName, cursors } = options;

  async function write(tenant: TenantContext, items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>) {
    try {
      await (await clients(tenant)).send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes?.[0] === 'ConditionalCheckFailed') return false;
      if (isTransactionConflict(error)) throw new ConflictError('The price list changed meanwhile; try again.');
      throw error;
    }
  }

  return {
    async get(tenant, groupId, currency, productId) {
      const result = await (await clients(tenant)).send(
        new GetCommand({ TableName, Key: customerGroupKeys(tenant).productPrices(groupId, currency, productId), ConsistentRead: true }),
      );
      return result.Item ? parse(result.Item) : undefined;
    },

    list: async (tenant, groupId, currency, page) =>
      queryPage(await clients(tenant), cursors, { tableName: TableName, shape: customerGroupKeys(tenant).priceListing(groupId, currency) }, page, parse),

    async put(tenant, entry, previousVersion, events) {
      const keys = customerGroupKeys(tenant);
      const written = await write(tenant, [
        {
          // The group must still be there; it notes the currency so that deleting it finds this list.
          Update: {
            TableName,
            Key: keys.group(entry.groupId),
            UpdateExpression: 'ADD currencies :currency',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':currency': new Set([entry.currency]) },
          },
        },
        {
          Put: {
            TableName,
            Item: { ...keys.productPrices(entry.groupId, entry.currency, entry.productId), type: 'group-prices', ...entry },
            ConditionExpression: previousVersion === 0 ? 'attribute_not_exists(PK)' : 'version = :was',
            ...(previousVersion === 0 ? {} : { ExpressionAttributeValues: { ':was': previousVersion } }),
          },
        },
        ...outboxPuts(TableName, tenant, events),
      ]).catch((error: unknown) => {
        const codes = cancellationCodes(error);
        if (codes?.[1] === 'ConditionalCheckFailed') throw new ConflictError('The price list changed meanwhile; read it again.');
        throw error;
      });
      if (!written) throw new NotFoundError('No such customer group.');
    },

    async remove(tenant, entry, events) {
      return write(tenant, [
        {
          Delete: {
            TableName,
            Key: customerGroupKeys(tenant).productPrices(entry.groupId, entry.currency, entry.productId),
            ConditionExpression: 'version = :was',
            ExpressionAttributeValues: { ':was': entry.version },
          },
        },
        ...outboxPuts(TableName, tenant, events),
      ]);
    },
  };
}
