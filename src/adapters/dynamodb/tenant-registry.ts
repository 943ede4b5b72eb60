import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { ConflictError, NotFoundError } from '../../shared/errors';
import { tenantContext } from '../../tenants/tenant';
import { TenantRecordSchema, type TenantRecord, type TenantRegistry } from '../../tenants/registry';
import type { DomainEvent } from '../../events/event';
import { cancellationCodes } from './errors';
import type { CursorCodec } from './cursor';
import { platformKeys, platformListings } from './keys';
import { outboxPuts } from './outbox-items';
import type { Page, PageRequest } from '../../shared/page';
import { queryPage } from './query-page';

const parse = (item: Record<string, unknown>) => v.parse(TenantRecordSchema, item.tenant);

/**
 * What the operators' search matches, each token after a space so that `contains(search, ' ' + q)`
 * is "begins with q": the slug, each word of the name, each domain. Lower case.
 */
export const searchText = (record: TenantRecord) => ` ${[record.id, ...record.name.toLowerCase().split(/\s+/), ...record.domains].filter(Boolean).join(' ')}`;

/** At most this many reads of the store list for one searched page, however few match. */
const SEARCH_ROUNDS = 10;
/** Stores read per round of a search (a Query's Limit counts what it reads, before the filter). */
const SEARCH_READ = 100;

/** The store's registry item; exported for the custom domains' transactions (custom-domain-repository.ts), which change it too. */
export const tenantItem = (record: TenantRecord) => ({
  ...platformKeys.tenant(record.id),
  type: 'tenant',
  GSI1PK: platformKeys.tenantList,
  GSI1SK: record.id,
  search: searchText(record),
  tenant: record,
});
/** A domain's item in the domain map: a copy of its store's record, so resolving a host is one GetItem. */
export const domainItem = (domain: string, record: TenantRecord) => ({ ...platformKeys.domain(domain), type: 'domain', tenant: record });

/**
 * Platform records. Each domain item carries a copy of its tenant so resolving a host on a cache
 * miss is one GetItem; status changes rewrite the tenant and all its domain items in one
 * transaction so the copies never disagree.
 */
export function createDynamoTenantRegistry(options: { client: DynamoDBDocumentClient; tableName: string; cursors: CursorCodec }): TenantRegistry {
  const { client, tableName, cursors } = options;

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

  /**
   * A Query of the store list with a filter, read on until the page is full or a bounded number
   * of reads is spent (a filter applies after `Limit`); the cursor is where the last store shown
   * (or read) is, so the next page starts right after it. Never a Scan.
   */
  async function searchPage(page: PageRequest, search: string): Promise<Page<TenantRecord>> {
    const shape = platformListings.tenants;
    const found: Record<string, unknown>[] = [];
    let start = cursors.open(shape, page.cursor);
    for (let round = 0; round < SEARCH_ROUNDS && found.length < page.limit; round++) {
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: '#pk = :pk',
          // The slug from the record itself as well: items written before `search` existed have only that.
          FilterExpression: 'contains(#search, :word) OR begins_with(#tenant.#id, :q)',
          ExpressionAttributeNames: { '#pk': shape.partition.attribute, '#search': 'search', '#tenant': 'tenant', '#id': 'id' },
          ExpressionAttributeValues: { ':pk': shape.partition.value, ':word': ` ${search}`, ':q': search },
          // Read a good stretch per round: most stores will not match.
          Limit: Math.max(page.limit, SEARCH_READ),
          ExclusiveStartKey: start,
        }),
      );
      found.push(...(result.Items ?? []));
      start = result.LastEvaluatedKey;
      if (!start) break;
    }
    const shown = found.slice(0, page.limit);
    // More matched than fit: continue after the last one shown; otherwise where the reading stopped.
    const last = found.length > page.limit ? { [shape.sort.attribute]: shown.at(-1)![shape.sort.attribute] } : start;
    return { items: shown.map(parse), nextCursor: cursors.seal(shape, last) };
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

    list: (page, search) =>
      search ? searchPage(page, search) : queryPage(client, cursors, { tableName, index: 'GSI1', shape: platformListings.tenants }, page, parse),
  };
}
