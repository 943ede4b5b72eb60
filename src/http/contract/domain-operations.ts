import { CustomDomainAddSchema, CustomDomainListSchema, CustomDomainViewSchema } from '../../tenants/custom-domains/custom-domain';
import { DomainSchema } from '../../tenants/tenant';
import type { HeaderSpec, Operation } from './operations';

/** Custom domains' part of the contract (docs/custom-domains.md). */
export function domainOperations(businessPostHeaders: readonly HeaderSpec[]): Operation[] {
  const owner = { host: 'store', tag: 'Custom domains (admins)', access: ['admin'] } as const;
  const domain = { domain: DomainSchema };
  return [
    {
      ...owner,
      method: 'get',
      path: '/admin/domains',
      summary: "The store's own domains: each one's DNS records to create and where it stands; the plan's limit",
      responses: { 200: { description: 'The domains, pending and verified.', json: CustomDomainListSchema } },
    },
    {
      ...owner,
      method: 'post',
      path: '/admin/domains',
      summary: 'Add a domain: answers the TXT record that proves it is yours and the certificate’s validation records',
      headers: businessPostHeaders,
      body: CustomDomainAddSchema,
      responses: { 201: { description: 'Added, pending verification.', json: CustomDomainViewSchema, headers: { location: 'The domain.' } } },
      // 409: the store has it already, another store holds it, or the plan's limit is reached.
      problems: [409],
    },
    {
      ...owner,
      method: 'post',
      path: '/admin/domains/:domain/verify',
      summary: 'Check the domain’s DNS now: a pending domain whose TXT record is found is verified and serves the store',
      pathParams: domain,
      headers: businessPostHeaders,
      responses: { 200: { description: 'The domain as checked (`failure` says why it is still pending).', json: CustomDomainViewSchema } },
      // 409: another store verified the domain first.
      problems: [409],
    },
    {
      ...owner,
      method: 'delete',
      path: '/admin/domains/:domain',
      summary: 'Remove a domain: it stops serving the store at once',
      pathParams: domain,
      responses: { 204: { description: 'Removed.', empty: true } },
      problems: [409],
    },
  ] satisfies Operation[];
}
