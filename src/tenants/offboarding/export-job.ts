import type { GroupingService } from '../../catalog/grouping-service';
import type { ProductRepository } from '../../catalog/repository';
import type { Product } from '../../catalog/product';
import { categoryPath, shopifyCsv } from '../../catalog/transfer/shopify-export';
import type { UserDirectory } from '../../identity/directory';
import type { UserRecord } from '../../identity/account';
import type { InventoryEntry } from '../../inventory/inventory';
import type { JobHandler, JobRun } from '../../jobs/service';
import type { Order } from '../../orders/order';
import type { OrderRepository } from '../../orders/repository';
import type { Page, PageRequest } from '../../shared/page';
import { csvOf } from './csv';
import type { PlatformFiles } from './files';
import { exportPrefix } from './offboarding';

const PAGE = 100;

async function all<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ limit: PAGE, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** What the export reads: the store's own repositories, with its own (tenant-scoped) credentials. */
export type ExportSources = {
  products: Pick<ProductRepository, 'list' | 'history'>;
  groupings: Pick<GroupingService, 'listCategories' | 'listCollections' | 'productCategories'>;
  directory: Pick<UserDirectory, 'list'>;
  orders: Pick<OrderRepository, 'list'>;
  files: PlatformFiles;
  publicUrl: (key: string) => string;
};

const JSON_TYPE = 'application/json';
const CSV_TYPE = 'text/csv';

/**
 * The offboarding export (docs/offboarding.md): everything the owner needs to move the store
 * elsewhere, as JSON (complete) and CSV (for spreadsheets; the products as a Shopify CSV), under
 * the platform's `platform/offboarding/<id>/<jobId>/`. Users without secrets (the directory holds
 * none: passwords and MFA secrets live in the pool). Each file has a fixed name under the job's own
 * prefix, so a retried run overwrites what an earlier one wrote.
 */
export function offboardingExportHandler(sources: ExportSources): JobHandler {
  return async (run: JobRun) => {
    const { tenant } = run;
    const prefix = exportPrefix(tenant.id, run.job.id);
    const products = await all<Product>((page) => sources.products.list(tenant, 'all', page));
    await run.checkpoint(1, 7, { read: 'products' });
    const categories = await sources.groupings.listCategories(tenant);
    const collections = await sources.groupings.listCollections(tenant);
    const history: InventoryEntry[] = [];
    for (const product of products)
      for (const variant of product.variants) history.push(...(await all((page) => sources.products.history(tenant, product.id, variant.id, page))));
    await run.checkpoint(3, 7, { read: 'inventory' });
    const users = await all<UserRecord>((page) => sources.directory.list(tenant, page));
    const orders = await all<Order>((page) => sources.orders.list(tenant, {}, page));
    await run.checkpoint(5, 7, { read: 'orders' });

    const exported = [];
    for (const product of products) {
      const [first] = await sources.groupings.productCategories(tenant, product.id);
      exported.push({ product, category: first ? categoryPath(categories, first) : [], imageUrls: product.images.map((key) => sources.publicUrl(key)) });
    }
    const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
    const files: [string, string, string][] = [
      ['store.json', json({ id: tenant.id, name: tenant.name, tier: tenant.tier, settings: tenant.settings }), JSON_TYPE],
      ['products.json', json(products), JSON_TYPE],
      ['products.csv', shopifyCsv(exported, tenant.settings.currency), CSV_TYPE],
      ['categories.json', json(categories), JSON_TYPE],
      ['collections.json', json(collections), JSON_TYPE],
      ['inventory-history.json', json(history), JSON_TYPE],
      [
        'inventory-history.csv',
        csvOf(history, ['occurredAt', 'productId', 'variantId', 'previous', 'current', 'delta', 'reason', 'note', 'actor', 'eventId']),
        CSV_TYPE,
      ],
      ['users.json', json(users), JSON_TYPE],
      ['users.csv', csvOf(users, ['userId', 'email', 'name', 'role', 'createdAt']), CSV_TYPE],
      ['orders.json', json(orders), JSON_TYPE],
      [
        'orders.csv',
        csvOf(
          orders.map((o) => ({ ...o, total: o.totals.total, currency: o.totals.currency, lines: o.lines.length })),
          ['id', 'placedAt', 'status', 'email', 'total', 'currency', 'lines'],
        ),
        CSV_TYPE,
      ],
    ];
    for (const [name, body, type] of files) await sources.files.put(`${prefix}${name}`, new TextEncoder().encode(body), type);
    await run.checkpoint(7, 7, { written: files.length });
    return {
      prefix,
      files: files.map(([name]) => name),
      counts: { products: products.length, users: users.length, orders: orders.length, inventory: history.length },
    };
  };
}
