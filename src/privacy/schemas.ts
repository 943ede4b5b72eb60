import * as v from 'valibot';
import { AddressSchema, CustomerOrderSchema } from '../orders/order';

/** Body of POST /me/delete: the account's password, as confirmation. */
export const DeleteAccountSchema = v.strictObject({ password: v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(256)) });

/**
 * GET /me/data's answer: the account and one key per data source (src/privacy/sources.ts). Loose:
 * a module that registers a source (reviews) adds its key without changing this schema.
 */
export const CustomerDataSchema = v.looseObject({
  format: v.literal('customer-data/1'),
  exportedAt: v.string(),
  store: v.strictObject({ id: v.string(), name: v.string() }),
  account: v.strictObject({ userId: v.string(), email: v.string(), name: v.string(), role: v.string(), createdAt: v.string() }),
  orders: v.array(CustomerOrderSchema),
  addresses: v.array(AddressSchema),
  wishlist: v.array(v.looseObject({ productId: v.string(), variantId: v.string(), savedAt: v.string() })),
  cart: v.nullable(v.looseObject({ lines: v.array(v.looseObject({})), updatedAt: v.string() })),
});
