import * as v from 'valibot';
import { AmountSchema } from '../catalog/product';
import { CurrencySchema } from '../settings/store-settings';

/**
 * Customer groups (docs/pricing.md, "Customer groups"): a store's named sets of customers, such as
 * a wholesale group, each with its own price lists. Admins create them and put customers in them;
 * a customer is in at most one group.
 */
const NameSchema = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(80));
const DescriptionSchema = v.pipe(v.string(), v.trim(), v.maxLength(500));
const IdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an id'));

/** Body of POST /admin/customer-groups. */
export const CustomerGroupCreateSchema = v.strictObject({ name: NameSchema, description: v.optional(DescriptionSchema, '') });
export type CustomerGroupCreate = v.InferOutput<typeof CustomerGroupCreateSchema>;

/** Body of PATCH /admin/customer-groups/:groupId: what is sent changes, the rest stays. */
export const CustomerGroupPatchSchema = v.pipe(
  v.strictObject({ name: v.optional(NameSchema), description: v.optional(DescriptionSchema) }),
  v.check((patch) => patch.name !== undefined || patch.description !== undefined, 'send a name or a description'),
);
export type CustomerGroupPatch = v.InferOutput<typeof CustomerGroupPatchSchema>;

/** As stored and as admins read it; `members` counts the customers in it (kept in the assignments' transactions). */
export const CustomerGroupSchema = v.strictObject({
  id: v.string(),
  name: v.string(),
  description: v.string(),
  members: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
});
export type CustomerGroup = v.InferOutput<typeof CustomerGroupSchema>;

export const CustomerGroupListSchema = v.strictObject({ items: v.array(CustomerGroupSchema), limit: v.number() });

/** Body of PUT /admin/customers/:userId/group: the group, or null for none. */
export const GroupAssignmentSchema = v.strictObject({ groupId: v.nullable(IdSchema) });

/** A customer as the group screens show one. */
export const GroupCustomerSchema = v.strictObject({
  userId: v.string(),
  email: v.string(),
  name: v.string(),
  groupId: v.nullable(v.string()),
});
export type GroupCustomer = v.InferOutput<typeof GroupCustomerSchema>;
export const GroupCustomerPageSchema = v.strictObject({ items: v.array(GroupCustomerSchema), nextCursor: v.nullable(v.string()) });
export const GroupCustomerListSchema = v.strictObject({ items: v.array(GroupCustomerSchema) });

/** `?email=` of GET /admin/customers: the start of an address (at least 3 characters). */
export const CustomerSearchQuerySchema = v.object({
  email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.minLength(3, 'must be at least 3 characters'), v.maxLength(254)),
});

/** A variant's price in a group's list, in minor units of the list's currency. */
export const GroupPriceSchema = v.strictObject({ price: AmountSchema, compareAtPrice: v.optional(v.nullable(AmountSchema), null) });

/** Body of PUT /admin/customer-groups/:groupId/prices/:productId: the product's whole list in one currency. */
export const GroupPricesPutSchema = v.strictObject({
  currency: CurrencySchema,
  prices: v.pipe(
    v.record(IdSchema, GroupPriceSchema),
    v.check((prices) => Object.keys(prices).length <= 100, 'at most 100 variants'),
  ),
});
export type GroupPricesPut = v.InferOutput<typeof GroupPricesPutSchema>;

/** One product's prices in one of a group's lists, as stored and as admins read it. */
export const GroupProductPricesSchema = v.strictObject({
  groupId: v.string(),
  currency: v.string(),
  productId: v.string(),
  prices: v.record(v.string(), v.strictObject({ price: v.number(), compareAtPrice: v.nullable(v.number()) })),
  version: v.number(),
  updatedAt: v.string(),
});
export type GroupProductPrices = v.InferOutput<typeof GroupProductPricesSchema>;
export const GroupProductPricesPageSchema = v.strictObject({ items: v.array(GroupProductPricesSchema), nextCursor: v.nullable(v.string()) });

/** `?currency=` of the price-list routes: the store's own currency when absent. */
export const PriceListQuerySchema = v.object({ currency: v.optional(CurrencySchema) });
