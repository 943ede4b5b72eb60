import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { normaliseText, type BrowseQuery } from '../../catalog/browse';
import { ProductSchema, type Product } from '../../catalog/product';
import { StaleWriteError, type ProductRepository, type ProductVisibility } from '../../catalog/repository';
import { InventoryEntrySchema, type InventoryEntry } from '../../inventory/inventory';
import { ConflictError } from '../../shared/errors';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import type { CursorCodec } from './cursor';
import { outboxPuts } from './outbox-items';
import { queryPage } from './query-page';
import { cancellationCodes, isTransactionConflict } from './errors';
import { tenantKeys, tenantListings } from './keys';
import { claimLost, idempotencyCompletion } from './idempotency-store';
import { IdempotencyInFlightError, type IdempotentCommit } from '../../shared/idempotency';
import { limitsOf, type PlanLimits } from '../../plans/plans';
import { productCounting } from './plan-counters';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'GSI4PK', 'GSI4SK', 'type', 'expiresAt', 'searchText'];

/** Each storefront sort is one index over the store's active products. */
const SORT_INDEX = {
  newest: { index: 'GSI2', forward: false },
  'price-asc': { index: 'GSI3', forward: true },
  'price-desc': { index: 'GSI3', forward: false },
  name: { index: 'GSI4', forward: true },
} as const;

/** A filtered page may need several reads; stop after this many items and hand back a cursor. */
const MAX_EXAMINED = 2_000;

const pricePart = (amount: number) => String(amount).padStart(13, '0');

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...item };
  for (const name of KEY_ATTRIBUTES) delete copy[name];
  return copy;
}

function inventoryItem(tenant: TenantContext, entry: InventoryEntry) {
  return { ...tenantKeys(tenant).inventoryEntry(entry.productId, entry.occurredAt, entry.eventId), type: 'inventory', ...entry };
}

function productItem(tenant: TenantContext, product: Product) {
  const keys = tenantKeys(tenant);
  const listing = `${product.createdAt}#${product.id}`;
  return {
    ...keys.product(product.id),
    type: 'product',
    GSI1PK: keys.allProducts,
    GSI1SK: listing,
    // Sparse indexes: only active products are in the storefront listings.
    ...(product.status === 'active'
      ? {
          GSI2PK: keys.activeProducts,
          GSI2SK: listing,
          GSI3PK: keys.activeProducts,
          GSI3SK: `${pricePart(product.price.amount)}#${product.id}`,
          GSI4PK: keys.activeProducts,
          GSI4SK: `${normaliseText(product.name).slice(0, 200)}#${product.id}`,
        }
      : {}),
    searchText: normaliseText([product.name, product.description, product.sku, ...product.tags].join(' ')),
    ...product,
  };
}

/**
 * Single-table DynamoDB storage for products, their SKU claims, inventory audit entries and the
 * outbox. Each public write is one TransactWriteItems call so events can never be written
 * without their change, or the change without its events.
 */
export function createDynamoProductRepository(options: {
  clients: TenantClientProvider;
  tableName: string;
  cursors: CursorCodec;
  /** The store's plan limits (src/plans/plans.ts); the plan book's own unless a test gives smaller ones. */
  limits?: (tenant: TenantContext) => PlanLimits;
}): ProductRepository & { reindex(tenant: TenantContext): Promise<number> } {
  const { clients, tableName, cursors } = options;
  // Plan limits (docs/architecture.md, "Plans and limits"): the product count moves in each create and delete.
  const counting = productCounting({ clients, tableName, limits: options.limits ?? ((tenant) => limitsOf(tenant)) });

  /** `commit`: the idempotency record completed in the same transaction, as its last item. */
  async function transact(tenant: TenantContext, items: TransactItem[], onCancel: (codes: string[]) => Error | undefined, commit?: IdempotentCommit) {
    const client = await clients(tenant);
    try {
      await client.send(new TransactWriteCommand({ TransactItems: commit ? [...items, idempotencyCompletion(tableName, commit)] : items }));
    } catch (error) {
      if (isTransactionConflict(error)) throw new StaleWriteError();
      const codes = cancellationCodes(error);
      // Our claim expired and another request holds the key now: it, not we, applies the change.
      if (commit && codes && claimLost(codes)) throw new IdempotencyInFlightError(1);
      const mapped = codes && onCancel(codes);
      if (mapped) throw mapped;
      throw error;
    }
  }

  const skuTaken = (sku: string) => new ConflictError(`SKU ${sku} is already used by another product in this store.`, { extra: { field: 'sku' } });

  const parseProduct = (item: Record<string, unknown>) => v.parse(ProductSchema, stripKeys(item));

  return {
    async get(tenant, id, options) {
      const ahead = options?.readAhead?.take(tenant, { kind: 'product', id });
      if (ahead) return ahead.item ? parseProduct(ahead.item) : undefined;
      const client = await clients(tenant);
      const result = await client.send(new GetCommand({ TableName: tableName, Key: tenantKeys(tenant).product(id), ConsistentRead: true }));
      return result.Item ? parseProduct(result.Item) : undefined;
    },

    async list(tenant, visibility: ProductVisibility, page) {
      const shape = tenantListings(tenant).products(visibility === 'active' ? 'active' : 'all');
      return queryPage(
        await clients(tenant),
        cursors,
        { tableName, index: visibility === 'active' ? 'GSI2' : 'GSI1', shape, newestFirst: true },
        page,
        parseProduct,
      );
    },

    async browse(tenant, query: BrowseQuery) {
      const client = await clients(tenant);
      const keys = tenantKeys(tenant);
      const { index, forward } = SORT_INDEX[query.sort];
      const pk = `${index}PK`;
      const sk = `${index}SK`;
      const names: Record<string, string> = { '#pk': pk };
      const values: Record<string, unknown> = { ':pk': keys.activeProducts };
      let keyCondition = '#pk = :pk';
      const filters: string[] = [];
      const priceSorted = index === 'GSI3';
      if (query.minPrice !== undefined || query.maxPrice !== undefined) {
        if (priceSorted) {
          // On the price index the range is part of the key: nothing outside it is read.
          names['#sk'] = sk;
          values[':lo'] = `${pricePart(query.minPrice ?? 0)}#`;
          values[':hi'] = `${pricePart(query.maxPrice ?? 10 ** 13 - 1)}#~`;
          keyCondition += ' AND #sk BETWEEN :lo AND :hi';
        } else {
          names['#price'] = 'price';
          names['#amount'] = 'amount';
          if (query.minPrice !== undefined) {
            values[':min'] = query.minPrice;
            filters.push('#price.#amount >= :min');
          }
          if (query.maxPrice !== undefined) {
            values[':max'] = query.maxPrice;
            filters.push('#price.#amount <= :max');
          }
        }
      }
      if (query.inStock !== undefined) {
        values[':zero'] = 0;
        filters.push(query.inStock ? 'stock > :zero' : 'stock = :zero');
      }
      if (query.tag !== undefined) {
        values[':tag'] = query.tag;
        filters.push('contains(tags, :tag)');
      }
      (query.q ?? []).forEach((term, i) => {
        values[`:q${i}`] = term;
        filters.push(`contains(searchText, :q${i})`);
      });

      const items: Record<string, unknown>[] = [];
      // The cursor is bound to the sort and, on the price index, to the range in its key condition:
      // a start key outside the key condition is a DynamoDB ValidationException.
      const shape = tenantListings(tenant).browse(index, priceSorted ? `${query.sort}:${values[':lo'] ?? ''}..${values[':hi'] ?? ''}` : query.sort);
      let startKey: Record<string, unknown> | undefined = cursors.open(shape, query.cursor);
      let examined = 0;
      let more = false;
      let resumeAt: Record<string, unknown> | undefined;
      do {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: index,
            KeyConditionExpression: keyCondition,
            ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ScanIndexForward: forward,
            // Unfiltered, a page is one read of exactly `limit`; filtered, read ahead to fill it.
            Limit: filters.length ? Math.max(query.limit * 4, 50) : query.limit,
            ExclusiveStartKey: startKey,
          }),
        );
        examined += result.ScannedCount ?? 0;
        for (const item of result.Items ?? []) {
          if (items.length === query.limit) {
            more = true;
            break;
          }
          items.push(item);
        }
        startKey = result.LastEvaluatedKey;
        if (more) break;
        if (startKey && items.length < query.limit && examined >= MAX_EXAMINED) {
          // Searched far enough for one request: let the client continue from here.
          resumeAt = startKey;
          break;
        }
      } while (startKey && items.length < query.limit);

      const last = items.at(-1);
      const lastKey = last ? { [sk]: last[sk] } : undefined;
      const next = resumeAt ?? (more || startKey ? lastKey : undefined);
      return { items: items.map(parseProduct), nextCursor: cursors.seal(shape, next) };
    },

    async create(tenant, product, initial, events, commit) {
      const keys = tenantKeys(tenant);
      await counting.created(tenant, (counter) =>
        transact(
          tenant,
          [
            { Put: { TableName: tableName, Item: productItem(tenant, product), ConditionExpression: 'attribute_not_exists(PK)' } },
            {
              Put: {
                TableName: tableName,
                Item: { ...keys.sku(product.sku), type: 'sku', productId: product.id },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            { Put: { TableName: tableName, Item: inventoryItem(tenant, initial) } },
            ...outboxPuts(tableName, tenant, events),
            counter.item,
          ],
          (codes) => (codes[1] === 'ConditionalCheckFailed' ? skuTaken(product.sku) : counter.refused(codes, 3 + events.length)),
          commit,
        ),
      );
    },

    async update(tenant, previous, next, events, commit) {
      const keys = tenantKeys(tenant);
      const skuChanged = previous.sku.toUpperCase() !== next.sku.toUpperCase();
      await transact(
        tenant,
        [
          {
            Put: {
              TableName: tableName,
              Item: productItem(tenant, next),
              ConditionExpression: 'version = :read',
              ExpressionAttributeValues: { ':read': previous.version },
            },
          },
          ...(skuChanged
            ? [
                { Delete: { TableName: tableName, Key: keys.sku(previous.sku) } },
                {
                  Put: {
                    TableName: tableName,
                    Item: { ...keys.sku(next.sku), type: 'sku', productId: next.id },
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                },
              ]
            : []),
          ...outboxPuts(tableName, tenant, events),
        ],
        (codes) => {
          if (codes[0] === 'ConditionalCheckFailed') return new StaleWriteError(previous.id);
          if (skuChanged && codes[2] === 'ConditionalCheckFailed') return skuTaken(next.sku);
          return undefined;
        },
        commit,
      );
    },

    async delete(tenant, previous, events) {
      const keys = tenantKeys(tenant);
      await transact(
        tenant,
        [
          {
            Delete: {
              TableName: tableName,
              Key: keys.product(previous.id),
              ConditionExpression: 'version = :read',
              ExpressionAttributeValues: { ':read': previous.version },
            },
          },
          { Delete: { TableName: tableName, Key: keys.sku(previous.sku) } },
          ...outboxPuts(tableName, tenant, events),
          counting.deleted(tenant),
        ],
        (codes) => (codes[0] === 'ConditionalCheckFailed' ? new StaleWriteError(previous.id) : undefined),
      );
    },

    async recordStockChange(tenant, previous, next, entry, events, commit) {
      const keys = tenantKeys(tenant);
      await transact(
        tenant,
        [
          {
            Update: {
              TableName: tableName,
              Key: keys.product(previous.id),
              // The version check is what makes the computed stock safe: no lost update, and a
              // stock we validated as non-negative is exactly the stock written.
              UpdateExpression: 'SET stock = :stock, version = :next, updatedAt = :at',
              ConditionExpression: 'version = :read AND stock = :previous',
              ExpressionAttributeValues: {
                ':stock': next.stock,
                ':next': next.version,
                ':at': next.updatedAt,
                ':read': previous.version,
                ':previous': previous.stock,
              },
            },
          },
          { Put: { TableName: tableName, Item: inventoryItem(tenant, entry) } },
          ...outboxPuts(tableName, tenant, events),
        ],
        (codes) => (codes[0] === 'ConditionalCheckFailed' ? new StaleWriteError(previous.id) : undefined),
        commit,
      );
    },

    async history(tenant, productId, page) {
      return queryPage<InventoryEntry>(
        await clients(tenant),
        cursors,
        { tableName, shape: tenantListings(tenant).inventoryHistory(productId), newestFirst: true },
        page,
        (item) => v.parse(InventoryEntrySchema, stripKeys(item)),
      );
    },

    /** Rewrites products stored before an index existed (local data kept across versions). */
    async reindex(tenant) {
      const client = await clients(tenant);
      const keys = tenantKeys(tenant);
      let rewritten = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk',
            ExpressionAttributeValues: { ':pk': keys.allProducts },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) {
          const product = parseProduct(item);
          const fresh = productItem(tenant, product);
          if (
            item.searchText === fresh.searchText &&
            item.GSI3SK === (fresh as { GSI3SK?: string }).GSI3SK &&
            item.GSI4SK === (fresh as { GSI4SK?: string }).GSI4SK
          )
            continue;
          await client.send(
            new PutCommand({ TableName: tableName, Item: fresh, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': product.version } }),
          );
          rewritten++;
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return rewritten;
    },
  };
}
