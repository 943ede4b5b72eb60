import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { ConflictError, NotFoundError } from '../../shared/errors';
import { tenantContext } from '../../tenants/tenant';
import { TenantRecordSchema, type TenantRecord, type TenantRegistry } from '../../tenants/registry';
import type { DomainEvent } from '../../events/event';
import { cancellationCodes } from './errors';
import type { CursorCodec } from './cursor';
import { platformKeys, platformListings } from './keys';
import { outboxPuts } from './outbox-items';
import { queryPage } from './query-page';

const parse = (item: Record<string, unknown>) => v.parse(TenantRecordSchema, item.tenant);

/**
 * Platform records. Each domain item carries a copy of its tenant so resolving a host on a cache
 * miss is one GetItem; status changes rewrite the tenant and all its domain items in one
 * transaction so the copies never disagree.
 */
export function createDynamoTenantRegistry(options: { client: DynamoDBDocumentClient; tableName: string; cursors: CursorCodec }): TenantRegistry {
  const { client, tableName, cursors } = options;

  const tenantItem = (record: TenantRecord) => ({
    ...platformKeys.tenant(record.id),
    type: 'tenant',
    GSI1PK: platformKeys.tenantList,
    GSI1SK: record.id,
    tenant: record,
  });
  const domainItem = (domain: string, record: TenantRecord) => ({ ...platformKeys.domain(domain), type: 'domain', tenant: record });

  /**
   * The record and every domain copy of it in one transaction, on the record as read: a status
   * change or a settings save in between cancels this one, so the copies never disagree.
   */
  async function rewrite(current: TenantRecord, next: TenantRecord, events: readonly DomainEvent[]) {
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: tenantItem(next),
              ConditionExpression: 'tenant.updatedAt = :read',
              ExpressionAttributeValues: { ':read': current.updatedAt },
            },
          },
          ...next.domains.map((domain) => ({ Put: { TableName: tableName, Item: domainItem(domain, next) } })),
          ...outboxPuts(tableName, tenantContext(next), events),
        ],
      }),
    );
  }

  async function get(id: string) {
    const result = await client.send(new GetCommand({ TableName: tableName, Key: platformKeys.tenant(id), ConsistentRead: true }));
    return result.Item ? parse(result.Item) : undefined;
  }

  return {
    async findByDomain(domain) {
      const result = await client.send(new GetCommand({ TableName: tableName, Key: platformKeys.domain(domain) }));
      return result.Item ? parse(result.Item) : undefined;
    },

    get,

    async create(record, events = []) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: tenantItem(record), ConditionExpression: 'attribute_not_exists(PK)' } },
              ...record.domains.map((domain) => ({
                Put: { TableName: tableName, Item: domainItem(domain, record), ConditionExpression: 'attribute_not_exists(PK)' },
              })),
              ...outboxPuts(tableName, tenantContext(record), events),
            ],
          }),
        );
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        if (codes[0] === 'ConditionalCheckFailed') throw new ConflictError(`A store with slug ${record.id} already exists.`, { extra: { field: 'slug' } });
        const taken = record.domains.filter((_, i) => codes[i + 1] === 'ConditionalCheckFailed');
        if (taken.length > 0)
          throw new ConflictError(`Domain ${taken.join(', ')} already belongs to another store.`, { extra: { field: 'domains', domains: taken } });
        throw error;
      }
    },

    async setStatus(id, status, at, events) {
      const current = await get(id);
      if (!current) throw new NotFoundError(`No store ${id}.`);
      const next: TenantRecord = { ...current, status, updatedAt: at };
      await rewrite(current, next, events?.(next) ?? []);
      return next;
    },

    async setTier(id, tier, at, events) {
      const current = await get(id);
      if (!current) throw new NotFoundError(`No store ${id}.`);
      const next: TenantRecord = { ...current, tier, updatedAt: at };
      try {
        await rewrite(current, next, events?.(next) ?? []);
      } catch (error) {
        if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') throw new ConflictError('The store changed meanwhile; try again.');
        throw error;
      }
      return next;
    },

    async updateSettings(id, readVersion, settings, at, events = []) {
      const current = await get(id);
      if (!current) throw new NotFoundError(`No store ${id}.`);
      const stale = () => new ConflictError('These settings were changed meanwhile; reload them and apply your change again.', { extra: { field: 'version' } });
      if ((current.settings?.version ?? 0) !== readVersion) throw stale();
      const next: TenantRecord = { ...current, settings, updatedAt: at };
      try {
        await rewrite(current, next, events);
      } catch (error) {
        if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') throw stale();
        throw error;
      }
      return next;
    },

    list: (page) => queryPage(client, cursors, { tableName, index: 'GSI1', shape: platformListings.tenants }, page, parse),
  };
}
