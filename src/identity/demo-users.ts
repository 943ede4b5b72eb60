import type { TenantManifest } from '../tenants/manifest';
import { tenantContext } from '../tenants/tenant';
import { totpCode } from './mfa';
import { usernameFor } from './provider';
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
    // The seed's support team: reads orders and customers, changes nothing.
    { email: `support@${domain}`, name: 'Demo Support', role: 'support' as const },
  ];
}

/**
 * Where the demo accounts' TOTP secrets are kept between runs (`npm start`: a file in the data
 * directory). The pool makes the secret (AssociateSoftwareToken), so it cannot be a fixed one; an
 * account enrolled on an earlier run needs the secret of that run to sign in.
 */
export type DemoTotpSecrets = { get(username: string): string | undefined; set(username: string, secret: string): void };

export const memorySecrets = (): DemoTotpSecrets & { all: Map<string, string> } => {
  const all = new Map<string, string>();
  return { all, get: (u) => all.get(u), set: (u, s) => void all.set(u, s) };
};

/**
 * Each demo store's admin (its manifest's first admin), a clerk, a customer and a support agent, plus an operator.
 * Admins and the operator must have a second factor, so they are enrolled in TOTP here; their
 * secrets go to `secrets` (keyed by username) for `npm start` to print.
 */
export async function seedDemoUsers(manifests: readonly TenantManifest[], identity: IdentityService, secrets: DemoTotpSecrets = memorySecrets()) {
  const enrol = async (space: Parameters<IdentityService['enrolWithPassword']>[0], email: string) => {
    const username = usernameFor(space, email);
    const secret = await identity.enrolWithPassword(space, email, DEMO_PASSWORD, (s) => totpCode(s), secrets.get(username));
    if (secret) secrets.set(username, secret);
  };
  for (const manifest of manifests) {
    const tenant = tenantContext({ id: manifest.slug, name: manifest.name, tier: manifest.tier, status: 'active' });
    for (const account of demoAccounts(manifest)) {
      await identity.ensureUser(tenant, { ...account, password: DEMO_PASSWORD });
      if (account.role === 'admin') await enrol(tenant, account.email);
    }
  }
  await identity.ensureOperator({ ...DEMO_OPERATOR, password: DEMO_PASSWORD });
  await enrol('platform', DEMO_OPERATOR.email);
  return secrets;
}
