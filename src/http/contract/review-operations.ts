import * as v from 'valibot';
import { RatingSummarySchema } from '../../catalog/rating';
import { AdminReviewSchema, OwnReviewSchema, PublicReviewSchema } from '../../reviews/review';
import { ModerationSchema, ReviewInputSchema, ReviewListQuerySchema } from '../../reviews/review-input';
import { IdParamSchema, PageQuerySchema } from '../request';
import type { Operation, ResponseSpec } from './operations';

/** Reviews' part of the contract (docs/reviews.md). */

const json = (description: string, schema: v.GenericSchema): ResponseSpec => ({ description, json: schema });
const empty = (description: string): ResponseSpec => ({ description, empty: true });
const page = (item: v.GenericSchema) => v.strictObject({ items: v.array(item), nextCursor: v.nullable(v.string()) });

const CUSTOMER = ['customer'] as const;
const ADMIN = ['admin'] as const;
const product = { id: IdParamSchema };
const review = { reviewId: IdParamSchema };

export const ProductReviewsSchema = v.strictObject({ rating: RatingSummarySchema, ...page(PublicReviewSchema).entries });

export const reviewOperations: Operation[] = [
  {
    method: 'get',
    path: '/products/:id/reviews',
    tag: 'Reviews',
    host: 'store',
    access: 'public',
    summary: 'A product’s published reviews, newest first, with its rating (average, count, distribution)',
    pathParams: product,
    query: PageQuerySchema,
    responses: { 200: json('The rating and a page of reviews.', ProductReviewsSchema) },
  },
  {
    method: 'get',
    path: '/products/:id/review',
    tag: 'Reviews',
    host: 'store',
    access: CUSTOMER,
    summary: 'The caller’s own review of the product, whatever its state',
    pathParams: product,
    responses: { 200: json('The review.', OwnReviewSchema) },
  },
  {
    method: 'put',
    path: '/products/:id/review',
    tag: 'Reviews',
    host: 'store',
    access: CUSTOMER,
    summary:
      'Write or rewrite the caller’s review of the product (one per customer): published at once or held for approval per the store’s settings; at most 5 a minute',
    pathParams: product,
    body: ReviewInputSchema,
    responses: { 200: json('The review as stored.', OwnReviewSchema) },
    problems: [409, 429],
  },
  {
    method: 'delete',
    path: '/products/:id/review',
    tag: 'Reviews',
    host: 'store',
    access: CUSTOMER,
    summary: 'Remove the caller’s own review of the product',
    pathParams: product,
    responses: { 204: empty('Removed.') },
    problems: [409],
  },
  {
    method: 'put',
    path: '/products/:id/reviews/:reviewId/report',
    tag: 'Reviews',
    host: 'store',
    access: CUSTOMER,
    summary: 'Report a published review to the store’s admins (once per shopper: again changes nothing)',
    pathParams: { ...product, ...review },
    responses: { 204: empty('Reported.') },
    problems: [409],
  },
  {
    method: 'get',
    path: '/admin/reviews',
    tag: 'Reviews (staff)',
    host: 'store',
    access: ADMIN,
    summary: 'Reviews by state (pending, published, rejected) or the reported ones, most recently changed first',
    query: ReviewListQuerySchema,
    responses: { 200: json('A page of reviews.', page(AdminReviewSchema)) },
  },
  {
    method: 'put',
    path: '/admin/reviews/:reviewId/status',
    tag: 'Reviews (staff)',
    host: 'store',
    access: ADMIN,
    summary: 'Publish or reject a review, as of the version read (clears its reports)',
    pathParams: review,
    body: ModerationSchema,
    responses: { 200: json('The review after the decision.', AdminReviewSchema) },
    problems: [409],
  },
  {
    method: 'delete',
    path: '/admin/reviews/:reviewId',
    tag: 'Reviews (staff)',
    host: 'store',
    access: ADMIN,
    summary: 'Remove a review for good',
    pathParams: review,
    responses: { 204: empty('Removed.') },
    problems: [409],
  },
];
