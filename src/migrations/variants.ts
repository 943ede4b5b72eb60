import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from 'pino';
import { inventoryItem, productItem, skuClaimItem, handleClaimItem } from '../adapters/dynamodb/product-repository';
import { tenantKeys } from '../adapters/dynamodb/keys';
import { isConditionFailure } from '../adapters/dynamodb/errors';
import type { Product, Variant } from '../catalog/product';
import type { InventoryEntry } from '../inventory/inventory';
import { deriveListing, handleCandidate, handleFromName } from '../catalog/variants';
import { defaultSettings } from '../settings/store-settings';
import { allTenants } from '../tenants/all-tenants';
import type { TenantRegistry } from '../tenants/registry';
import type { TenantContext } from '../tenants/tenant';

/**
 * Products written before options and variants (docs/architecture.md, "Products, options and
 * variants", Migration) brought up to the model: one default variant per product, its stock in
 * the stock map, a handle claim from its name, its SKU claim naming the variant, its trail under
 * the variant's keys, the listing attributes; and the store's currency taken from its products
 * when its settings do not exist yet.
 *
 * Idempotent (what is migrated is recognised and left alone) and resumable (every step can be
 * re-done: the variant id is derived from the product id, so a run stopped halfway writes the same
 * thing the next time). Per store, by Query only: stores come from the registry, products from
 * the store's own product index, trail entries from the product's partition.
 */
export type MigrationReport = { stores: number; settings: number; products: number; trailEntries: number };

/** An item as the pre-variant code wrote it. */
type OldProduct = Record<string, unknown> & {
  id: string;
  name: string;
  sku: string;
  price: { amount: number; currency: string };
  stock: number;
  lowStockThreshold?: number | null;
  version: number;
};

const isOld = (item: Record<string, unknown>) => item.type === 'product' && !Array.isArray(item.variants);

/** The default variant's id: new, but the same on every run, so a resumed run repeats rather than duplicates. */
export function defaultVariantId(productId: string): string {
  const hex = createHash('sha256').update(`default-variant#${productId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A trail entry's key before variants: INV#<occurredAt>#<eventId> (one `#` fewer). */
const isOldTrailKey = (sk: unknown) => typeof sk === 'string' && /^INV#[^#]+#[^#]+$/.test(sk);

export function createVariantsMigration(deps: { client: DynamoDBDocumentClient; tableName: string; registry: TenantRegistry; logger: Logger }) {
  const { client, tableName, logger } = deps;

  async function* queryAll(input: ConstructorParameters<typeof QueryCommand>[0]) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
      for (const item of page.Items ?? []) yield item;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  /** The store's old products, read consistently from the table (the index only names them). */
  async function oldProducts(tenant: TenantContext): Promise<OldProduct[]> {
    const keys = tenantKeys(tenant);
    const found: OldProduct[] = [];
    for await (const listed of queryAll({
      TableName: tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.allProducts },
    })) {
      if (!isOld(listed)) continue;
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: keys.product(String(listed.id)), ConsistentRead: true }));
      if (Item && isOld(Item)) found.push(Item as OldProduct);
    }
    return found;
  }

  /** Settings first: once products are migrated their currencies are gone. The most common currency wins. */
  async function settleCurrency(tenant: TenantContext, products: readonly OldProduct[], at: string): Promise<number> {
    const record = await deps.registry.get(tenant.id);
    if (!record || record.settings || products.length === 0) return 0;
    const counts = new Map<string, number>();
    for (const product of products) counts.set(product.price.currency, (counts.get(product.price.currency) ?? 0) + 1);
    const [currency] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    if (counts.size > 1)
      logger.warn(
        { tenantId: tenant.id, currencies: Object.fromEntries(counts) },
        'store had products in several currencies: amounts are kept, read in the store currency',
      );
    await deps.registry.updateSettings(tenant.id, 0, { ...defaultSettings({ currency }), version: 1 }, at, []);
    return 1;
  }

  /** Each old trail entry moved under the variant's keys: the copy and the removal in one transaction. */
  async function moveTrail(tenant: TenantContext, productId: string, variantId: string): Promise<number> {
    const keys = tenantKeys(tenant);
    let moved = 0;
    for await (const item of queryAll({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :inv)',
      ExpressionAttributeValues: { ':pk': keys.product(productId).PK, ':inv': 'INV#' },
      ConsistentRead: true,
    })) {
      if (!isOldTrailKey(item.SK)) continue;
      const { PK: _pk, SK: _sk, type: _type, ...entry } = item;
      const copy = inventoryItem(tenant, { ...(entry as unknown as InventoryEntry), variantId });
      await client.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: tableName, Item: copy } }, { Delete: { TableName: tableName, Key: { PK: item.PK, SK: item.SK } } }],
        }),
      );
      moved++;
    }
    return moved;
  }

  /** The first of `name`, `name-2`, … free or already this product's (a resumed run finds its own claim). */
  async function claimHandle(tenant: TenantContext, product: OldProduct): Promise<string> {
    const base = handleFromName(product.name);
    for (let attempt = 1; ; attempt++) {
      const handle = handleCandidate(base, attempt);
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: handleClaimItem(tenant, handle, product.id),
            ConditionExpression: 'attribute_not_exists(PK) OR productId = :id',
            ExpressionAttributeValues: { ':id': product.id },
          }),
        );
        return handle;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
  }

  async function migrateProduct(tenant: TenantContext, old: OldProduct): Promise<number> {
    const variantId = defaultVariantId(old.id);
    const moved = await moveTrail(tenant, old.id, variantId);
    const handle = await claimHandle(tenant, old);
    const variant: Variant = {
      id: variantId,
      sku: old.sku,
      optionValues: [],
      price: old.price.amount,
      compareAtPrice: null,
      lowStockThreshold: old.lowStockThreshold ?? null,
      weightGrams: null,
      barcode: null,
      imageIds: [],
      active: true,
    };
    const stock = { [variantId]: { onHand: old.stock, reserved: 0 } };
    const product: Product = {
      id: old.id,
      handle,
      name: old.name,
      description: String(old.description ?? ''),
      status: old.status as Product['status'],
      tags: (old.tags as string[]) ?? [],
      images: (old.images as string[]) ?? [],
      options: [],
      variants: [variant],
      stock,
      ...deriveListing([variant], stock),
      createdAt: String(old.createdAt),
      updatedAt: String(old.updatedAt),
      version: old.version,
    };
    // Whatever else the item carries stays; the old fields go; the index attributes are rebuilt.
    const { price: _price, sku: _sku, lowStockThreshold: _threshold, GSI2PK: _a, GSI2SK: _b, GSI3PK: _c, GSI3SK: _d, GSI4PK: _e, GSI4SK: _f, ...kept } = old;
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: { ...kept, ...productItem(tenant, product) },
              ConditionExpression: 'version = :v AND attribute_not_exists(variants)',
              ExpressionAttributeValues: { ':v': old.version },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: skuClaimItem(tenant, old.sku, old.id, variantId),
              ConditionExpression: 'attribute_not_exists(PK) OR productId = :id',
              ExpressionAttributeValues: { ':id': old.id },
            },
          },
        ],
      }),
    );
    return moved;
  }

  async function migrateStore(tenant: TenantContext, report: MigrationReport) {
    const products = await oldProducts(tenant);
    report.settings += await settleCurrency(tenant, products, new Date().toISOString());
    for (const product of products) {
      report.trailEntries += await migrateProduct(tenant, product);
      report.products++;
    }
  }

  return {
    /** Every store of the registry; what is already on the new model is left as it is. */
    async run(): Promise<MigrationReport> {
      const report: MigrationReport = { stores: 0, settings: 0, products: 0, trailEntries: 0 };
      for await (const tenant of allTenants(deps.registry)) {
        await migrateStore(tenant, report);
        report.stores++;
      }
      logger.info(report, 'variants migration done');
      return report;
    },
  };
}
