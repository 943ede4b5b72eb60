import { drainUnprocessed } from '../../shared/retry';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  BatchWriteCommand,
  UpdateCommand,
  type BatchWriteCommandOutput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { UserRecordSchema, type UserRecord } from '../../identity/account';
import type { UserDirectory } from '../../identity/directory';
import { ConflictError, NotFoundError } from '../../shared/errors';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import { queryPage } from './query-page';
import { cancellationCodes, isTransactionConflict } from './errors';
import type { CursorCodec } from './cursor';
import { readAheadTableKey, sessionKeys, tenantKeys, tenantListings } from './keys';
import { readAheadOf } from '../../shared/read-ahead';
import { isLiveTokenLink } from './session-store';
import { countDown, countUp, planLimitError, refusedByPlan } from './plan-counters';
import { limitsOf, type PlanLimits } from '../../plans/plans';
import type { TenantRole } from '../../identity/account';
import { groupMembersDelta, memberIndexOf } from './customer-group-repository';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export class LastAdminError extends ConflictError {
  constructor() {
    super('A store must keep at least one admin: make someone else admin first.');
  }
}

/**
 * Users of a store, with a per-store admin count kept in the same transactions as the user
 * items, so "never remove the last admin" holds even when two admins demote each other at once.
 */
export function createDynamoUserDirectory(options: {
  clients: TenantClientProvider;
  tableName: string;
  cursors: CursorCodec;
  /** Plan limits (staff accounts); the plan book's unless a test gives smaller ones. */
  limits?: (tenant: TenantContext) => PlanLimits;
}): UserDirectory {
  const { clients, tableName, cursors } = options;
  const limits = options.limits ?? ((tenant: TenantContext) => limitsOf(tenant));
  /** Every user but a customer holds a staff account of the plan. */
  const isStaff = (role: TenantRole) => role !== 'customer';
  /** The staff count's change when a user goes from `from` to `to` (undefined: none, or absent), and where it sits in `items`. */
  const staffChange = (tenant: TenantContext, items: TransactItem[], from: TenantRole | undefined, to: TenantRole | undefined) => {
    const before = from !== undefined && isStaff(from);
    const after = to !== undefined && isStaff(to);
    if (before === after) return undefined;
    items.push(after ? countUp(tableName, tenant, 'staff', limits(tenant).staff) : countDown(tableName, tenant, 'staff'));
    return after ? items.length - 1 : undefined;
  };

  const userItem = (tenant: TenantContext, record: UserRecord) => {
    const keys = tenantKeys(tenant);
    return {
      ...keys.user(record.userId),
      type: 'user',
      GSI1PK: keys.userList,
      GSI1SK: `${record.email}#${record.userId}`,
      ...memberIndexOf(tenant, record),
      ...record,
    };
  };
  const adminDelta = (tenant: TenantContext, delta: 1 | -1): TransactItem => ({
    Update: {
      TableName: tableName,
      Key: tenantKeys(tenant).userStats,
      UpdateExpression: 'ADD admins :delta',
      ...(delta < 0
        ? { ConditionExpression: 'admins > :one', ExpressionAttributeValues: { ':delta': -1, ':one': 1 } }
        : { ExpressionAttributeValues: { ':delta': 1 } }),
    },
  });

  async function transact(tenant: TenantContext, items: TransactItem[], statsIndex: number | undefined, staffIndex?: number) {
    const client = await clients(tenant);
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes && staffIndex !== undefined && refusedByPlan(codes, staffIndex))
        throw await planLimitError(client, tableName, tenant, 'staff', limits(tenant).staff);
      if (statsIndex !== undefined && codes?.[statsIndex] === 'ConditionalCheckFailed') throw new LastAdminError();
      if (codes?.[0] === 'ConditionalCheckFailed') throw new ConflictError('The user changed meanwhile; read it again.');
      if (isTransactionConflict(error)) throw new ConflictError('The user changed meanwhile; try again.');
      throw error;
    }
  }

  return {
    async get(tenant, userId) {
      const client = await clients(tenant);
      const result = await client.send(new GetCommand({ TableName: tableName, Key: tenantKeys(tenant).user(userId) }));
      return result.Item ? v.parse(UserRecordSchema, result.Item) : undefined;
    },

    async standing(tenant, userId, tokenId, readAhead = []) {
      const client = await clients(tenant);
      const ahead = readAhead.map((key) => ({ key, tableKey: readAheadTableKey(tenant, key) }));
      const wanted = [tenantKeys(tenant).user(userId), sessionKeys(tenant).token(tokenId), ...ahead.map((a) => a.tableKey)];
      const found: Record<string, unknown>[] = [];
      // Consistent: a sign-out, removal or demotion a moment ago must already count, and the
      // items read ahead stand in for the route's own consistent reads.
      type Request = Record<string, { Keys: Record<string, unknown>[]; ConsistentRead?: boolean }>;
      // BatchGetItem may leave keys unprocessed under throttling; ask again for those only.
      await drainUnprocessed<Request>(
        { [tableName]: { Keys: wanted, ConsistentRead: true } },
        async (request) => {
          const result = await client.send(new BatchGetCommand({ RequestItems: request }));
          found.push(...(result.Responses?.[tableName] ?? []));
          const left = result.UnprocessedKeys as Request | undefined;
          return left && Object.keys(left).length > 0 ? left : undefined;
        },
        { what: 'the standing read' },
      );
      const item = (key: { PK: string; SK: string }) => found.find((i) => i.PK === key.PK && i.SK === key.SK);
      const user = item(wanted[0]!);
      return {
        user: user ? v.parse(UserRecordSchema, user) : undefined,
        tokenLive: isLiveTokenLink(item(wanted[1]!)),
        readAhead: readAheadOf(
          tenant.id,
          ahead.map(({ key, tableKey }) => ({ key, item: item(tableKey) })),
        ),
      };
    },

    async list(tenant, page) {
      return queryPage(await clients(tenant), cursors, { tableName, index: 'GSI1', shape: tenantListings(tenant).users }, page, (item) =>
        v.parse(UserRecordSchema, item),
      );
    },

    async admins(tenant) {
      const client = await clients(tenant);
      const admins: UserRecord[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :users',
            FilterExpression: '#role = :admin',
            ExpressionAttributeNames: { '#role': 'role' },
            ExpressionAttributeValues: { ':users': tenantKeys(tenant).userList, ':admin': 'admin' },
            ExclusiveStartKey: start,
          }),
        );
        admins.push(...(result.Items ?? []).map((item) => v.parse(UserRecordSchema, item)));
        start = result.LastEvaluatedKey;
      } while (start);
      return admins;
    },

    async create(tenant, record) {
      const items: TransactItem[] = [{ Put: { TableName: tableName, Item: userItem(tenant, record), ConditionExpression: 'attribute_not_exists(PK)' } }];
      if (record.role === 'admin') items.push(adminDelta(tenant, 1));
      const staffIndex = staffChange(tenant, items, undefined, record.role);
      await transact(tenant, items, undefined, staffIndex);
    },

    async setRole(tenant, previous, role, at) {
      if (previous.role === role) return previous;
      const next: UserRecord = { ...previous, role, updatedAt: at };
      // Customer groups are for customers: one who becomes staff leaves theirs (src/groups/).
      if (role !== 'customer') delete next.priceGroup;
      const items: TransactItem[] = [
        {
          Put: {
            TableName: tableName,
            Item: userItem(tenant, next),
            ConditionExpression: '#role = :was',
            ExpressionAttributeNames: { '#role': 'role' },
            ExpressionAttributeValues: { ':was': previous.role },
          },
        },
      ];
      if (previous.role === 'admin') items.push(adminDelta(tenant, -1));
      if (role === 'admin') items.push(adminDelta(tenant, 1));
      const staffIndex = staffChange(tenant, items, previous.role, role);
      if (previous.priceGroup !== undefined && next.priceGroup === undefined) items.push(groupMembersDelta(tableName, tenant, previous.priceGroup, -1));
      await transact(tenant, items, previous.role === 'admin' ? 1 : undefined, staffIndex);
      return next;
    },

    async markMfaEnrolled(tenant, userId, at) {
      const client = await clients(tenant);
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: tenantKeys(tenant).user(userId),
            UpdateExpression: 'SET mfa = :totp, updatedAt = :at',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':totp': 'totp', ':at': at },
          }),
        );
      } catch (error) {
        if (error instanceof Error && error.name === 'ConditionalCheckFailedException') throw new NotFoundError('No such user in this store.');
        throw error;
      }
    },

    async discardOnboarding(tenant, record) {
      const client = await clients(tenant);
      const keys = tenantKeys(tenant);
      type Request = NonNullable<BatchWriteCommandOutput['UnprocessedItems']>;
      await drainUnprocessed<Request>(
        {
          [tableName]: [
            { DeleteRequest: { Key: keys.user(record.userId) } },
            { DeleteRequest: { Key: keys.userStats } },
            // The store never was: nothing of it is counted either.
            { DeleteRequest: { Key: keys.usageTotals } },
          ],
        },
        async (request) => {
          const left = (await client.send(new BatchWriteCommand({ RequestItems: request }))).UnprocessedItems;
          return left && Object.keys(left).length > 0 ? left : undefined;
        },
        { what: 'an abandoned onboarding' },
      );
    },

    async remove(tenant, previous) {
      const items: TransactItem[] = [
        { Delete: { TableName: tableName, Key: tenantKeys(tenant).user(previous.userId), ConditionExpression: 'attribute_exists(PK)' } },
      ];
      if (previous.role === 'admin') items.push(adminDelta(tenant, -1));
      staffChange(tenant, items, previous.role, undefined);
      if (previous.priceGroup !== undefined) items.push(groupMembersDelta(tableName, tenant, previous.priceGroup, -1));
      try {
        await transact(tenant, items, previous.role === 'admin' ? 1 : undefined);
      } catch (error) {
        if (error instanceof ConflictError && !(error instanceof LastAdminError)) throw new NotFoundError('No such user in this store.');
        throw error;
      }
    },
  };
}
