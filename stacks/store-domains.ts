import type { TenantManifest } from '../src/tenants/manifest';

/** Real domains get API Gateway custom domains and certificates; `*.localhost` is for local runs only. */
export function storeDomains(manifests: readonly TenantManifest[]): string[] {
  return manifests.flatMap((m) => m.domains).filter((d) => d !== 'localhost' && !d.endsWith('.localhost'));
}
