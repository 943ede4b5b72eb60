import { PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { WishlistEntrySchema, type WishlistRepository } from '../../shopping/wishlist';
import { MAX_WISHLIST_ITEMS } from '../../shopping/limits';
import type { TenantClientProvider } from './client';
import { cancellationCodes, isConditionFailure } from './errors';
import { outboxPuts } from './outbox-items';
import { shoppingKeys } from './keys';

/** Wishlists in the table: the customer's entries and, in the same transaction, each variant's wisher item. */
export function createDynamoWishlistRepository(options: { clients: TenantClientProvider; tableName: string }): WishlistRepository {
  const { clients, tableName } = options;
  return {
    async list(tenant, sub) {
      const client = await clients(tenant);
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :variant)',
          ExpressionAttributeValues: { ':pk': shoppingKeys(tenant).wishlist(sub), ':variant': 'VARIANT#' },
          Limit: MAX_WISHLIST_ITEMS,
          ConsistentRead: true,
        }),
      );
      return (result.Items ?? []).map((item) => v.parse(WishlistEntrySchema, item)).sort((a, b) => a.savedAt.localeCompare(b.savedAt));
    },

    async save(tenant, sub, entry) {
      const client = await clients(tenant);
      const keys = shoppingKeys(tenant);
      // Saving again changes nothing (the first date stays): each Put only where the item is not yet.
      const once = { ConditionExpression: 'attribute_not_exists(PK)' };
      await client
        .send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: { ...keys.wishlistEntry(sub, entry.variantId), type: 'wishlist', ...entry }, ...once } },
              {
                Put: {
                  TableName: tableName,
                  Item: { ...keys.wisher(entry.variantId, sub), type: 'wisher', userId: sub, productId: entry.productId, savedAt: entry.savedAt },
                },
              },
            ],
          }),
        )
        .catch((error: unknown) => {
          // Saved before: the entry's condition failed, and its wisher item is there already.
          if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return;
          throw error;
        });
    },

    async remove(tenant, sub, variantId) {
      const client = await clients(tenant);
      const keys = shoppingKeys(tenant);
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Delete: { TableName: tableName, Key: keys.wishlistEntry(sub, variantId), ConditionExpression: 'attribute_exists(PK)' } },
              { Delete: { TableName: tableName, Key: keys.wisher(variantId, sub) } },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return false;
        throw error;
      }
    },

    async wishers(tenant, variantId) {
      const client = await clients(tenant);
      const subs: string[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': shoppingKeys(tenant).wishers(variantId) },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) subs.push(String(item.userId));
        start = page.LastEvaluatedKey;
      } while (start);
      return subs;
    },

    async announce(tenant, event) {
      const client = await clients(tenant);
      const [put] = outboxPuts(tableName, tenant, [event]);
      try {
        await client.send(new PutCommand({ ...put!.Put, ConditionExpression: 'attribute_not_exists(PK)' }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
