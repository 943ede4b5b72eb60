import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DocumentCounterClaim, DocumentCounterReader } from '../../invoices/document';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import { invoiceKeys } from './keys';

/**
 * The store's invoice and credit-note counters: `last` is the last number issued. Read
 * consistently, since the claim that follows is conditioned on exactly what was read.
 */
export function createDynamoDocumentCounters(options: { clients: TenantClientProvider; tableName: string }): DocumentCounterReader {
  return {
    async current(tenant, series) {
      const client = await options.clients(tenant);
      const result = await client.send(new GetCommand({ TableName: options.tableName, Key: invoiceKeys(tenant).counter(series), ConsistentRead: true }));
      return typeof result.Item?.last === 'number' ? result.Item.last : 0;
    },
  };
}

/**
 * The TransactWriteItems part that takes a number: the counter moves from `previous` to `next`
 * only if no one else moved it since it was read (the first number: only if there is no counter
 * yet). A concurrent payment that took the number first cancels this transaction, and the order
 * service reads both again: two orders can never share a number, and a number is never skipped,
 * since it is written only together with the order that carries it.
 */
export function counterUpdate(tableName: string, tenant: TenantContext, claim: DocumentCounterClaim) {
  return {
    Update: {
      TableName: tableName,
      Key: invoiceKeys(tenant).counter(claim.series),
      UpdateExpression: 'SET #last = :next, #type = :type',
      ConditionExpression: claim.previous === 0 ? 'attribute_not_exists(#last)' : '#last = :previous',
      ExpressionAttributeNames: { '#last': 'last', '#type': 'type' },
      ExpressionAttributeValues: { ':next': claim.next, ':type': 'invoice-counter', ...(claim.previous === 0 ? {} : { ':previous': claim.previous }) },
    },
  };
}
