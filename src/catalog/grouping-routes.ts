import { priceContextOf } from '../pricing/currency-cookie';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { TenantEnv } from '../http/env';
import { everyone } from '../http/middleware/access';
import { prefersHtml } from '../http/negotiate';
import { pageQuery } from '../http/request';
import { NotFoundError } from '../shared/errors';
import type { Context } from 'hono';
import { SlugSchema } from './category';
import type { GroupingService } from './grouping-service';

/** A slug in a path: anything else names nothing. */
function slugParam(c: Context): string {
  const value = c.req.param('slug');
  if (!v.is(SlugSchema, value) || value !== value.toLowerCase()) throw new NotFoundError('No such page.');
  return value;
}

/** The storefront pages of a category and a collection (src/storefront/routes.tsx). */
export const categoryPath = (slug: string) => `/category/${slug}`;
export const collectionPath = (slug: string) => `/collection/${slug}`;

/**
 * What visitors read: the category tree with counts, and a category's or collection's page of
 * product cards. A browser opening the API's URL is sent to the page (as `/products/:id` is).
 */
export function publicGroupingRoutes(groupings: GroupingService) {
  return new Hono<TenantEnv>()
    .get('/categories', everyone, async (c) => c.json({ items: await groupings.categoryTree(c.get('tenant')) }))
    .get('/categories/:slug', everyone, async (c) => {
      const slug = slugParam(c);
      c.header('vary', 'Accept');
      if (prefersHtml(c.req.header('accept'))) return c.redirect(categoryPath(slug), 303);
      const page = await groupings.categoryPage(c.get('tenant'), slug, pageQuery(c), priceContextOf(c));
      if (page.stale) c.header('x-cache', 'stale');
      return c.json({ ...page, nextCursor: page.nextCursor ?? null });
    })
    .get('/collections', everyone, async (c) => c.json({ items: await groupings.publicCollections(c.get('tenant')) }))
    .get('/collections/:slug', everyone, async (c) => {
      const slug = slugParam(c);
      c.header('vary', 'Accept');
      if (prefersHtml(c.req.header('accept'))) return c.redirect(collectionPath(slug), 303);
      const page = await groupings.collectionPage(c.get('tenant'), slug, pageQuery(c), priceContextOf(c));
      if (page.stale) c.header('x-cache', 'stale');
      return c.json({ ...page, nextCursor: page.nextCursor ?? null });
    });
}
