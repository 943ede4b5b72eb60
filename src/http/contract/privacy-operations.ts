import { CustomerDataSchema, DeleteAccountSchema } from '../../privacy/schemas';
import type { HeaderSpec, Operation } from './operations';

/** Shoppers' own data (docs/privacy.md): the export and the account's deletion. */
export function privacyOperations(businessPostHeaders: readonly HeaderSpec[]): Operation[] {
  const mine = { host: 'store', tag: 'Customers’ own data', access: ['customer'] } as const;
  return [
    {
      ...mine,
      method: 'get',
      path: '/me/data',
      summary: 'Everything the store holds of the signed-in customer, as one JSON download (account, addresses, orders, wishlist, cart, …)',
      responses: { 200: { description: 'The data, with `Content-Disposition: attachment`.', json: CustomerDataSchema } },
    },
    {
      ...mine,
      method: 'post',
      path: '/me/delete',
      summary: 'Deletes the signed-in customer’s account after checking its password; orders stay with the store, anonymised',
      headers: businessPostHeaders,
      body: DeleteAccountSchema,
      responses: { 204: { description: 'Deleted; the session ends.', empty: true } },
    },
  ];
}
