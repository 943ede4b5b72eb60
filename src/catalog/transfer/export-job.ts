import type { JobHandler } from '../../jobs/service';
import type { GroupingService } from '../grouping-service';
import type { MediaStore } from '../media';
import type { CatalogService } from '../service';
import { exportKey } from './files';
import { CSV_CONTENT_TYPE } from './shopify-columns';
import { categoryPath, shopifyCsv, type ExportedProduct } from './shopify-export';

const PAGE = 100;

/**
 * The export job: every product of the store, a page at a time, written as one Shopify CSV at
 * the end. Its only effect is that one object at the job's own key, so a retried run starts over
 * and writes the same key again: nothing is duplicated.
 */
export function exportJobHandler(deps: { catalog: CatalogService; groupings: GroupingService; media: MediaStore }): JobHandler {
  return async (run) => {
    const { tenant } = run;
    const categories = await deps.groupings.listCategories(tenant);
    const exported: ExportedProduct[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.catalog.listAll(tenant, { limit: PAGE, cursor });
      for (const product of page.items) {
        // A product in several categories is written with its first (Shopify has one category per product).
        const [first] = await deps.groupings.productCategories(tenant, product.id);
        exported.push({
          product,
          category: first ? categoryPath(categories, first) : [],
          imageUrls: product.images.map((key) => deps.media.publicUrl(key)),
        });
      }
      cursor = page.nextCursor;
      await run.checkpoint(exported.length, null, { listed: exported.length });
    } while (cursor);
    const csv = shopifyCsv(exported, tenant.settings.currency);
    const key = exportKey(tenant, run.job.id);
    await deps.media.putPrivate(tenant, key, new TextEncoder().encode(csv), CSV_CONTENT_TYPE);
    await run.checkpoint(exported.length, exported.length, { listed: exported.length });
    return { key, products: exported.length, bytes: csv.length };
  };
}
