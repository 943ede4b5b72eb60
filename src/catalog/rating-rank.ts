import { backOff } from '../shared/retry';
import type { TenantContext } from '../tenants/tenant';
import type { ProductRepository } from './repository';

const ATTEMPTS = 5;

/**
 * Keeps a product's "Top rated" sort key (GSI5) up with its rating. Run by the listing consumer
 * after every product and review event: it reads the counters as they are, so duplicates and
 * any delivery order end in the same key. A lost race means a review changed the counters in
 * between; that review's own event ranks again, and so does the next attempt here.
 */
export async function rankProductByRating(products: Pick<ProductRepository, 'rankByRating'>, tenant: TenantContext, productId: string): Promise<void> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if ((await products.rankByRating(tenant, productId)) !== 'raced') return;
    await backOff(attempt);
  }
}
