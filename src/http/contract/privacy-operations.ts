import { CustomerDataSchema, DeleteAccountSchema } from '../../privacy/schemas';
import type { HeaderSpec, Operation } from './operations';

/** Shoppers' own data (docs/privacy.md): the export and the account's deletion; and a guest's order page. */
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
    // A guest's order page (src/storefront/order-lookup-page.tsx), where their order emails link.
    {
      host: 'store',
      tag: 'Pages',
      method: 'get',
      path: '/order-status',
      summary: 'A guest’s order page: the form for the order number (`?number=` fills it in) and email',
      access: 'public',
      kind: 'page',
      responses: { 200: { description: 'The form.', contentType: 'text/html' } },
    },
    {
      host: 'store',
      tag: 'Pages',
      method: 'post',
      path: '/order-status',
      summary: 'Shows the order whose number and email match; the form again (404) when either is wrong',
      access: 'public',
      kind: 'page',
      headers: businessPostHeaders,
      responses: { 200: { description: 'The order.', contentType: 'text/html' }, 404: { description: 'The form again.', contentType: 'text/html' } },
    },
  ];
}
