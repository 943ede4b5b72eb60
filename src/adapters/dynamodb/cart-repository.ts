import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { ProductSchema, type Product } from '../../catalog/product';
import { StoredCartSchema, type StoredCart } from '../../shopping/cart';
import { CartChangedError, type CartRepository } from '../../shopping/cart-repository';
import { drainUnprocessed } from '../../shared/retry';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import { cancellationCodes, isConditionFailure, isTransactionConflict } from './errors';
import { shoppingKeys, tenantKeys } from './keys';

type BatchRequest = Record<string, { Keys: Record<string, unknown>[]; ConsistentRead?: boolean }>;

/** Carts in the table, one item each; products read by BatchGetItem beside them (src/shopping/cart-repository.ts). */
export function createDynamoCartRepository(options: { clients: TenantClientProvider; tableName: string }): CartRepository {
  const { clients, tableName } = options;
  const parseCart = (item: Record<string, unknown> | undefined) => (item ? v.parse(StoredCartSchema, item) : undefined);
  const parseProduct = (item: Record<string, unknown>) => v.parse(ProductSchema, item);

  /** Items by key in one BatchGetItem (more rounds only for what DynamoDB left unprocessed). Consistent: a cart just written must read back. */
  async function batchGet(tenant: TenantContext, keys: { PK: string; SK: string }[]) {
    const client = await clients(tenant);
    const found: Record<string, unknown>[] = [];
    if (keys.length === 0) return found;
    await drainUnprocessed<BatchRequest>(
      { [tableName]: { Keys: keys, ConsistentRead: true } },
      async (request) => {
        const result = await client.send(new BatchGetCommand({ RequestItems: request }));
        found.push(...(result.Responses?.[tableName] ?? []));
        const left = result.UnprocessedKeys as BatchRequest | undefined;
        return left && Object.keys(left).length > 0 ? left : undefined;
      },
      { what: 'a cart read' },
    );
    return found;
  }

  const cartItem = (tenant: TenantContext, cart: StoredCart) => ({ ...shoppingKeys(tenant).cart(cart.cartId), type: 'cart', ...cart });
  /** Written over only the version read; version 0 means "none stored" (or one removed since). */
  const versionCondition = (cart: StoredCart) =>
    cart.version === 0
      ? { ConditionExpression: 'attribute_not_exists(PK)' }
      : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': cart.version } };

  return {
    async get(tenant, cartId, readAhead) {
      const ahead = readAhead?.take(tenant, { kind: 'cart', id: cartId });
      if (ahead) return parseCart(ahead.item);
      const client = await clients(tenant);
      const result = await client.send(new GetCommand({ TableName: tableName, Key: shoppingKeys(tenant).cart(cartId), ConsistentRead: true }));
      return parseCart(result.Item);
    },

    async getWithProduct(tenant, cartId, productId) {
      const cartKey = shoppingKeys(tenant).cart(cartId);
      const found = await batchGet(tenant, [cartKey, tenantKeys(tenant).product(productId)]);
      const cart = found.find((item) => item.PK === cartKey.PK);
      const product = found.find((item) => item.PK !== cartKey.PK);
      return { cart: parseCart(cart), product: product ? parseProduct(product) : undefined };
    },

    async products(tenant, productIds) {
      const found = await batchGet(
        tenant,
        productIds.map((id) => tenantKeys(tenant).product(id)),
      );
      const products = new Map<string, Product>();
      for (const item of found) {
        const product = parseProduct(item);
        products.set(product.id, product);
      }
      return products;
    },

    async save(tenant, cart) {
      const client = await clients(tenant);
      const next = { ...cart, version: cart.version + 1 };
      try {
        await client.send(new PutCommand({ TableName: tableName, Item: cartItem(tenant, next), ...versionCondition(cart) }));
      } catch (error) {
        if (isConditionFailure(error)) throw new CartChangedError();
        throw error;
      }
      return next;
    },

    async saveMerged(tenant, into, from) {
      const client = await clients(tenant);
      const next = { ...into, version: into.version + 1 };
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: cartItem(tenant, next), ...versionCondition(into) } },
              { Delete: { TableName: tableName, Key: shoppingKeys(tenant).cart(from.cartId), ...versionCondition(from) } },
            ],
          }),
        );
      } catch (error) {
        if (isTransactionConflict(error) || cancellationCodes(error)?.includes('ConditionalCheckFailed')) throw new CartChangedError();
        throw error;
      }
      return next;
    },

    async remove(tenant, cartId) {
      const client = await clients(tenant);
      await client.send(new DeleteCommand({ TableName: tableName, Key: shoppingKeys(tenant).cart(cartId) }));
    },
  };
}
