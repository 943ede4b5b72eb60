import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { sharedClientProvider } from '../../../src/adapters/dynamodb/client';
import { createCursorCodec, newCursorKey } from '../../../src/adapters/dynamodb/cursor';
import { tenantKeys } from '../../../src/adapters/dynamodb/keys';
import { createDynamoProductRepository, productItem } from '../../../src/adapters/dynamodb/product-repository';
import { createDynamoTenantRegistry } from '../../../src/adapters/dynamodb/tenant-registry';
import { BrowseQuerySchema } from '../../../src/catalog/browse';
import type { Product } from '../../../src/catalog/product';
import { ratingRankOf } from '../../../src/catalog/rating';
import { createRatingRankMigration } from '../../../src/migrations/rating-rank';
import { tenantContext } from '../../../src/tenants/tenant';
import { createTestTable } from '../../support/dynamo';
import * as v from 'valibot';

const logger = pino({ level: 'silent' });
const cursors = createCursorCodec(newCursorKey());
const at = (day: number) => `2026-10-0${day}T10:00:00.000Z`;

function product(id: string, day: number, status: Product['status'] = 'active'): Product {
  const variant = {
    id: `${id}-v`,
    sku: `SKU-${id}`,
    optionValues: [],
    price: 1000,
    compareAtPrice: null,
    lowStockThreshold: null,
    weightGrams: null,
    barcode: null,
    imageIds: [],
    active: true,
  };
  return {
    id,
    handle: id,
    name: `Product ${id}`,
    description: '',
    status,
    tags: [],
    images: [],
    options: [],
    variants: [variant],
    stock: { [variant.id]: { onHand: 1, reserved: 0 } },
    listedPrice: 1000,
    listedCompareAt: null,
    available: true,
    variantCount: 1,
    createdAt: at(day),
    updatedAt: at(day),
    version: 1,
  };
}

/** A product item as the code before "Top rated" wrote it: no GSI5 attributes; counters from its reviews. */
function storedBefore(store: ReturnType<typeof tenantContext>, p: Product, counters?: { count: number; total: number }) {
  const { GSI5PK: _pk, GSI5SK: _sk, ...item } = productItem(store, p) as Record<string, unknown>;
  return counters ? { ...item, ratingCount: counters.count, ratingTotal: counters.total } : item;
}

describe('migration to "Top rated"', () => {
  it('ranks every store’s products stored before the sort, active ones in it and by their counters, and a second run changes nothing', async () => {
    const table = await createTestTable();
    const registry = createDynamoTenantRegistry({ client: table.client, tableName: table.tableName, cursors });
    await registry.create({ id: 'old-shop', name: 'Old', domains: ['old-shop.test'], tier: 'basic', status: 'active', createdAt: at(1), updatedAt: at(1) });
    const shop = tenantContext((await registry.get('old-shop'))!);
    const items = [
      storedBefore(shop, product('good', 1), { count: 2, total: 9 }),
      storedBefore(shop, product('best', 2), { count: 1, total: 5 }),
      storedBefore(shop, product('unrated', 3)),
      storedBefore(shop, product('draft', 4, 'draft'), { count: 1, total: 5 }),
    ];
    for (const Item of items) await table.client.send(new PutCommand({ TableName: table.tableName, Item }));
    const migration = createRatingRankMigration({ client: table.client, tableName: table.tableName, registry, logger });

    expect(await migration.run()).toEqual({ stores: 1, products: 4 });
    const stored = async (id: string) =>
      (await table.client.send(new GetCommand({ TableName: table.tableName, Key: tenantKeys(shop).product(id), ConsistentRead: true }))).Item!;
    expect((await stored('good')).GSI5SK).toBe(ratingRankOf({ count: 2, total: 9 }, at(1), 'good'));
    expect((await stored('draft')).GSI5PK).toBeUndefined();
    const repo = createDynamoProductRepository({ clients: sharedClientProvider(table.client), tableName: table.tableName, cursors });
    const page = await repo.browse(shop, v.parse(BrowseQuerySchema, { sort: 'top-rated' }));
    expect(page.items.map((p) => p.id)).toEqual(['best', 'good', 'unrated']);

    expect(await migration.run()).toEqual({ stores: 1, products: 0 });
  });
});
