import type { TenantManifest } from '../tenants/manifest';
import { tenantContext } from '../tenants/tenant';
import type { IdentityService } from './service';

/** Local demo only: one password for every demo account, printed by `npm start` and in the README. */
export const DEMO_PASSWORD = 'Demo-Passw0rd';
export const DEMO_OPERATOR = { email: 'operator@platform.example', name: 'Platform Operator' };

export function demoAccounts(manifest: TenantManifest) {
  const domain = `${manifest.slug}.example`;
  return [
    { email: manifest.firstAdmin.email.toLowerCase(), name: manifest.firstAdmin.name, role: 'admin' as const },
    { email: `clerk@${domain}`, name: 'Demo Clerk', role: 'clerk' as const },
    { email: `customer@${domain}`, name: 'Demo Customer', role: 'customer' as const },
  ];
}

/** Each demo store's admin (its manifest's first admin), a clerk and a customer, plus an operator. */
export async function seedDemoUsers(manifests: readonly TenantManifest[], identity: IdentityService) {
  for (const manifest of manifests) {
    const tenant = tenantContext({ id: manifest.slug, name: manifest.name, tier: manifest.tier, status: 'active' });
    for (const account of demoAccounts(manifest)) await identity.ensureUser(tenant, { ...account, password: DEMO_PASSWORD });
  }
  await identity.ensureOperator({ ...DEMO_OPERATOR, password: DEMO_PASSWORD });
}
