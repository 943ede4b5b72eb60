import { CloseStoreSchema, OffboardingViewSchema } from '../../tenants/offboarding/offboarding';
import { TenantIdSchema } from '../../tenants/tenant';
import type { HeaderSpec, Operation } from './operations';

/** Offboarding's part of the contract (docs/offboarding.md): the owner's danger zone and the operators' side. */
export function offboardingOperations(businessPostHeaders: readonly HeaderSpec[]): Operation[] {
  const owner = { host: 'store', tag: 'Closing the store (owners)', access: ['admin'] } as const;
  const operator = { host: 'platform', tag: 'Stores (operators)', access: ['operator'], pathParams: { slug: TenantIdSchema } } as const;
  const view = (description: string) => ({ description, json: OffboardingViewSchema });
  return [
    {
      ...owner,
      method: 'get',
      path: '/admin/offboarding',
      summary: 'Where the store’s closing stands, with short-lived links to its export',
      responses: { 200: view('The offboarding; 404 when the store was never closed.') },
    },
    {
      ...owner,
      method: 'post',
      path: '/admin/offboarding',
      summary: 'Close the store (type its slug to confirm): visitors get “store closed”, its export is written, it can be restored in the grace period',
      headers: businessPostHeaders,
      body: CloseStoreSchema,
      responses: { 202: view('Closing; the export runs as a job.') },
      // 409: closing already.
      problems: [409],
    },
    {
      ...owner,
      method: 'post',
      path: '/admin/offboarding/restore',
      summary: 'Restore the closing store within its grace period, everything as it was',
      headers: businessPostHeaders,
      responses: { 200: view('Restored.') },
      // 409: not closing, or the grace period ended.
      problems: [409],
    },
    {
      ...operator,
      method: 'get',
      path: '/platform/tenants/:slug/offboarding',
      summary: 'A store’s offboarding, with short-lived links to its export',
      responses: { 200: view('The offboarding.') },
    },
    {
      ...operator,
      method: 'post',
      path: '/platform/tenants/:slug/offboard',
      summary: 'Offboard a store: closed to visitors, exported, purged after the grace period',
      headers: businessPostHeaders,
      responses: { 202: view('Closing; the export runs as a job.') },
      problems: [409],
    },
    {
      ...operator,
      method: 'post',
      path: '/platform/tenants/:slug/restore',
      summary: 'Restore a closing store within its grace period',
      headers: businessPostHeaders,
      responses: { 200: view('Restored.') },
      problems: [409],
    },
  ];
}
