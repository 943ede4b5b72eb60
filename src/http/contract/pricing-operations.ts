import { PriceChangeCreateSchema, PriceChangePageSchema, PriceChangeViewSchema } from '../../pricing/schedule';
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
  ] satisfies Operation[];
}
