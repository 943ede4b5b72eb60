import type { TenantTier } from '../tenants/tenant';

/**
 * The plans as the landing page sells them: names and what each is for. Marketing copy only;
 * each plan's enforced limits live with the plans (src/plans/, another change) and are to be
 * shown beside this copy once both are in (the lead links them at the merge).
 */
export type PlanCopy = { tier: TenantTier; name: string; tagline: string; includes: readonly string[] };

export const PLAN_COPY: readonly PlanCopy[] = [
  {
    tier: 'basic',
    name: 'Basic',
    tagline: 'Your first store, online today.',
    includes: ['A storefront at your own address on the platform', 'Products with pictures, prices and stock', 'One admin and a few staff accounts'],
  },
  {
    tier: 'standard',
    name: 'Standard',
    tagline: 'For a growing catalog and team.',
    includes: ['Everything in Basic', 'A larger catalog and more pictures', 'More staff accounts, with roles', 'Your own domain'],
  },
  {
    tier: 'premium',
    name: 'Premium',
    tagline: 'For busy stores.',
    includes: ['Everything in Standard', 'The largest catalog and storage', 'The highest request rate', 'Priority support'],
  },
];
