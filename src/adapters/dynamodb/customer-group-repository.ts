import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { UserRecordSchema, type UserRecord } from '../../identity/account';
import { CustomerGroupSchema, type CustomerGroup, type GroupCustomer } from '../../groups/group';
import type { CustomerGroupRepository } from '../../groups/repository';
import { ConflictError, NotFoundError } from '../../shared/errors';
import { drainUnprocessed } from '../../shared/retry';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import type { CursorCodec } from './cursor';
import { cancellationCodes, isConditionFailure, isTransactionConflict } from './errors';
import { customerGroupKeys, tenantKeys } from './keys';
import { queryPage } from './query-page';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const parseGroup = (item: Record<string, unknown>): CustomerGroup => {
  const { PK: _pk, SK: _sk, GSI1PK: _gpk, GSI1SK: _gsk, type: _type, currencies: _currencies, ...rest } = item;
  return v.parse(CustomerGroupSchema, rest);
};
const parseCustomer = (item: Record<string, unknown>): GroupCustomer => {
  const user = v.parse(UserRecordSchema, item);
  return { userId: user.userId, email: user.email, name: user.name, groupId: user.priceGroup ?? null };
};

/**
 * A member count's change on a group, for the transaction that moves a customer (or removes their
 * account: src/adapters/dynamodb/user-directory.ts). Joining requires the group to exist.
 */
export function groupMembersDelta(tableName: string, tenant: TenantContext, groupId: string, delta: 1 | -1): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: customerGroupKeys(tenant).group(groupId),
      UpdateExpression: 'ADD members :delta',
      ExpressionAttributeValues: { ':delta': delta },
      ...(delta > 0 ? { ConditionExpression: 'attribute_exists(PK)' } : {}),
    },
  };
}

/** A user item's index attributes for its customer group (none when in none). */
export const memberIndexOf = (tenant: TenantContext, record: UserRecord) =>
  record.priceGroup !== undefined && record.role === 'customer' ? customerGroupKeys(tenant).memberIndex(record.priceGroup, record.email, record.userId) : {};

/** Customer groups (`TENANT#<id>#GROUP#<groupId>`), their members on GSI2 of user items: docs/pricing.md. */
export function createDynamoCustomerGroupRepository(options: {
  clients: TenantClientProvider;
  tableName: string;
  cursors: CursorCodec;
}): CustomerGroupRepository {
  const { clients, tableName: TableName, cursors } = options;

  async function deletePriceLists(client: DynamoDBDocumentClient, tenant: TenantContext, groupId: string, currencies: readonly string[]) {
    type Request = NonNullable<BatchWriteCommandOutput['UnprocessedItems']>;
    for (const currency of currencies) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': customerGroupKeys(tenant).priceList(groupId, currency) },
            ProjectionExpression: 'PK, SK',
            Limit: 25,
            ExclusiveStartKey: start,
          }),
        );
        const keys = (page.Items ?? []).map((item) => ({ DeleteRequest: { Key: { PK: item.PK, SK: item.SK } } }));
        if (keys.length > 0)
          await drainUnprocessed<Request>(
            { [TableName]: keys },
            async (request) => {
              const left = (await client.send(new BatchWriteCommand({ RequestItems: request }))).UnprocessedItems;
              return left && Object.keys(left).length > 0 ? left : undefined;
            },
            { what: 'a deleted group’s price lists' },
          );
        start = page.LastEvaluatedKey;
      } while (start);
    }
  }

  async function getGroup(tenant: TenantContext, groupId: string) {
    const result = await (await clients(tenant)).send(new GetCommand({ TableName, Key: customerGroupKeys(tenant).group(groupId), ConsistentRead: true }));
    return result.Item ? parseGroup(result.Item) : undefined;
  }

  return {
    async create(tenant, group) {
      const keys = customerGroupKeys(tenant);
      await (await clients(tenant)).send(
        new PutCommand({
          TableName,
          Item: { ...keys.group(group.id), ...keys.groupIndex(group.id), type: 'customer-group', ...group },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    },

    get: getGroup,

    async list(tenant) {
      const client = await clients(tenant);
      const groups: CustomerGroup[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk',
            ExpressionAttributeValues: { ':pk': customerGroupKeys(tenant).groups },
            ExclusiveStartKey: start,
          }),
        );
        groups.push(...(page.Items ?? []).map(parseGroup));
        start = page.LastEvaluatedKey;
      } while (start);
      return groups.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    },

    async rename(tenant, groupId, patch, at) {
      const sets = ['updatedAt = :at'];
      const values: Record<string, unknown> = { ':at': at };
      if (patch.name !== undefined) {
        sets.push('#name = :name');
        values[':name'] = patch.name;
      }
      if (patch.description !== undefined) {
        sets.push('description = :description');
        values[':description'] = patch.description;
      }
      try {
        const result = await (await clients(tenant)).send(
          new UpdateCommand({
            TableName,
            Key: customerGroupKeys(tenant).group(groupId),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: patch.name !== undefined ? { '#name': 'name' } : undefined,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return parseGroup(result.Attributes!);
      } catch (error) {
        if (isConditionFailure(error)) throw new NotFoundError('No such customer group.');
        throw error;
      }
    },

    async remove(tenant, groupId) {
      const client = await clients(tenant);
      try {
        const result = await client.send(
          new DeleteCommand({
            TableName,
            Key: customerGroupKeys(tenant).group(groupId),
            // The member count moves in the assignments' own transactions: none can join meanwhile.
            ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(members) OR members <= :none)',
            ExpressionAttributeValues: { ':none': 0 },
            ReturnValues: 'ALL_OLD',
          }),
        );
        const currencies = result.Attributes?.currencies as Set<string> | undefined;
        await deletePriceLists(client, tenant, groupId, [...(currencies ?? [])]);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const old = await getGroup(tenant, groupId);
        if (!old) throw new NotFoundError('No such customer group.');
        throw new ConflictError(`${old.members} customers are in this group: move them to another group or to none first.`);
      }
    },

    async assign(tenant, user, groupId, at) {
      const next: UserRecord = { ...user, updatedAt: at };
      if (groupId === null) delete next.priceGroup;
      else next.priceGroup = groupId;
      const index = customerGroupKeys(tenant);
      const was = user.priceGroup === undefined ? {} : { ':was': user.priceGroup };
      const items: TransactItem[] = [
        {
          // An update, not a put: whatever else of the record changed meanwhile (MFA) stays.
          Update: {
            TableName,
            Key: tenantKeys(tenant).user(user.userId),
            UpdateExpression:
              groupId === null
                ? 'SET updatedAt = :at REMOVE priceGroup, GSI2PK, GSI2SK'
                : 'SET updatedAt = :at, priceGroup = :group, GSI2PK = :gpk, GSI2SK = :gsk',
            // Still a customer, and still in the group this move starts from.
            ConditionExpression:
              user.priceGroup === undefined ? '#role = :customer AND attribute_not_exists(priceGroup)' : '#role = :customer AND priceGroup = :was',
            ExpressionAttributeNames: { '#role': 'role' },
            ExpressionAttributeValues: {
              ':at': at,
              ':customer': 'customer',
              ...was,
              ...(groupId === null
                ? {}
                : { ':group': groupId, ':gpk': index.members(groupId), ':gsk': index.memberIndex(groupId, user.email, user.userId).GSI2SK }),
            },
          },
        },
      ];
      if (groupId !== null) items.push(groupMembersDelta(TableName, tenant, groupId, 1));
      if (user.priceGroup !== undefined) items.push(groupMembersDelta(TableName, tenant, user.priceGroup, -1));
      try {
        await (await clients(tenant)).send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes?.[1] === 'ConditionalCheckFailed' && groupId !== null) throw new NotFoundError('No such customer group.');
        if (codes?.[0] === 'ConditionalCheckFailed' || isTransactionConflict(error)) throw new ConflictError('The customer changed meanwhile; try again.');
        throw error;
      }
      return next;
    },

    members: async (tenant, groupId, page) =>
      queryPage(
        await clients(tenant),
        cursors,
        { tableName: TableName, index: 'GSI2', shape: customerGroupKeys(tenant).memberListing(groupId) },
        page,
        parseCustomer,
      ),

    async findCustomers(tenant, emailPrefix, limit) {
      const client = await clients(tenant);
      const found: GroupCustomer[] = [];
      let start: Record<string, unknown> | undefined;
      // The users index is ordered by email: a prefix is one range; staff are skipped.
      for (let round = 0; round < 5 && found.length < limit; round++) {
        const page = await client.send(
          new QueryCommand({
            TableName,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
            FilterExpression: '#role = :customer',
            ExpressionAttributeNames: { '#role': 'role' },
            ExpressionAttributeValues: { ':pk': tenantKeys(tenant).userList, ':prefix': emailPrefix, ':customer': 'customer' },
            Limit: 50,
            ExclusiveStartKey: start,
          }),
        );
        found.push(...(page.Items ?? []).map(parseCustomer));
        start = page.LastEvaluatedKey;
        if (!start) break;
      }
      return found.slice(0, limit);
    },
  };
}
