import * as v from 'valibot';
import {
  CustomerGroupCreateSchema,
  CustomerGroupListSchema,
  CustomerGroupPatchSchema,
  CustomerGroupSchema,
  CustomerSearchQuerySchema,
  GroupAssignmentSchema,
  GroupCustomerListSchema,
  GroupCustomerPageSchema,
  GroupCustomerSchema,
  GroupPricesPutSchema,
  GroupProductPricesPageSchema,
  GroupProductPricesSchema,
  PriceListQuerySchema,
} from '../../groups/group';
import { IdParamSchema, PageQuerySchema } from '../request';
import type { HeaderSpec, Operation } from './operations';

/** Customer groups' part of the contract (docs/pricing.md, "Customer groups"): groups, members, price lists. */
export function customerGroupOperations(businessPostHeaders: readonly HeaderSpec[]): Operation[] {
  const groups = { host: 'store', tag: 'Customer groups (admins)', access: ['admin'] } as const;
  const groupId = { groupId: IdParamSchema };
  return [
    {
      ...groups,
      method: 'get',
      path: '/admin/customer-groups',
      summary: 'The store’s customer groups by name, with their member counts and the plan’s limit',
      responses: { 200: { description: 'Every group.', json: CustomerGroupListSchema } },
    },
    {
      ...groups,
      method: 'post',
      path: '/admin/customer-groups',
      summary: 'Create a customer group (a 409 `plan-limit` past the plan’s number of groups)',
      headers: businessPostHeaders,
      body: CustomerGroupCreateSchema,
      responses: { 201: { description: 'Created.', json: CustomerGroupSchema, headers: { location: 'The group.' } } },
      problems: [409],
    },
    {
      ...groups,
      method: 'patch',
      path: '/admin/customer-groups/:groupId',
      summary: 'Rename a group or change its description',
      pathParams: groupId,
      body: CustomerGroupPatchSchema,
      responses: { 200: { description: 'The group as it is now.', json: CustomerGroupSchema } },
    },
    {
      ...groups,
      method: 'delete',
      path: '/admin/customer-groups/:groupId',
      summary: 'Delete an empty group and its price lists (409 while customers are in it)',
      pathParams: groupId,
      responses: { 204: { description: 'Deleted.', empty: true } },
      problems: [409],
    },
    {
      ...groups,
      method: 'get',
      path: '/admin/customer-groups/:groupId/members',
      summary: 'The customers in a group, by email',
      pathParams: groupId,
      query: PageQuerySchema,
      responses: { 200: { description: 'A page of members.', json: GroupCustomerPageSchema } },
    },
    {
      ...groups,
      method: 'get',
      path: '/admin/customers',
      summary: 'Customers whose email begins with `email` (up to 20), with their group: to find one to assign',
      query: CustomerSearchQuerySchema,
      responses: { 200: { description: 'The customers found.', json: GroupCustomerListSchema } },
    },
    {
      ...groups,
      method: 'put',
      path: '/admin/customers/:userId/group',
      summary: 'Put a customer in a group, or in none (`groupId: null`); their prices follow at once, their token’s claim at its next refresh',
      pathParams: { userId: IdParamSchema },
      body: GroupAssignmentSchema,
      responses: { 200: { description: 'The customer and their group.', json: GroupCustomerSchema } },
      problems: [409],
    },
    {
      ...groups,
      method: 'get',
      path: '/admin/customer-groups/:groupId/prices',
      summary: 'A group’s price list in one currency (the store’s own unless `currency` names an enabled one), a product per item',
      pathParams: groupId,
      query: v.object({ ...PageQuerySchema.entries, ...PriceListQuerySchema.entries }),
      responses: { 200: { description: 'A page of products’ prices.', json: GroupProductPricesPageSchema } },
    },
    {
      ...groups,
      method: 'put',
      path: '/admin/customer-groups/:groupId/prices/:productId',
      summary: 'Set a product’s prices in a group’s list in one currency (variants left out sell at their own price); writes PriceChanged',
      pathParams: { ...groupId, productId: IdParamSchema },
      body: GroupPricesPutSchema,
      responses: { 200: { description: 'The product’s prices in the list.', json: GroupProductPricesSchema } },
      problems: [409],
    },
    {
      ...groups,
      method: 'delete',
      path: '/admin/customer-groups/:groupId/prices/:productId',
      summary: 'Take a product out of a group’s list in one currency (`currency`, the store’s own unless given); writes PriceChanged',
      pathParams: { ...groupId, productId: IdParamSchema },
      query: PriceListQuerySchema,
      responses: { 204: { description: 'Removed.', empty: true } },
      problems: [409],
    },
  ] satisfies Operation[];
}
