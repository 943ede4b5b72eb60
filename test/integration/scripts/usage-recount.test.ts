import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { optionsFromArgs } from '../../../scripts/usage-recount';
import { sharedClientProvider } from '../../../src/adapters/dynamodb/client';
import { createCursorCodec, newCursorKey } from '../../../src/adapters/dynamodb/cursor';
import { tenantKeys } from '../../../src/adapters/dynamodb/keys';
import { createDynamoProductRepository } from '../../../src/adapters/dynamodb/product-repository';
import { createDynamoTenantRegistry } from '../../../src/adapters/dynamodb/tenant-registry';
import { createDynamoUserDirectory } from '../../../src/adapters/dynamodb/user-directory';
import type { Product } from '../../../src/catalog/product';
import { tenantContext, type TenantContext } from '../../../src/tenants/tenant';
import { createTestTable, type TestTable } from '../../support/dynamo';

/** `npm run usage:recount` against DynamoDB Local, as it runs against a deployed table. */
let table: TestTable;
const store = (id: string) => tenantContext({ id, name: id, tier: 'basic', status: 'active' });
const acme = store('acme');
const globex = store('globex');

function product(id: string): Product {
  const at = new Date().toISOString();
  return {
    id,
    handle: id,
    name: id,
    description: '',
    status: 'active',
    tags: [],
    images: [],
    options: [],
    variants: [
      {
        id: 'v-1',
        sku: `SKU-${id}`,
        optionValues: [],
        price: 100,
        compareAtPrice: null,
        lowStockThreshold: null,
        weightGrams: null,
        barcode: null,
        imageIds: [],
        active: true,
      },
    ],
    stock: { 'v-1': { onHand: 1, reserved: 0 } },
    listedPrice: 100,
    listedCompareAt: null,
    available: true,
    variantCount: 1,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

const totals = async (tenant: TenantContext) =>
  (await table.client.send(new GetCommand({ TableName: table.tableName, Key: tenantKeys(tenant).usageTotals }))).Item ?? {};

const run = (...args: string[]) =>
  promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'scripts/usage-recount.ts', '--env', 'dev', '--table', table.tableName, '--endpoint', table.endpoint, ...args],
    {
      env: {
        ...process.env,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_REGION: 'eu-west-1',
      },
    },
  );

beforeAll(async () => {
  table = await createTestTable();
  const cursors = createCursorCodec(newCursorKey());
  const clients = sharedClientProvider(table.client);
  const registry = createDynamoTenantRegistry({ client: table.client, tableName: table.tableName, cursors });
  const products = createDynamoProductRepository({ clients, tableName: table.tableName, cursors });
  const directory = createDynamoUserDirectory({ clients, tableName: table.tableName, cursors });
  for (const tenant of [acme, globex]) {
    await registry.create({
      id: tenant.id,
      name: tenant.id,
      domains: [`${tenant.id}.example`],
      tier: 'basic',
      status: 'active',
      createdAt: 'x',
      updatedAt: 'x',
    });
  }
  for (const id of ['p1', 'p2', 'p3']) await products.create(acme, product(id), [], []);
  await products.create(globex, product('g1'), [], []);
  for (const [userId, role] of [
    ['u-admin', 'admin'],
    ['u-clerk', 'clerk'],
    ['u-customer', 'customer'],
  ] as const) {
    await directory.create(acme, { userId, email: `${userId}@acme.example`, name: userId, role, createdAt: 'x', updatedAt: 'x' });
  }
  // Stores as they were before the counters: none for acme, a wrong one for globex.
  await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: tenantKeys(acme).usageTotals }));
  await table.client.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: tenantKeys(globex).usageTotals,
      UpdateExpression: 'SET products = :wrong, staff = :wrong, storageBytes = :bytes',
      ExpressionAttributeValues: { ':wrong': 40, ':bytes': 1234 },
    }),
  );
});

describe('usage:recount', () => {
  it('sets each store’s product and staff counters to its items, customers not counted, storage left as it was', async () => {
    const out = await run();
    expect(out.stdout).toContain('acme: 3 products, 2 staff');
    expect(out.stdout).toContain('globex: 1 product, 0 staff');
    expect(out.stdout).toContain(`Recounted 2 stores in ${table.tableName}.`);
    expect(await totals(acme)).toMatchObject({ products: 3, staff: 2 });
    expect(await totals(globex)).toMatchObject({ products: 1, staff: 0, storageBytes: 1234 });
    // Again: the same numbers.
    await run();
    expect(await totals(acme)).toMatchObject({ products: 3, staff: 2 });
  });

  it('recounts only the stores named, and fails on a name that is no store', async () => {
    await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: tenantKeys(globex).usageTotals }));
    await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: tenantKeys(acme).usageTotals }));
    expect((await run('--store', 'acme')).stdout).toContain('Recounted 1 store in');
    expect(await totals(acme)).toMatchObject({ products: 3, staff: 2 });
    expect(await totals(globex)).toEqual({});
    await expect(run('--store', 'nobody')).rejects.toMatchObject({ stderr: expect.stringContaining('No such store') });
  });

  it('finds the table, region and endpoint from the arguments, the environment or the stack', () => {
    const fromStack = (stage: string) => `catalog-${stage}`;
    expect(optionsFromArgs(['--env', 'dev'], {}, fromStack)).toMatchObject({ tableName: 'catalog-dev', stores: [] });
    expect(optionsFromArgs(['--env', 'prod', '--store', 'a', '--store', 'b'], { TABLE_NAME: 't', AWS_REGION: 'us-east-1' }, fromStack)).toMatchObject({
      tableName: 't',
      region: 'us-east-1',
      stores: ['a', 'b'],
    });
    expect(() => optionsFromArgs([], {}, fromStack)).toThrow(/usage: npm run usage:recount/);
    expect(() => optionsFromArgs(['--env', 'dev'], {}, () => undefined)).toThrow(/No table/);
  });
});
