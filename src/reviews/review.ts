import * as v from 'valibot';

/** The longest a review's parts may be: short enough to read on a phone, long enough to say why. */
export const MAX_TITLE = 120;
export const MAX_TEXT = 4000;
export const MAX_AUTHOR_NAME = 40;

export const StarsSchema = v.pipe(v.number(), v.integer('must be a whole number of stars'), v.minValue(1, 'must be 1 to 5'), v.maxValue(5, 'must be 1 to 5'));
export type Stars = 1 | 2 | 3 | 4 | 5;

export const REVIEW_STATUSES = ['pending', 'published', 'rejected'] as const;
export const ReviewStatusSchema = v.picklist(REVIEW_STATUSES);
export type ReviewStatus = v.InferOutput<typeof ReviewStatusSchema>;

/** A review as stored: one per customer and product (the reviewer's claim item guards it). */
export const ReviewSchema = v.object({
  id: v.string(),
  productId: v.string(),
  /** The author's `sub`: never shown to anyone but the author's own requests. */
  customerId: v.string(),
  authorName: v.string(),
  rating: StarsSchema,
  title: v.string(),
  text: v.string(),
  status: ReviewStatusSchema,
  /** The author had a paid, fulfilled or delivered order with this product when they last wrote it. */
  verified: v.boolean(),
  /** Who reported it (subs, each once); never shown. */
  reportedBy: v.array(v.string()),
  /** Reported and not yet looked at by an admin. */
  flagged: v.boolean(),
  createdAt: v.string(),
  updatedAt: v.string(),
  publishedAt: v.nullable(v.string()),
  /** Bumped by every write: each change is conditioned on the version it read. */
  version: v.number(),
});
export type Review = v.InferOutput<typeof ReviewSchema>;

/** What shoppers see of a published review: no ids of people. */
export const PublicReviewSchema = v.strictObject({
  id: v.string(),
  authorName: v.string(),
  rating: v.number(),
  title: v.string(),
  text: v.string(),
  verified: v.boolean(),
  publishedAt: v.string(),
  updatedAt: v.string(),
});
export type PublicReview = v.InferOutput<typeof PublicReviewSchema>;

/** What the author sees of their own review, whatever its state. */
export const OwnReviewSchema = v.strictObject({
  ...v.omit(PublicReviewSchema, ['publishedAt']).entries,
  productId: v.string(),
  status: ReviewStatusSchema,
  publishedAt: v.nullable(v.string()),
  createdAt: v.string(),
});
export type OwnReview = v.InferOutput<typeof OwnReviewSchema>;

/** What admins see in the console: state, reports, and the version their decision is conditioned on. */
export const AdminReviewSchema = v.strictObject({
  ...OwnReviewSchema.entries,
  reports: v.number(),
  flagged: v.boolean(),
  version: v.number(),
});
export type AdminReview = v.InferOutput<typeof AdminReviewSchema>;

export const DEFAULT_AUTHOR_NAME = 'A customer';

export function publicReview(review: Review): PublicReview {
  return {
    id: review.id,
    authorName: review.authorName || DEFAULT_AUTHOR_NAME,
    rating: review.rating,
    title: review.title,
    text: review.text,
    verified: review.verified,
    publishedAt: review.publishedAt ?? review.updatedAt,
    updatedAt: review.updatedAt,
  };
}

export function ownReview(review: Review): OwnReview {
  return {
    ...publicReview(review),
    productId: review.productId,
    status: review.status,
    publishedAt: review.publishedAt,
    createdAt: review.createdAt,
  };
}

export function adminReview(review: Review): AdminReview {
  return { ...ownReview(review), reports: review.reportedBy.length, flagged: review.flagged, version: review.version };
}

// The bodies and query of the review routes (./review-input.ts): only those routes and the contract need them.
export type { Moderation, ReviewInput } from './review-input';

/** The console's filter: a state, or the flagged (reported) ones whatever their state. */
export const REVIEW_QUEUES = ['pending', 'reported', 'published', 'rejected'] as const;
export const ReviewQueueSchema = v.picklist(REVIEW_QUEUES);
export type ReviewQueue = v.InferOutput<typeof ReviewQueueSchema>;

/** Who may write reviews at a store: those who bought the product, or any signed-in customer. */
export const REVIEWS_FROM = ['buyers', 'customers'] as const;
