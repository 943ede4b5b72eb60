import { existsSync } from 'node:fs';
import { loadManifests, type TenantManifest } from '../src/tenants/manifest';
import type { Environment } from './config';

/** What the stack needs of a store manifest; tests pass these in memory. */
export type StoreManifest = Pick<TenantManifest, 'slug' | 'domains'>;

/**
 * Reads `tenants/*.json` with the app's own loader (same schema, same duplicate checks, so the
 * stack and the app never disagree about a manifest). No directory yet means no stores.
 */
export async function readManifests(directory: string): Promise<StoreManifest[]> {
  return existsSync(directory) ? loadManifests(directory) : [];
}

const isLocal = (domain: string) => domain === 'localhost' || domain.endsWith('.localhost');
const under = (domain: string, zone: string) => domain === zone || domain.endsWith(`.${zone}`);

/**
 * The store domains that get an ACM certificate and an API Gateway custom domain in this
 * environment: none unless it serves the manifests' domains, never `*.localhost` (local runs),
 * and none the platform's wildcard domain already covers.
 */
export function storeDomains(manifests: readonly StoreManifest[], env: Pick<Environment, 'storeDomains' | 'platformDomain'>): string[] {
  if (env.storeDomains === 'none') return [];
  const wildcard = env.platformDomain?.name;
  const covered = (domain: string) => wildcard !== undefined && domain.endsWith(`.${wildcard}`) && !domain.slice(0, -wildcard.length - 1).includes('.');
  return [...new Set(manifests.flatMap((m) => m.domains))].filter((d) => !isLocal(d) && !covered(d)).sort();
}

/** The hosted zone of ours a domain lives in (the longest match), if any. */
export function zoneFor(domain: string, zones: Environment['hostedZones']): string | undefined {
  return zones.filter((z) => under(domain, z.name)).sort((a, b) => b.name.length - a.name.length)[0]?.id;
}
