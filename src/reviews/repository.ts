import type { RatingCounts } from '../catalog/rating';
import type { DomainEvent } from '../events/event';
import { DomainError } from '../shared/errors';
import type { Page, PageRequest } from '../shared/page';
import type { TenantContext } from '../tenants/tenant';
import type { Review, ReviewQueue } from './review';

/**
 * What one change of a review writes with it, in the same transaction: the outbox records, and
 * the change to its product's rating counters (none when the product is gone, or nothing moved).
 */
export type ReviewWrite = { events: readonly DomainEvent[]; rating?: RatingCounts | undefined };

/**
 * Reviews in the single table (docs/reviews.md). Every change is ONE transaction conditioned on
 * what was read (the review's version, the reviewer's claim, the product's existence); a lost
 * race throws StaleReviewError and the service reads again.
 */
export interface ReviewRepository {
  /** The id of the customer's review of the product, if they wrote one. */
  claimOf(tenant: TenantContext, customerId: string, productId: string): Promise<string | undefined>;
  /** The products a customer has reviewed (their claims: one partition, one Query a page), for their data export and erasure. */
  productsReviewedBy(tenant: TenantContext, customerId: string): Promise<string[]>;
  get(tenant: TenantContext, reviewId: string): Promise<Review | undefined>;
  create(tenant: TenantContext, review: Review, write: ReviewWrite): Promise<void>;
  /** `next` replaces `previous`, conditioned on the version `previous` was read at. */
  replace(tenant: TenantContext, previous: Review, next: Review, write: ReviewWrite): Promise<void>;
  /** The review and its author's claim go. */
  remove(tenant: TenantContext, previous: Review, write: ReviewWrite): Promise<void>;
  /** A product's published reviews, newest first. */
  published(tenant: TenantContext, productId: string, page: PageRequest): Promise<Page<Review>>;
  /** The console's lists: a state's reviews, or the reported ones, most recently changed first. */
  queue(tenant: TenantContext, queue: ReviewQueue, page: PageRequest): Promise<Page<Review>>;
}

/** The review (or its product's counters) changed between our read and our write. */
export class StaleReviewError extends DomainError {
  readonly status = 409;
  readonly code = 'write-conflict';
  override readonly retryAfterSeconds = 1;
  constructor() {
    super('This review is being changed by others right now; try again in a moment.');
  }
}
