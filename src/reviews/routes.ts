import { Hono, type Context } from 'hono';
import type { RatingSummary } from '../catalog/rating';
import type { TenantEnv } from '../http/env';
import { allow, everyone } from '../http/middleware/access';
import { idParam, jsonBody, pageQuery } from '../http/request';
import { actorOf } from '../identity/actor';
import { parseOrThrow } from '../shared/validation';
import type { TenantContext } from '../tenants/tenant';
import { ModerationSchema, ReviewInputSchema, ReviewListQuerySchema } from './review-input';
import type { ReviewService } from './service';

const reviewId = (c: Context) => idParam(c, 'reviewId');
const sub = (c: Context<TenantEnv>) => c.get('claims')!.sub;

/**
 * Reviews (docs/reviews.md): a product's published reviews for anyone, each customer's own review
 * of a product (written, read, rewritten, removed by them only: their `sub`, never a parameter),
 * reports, and the admins' moderation. `rating` answers a product's summary (404 when the product
 * is not on sale), so the public list can show it without a second route.
 */
export function reviewRoutes(reviews: ReviewService, rating: (tenant: TenantContext, productId: string) => Promise<RatingSummary>) {
  const customer = allow('customer');
  const admin = allow('admin');
  return new Hono<TenantEnv>()
    .get('/products/:id/reviews', everyone, async (c) => {
      const tenant = c.get('tenant');
      const productId = idParam(c);
      const summary = await rating(tenant, productId);
      const page = await reviews.published(tenant, productId, pageQuery(c));
      return c.json({ rating: summary, items: page.items, nextCursor: page.nextCursor ?? null });
    })
    .get('/products/:id/review', customer, async (c) => c.json(await reviews.mine(c.get('tenant'), sub(c), idParam(c))))
    .put('/products/:id/review', customer, async (c) => {
      const input = await jsonBody(c, ReviewInputSchema);
      return c.json(await reviews.write(c.get('tenant'), sub(c), idParam(c), input));
    })
    .delete('/products/:id/review', customer, async (c) => {
      await reviews.withdraw(c.get('tenant'), sub(c), idParam(c));
      return c.body(null, 204);
    })
    .put('/products/:id/reviews/:reviewId/report', customer, async (c) => {
      await reviews.report(c.get('tenant'), sub(c), idParam(c), reviewId(c));
      return c.body(null, 204);
    })
    .get('/admin/reviews', admin, async (c) => {
      const query = parseOrThrow(ReviewListQuerySchema, c.req.query(), 'query string');
      const page = await reviews.queue(c.get('tenant'), query.status, { limit: query.limit, cursor: query.cursor });
      return c.json({ items: page.items, nextCursor: page.nextCursor ?? null });
    })
    .put('/admin/reviews/:reviewId/status', admin, async (c) => {
      const decision = await jsonBody(c, ModerationSchema);
      return c.json(await reviews.moderate(c.get('tenant'), actorOf(c), reviewId(c), decision));
    })
    .delete('/admin/reviews/:reviewId', admin, async (c) => {
      await reviews.remove(c.get('tenant'), actorOf(c), reviewId(c));
      return c.body(null, 204);
    });
}
