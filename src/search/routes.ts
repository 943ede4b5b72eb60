import { priceContextOf } from '../pricing/currency-cookie';
import { Hono, type Context } from 'hono';
import type { TenantEnv } from '../http/env';
import { allow, everyone } from '../http/middleware/access';
import { ValidationError } from '../shared/errors';
import { parseOrThrow } from '../shared/validation';
import { optionFilters, SearchQuerySchema, SuggestQuerySchema } from './query';
import type { SearchService } from './service';

/** The query string as the schema reads it, and the option filters beside it; a bad one is a 422 naming the parameter. */
function searchQuery(c: Context) {
  const params = c.req.query();
  const query = parseOrThrow(
    SearchQuerySchema,
    { q: params.q, category: params.category, price: params.price, inStock: params.inStock, rating: params.rating, page: params.page },
    'query string',
  );
  const options = optionFilters(params);
  if (!options.success) throw new ValidationError('The query string is invalid.', [{ path: 'option.*', message: options.issues[0].message }]);
  return { query, options: options.output };
}

/**
 * Ranked search of a store's catalog (docs/architecture.md, "Search"). Visitors search active
 * products; staff search every status through their own path, never cached at the edge.
 */
export function searchRoutes(search: SearchService) {
  return new Hono<TenantEnv>()
    .get('/search', everyone, async (c) => {
      const { query, options } = searchQuery(c);
      return c.json(await search.search(c.get('tenant'), query, options, priceContextOf(c)));
    })
    .get('/search/suggest', everyone, async (c) => {
      const { q } = parseOrThrow(SuggestQuerySchema, { q: c.req.query('q') }, 'query string');
      return c.json(await search.suggest(c.get('tenant'), q));
    })
    .get('/admin/search', allow('admin', 'clerk'), async (c) => {
      const { query, options } = searchQuery(c);
      return c.json(await search.searchAll(c.get('tenant'), query, options));
    });
}
