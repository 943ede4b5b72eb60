import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from 'pino';
import { sharedClientProvider } from '../adapters/dynamodb/client';
import { createCursorCodec, newCursorKey } from '../adapters/dynamodb/cursor';
import { createDynamoProductRepository } from '../adapters/dynamodb/product-repository';
import { allTenants } from '../tenants/all-tenants';
import type { TenantRegistry } from '../tenants/registry';

export type RatingRankReport = { stores: number; products: number };

/**
 * Products stored before "Top rated" (docs/reviews.md) carry neither GSI5 attribute, so the sort
 * would leave them out: each store's products are reindexed (GSI5PK while active, and the rank
 * from their rating counters, conditioned on them as the listing consumer writes it). Products
 * already indexed are skipped, so a second run, or one after a run stopped halfway, changes only
 * what is left.
 */
export function createRatingRankMigration(deps: { client: DynamoDBDocumentClient; tableName: string; registry: TenantRegistry; logger: Logger }) {
  // The repository's cursors never leave this process: a key of its own will do.
  const products = createDynamoProductRepository({
    clients: sharedClientProvider(deps.client),
    tableName: deps.tableName,
    cursors: createCursorCodec(newCursorKey()),
  });
  return {
    async run(): Promise<RatingRankReport> {
      const report: RatingRankReport = { stores: 0, products: 0 };
      for await (const tenant of allTenants(deps.registry)) {
        report.stores++;
        report.products += await products.reindex(tenant);
      }
      if (report.products > 0) deps.logger.info(report, 'products ranked for "Top rated"');
      return report;
    },
  };
}
