import { beforeAll, describe, expect, it } from 'vitest';
import { sharedClientProvider } from '../../../src/adapters/dynamodb/client';
import { createCursorCodec, newCursorKey } from '../../../src/adapters/dynamodb/cursor';
import { createDynamoGroupingRepository } from '../../../src/adapters/dynamodb/grouping-repository';
import { createDynamoProductRepository } from '../../../src/adapters/dynamodb/product-repository';
import { createDynamoTenantRegistry } from '../../../src/adapters/dynamodb/tenant-registry';
import type { SqsBatchResponse, SqsEvent } from '../../../src/adapters/sqs/event-batch';
import { createGroupingService } from '../../../src/catalog/grouping-service';
import type { Product } from '../../../src/catalog/product';
import { domainEvent } from '../../../src/events/event';
import { tenantContext } from '../../../src/tenants/tenant';
import { createTestTable } from '../../support/dynamo';

let handler: (event: SqsEvent) => Promise<SqsBatchResponse>;
const shop = tenantContext({ id: 'shop', name: 'Shop', tier: 'basic', status: 'active' });
let products: ReturnType<typeof createDynamoProductRepository>;
let service: ReturnType<typeof createGroupingService>;
let product: Product;
let categoryId: string;

const record = (messageId: string, source: string, detailType: string, detail: Record<string, unknown>) => ({
  messageId,
  body: JSON.stringify({ source, 'detail-type': detailType, detail }),
});
const updated = () =>
  domainEvent('catalog.products', 'ProductUpdated', { tenantId: 'shop', actor: 'shop:admin', occurredAt: new Date().toISOString() }, { productId: product.id })
    .detail;

beforeAll(async () => {
  const table = await createTestTable();
  const cursors = createCursorCodec(newCursorKey());
  const clients = sharedClientProvider(table.client);
  await createDynamoTenantRegistry({ client: table.client, tableName: table.tableName, cursors }).create({
    id: 'shop',
    name: 'Shop',
    domains: ['shop.example'],
    tier: 'basic',
    status: 'active',
    createdAt: 'x',
    updatedAt: 'x',
  });
  products = createDynamoProductRepository({ clients, tableName: table.tableName, cursors });
  service = createGroupingService({
    groupings: createDynamoGroupingRepository({ clients, tableName: table.tableName, cursors }),
    products,
    media: { publicUrl: (key) => `https://cdn.example/${key}` },
  });
  const at = new Date().toISOString();
  product = {
    id: 'p-listing-1',
    name: 'Clog',
    description: '',
    handle: 'clog',
    status: 'draft',
    tags: [],
    images: [],
    options: [],
    variants: [
      {
        id: 'v-clog',
        sku: 'C-1',
        optionValues: [],
        price: 1,
        compareAtPrice: null,
        lowStockThreshold: null,
        weightGrams: null,
        barcode: null,
        imageIds: [],
        active: true,
      },
    ],
    stock: { 'v-clog': { onHand: 2, reserved: 0 } },
    listedPrice: 1,
    listedCompareAt: null,
    available: true,
    variantCount: 1,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await products.create(
    shop,
    product,
    [{ eventId: 'e0', productId: product.id, variantId: 'v-clog', previous: 0, current: 2, delta: 2, reason: 'initial', actor: 'x', occurredAt: at }],
    [],
  );
  categoryId = (await service.createCategory(shop, { name: 'Clogs', slug: 'clogs', description: '', parentId: null })).id;
  await service.setProductCategories(shop, product.id, [categoryId]);
  Object.assign(process.env, {
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'eu-west-1',
    LOG_LEVEL: 'silent',
  });
  ({ handler } = (await import('../../../src/entry/listing-consumer')) as unknown as { handler: typeof handler });
});

describe('listing consumer Lambda entry', () => {
  it('brings a published product onto its category page, counts it once however often the event comes, and reports only what failed', async () => {
    // Prepare: the product is published; its row is not there yet.
    const active = { ...product, status: 'active' as const, version: 2 };
    await products.update(shop, product, active, []);
    expect((await service.categoryPage(shop, 'clogs', { limit: 10 })).group.productCount).toBe(0);
    // Act: the same event twice, and something that is not an event.
    const response = await handler({
      Records: [
        record('first', 'catalog.products', 'ProductUpdated', updated()),
        record('again', 'catalog.products', 'ProductUpdated', updated()),
        { messageId: 'garbage', body: 'not json' },
      ],
    });
    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'garbage' }] });
    const page = await service.categoryPage(shop, 'clogs', { limit: 10 });
    expect(page.group.productCount).toBe(1);
    expect(page.items.map((c) => c.name)).toEqual(['Clog']);
  });
});
