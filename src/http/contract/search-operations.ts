import type * as v from 'valibot';
import { SearchQuerySchema, SuggestQuerySchema } from '../../search/query';
import { SearchPageSchema, StaffSearchPageSchema, SuggestionsSchema } from '../../search/service';
import type { Operation, ResponseSpec } from './operations';

/** Search's part of the contract (docs/architecture.md, "Search"). */

const json = (description: string, schema: v.GenericSchema): ResponseSpec => ({ description, json: schema });

const FILTERS =
  '`q` words (prefix and typo tolerant); filters `category=<slug>`, `option.<name>=<value>` (repeatable per option), `price=<min>-<max>` in minor units, `inStock=true|false`; `page` from 1.';

export const searchOperations: Operation[] = [
  {
    method: 'get',
    path: '/search',
    tag: 'Catalog',
    host: 'store',
    summary: `Search the store's active products, ranked, with facet counts. ${FILTERS}`,
    access: 'public',
    query: SearchQuerySchema,
    responses: { 200: json('A page of cards (as category pages show them), the total and the facets.', SearchPageSchema) },
  },
  {
    method: 'get',
    path: '/search/suggest',
    tag: 'Catalog',
    host: 'store',
    summary: 'Products to offer while a visitor types in the search box',
    access: 'public',
    query: SuggestQuerySchema,
    responses: { 200: json('The best few active products for the words so far.', SuggestionsSchema) },
  },
  {
    method: 'get',
    path: '/find',
    tag: 'Pages',
    host: 'store',
    summary: `The storefront's search results page, with facet filters as a plain form (the header's search box submits here). ${FILTERS}`,
    access: 'public',
    kind: 'page',
    responses: {
      200: { description: 'The results page.', contentType: 'text/html' },
      400: { description: 'The filters are not valid: a page saying so.', contentType: 'text/html' },
    },
  },
  {
    method: 'get',
    path: '/admin/search',
    tag: 'Products (staff)',
    host: 'store',
    summary: `Search every product of the store, drafts and archived too. ${FILTERS}`,
    access: ['admin', 'clerk'],
    query: SearchQuerySchema,
    responses: { 200: json('A page of cards, each with its status, the total and the facets.', StaffSearchPageSchema) },
  },
];
