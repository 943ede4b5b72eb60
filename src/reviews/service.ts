import type { ProductRepository } from '../catalog/repository';
import { DomainError } from '../shared/errors';
import type { Page, PageRequest } from '../shared/page';
import type { RateLimiter, RateRule } from '../shared/rate-limit';
import type { TenantContext } from '../tenants/tenant';
import { lazyAsync } from '../shared/lazy';
import type { ReviewActions } from './review-actions';
import type { PurchaseCheck } from './purchases';
import type { ReviewRepository } from './repository';
import { publicReview, type PublicReview } from './review';

/** At most 5 reviews written (or rewritten) per minute per customer, counted across every instance. */
export const REVIEW_RATE: RateRule = { name: 'review', limit: 5, windowSeconds: 60 };

export type ReviewDeps = {
  reviews: ReviewRepository;
  /** The product's item: whether it exists (and is on sale, for new reviews). */
  products: Pick<ProductRepository, 'get'>;
  purchased: PurchaseCheck;
  rateLimiter: RateLimiter;
  /** Reviews move a product's rating, which visitors' cached reads show: forgotten after each write. */
  cache?: { forget(tenant: TenantContext): void };
  now?: () => Date;
  newId?: () => string;
};

/**
 * The store takes reviews from buyers only and this customer has no paid order of the product. A
 * 409 (the caller is who they say and may review once they buy), not a 403, which says "not your
 * role" everywhere else in the API.
 */
export class NotABuyerError extends DomainError {
  readonly status = 409;
  readonly code = 'not-a-buyer';
  constructor() {
    super('Only customers who bought this product can review it at this store.');
  }
}

/**
 * Reviews and their moderation (docs/reviews.md, ./review-actions.ts). The published reviews are
 * read here, for the product page; every other use loads the actions with its first call, so a
 * visitor's cold start does not parse them.
 */
export function createReviewService(deps: ReviewDeps) {
  const actions: ReviewActions = lazyAsync(async () => (await import('./review-actions')).createReviewActions(deps));
  return {
    write: actions.write,
    mine: actions.mine,
    writtenBy: actions.writtenBy,
    withdraw: actions.withdraw,
    report: actions.report,

    /** A product's published reviews, newest first, with its rating. */
    async published(tenant: TenantContext, productId: string, page: PageRequest): Promise<Page<PublicReview>> {
      const found = await deps.reviews.published(tenant, productId, page);
      return { items: found.items.map(publicReview), nextCursor: found.nextCursor };
    },

    queue: actions.queue,
    moderate: actions.moderate,
    remove: actions.remove,
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
