import { PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createCursorCodec, newCursorKey } from '../../../src/adapters/dynamodb/cursor';
import { createDynamoProductRepository } from '../../../src/adapters/dynamodb/product-repository';
import { createDynamoTenantRegistry } from '../../../src/adapters/dynamodb/tenant-registry';
import { sharedClientProvider } from '../../../src/adapters/dynamodb/client';
import { createVariantsMigration, defaultVariantId } from '../../../src/migrations/variants';
import { defaultSettings } from '../../../src/settings/store-settings';
import { tenantContext } from '../../../src/tenants/tenant';
import { createTestTable, scanAll, type TestTable } from '../../support/dynamo';

const logger = pino({ level: 'silent' });
const cursors = createCursorCodec(newCursorKey());
const at = '2026-10-01T10:00:00.000Z';

/** A product item exactly as the code before variants wrote it (src/adapters/dynamodb/product-repository.ts then). */
function oldProduct(
  store: string,
  p: { id: string; name: string; sku: string; amount: number; currency: string; stock: number; status?: string; threshold?: number | null },
) {
  const t = `TENANT#${store}#`;
  const status = p.status ?? 'active';
  const listing = `${at}#${p.id}`;
  return {
    PK: `${t}PRODUCT#${p.id}`,
    SK: '#PRODUCT',
    type: 'product',
    GSI1PK: `${t}PRODUCTS`,
    GSI1SK: listing,
    ...(status === 'active'
      ? {
          GSI2PK: `${t}ACTIVE`,
          GSI2SK: listing,
          GSI3PK: `${t}ACTIVE`,
          GSI3SK: `${String(p.amount).padStart(13, '0')}#${p.id}`,
          GSI4PK: `${t}ACTIVE`,
          GSI4SK: `${p.name.toLowerCase()}#${p.id}`,
        }
      : {}),
    searchText: `${p.name} ${p.sku}`.toLowerCase(),
    id: p.id,
    name: p.name,
    description: 'old',
    price: { amount: p.amount, currency: p.currency },
    sku: p.sku,
    status,
    stock: p.stock,
    lowStockThreshold: p.threshold ?? null,
    tags: ['old'],
    images: [],
    createdAt: at,
    updatedAt: at,
    version: 3,
  };
}
const oldSkuClaim = (store: string, sku: string, productId: string) => ({ PK: `TENANT#${store}#SKU#${sku.toUpperCase()}`, SK: '#SKU', type: 'sku', productId });
const oldTrail = (store: string, productId: string, occurredAt: string, eventId: string, previous: number, current: number, reason: string) => ({
  PK: `TENANT#${store}#PRODUCT#${productId}`,
  SK: `INV#${occurredAt}#${eventId}`,
  type: 'inventory',
  eventId,
  productId,
  previous,
  current,
  delta: current - previous,
  reason,
  actor: 'old',
  occurredAt,
});

/** Two stores as the old code left them: one without settings (USD products), one with settings. */
async function oldTable(): Promise<TestTable> {
  const table = await createTestTable();
  const registry = createDynamoTenantRegistry({ client: table.client, tableName: table.tableName, cursors });
  const record = (id: string) => ({ id, name: id, domains: [`${id}.test`], tier: 'basic' as const, status: 'active' as const, createdAt: at, updatedAt: at });
  await registry.create(record('old-shop'));
  await registry.create({ ...record('set-shop'), settings: defaultSettings({ currency: 'GBP' }) });
  const items = [
    oldProduct('old-shop', { id: 'p-1', name: 'Trail Runner', sku: 'RUN-1', amount: 8999, currency: 'USD', stock: 7, threshold: 2 }),
    oldProduct('old-shop', { id: 'p-2', name: 'Trail runner', sku: 'RUN-2', amount: 5000, currency: 'USD', stock: 0 }),
    oldProduct('old-shop', { id: 'p-3', name: 'Draft Boot', sku: 'BOOT-1', amount: 12000, currency: 'EUR', stock: 3, status: 'draft' }),
    oldSkuClaim('old-shop', 'RUN-1', 'p-1'),
    oldSkuClaim('old-shop', 'RUN-2', 'p-2'),
    oldSkuClaim('old-shop', 'BOOT-1', 'p-3'),
    oldTrail('old-shop', 'p-1', at, 'e-1', 0, 10, 'initial'),
    oldTrail('old-shop', 'p-1', '2026-10-02T10:00:00.000Z', 'e-2', 10, 7, 'sale'),
    oldTrail('old-shop', 'p-2', at, 'e-3', 0, 0, 'initial'),
    oldTrail('old-shop', 'p-3', at, 'e-4', 0, 3, 'initial'),
    oldProduct('set-shop', { id: 'q-1', name: 'Scarf', sku: 'SC-1', amount: 1500, currency: 'USD', stock: 4 }),
    oldSkuClaim('set-shop', 'SC-1', 'q-1'),
    oldTrail('set-shop', 'q-1', at, 'e-5', 0, 4, 'initial'),
  ];
  for (const item of items) await table.client.send(new PutCommand({ TableName: table.tableName, Item: item }));
  return table;
}

const migration = (table: TestTable, client: DynamoDBDocumentClient = table.client) =>
  createVariantsMigration({
    client,
    tableName: table.tableName,
    registry: createDynamoTenantRegistry({ client: table.client, tableName: table.tableName, cursors }),
    logger,
  });

const sorted = (items: Record<string, unknown>[]) => [...items].sort((a, b) => `${a.PK}|${a.SK}`.localeCompare(`${b.PK}|${b.SK}`));

describe('migration to options and variants', () => {
  it('turns every old product into one default variant with its stock, handle, SKU claim, trail, listing attributes, and the store currency', async () => {
    const table = await oldTable();
    const report = await migration(table).run();
    expect(report).toEqual({ stores: 2, settings: 1, products: 4, trailEntries: 5 });

    const registry = createDynamoTenantRegistry({ client: table.client, tableName: table.tableName, cursors });
    // The store without settings takes its products' (most common) currency; the other keeps its own.
    expect((await registry.get('old-shop'))!.settings).toMatchObject({ currency: 'USD', version: 1 });
    expect((await registry.get('set-shop'))!.settings).toMatchObject({ currency: 'GBP', version: 0 });

    const repo = createDynamoProductRepository({ clients: sharedClientProvider(table.client), tableName: table.tableName, cursors });
    const shop = tenantContext((await registry.get('old-shop'))!);
    const v1 = defaultVariantId('p-1');
    const p1 = (await repo.get(shop, 'p-1'))!;
    expect(p1).toMatchObject({
      handle: 'trail-runner',
      options: [],
      variants: [{ id: v1, sku: 'RUN-1', optionValues: [], price: 8999, compareAtPrice: null, lowStockThreshold: 2, active: true }],
      stock: { [v1]: { onHand: 7, reserved: 0 } },
      listedPrice: 8999,
      listedCompareAt: null,
      available: true,
      variantCount: 1,
      version: 3,
      tags: ['old'],
    });
    expect(await repo.get(shop, 'p-2')).toMatchObject({ handle: 'trail-runner-2', available: false, listedPrice: 5000 });
    expect(await repo.get(shop, 'p-3')).toMatchObject({ handle: 'draft-boot', status: 'draft' });

    const items = await scanAll(table.tableName, table.endpoint);
    const item = (pk: string, sk: string) => items.find((i) => i.PK === pk && i.SK === sk);
    expect(item('TENANT#old-shop#PRODUCT#p-1', '#PRODUCT')).not.toHaveProperty('price');
    expect(item('TENANT#old-shop#PRODUCT#p-1', '#PRODUCT')).not.toHaveProperty('sku');
    expect(item('TENANT#old-shop#PRODUCT#p-3', '#PRODUCT')).not.toHaveProperty('GSI2PK');
    expect(item('TENANT#old-shop#SKU#RUN-1', '#SKU')).toMatchObject({ productId: 'p-1', variantId: v1 });
    expect(item('TENANT#old-shop#HANDLE#trail-runner', '#HANDLE')).toMatchObject({ productId: 'p-1' });
    expect(item('TENANT#old-shop#HANDLE#trail-runner-2', '#HANDLE')).toMatchObject({ productId: 'p-2' });
    // The trail lives under the variant now; nothing is left under the old keys.
    expect(items.filter((i) => typeof i.SK === 'string' && /^INV#[^#]+#[^#]+$/.test(i.SK))).toEqual([]);
    const history = await repo.history(shop, 'p-1', v1, { limit: 10 });
    expect(history.items.map((e) => [e.variantId, e.reason, e.previous, e.current])).toEqual([
      [v1, 'sale', 10, 7],
      [v1, 'initial', 0, 10],
    ]);
    // The storefront's price index and filters read the new attributes.
    const browsed = await repo.browse(shop, { sort: 'price-asc', limit: 10, inStock: true });
    expect(browsed.items.map((p) => p.id)).toEqual(['p-1']);

    // A second run changes nothing.
    const before = sorted(await scanAll(table.tableName, table.endpoint));
    expect(await migration(table).run()).toEqual({ stores: 2, settings: 0, products: 0, trailEntries: 0 });
    expect(sorted(await scanAll(table.tableName, table.endpoint))).toEqual(before);
  });

  it('finishes a run stopped halfway, ending where one uninterrupted run ends', async () => {
    const whole = await oldTable();
    await migration(whole).run();

    const broken = await oldTable();
    // The third transaction fails: a trail moved, then the process dies.
    let transactions = 0;
    const failing = new Proxy(broken.client, {
      get(target, name, receiver) {
        if (name !== 'send') return Reflect.get(target, name, receiver);
        return (command: unknown) => {
          if (command instanceof TransactWriteCommand && ++transactions === 3) return Promise.reject(new Error('killed'));
          return target.send(command as never);
        };
      },
    });
    await expect(migration(broken, failing).run()).rejects.toThrow('killed');
    await migration(broken).run();

    const strip = (items: Record<string, unknown>[]) =>
      sorted(items.filter((i) => !String(i.PK).startsWith('PLATFORM#'))).map(({ ...i }) => {
        delete i.updatedAt;
        return i;
      });
    expect(strip(await scanAll(broken.tableName, broken.endpoint))).toEqual(strip(await scanAll(whole.tableName, whole.endpoint)));
  });
});
