import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import type { DomainEvent } from '../../events/event';
import { ConflictError } from '../../shared/errors';
import { OffboardingSchema, type AuditRecord, type Offboarding } from '../../tenants/offboarding/offboarding';
import type { OffboardingRepository, TenantItemEraser } from '../../tenants/offboarding/repository';
import { cancellationCodes, isConditionFailure } from './errors';
import { offboardingKeys, platformKeys } from './keys';
import { OUTBOX_TTL_SECONDS } from './outbox-items';
import { TABLE_KEYS } from './table';
import { domainItem, tenantItem } from './tenant-registry';

/**
 * Events about a store, on the platform's outbox: the store's own outbox is purged with it, and an
 * `OffboardingCompleted` must outlive it. The stream publishes any `type: 'outbox'` insert.
 */
export function platformOutboxPuts(tableName: string, events: readonly DomainEvent[]) {
  return events.map((event) => ({
    Put: {
      TableName: tableName,
      Item: {
        ...offboardingKeys.outbox(event.detail.occurredAt, event.detail.eventId),
        type: 'outbox',
        event,
        [TABLE_KEYS.ttlAttribute]: Math.floor(Date.parse(event.detail.occurredAt) / 1000) + OUTBOX_TTL_SECONDS,
      },
    },
  }));
}

const auditItem = (record: AuditRecord) => ({ ...offboardingKeys.audit(record.tenantId, record.at, record.id), type: 'audit', audit: record });
const offboardingItem = (record: Offboarding) => ({ ...offboardingKeys.offboarding(record.tenantId), type: 'offboarding', offboarding: record });

/** Offboarding records, audit and outbox: platform items, written with the platform's client. */
export function createDynamoOffboardingRepository(options: { client: DynamoDBDocumentClient; tableName: string }): OffboardingRepository {
  const { client, tableName } = options;
  return {
    async get(tenantId) {
      const result = await client.send(new GetCommand({ TableName: tableName, Key: offboardingKeys.offboarding(tenantId), ConsistentRead: true }));
      return result.Item ? v.parse(OffboardingSchema, result.Item.offboarding) : undefined;
    },

    async transition({ current, next, offboarding, audit, events }) {
      const store =
        next === 'removed'
          ? [
              {
                Delete: {
                  TableName: tableName,
                  Key: platformKeys.tenant(current.id),
                  ConditionExpression: 'tenant.updatedAt = :read',
                  ExpressionAttributeValues: { ':read': current.updatedAt },
                },
              },
            ]
          : [
              {
                Put: {
                  TableName: tableName,
                  Item: tenantItem(next),
                  ConditionExpression: 'tenant.updatedAt = :read',
                  ExpressionAttributeValues: { ':read': current.updatedAt },
                },
              },
              ...next.domains.map((domain) => ({ Put: { TableName: tableName, Item: domainItem(domain, next) } })),
            ];
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              ...store,
              { Put: { TableName: tableName, Item: offboardingItem(offboarding) } },
              { Put: { TableName: tableName, Item: auditItem(audit) } },
              ...platformOutboxPuts(tableName, events),
            ],
          }),
        );
      } catch (error) {
        if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed')
          throw new ConflictError(`The store ${current.id} changed meanwhile; read it again and retry.`);
        throw error;
      }
    },

    async save(offboarding) {
      await client.send(new PutCommand({ TableName: tableName, Item: offboardingItem(offboarding) }));
    },

    async note(audit, events) {
      await client.send(
        new TransactWriteCommand({ TransactItems: [{ Put: { TableName: tableName, Item: auditItem(audit) } }, ...platformOutboxPuts(tableName, events)] }),
      );
    },

    async auditTrail(tenantId) {
      const items: AuditRecord[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': offboardingKeys.auditPartition(tenantId) },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) items.push(item.audit as AuditRecord);
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },
  };
}

/** Items read per page of the purge's Scan (before its filter): one page is one checkpoint. */
const SCAN_READ = 500;
const BATCH = 25;

/**
 * The purge's eraser: a paginated Scan with a filter on the key's prefix (only the platform's
 * role may Scan; tenant roles never can), each page's matches deleted in batches of 25.
 */
export function createDynamoTenantItemEraser(options: { client: DynamoDBDocumentClient; tableName: string }): TenantItemEraser {
  const { client, tableName } = options;

  async function deleteAll(keys: Record<string, unknown>[]) {
    for (let i = 0; i < keys.length; i += BATCH) {
      let requests: Record<string, unknown>[] | undefined = keys.slice(i, i + BATCH).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; requests && requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
        if (attempt > 8) throw new Error('purge: DynamoDB kept returning unprocessed deletes');
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests as never } }));
        requests = result.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined;
      }
    }
  }

  return {
    async erasePage(tenantId, start, readLimit = SCAN_READ) {
      const page = await client.send(
        new ScanCommand({
          TableName: tableName,
          // The `#` after the id: TENANT#acme must never reach TENANT#acme2's items.
          FilterExpression: 'begins_with(PK, :store) OR (begins_with(PK, :payment) AND tenantId = :id)',
          ExpressionAttributeValues: { ':store': `TENANT#${tenantId}#`, ':payment': 'PLATFORM#PAYMENT#', ':id': tenantId },
          ProjectionExpression: 'PK, SK',
          Limit: readLimit,
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      const keys = (page.Items ?? []).map((item) => ({ PK: item.PK, SK: item.SK }));
      await deleteAll(keys);
      return { erased: keys.length, next: page.LastEvaluatedKey };
    },

    async releaseDomain(domain, tenantId) {
      try {
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: platformKeys.domain(domain),
            ConditionExpression: 'attribute_not_exists(PK) OR tenant.id = :id',
            ExpressionAttributeValues: { ':id': tenantId },
          }),
        );
      } catch (error) {
        // Another store holds it by now: not this store's to release.
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}
