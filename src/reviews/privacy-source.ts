import type { CustomerDataSource } from '../privacy/data-sources';
import type { ReviewService } from './service';

/**
 * A customer's reviews in their data export, and taken down when they delete their account: a
 * review is their own words under their name, not a record the store must keep (orders are). Each
 * goes as the author's own withdrawal does, so the product's rating drops it in the same transaction.
 */
export function reviewDataSource(reviews: Pick<ReviewService, 'writtenBy' | 'withdraw'>): CustomerDataSource {
  return {
    name: 'reviews',
    export: (tenant, subject) => reviews.writtenBy(tenant, subject.userId),
    async erase(tenant, subject) {
      const written = await reviews.writtenBy(tenant, subject.userId);
      for (const review of written) await reviews.withdraw(tenant, subject.userId, review.productId);
      return written.length;
    },
  };
}
