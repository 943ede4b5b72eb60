import type { Product } from '../../catalog/product';
import { HandleTakenError, StaleWriteError, type ProductRepository } from '../../catalog/repository';
import { MAX_TRANSACTION_ITEMS } from '../../catalog/variants';
import { ValidationError } from '../../shared/errors';
import type { IdempotentCommit } from '../../shared/idempotency';
import type { TenantContext } from '../../tenants/tenant';
import { outboxPuts } from './outbox-items';
import { productCounting } from './plan-counters';
import type { PlanLimits } from '../../plans/plans';
import type { TenantClientProvider } from './client';
import {
  expressionOf,
  handleClaimItem,
  inventoryItem,
  productItem,
  setAndRemove,
  skuClaimItem,
  STOREFRONT_INDEX_ATTRIBUTES,
  type ProductStep,
} from './product-repository';
import { tenantKeys } from './keys';

/** What the repository shares with its writes (./product-repository.ts). */
type Shared = {
  clients: TenantClientProvider;
  tableName: string;
  limits: (tenant: TenantContext) => PlanLimits;
  transactSteps: (tenant: TenantContext, steps: ProductStep[], commit?: IdempotentCommit) => Promise<void>;
  claimNotOurs: (what: string) => Error;
  skuTaken: (sku: string) => Error;
};

export type ProductWrites = ReturnType<typeof createDynamoProductWrites>;

/** The attributes a product edit owns: everything of the item but its key, creation, stock, and others' attributes. */
const EDITED_ATTRIBUTES = [
  'handle',
  'name',
  'description',
  'status',
  'tags',
  'images',
  'options',
  'variants',
  'currencyPrices',
  'listedPrice',
  'listedCompareAt',
  'variantCount',
  'updatedAt',
  'version',
  'searchText',
  ...STOREFRONT_INDEX_ATTRIBUTES,
] as const;

/**
 * A product edit as one UpdateItem: SET of the fields it owns, conditioned on the version read.
 * When the variants change, new variants' stock entries are set and removed ones' removed,
 * `available` recomputed, and the stock map read is part of the condition (so `available` is
 * computed from the stock that is there; a stock change in between makes the service re-read).
 */
function productEdit(tenant: TenantContext, previous: Product, next: Product, variantsChanged: boolean) {
  const fresh = productItem(tenant, next) as Record<string, unknown>;
  const attributes = Object.fromEntries(EDITED_ATTRIBUTES.map((name) => [name, fresh[name]]));
  if (variantsChanged) attributes.available = next.available;
  const conditions = ['version = :read'];
  const built = setAndRemove(attributes, '', { ':read': previous.version });
  if (variantsChanged) {
    built.names['#stock'] = 'stock';
    conditions.push('#stock = :stockRead');
    built.values[':stockRead'] = previous.stock;
    const kept = new Set(next.variants.map((variant) => variant.id));
    const had = new Set(previous.variants.map((variant) => variant.id));
    next.variants.forEach((variant, i) => {
      if (had.has(variant.id)) return;
      built.names[`#n${i}`] = variant.id;
      built.values[`:n${i}`] = next.stock[variant.id] ?? { onHand: 0, reserved: 0 };
      built.sets.push(`#stock.#n${i} = :n${i}`);
    });
    previous.variants.forEach((variant, i) => {
      if (kept.has(variant.id)) return;
      built.names[`#r${i}`] = variant.id;
      built.removes.push(`#stock.#r${i}`);
    });
  }
  return expressionOf({ ...built, condition: conditions.join(' AND ') });
}

/**
 * Creating, editing and deleting a product, each one TransactWriteItems call with its events
 * (./product-repository.ts): loaded by the first one, not at a visitor's cold start.
 */
export function createDynamoProductWrites({
  clients,
  tableName,
  limits,
  transactSteps,
  claimNotOurs,
  skuTaken,
}: Shared): Pick<ProductRepository, 'create' | 'update' | 'delete'> {
  const counting = productCounting({ clients, tableName, limits });
  type Step = ProductStep;
  return {
    async create(tenant, product, initial, events, commit) {
      const steps: Step[] = [
        { item: { Put: { TableName: tableName, Item: productItem(tenant, product), ConditionExpression: 'attribute_not_exists(PK)' } } },
        {
          item: { Put: { TableName: tableName, Item: handleClaimItem(tenant, product.handle, product.id), ConditionExpression: 'attribute_not_exists(PK)' } },
          onFailed: () => new HandleTakenError(product.handle),
        },
        ...product.variants.map((variant) => ({
          item: {
            Put: { TableName: tableName, Item: skuClaimItem(tenant, variant.sku, product.id, variant.id), ConditionExpression: 'attribute_not_exists(PK)' },
          },
          onFailed: () => skuTaken(variant.sku),
        })),
        ...initial.map((entry) => ({ item: { Put: { TableName: tableName, Item: inventoryItem(tenant, entry) } } })),
        ...outboxPuts(tableName, tenant, events).map((item) => ({ item })),
      ];
      // The store's product count against its plan, last before the idempotency record: a refusal is `plan-limit`.
      await counting.created(tenant, (counter) =>
        transactSteps(tenant, [...steps, { item: counter.item, onFailed: () => counter.refused(['ConditionalCheckFailed'], 0)! }], commit),
      );
    },

    async update(tenant, previous, next, events, options) {
      const keys = tenantKeys(tenant);
      const variantsChanged = JSON.stringify(previous.variants) !== JSON.stringify(next.variants);
      const expression = productEdit(tenant, previous, next, variantsChanged);
      const steps: Step[] = [
        {
          item: { Update: { TableName: tableName, Key: keys.product(previous.id), ...expression } },
          onFailed: () => new StaleWriteError(previous.id),
        },
      ];
      if (previous.handle !== next.handle) {
        steps.push(
          {
            item: {
              Delete: {
                TableName: tableName,
                Key: keys.handle(previous.handle),
                ConditionExpression: 'productId = :id',
                ExpressionAttributeValues: { ':id': previous.id },
              },
            },
            onFailed: () => claimNotOurs(`handle ${previous.handle}`),
          },
          {
            item: { Put: { TableName: tableName, Item: handleClaimItem(tenant, next.handle, next.id), ConditionExpression: 'attribute_not_exists(PK)' } },
            onFailed: () => new HandleTakenError(next.handle),
          },
        );
      }
      // SKU claims: one item per SKU key, so a SKU passed from one variant to another is one write.
      const before = new Map(previous.variants.map((variant) => [variant.sku.toUpperCase(), variant]));
      const after = new Map(next.variants.map((variant) => [variant.sku.toUpperCase(), variant]));
      for (const [sku, variant] of after) {
        const held = before.get(sku);
        if (held?.id === variant.id) continue;
        steps.push(
          held
            ? {
                item: {
                  Put: {
                    TableName: tableName,
                    Item: skuClaimItem(tenant, variant.sku, next.id, variant.id),
                    ConditionExpression: 'productId = :id',
                    ExpressionAttributeValues: { ':id': next.id },
                  },
                },
                onFailed: () => claimNotOurs(`SKU ${variant.sku}`),
              }
            : {
                item: {
                  Put: { TableName: tableName, Item: skuClaimItem(tenant, variant.sku, next.id, variant.id), ConditionExpression: 'attribute_not_exists(PK)' },
                },
                onFailed: () => skuTaken(variant.sku),
              },
        );
      }
      for (const [sku, variant] of before) {
        if (after.has(sku)) continue;
        steps.push({
          item: {
            Delete: {
              TableName: tableName,
              Key: keys.sku(variant.sku),
              ConditionExpression: 'productId = :id',
              ExpressionAttributeValues: { ':id': previous.id },
            },
          },
          onFailed: () => claimNotOurs(`SKU ${variant.sku}`),
        });
      }
      for (const entry of options?.initial ?? []) steps.push({ item: { Put: { TableName: tableName, Item: inventoryItem(tenant, entry) } } });
      for (const item of outboxPuts(tableName, tenant, events)) steps.push({ item });
      if (steps.length + (options?.commit ? 1 : 0) > MAX_TRANSACTION_ITEMS)
        throw new ValidationError('This edit changes too many variants at once.', [
          {
            path: 'variants',
            message: `one edit may add, remove or re-SKU about ${Math.floor((MAX_TRANSACTION_ITEMS - 4) / 2)} variants; split it into several`,
          },
        ]);
      await transactSteps(tenant, steps, options?.commit);
    },

    async delete(tenant, previous, events) {
      const keys = tenantKeys(tenant);
      await transactSteps(tenant, [
        {
          item: {
            Delete: {
              TableName: tableName,
              Key: keys.product(previous.id),
              ConditionExpression: 'version = :read',
              ExpressionAttributeValues: { ':read': previous.version },
            },
          },
          onFailed: () => new StaleWriteError(previous.id),
        },
        { item: { Delete: { TableName: tableName, Key: keys.handle(previous.handle) } } },
        ...previous.variants.map((variant) => ({ item: { Delete: { TableName: tableName, Key: keys.sku(variant.sku) } } })),
        ...outboxPuts(tableName, tenant, events).map((item) => ({ item })),
        { item: counting.deleted(tenant) },
      ]);
    },
  };
}
