import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { ConflictError } from '../../shared/errors';
import { CustomDomainSchema, type CustomDomain } from '../../tenants/custom-domains/custom-domain';
import { DomainRemovedMeanwhileError, DomainTakenError, StoreRecordChangedError } from '../../tenants/custom-domains/errors';
import type { CustomDomainRepository } from '../../tenants/custom-domains/repository';
import type { TenantRecord } from '../../tenants/registry';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import { cancellationCodes, isConditionFailure } from './errors';
import { customDomainKeys, platformKeys } from './keys';
import { outboxPuts } from './outbox-items';
import { domainItem, tenantItem } from './tenant-registry';

const parse = (item: Record<string, unknown>) => v.parse(CustomDomainSchema, item.domain);

/** A store's partition holds at most its plan's domains: one page of a Query reads them all. */
const LIST_LIMIT = 100;

/**
 * Custom domains in DynamoDB (docs/custom-domains.md). The store's own records are read and written
 * with its tenant-scoped client; attaching and detaching also change platform records (the
 * registry item, every domain copy of it, the domain map's claim), so they run with the
 * platform's client in one transaction, like every other change of the registry.
 */
export function createDynamoCustomDomainRepository(options: {
  clients: TenantClientProvider;
  platformClient: DynamoDBDocumentClient;
  tableName: string;
}): CustomDomainRepository {
  const { clients, platformClient, tableName } = options;
  const item = (tenant: TenantContext, record: CustomDomain) => ({ ...customDomainKeys(tenant).domain(record.domain), type: 'custom-domain', domain: record });

  /** The registry item as read and every domain copy, rewritten as `next`: the copies never disagree. */
  const rewrite = (current: TenantRecord, next: TenantRecord, except: string) => [
    {
      Put: {
        TableName: tableName,
        Item: tenantItem(next),
        ConditionExpression: 'tenant.updatedAt = :read',
        ExpressionAttributeValues: { ':read': current.updatedAt },
      },
    },
    ...next.domains.filter((d) => d !== except).map((domain) => ({ Put: { TableName: tableName, Item: domainItem(domain, next) } })),
  ];

  return {
    async list(tenant) {
      const client = await clients(tenant);
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': customDomainKeys(tenant).partition },
          ConsistentRead: true,
          Limit: LIST_LIMIT,
        }),
      );
      return (result.Items ?? []).map(parse);
    },

    async get(tenant, domain) {
      const client = await clients(tenant);
      const result = await client.send(new GetCommand({ TableName: tableName, Key: customDomainKeys(tenant).domain(domain), ConsistentRead: true }));
      return result.Item ? parse(result.Item) : undefined;
    },

    async add(tenant, record, events) {
      try {
        await platformClient.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: item(tenant, record), ConditionExpression: 'attribute_not_exists(PK)' } },
              ...outboxPuts(tableName, tenant, events),
            ],
          }),
        );
      } catch (error) {
        if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed')
          throw new ConflictError(`${record.domain} is already one of this store's domains.`, { extra: { field: 'domain' } });
        throw error;
      }
    },

    async save(tenant, record) {
      const client = await clients(tenant);
      try {
        await client.send(new PutCommand({ TableName: tableName, Item: item(tenant, record), ConditionExpression: 'attribute_exists(PK)' }));
      } catch (error) {
        if (isConditionFailure(error)) throw new DomainRemovedMeanwhileError(record.domain);
        throw error;
      }
    },

    async attach(tenant, current, record, at, events) {
      const next: TenantRecord = { ...current, domains: [...current.domains.filter((d) => d !== record.domain), record.domain], updatedAt: at };
      try {
        await platformClient.send(
          new TransactWriteCommand({
            TransactItems: [
              // The claim first, so its cancellation code is at a known place: free, or ours already.
              {
                Put: {
                  TableName: tableName,
                  Item: domainItem(record.domain, next),
                  ConditionExpression: 'attribute_not_exists(PK) OR tenant.id = :me',
                  ExpressionAttributeValues: { ':me': tenant.id },
                },
              },
              // Still there: a removal in between wins, and nothing is claimed for a domain the store let go.
              { Put: { TableName: tableName, Item: item(tenant, record), ConditionExpression: 'attribute_exists(PK)' } },
              ...rewrite(current, next, record.domain),
              ...outboxPuts(tableName, tenant, events),
            ],
          }),
        );
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes?.[0] === 'ConditionalCheckFailed') throw new DomainTakenError(record.domain);
        if (codes?.[1] === 'ConditionalCheckFailed') throw new DomainRemovedMeanwhileError(record.domain);
        if (codes?.includes('ConditionalCheckFailed') || codes?.includes('TransactionConflict')) throw new StoreRecordChangedError();
        throw error;
      }
      return next;
    },

    async remove(tenant, current, record, at, events) {
      const own = customDomainKeys(tenant).domain(record.domain);
      const attached = current.domains.includes(record.domain);
      const next: TenantRecord = attached ? { ...current, domains: current.domains.filter((d) => d !== record.domain), updatedAt: at } : current;
      try {
        await platformClient.send(
          new TransactWriteCommand({
            TransactItems: [
              { Delete: { TableName: tableName, Key: own, ConditionExpression: 'attribute_exists(PK)' } },
              // A pending domain was never claimed by this store: whoever holds the claim keeps it.
              ...(attached
                ? [
                    {
                      Delete: {
                        TableName: tableName,
                        Key: platformKeys.domain(record.domain),
                        ConditionExpression: 'attribute_not_exists(PK) OR tenant.id = :me',
                        ExpressionAttributeValues: { ':me': tenant.id },
                      },
                    },
                    ...rewrite(current, next, record.domain),
                  ]
                : []),
              ...outboxPuts(tableName, tenant, events),
            ],
          }),
        );
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes?.[0] === 'ConditionalCheckFailed') throw new DomainRemovedMeanwhileError(record.domain);
        if (codes?.includes('ConditionalCheckFailed') || codes?.includes('TransactionConflict')) throw new StoreRecordChangedError();
        throw error;
      }
      return next;
    },
  };
}
