import { contributionOf, ratingDelta } from '../catalog/rating';
import { domainEvent, type DomainEvent, type EventMeta, type EventType } from '../events/event';
import { ConflictError, NotFoundError, TooManyRequestsError } from '../shared/errors';
import type { Page, PageRequest } from '../shared/page';
import { keyedMutex } from '../shared/keyed-mutex';
import { retrying } from '../shared/retry';
import type { TenantContext } from '../tenants/tenant';
import { NotABuyerError, REVIEW_RATE, type ReviewDeps } from './service';
import { StaleReviewError } from './repository';
import {
  adminReview,
  ownReview,
  publicReview,
  type AdminReview,
  type Moderation,
  type OwnReview,
  type PublicReview,
  type Review,
  type ReviewInput,
  type ReviewQueue,
} from './review';

const isStale = (error: unknown) => error instanceof StaleReviewError;

const ATTEMPTS = 10;

/**
 * Reviews and their moderation (docs/reviews.md), loaded by the first of them (./service.ts): the
 * product page's published reviews do not need them at a cold start. Each change is one transaction that also adds
 * its difference to the product's rating counters and writes its events; a lost race re-reads
 * and re-plans, so the counters always equal a recount of the published reviews.
 */
export function createReviewActions(deps: ReviewDeps) {
  const { reviews } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => crypto.randomUUID());
  // Every change of a product's reviews adds to the product's one item: in one process they queue
  // instead of failing each other's transactions; across processes the conditions still decide.
  const withLock = keyedMutex();
  const onProduct = <T>(tenant: TenantContext, productId: string, work: () => Promise<T>) =>
    withLock(`${tenant.id}#${productId}`, () => retrying(work, { retryable: isStale, attempts: ATTEMPTS }));

  const meta = (tenant: TenantContext, actor: string, at: string): EventMeta => ({ tenantId: tenant.id, actor, occurredAt: at });
  const event = (type: EventType, m: EventMeta, review: Review): DomainEvent =>
    domainEvent('shop.reviews', type, m, {
      reviewId: review.id,
      productId: review.productId,
      rating: review.rating,
      status: review.status,
      verified: review.verified,
    });

  /** The product's counters move only if it is still there (a deleted product's reviews can still be taken down). */
  async function ratingChange(tenant: TenantContext, before: Review | undefined, after: Review | undefined) {
    const delta = ratingDelta(contributionOf(before), contributionOf(after));
    return (await deps.products.get(tenant, (before ?? after)!.productId)) ? delta : undefined;
  }

  const forget = (tenant: TenantContext) => deps.cache?.forget(tenant);

  async function existing(tenant: TenantContext, customerId: string, productId: string) {
    const id = await reviews.claimOf(tenant, customerId, productId);
    return id ? reviews.get(tenant, id) : undefined;
  }

  async function reviewOf(tenant: TenantContext, reviewId: string) {
    const review = await reviews.get(tenant, reviewId);
    if (!review) throw new NotFoundError(`No review ${reviewId} in this store.`);
    return review;
  }

  return {
    /** The caller's review of the product, written or rewritten whole; published at once or held, per the store's settings. */
    async write(tenant: TenantContext, customerId: string, productId: string, input: ReviewInput): Promise<OwnReview> {
      const product = await deps.products.get(tenant, productId);
      if (product?.status !== 'active') throw new NotFoundError(`No product ${productId} in this store.`);
      const verified = await deps.purchased(tenant, customerId, productId);
      if (!verified && (tenant.settings.reviewsFrom ?? 'buyers') === 'buyers') throw new NotABuyerError();
      const decision = await deps.rateLimiter.hit(tenant, REVIEW_RATE, customerId);
      if (!decision.allowed)
        throw new TooManyRequestsError(`At most ${REVIEW_RATE.limit} reviews a minute; try again in ${decision.retryAfterSeconds} s.`, {
          retryAfterSeconds: decision.retryAfterSeconds,
        });
      const status = tenant.settings.reviewModeration === 'hold' ? 'pending' : 'published';
      const written = await onProduct(tenant, productId, async () => {
        const at = now().toISOString();
        const m = meta(tenant, customerId, at);
        const previous = await existing(tenant, customerId, productId);
        const next: Review = {
          id: previous?.id ?? newId(),
          productId,
          customerId,
          authorName: input.authorName,
          rating: input.rating,
          title: input.title,
          text: input.text,
          status,
          verified,
          reportedBy: previous?.reportedBy ?? [],
          flagged: previous?.flagged ?? false,
          createdAt: previous?.createdAt ?? at,
          updatedAt: at,
          publishedAt: status === 'published' ? (previous?.publishedAt ?? at) : null,
          version: (previous?.version ?? 0) + 1,
        };
        const events = [event('ReviewSubmitted', m, next), ...(status === 'published' ? [event('ReviewPublished', m, next)] : [])];
        const write = { events, rating: ratingDelta(contributionOf(previous), contributionOf(next)) };
        if (previous) await reviews.replace(tenant, previous, next, write);
        else await reviews.create(tenant, next, write);
        return next;
      });
      forget(tenant);
      return ownReview(written);
    },

    async mine(tenant: TenantContext, customerId: string, productId: string): Promise<OwnReview> {
      const review = await existing(tenant, customerId, productId);
      if (!review) throw new NotFoundError('You have not reviewed this product.');
      return ownReview(review);
    },

    /** Every review the customer wrote in the store, as they see theirs (their data export). */
    async writtenBy(tenant: TenantContext, customerId: string): Promise<OwnReview[]> {
      const found = await Promise.all((await reviews.productsReviewedBy(tenant, customerId)).map((productId) => existing(tenant, customerId, productId)));
      return found.filter((review) => review !== undefined).map(ownReview);
    },

    /** The author takes their review down. */
    async withdraw(tenant: TenantContext, customerId: string, productId: string): Promise<void> {
      await onProduct(tenant, productId, async () => {
        const review = await existing(tenant, customerId, productId);
        if (!review) throw new NotFoundError('You have not reviewed this product.');
        await reviews.remove(tenant, review, {
          events: [event('ReviewRemoved', meta(tenant, customerId, now().toISOString()), review)],
          rating: await ratingChange(tenant, review, undefined),
        });
      });
      forget(tenant);
    },

    /** A shopper flags a published review for the admins; once per shopper (again changes nothing). */
    async report(tenant: TenantContext, reporterId: string, productId: string, reviewId: string): Promise<void> {
      await onProduct(tenant, productId, async () => {
        const review = await reviews.get(tenant, reviewId);
        if (!review || review.productId !== productId || review.status !== 'published') throw new NotFoundError(`No review ${reviewId} of this product.`);
        if (review.customerId === reporterId) throw new ConflictError('You cannot report your own review; edit or remove it instead.');
        if (review.reportedBy.includes(reporterId)) return;
        const next = { ...review, reportedBy: [...review.reportedBy, reporterId], flagged: true, version: review.version + 1 };
        await reviews.replace(tenant, review, next, { events: [] });
      });
    },

    /** A product's published reviews, newest first, with its rating. */
    async published(tenant: TenantContext, productId: string, page: PageRequest): Promise<Page<PublicReview>> {
      const found = await reviews.published(tenant, productId, page);
      return { items: found.items.map(publicReview), nextCursor: found.nextCursor };
    },

    async queue(tenant: TenantContext, queue: ReviewQueue, page: PageRequest): Promise<Page<AdminReview>> {
      const found = await reviews.queue(tenant, queue, page);
      return { items: found.items.map(adminReview), nextCursor: found.nextCursor };
    },

    /** An admin publishes or rejects a review, as of the version they saw; either clears its reports. */
    async moderate(tenant: TenantContext, actor: string, reviewId: string, decision: Moderation): Promise<AdminReview> {
      const review = await reviewOf(tenant, reviewId);
      if (review.version !== decision.version)
        throw new ConflictError(`The review changed since version ${decision.version} was read (it is at ${review.version}); read it again.`, {
          extra: { currentVersion: review.version },
        });
      const at = now().toISOString();
      const m = meta(tenant, actor, at);
      const next: Review = {
        ...review,
        status: decision.status,
        flagged: false,
        updatedAt: at,
        publishedAt: decision.status === 'published' ? (review.publishedAt ?? at) : null,
        version: review.version + 1,
      };
      const events =
        decision.status === 'published' ? [event('ReviewPublished', m, next)] : review.status === 'published' ? [event('ReviewRemoved', m, next)] : [];
      // One try: the decision is on the version the admin saw, so a lost race is theirs to look at again.
      await withLock(`${tenant.id}#${review.productId}`, async () =>
        reviews.replace(tenant, review, next, { events, rating: await ratingChange(tenant, review, next) }),
      );
      forget(tenant);
      return adminReview(next);
    },

    /** An admin takes a review down for good (its author may write a new one). */
    async remove(tenant: TenantContext, actor: string, reviewId: string): Promise<void> {
      const { productId } = await reviewOf(tenant, reviewId);
      await onProduct(tenant, productId, async () => {
        const review = await reviewOf(tenant, reviewId);
        await reviews.remove(tenant, review, {
          events: [event('ReviewRemoved', meta(tenant, actor, now().toISOString()), review)],
          rating: await ratingChange(tenant, review, undefined),
        });
      });
      forget(tenant);
    },
  };
}

export type ReviewActions = ReturnType<typeof createReviewActions>;
