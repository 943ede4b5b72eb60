import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
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
import type { ProductWrites } from './product-writes';
import { lazyAsync } from '../../shared/lazy';
import { cancellationCodes, isConditionFailure, isTransactionConflict } from './errors';
import { tenantKeys, tenantListings } from './keys';
import { claimLost, idempotencyCompletion } from './idempotency-store';
import { IdempotencyInFlightError, type IdempotentCommit } from '../../shared/idempotency';
import { limitsOf, type PlanLimits } from '../../plans/plans';
import { marginAttribute, productFromItem, ratingCondition, ratingFromItem } from './rating-attributes';
import { ratingRankOf } from '../../catalog/rating';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type ProductStep = { item: TransactItem; onFailed?: () => Error };

const KEY_ATTRIBUTES = [
  'PK',
  'SK',
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  'GSI3PK',
  'GSI3SK',
  'GSI4PK',
  'GSI4SK',
  'GSI5PK',
  'GSI5SK',
  'type',
  'expiresAt',
  'searchText',
];

/** Each storefront sort is one index over the store's active products. */
const SORT_INDEX = {
  newest: { index: 'GSI2', forward: false },
  'price-asc': { index: 'GSI3', forward: true },
  'price-desc': { index: 'GSI3', forward: false },
  name: { index: 'GSI4', forward: true },
  'top-rated': { index: 'GSI5', forward: false },
} as const;

/** A filtered page may need several reads; stop after this many items and hand back a cursor. */
const MAX_EXAMINED = 2_000;

const pricePart = (amount: number) => String(amount).padStart(13, '0');

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...item };
  for (const name of KEY_ATTRIBUTES) delete copy[name];
  return copy;
}

export function inventoryItem(tenant: TenantContext, entry: InventoryEntry) {
  return { ...tenantKeys(tenant).inventoryEntry(entry.productId, entry.variantId, entry.occurredAt, entry.eventId), type: 'inventory', ...entry };
}

/** A SKU's claim: which variant of which product has it. */
export function skuClaimItem(tenant: TenantContext, sku: string, productId: string, variantId: string) {
  return { ...tenantKeys(tenant).sku(sku), type: 'sku', productId, variantId };
}

export function handleClaimItem(tenant: TenantContext, handle: string, productId: string) {
  return { ...tenantKeys(tenant).handle(handle), type: 'handle', productId };
}

/**
 * The index attributes a product's status and listing fields give it (only active products are in
 * the storefront's). GSI5SK is not among them: the rating owns it (`rankByRating`), so an edit
 * only puts the product in or out of "Top rated" (GSI5PK) and never writes a rank from a rating it
 * read before a review landed.
 */
export const STOREFRONT_INDEX_ATTRIBUTES = ['GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'GSI4PK', 'GSI4SK', 'GSI5PK'] as const;
const RANK_ATTRIBUTE = 'GSI5SK';

export function productItem(tenant: TenantContext, product: Product) {
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
          GSI3SK: `${pricePart(product.listedPrice)}#${product.id}`,
          GSI4PK: keys.activeProducts,
          GSI4SK: `${normaliseText(product.name).slice(0, 200)}#${product.id}`,
          GSI5PK: keys.activeProducts,
        }
      : {}),
    // Kept whatever the status, so activating a product needs no rank: it is the rating's (see above).
    [RANK_ATTRIBUTE]: ratingRankOf(product.rating, product.createdAt, product.id),
    searchText: normaliseText(
      [product.name, product.description, ...product.variants.map((variant) => variant.sku), ...product.tags, ...product.options.flatMap((o) => o.values)].join(
        ' ',
      ),
    ),
    ...product,
  };
}

/**
 * An update expression that SETs each defined attribute and REMOVEs each undefined one, with
 * placeholder names throughout (attribute names such as `status` are reserved words).
 */
export function setAndRemove(attributes: Record<string, unknown>, condition: string, values: Record<string, unknown>) {
  const names: Record<string, string> = {};
  const setValues: Record<string, unknown> = { ...values };
  const sets: string[] = [];
  const removes: string[] = [];
  Object.entries(attributes).forEach(([name, value], i) => {
    names[`#a${i}`] = name;
    if (value === undefined) removes.push(`#a${i}`);
    else {
      sets.push(`#a${i} = :a${i}`);
      setValues[`:a${i}`] = value;
    }
  });
  return { names, values: setValues, sets, removes, condition };
}

export function expressionOf(built: ReturnType<typeof setAndRemove>) {
  return {
    UpdateExpression: [built.sets.length ? `SET ${built.sets.join(', ')}` : '', built.removes.length ? `REMOVE ${built.removes.join(', ')}` : '']
      .filter(Boolean)
      .join(' '),
    ConditionExpression: built.condition,
    ExpressionAttributeNames: built.names,
    ExpressionAttributeValues: built.values,
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
  // Plan limits (docs/architecture.md, "Plans and limits"): the product count moves in each create and delete (./product-writes.ts).
  const limits = options.limits ?? ((tenant: TenantContext) => limitsOf(tenant));

  /** The product's "Top rated" key from its counters as they are now (ProductRepository.rankByRating). */
  async function rankByRating(tenant: TenantContext, id: string): Promise<'ranked' | 'unchanged' | 'raced' | 'missing'> {
    const client = await clients(tenant);
    const key = tenantKeys(tenant).product(id);
    const read = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    const item = read.Item;
    if (!item || typeof item.createdAt !== 'string') return 'missing';
    const counts = ratingFromItem(item);
    const rank = ratingRankOf(counts, item.createdAt, id);
    if (item[RANK_ATTRIBUTE] === rank) return 'unchanged';
    const unchanged = ratingCondition(counts);
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: 'SET #rank = :rank',
          ConditionExpression: `attribute_exists(PK) AND ${unchanged.expression}`,
          ExpressionAttributeNames: { '#rank': RANK_ATTRIBUTE, ...unchanged.names },
          ExpressionAttributeValues: { ':rank': rank, ...unchanged.values },
        }),
      );
      return 'ranked';
    } catch (error) {
      if (isConditionFailure(error)) return 'raced';
      throw error;
    }
  }

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

  /** What a step of a transaction is: its item, and the error its failed condition means. */
  type Step = ProductStep;
  /** A claim this product should hold is not its own (data written outside these writes): refuse, never take another's. */
  const claimNotOurs = (what: string) =>
    new ConflictError(`The ${what} is not held by this product in the store's records; reload the product and try again, or ask support.`);
  /** One transaction; a failed condition becomes the error of the step it failed on. */
  const transactSteps = (tenant: TenantContext, steps: Step[], commit?: IdempotentCommit) =>
    transact(
      tenant,
      steps.map((step) => step.item),
      (codes) => {
        const failed = codes.indexOf('ConditionalCheckFailed');
        return failed >= 0 && failed < steps.length ? steps[failed]!.onFailed?.() : undefined;
      },
      commit,
    );

  const skuTaken = (sku: string) => new ConflictError(`SKU ${sku} is already used by another product in this store.`, { extra: { field: 'sku' } });

  const parseProduct = (item: Record<string, unknown>) => v.parse(ProductSchema, productFromItem(stripKeys(item)));

  // Creating, editing and deleting load with the first one: a visitor's read does not parse them at a cold start.
  const writes: ProductWrites = lazyAsync(async () =>
    (await import('./product-writes')).createDynamoProductWrites({ clients, tableName, limits, transactSteps, claimNotOurs, skuTaken }),
  );

  return {
    create: writes.create,
    update: writes.update,
    delete: writes.delete,

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
          if (query.minPrice !== undefined) {
            values[':min'] = query.minPrice;
            filters.push('listedPrice >= :min');
          }
          if (query.maxPrice !== undefined) {
            values[':max'] = query.maxPrice;
            filters.push('listedPrice <= :max');
          }
        }
      }
      if (query.inStock !== undefined) {
        values[':available'] = query.inStock;
        filters.push('available = :available');
      }
      if (query.tag !== undefined) {
        values[':tag'] = query.tag;
        filters.push('contains(tags, :tag)');
      }
      if (query.minRating !== undefined) {
        // The review counters keep `total − N × count` (rating-attributes.ts): no arithmetic in the filter.
        names['#margin'] = marginAttribute(query.minRating);
        values[':noMargin'] = 0;
        filters.push('#margin >= :noMargin AND ratingCount > :noMargin');
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

    async recordStockChange(tenant, previous, change, entry, events, commit) {
      const keys = tenantKeys(tenant);
      await transactSteps(
        tenant,
        [
          {
            item: {
              Update: {
                TableName: tableName,
                Key: keys.product(previous.id),
                // The whole stock map as read is the condition: no lost update of this variant, and
                // `available` (which depends on every variant's stock) is computed from what is there.
                // The version is neither checked nor bumped: product edits and stock changes never
                // make each other fail.
                UpdateExpression: 'SET #stock.#variant = :stock, available = :available',
                ConditionExpression: '#stock = :read',
                ExpressionAttributeNames: { '#stock': 'stock', '#variant': change.variantId },
                ExpressionAttributeValues: { ':stock': change.stock, ':available': change.available, ':read': previous.stock },
              },
            },
            onFailed: () => new StaleWriteError(previous.id),
          },
          { item: { Put: { TableName: tableName, Item: inventoryItem(tenant, entry) } } },
          ...outboxPuts(tableName, tenant, events).map((item) => ({ item })),
        ],
        commit,
      );
    },

    async history(tenant, productId, variantId, page) {
      return queryPage<InventoryEntry>(
        await clients(tenant),
        cursors,
        { tableName, shape: tenantListings(tenant).inventoryHistory(productId, variantId), newestFirst: true },
        page,
        (item) => v.parse(InventoryEntrySchema, stripKeys(item)),
      );
    },

    rankByRating,

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
            item.GSI4SK === (fresh as { GSI4SK?: string }).GSI4SK &&
            item.GSI5PK === (fresh as { GSI5PK?: string }).GSI5PK &&
            item[RANK_ATTRIBUTE] !== undefined
          )
            continue;
          // Only the derived index attributes: stock and other writers' attributes stay as they are.
          const derived = Object.fromEntries(['searchText', ...STOREFRONT_INDEX_ATTRIBUTES].map((name) => [name, (fresh as Record<string, unknown>)[name]]));
          await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.product(product.id),
              ...expressionOf(setAndRemove(derived, 'version = :v', { ':v': product.version })),
            }),
          );
          // The rank is the rating's: set from the counters, conditioned on them (never from this read's version).
          if (item[RANK_ATTRIBUTE] === undefined) await rankByRating(tenant, product.id);
          rewritten++;
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return rewritten;
    },
  };
}
