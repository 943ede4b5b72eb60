import * as v from 'valibot';
import { DiscountInputSchema, DiscountViewSchema } from '../../discounts/discount';
import { IdParamSchema } from '../request';
import type { HeaderSpec, Operation, ResponseSpec } from './operations';

/** Discounts' part of the contract (docs/discounts.md). */

const json = (description: string, schema: v.GenericSchema, headers?: Record<string, string>): ResponseSpec => ({
  description,
  json: schema,
  ...(headers ? { headers } : {}),
});

const READERS = ['admin', 'clerk', 'support'] as const;
const ADMIN = ['admin'] as const;
const discount = { discountId: IdParamSchema };

export function discountOperations(businessPostHeaders: readonly HeaderSpec[]): Operation[] {
  const staff = { host: 'store', tag: 'Discounts (staff)' } as const;
  return [
    {
      ...staff,
      method: 'get',
      path: '/admin/discounts',
      summary: 'The store’s discounts (codes and automatic promotions), newest first, each with how often it was used',
      access: READERS,
      responses: { 200: json('Every discount of the store.', v.strictObject({ items: v.array(DiscountViewSchema) })) },
    },
    {
      ...staff,
      method: 'post',
      path: '/admin/discounts',
      summary: 'Create a discount (a code taken by another discount: 409)',
      access: ADMIN,
      headers: businessPostHeaders,
      body: DiscountInputSchema,
      responses: { 201: json('The discount.', DiscountViewSchema, { location: 'The discount.' }) },
      problems: [409],
    },
    {
      ...staff,
      method: 'get',
      path: '/admin/discounts/:discountId',
      summary: 'One discount with its uses',
      access: READERS,
      pathParams: discount,
      responses: { 200: json('The discount.', DiscountViewSchema) },
    },
    {
      ...staff,
      method: 'put',
      path: '/admin/discounts/:discountId',
      summary: 'Replace a discount; orders placed with it keep what they were given',
      access: ADMIN,
      pathParams: discount,
      body: DiscountInputSchema,
      responses: { 200: json('The discount.', DiscountViewSchema) },
      problems: [409],
    },
    {
      ...staff,
      method: 'delete',
      path: '/admin/discounts/:discountId',
      summary: 'Delete a discount (its use counters stay, so an order placed with it can still give its use back)',
      access: ADMIN,
      pathParams: discount,
      responses: { 204: { description: 'Deleted.', empty: true } },
      problems: [409],
    },
  ];
}
