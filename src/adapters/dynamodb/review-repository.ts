import { GetCommand, paginateQuery, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { isNoChange } from '../../catalog/rating';
import { StaleReviewError, type ReviewRepository, type ReviewWrite } from '../../reviews/repository';
import { ReviewSchema, type Review } from '../../reviews/review';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import type { CursorCodec } from './cursor';
import { cancellationCodes, isTransactionConflict } from './errors';
import { reviewKeys, reviewListings, tenantKeys } from './keys';
import { outboxPuts } from './outbox-items';
import { queryPage } from './query-page';
import { ratingAdd } from './rating-attributes';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'type'];
const parseReview = (item: Record<string, unknown>) =>
  v.parse(ReviewSchema, Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.includes(k))));

/** The review item with its sparse index keys: published → its product's list; every state → its queue; flagged → the reported list. */
export function reviewItem(tenant: TenantContext, review: Review) {
  const keys = reviewKeys(tenant);
  const changed = `${review.updatedAt}#${review.id}`;
  return {
    ...keys.review(review.id),
    type: 'review',
    ...(review.status === 'published'
      ? { GSI1PK: keys.productReviews(review.productId), GSI1SK: `${review.publishedAt ?? review.updatedAt}#${review.id}` }
      : {}),
    GSI2PK: keys.queue(review.status),
    GSI2SK: changed,
    ...(review.flagged ? { GSI3PK: keys.reported, GSI3SK: changed } : {}),
    ...review,
  };
}

export function createDynamoReviewRepository(options: { clients: TenantClientProvider; tableName: string; cursors: CursorCodec }): ReviewRepository {
  const { clients, tableName: TableName, cursors } = options;

  const sideEffects = (tenant: TenantContext, productId: string, write: ReviewWrite): TransactItem[] => [
    ...(write.rating && !isNoChange(write.rating) ? [ratingAdd(TableName, tenantKeys(tenant).product(productId), write.rating)] : []),
    ...outboxPuts(TableName, tenant, write.events),
  ];

  async function transact(tenant: TenantContext, items: TransactItem[]) {
    try {
      await (await clients(tenant)).send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      // Another writer held an item, the review or claim moved, or the product went: read again.
      if (isTransactionConflict(error) || cancellationCodes(error)?.includes('ConditionalCheckFailed')) throw new StaleReviewError();
      throw error;
    }
  }

  return {
    async claimOf(tenant, customerId, productId) {
      const client = await clients(tenant);
      const result = await client.send(new GetCommand({ TableName, Key: reviewKeys(tenant).reviewer(customerId, productId), ConsistentRead: true }));
      return typeof result.Item?.reviewId === 'string' ? result.Item.reviewId : undefined;
    },

    async productsReviewedBy(tenant, customerId) {
      const client = await clients(tenant);
      const { PK } = reviewKeys(tenant).reviewer(customerId, '');
      const products: string[] = [];
      for await (const page of paginateQuery(
        { client },
        { TableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': PK }, ConsistentRead: true },
      )) {
        for (const item of page.Items ?? []) if (typeof item.SK === 'string' && item.SK.startsWith('PRODUCT#')) products.push(item.SK.slice('PRODUCT#'.length));
      }
      return products;
    },

    async get(tenant, reviewId) {
      const client = await clients(tenant);
      const result = await client.send(new GetCommand({ TableName, Key: reviewKeys(tenant).review(reviewId), ConsistentRead: true }));
      return result.Item ? parseReview(result.Item) : undefined;
    },

    async create(tenant, review, write) {
      const keys = reviewKeys(tenant);
      await transact(tenant, [
        {
          Put: {
            TableName,
            Item: { ...keys.reviewer(review.customerId, review.productId), type: 'reviewer', reviewId: review.id },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        { Put: { TableName, Item: reviewItem(tenant, review), ConditionExpression: 'attribute_not_exists(PK)' } },
        ...sideEffects(tenant, review.productId, write),
      ]);
    },

    async replace(tenant, previous, next, write) {
      await transact(tenant, [
        {
          Put: {
            TableName,
            Item: reviewItem(tenant, next),
            ConditionExpression: 'version = :read',
            ExpressionAttributeValues: { ':read': previous.version },
          },
        },
        ...sideEffects(tenant, previous.productId, write),
      ]);
    },

    async remove(tenant, previous, write) {
      const keys = reviewKeys(tenant);
      await transact(tenant, [
        {
          Delete: {
            TableName,
            Key: keys.review(previous.id),
            ConditionExpression: 'version = :read',
            ExpressionAttributeValues: { ':read': previous.version },
          },
        },
        {
          Delete: {
            TableName,
            Key: keys.reviewer(previous.customerId, previous.productId),
            ConditionExpression: 'reviewId = :id',
            ExpressionAttributeValues: { ':id': previous.id },
          },
        },
        ...sideEffects(tenant, previous.productId, write),
      ]);
    },

    async published(tenant, productId, page) {
      return queryPage(
        await clients(tenant),
        cursors,
        { tableName: TableName, index: 'GSI1', shape: reviewListings(tenant).product(productId), newestFirst: true },
        page,
        parseReview,
      );
    },

    async queue(tenant, queue, page) {
      const listings = reviewListings(tenant);
      const shape = queue === 'reported' ? listings.reported : listings.queue(queue);
      const index = queue === 'reported' ? 'GSI3' : 'GSI2';
      return queryPage(await clients(tenant), cursors, { tableName: TableName, index, shape, newestFirst: true }, page, parseReview);
    },
  };
}
