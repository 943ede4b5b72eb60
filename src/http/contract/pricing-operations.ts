import { PriceChangeCreateSchema, PriceChangePageSchema, PriceChangeViewSchema } from '../../pricing/schedule';
import * as v from 'valibot';
import { ShownProductSchema } from '../../catalog/product';
import { CurrencyPricesUpdateSchema } from '../../pricing/currency-prices';
import { IdParamSchema, PageQuerySchema } from '../request';
import type { HeaderSpec, Operation } from './operations';

/** Prices' part of the contract (docs/pricing.md): scheduled price changes. */
export function pricingOperations(businessPostHeaders: readonly HeaderSpec[]): Operation[] {
  const prices = { host: 'store', tag: 'Prices (admins)', access: ['admin'] } as const;
  return [
    {
      ...prices,
      method: 'get',
      path: '/admin/price-changes',
      summary: 'Pending scheduled price changes, soonest due first (a change with an end shows its revert once it has started)',
      query: PageQuerySchema,
      responses: { 200: { description: 'A page of pending changes.', json: PriceChangePageSchema } },
    },
    {
      ...prices,
      method: 'post',
      path: '/admin/price-changes',
      summary: 'Schedule a variant’s new price (and compare-at) from `startsAt`, optionally back to its price of then at `endsAt`',
      headers: businessPostHeaders,
      body: PriceChangeCreateSchema,
      responses: {
        201: { description: 'Scheduled; applied within a minute of `startsAt`.', json: PriceChangeViewSchema, headers: { location: 'The change.' } },
      },
    },
    {
      ...prices,
      method: 'delete',
      path: '/admin/price-changes/:changeId',
      summary: 'Cancel a pending change (a started sale’s end is its own change, `revertOf` naming the start)',
      pathParams: { changeId: IdParamSchema },
      responses: { 204: { description: 'Cancelled.', empty: true } },
    },
    {
      host: 'store',
      tag: 'Pages',
      access: 'public',
      kind: 'page',
      method: 'get',
      path: '/currency',
      query: v.object({ set: v.optional(v.string()), back: v.optional(v.string()) }),
      summary:
        'The storefront’s currency switcher: `?set=<currency>&back=<path>` sets the `currency` cookie (one the store sells in, else its own) and goes back',
      responses: {
        303: { description: 'Back to `back` (a path of this site; else the catalog).', empty: true, headers: { location: 'The page to go back to.' } },
      },
    },
    {
      ...prices,
      method: 'put',
      path: '/admin/products/:id/prices/:currency',
      tag: 'Products (staff)',
      summary: 'A product’s whole price list in one of the store’s other currencies (a variant left out is not sold in it), at the product `version` read',
      pathParams: { id: IdParamSchema, currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/)) },
      body: CurrencyPricesUpdateSchema,
      responses: { 200: { description: 'The product, its `currencyPrices` included.', json: ShownProductSchema } },
      problems: [409],
    },
  ] satisfies Operation[];
}
