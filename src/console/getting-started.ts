import * as v from 'valibot';
import type { CatalogService } from '../catalog/service';
import type { TenantRecord } from '../tenants/registry';
import type { TenantContext } from '../tenants/tenant';

/**
 * The store console's getting-started checklist, computed from the store's data each time (no
 * state of its own, so it can never disagree with the store): settings reviewed and saved once, a
 * first product, a product picture, and a domain of the store's own besides its platform
 * subdomain. Hiding the list is the browser's (per store, on that device).
 */
export const CHECKLIST_STEPS = ['settings', 'product', 'image', 'domain'] as const;

/** Where the console manages a step; the domain step points at the console's domains section. */
const LINKS: Record<(typeof CHECKLIST_STEPS)[number], { label: string; href: string }> = {
  settings: { label: 'Review and save your store’s settings (currency, tax, shipping, legal name)', href: '#settings-title' },
  product: { label: 'Add your first product', href: '#products-title' },
  image: { label: 'Add a picture to a product', href: '#inventory-title' },
  domain: { label: 'Connect a domain of your own', href: '#domains-title' },
};

export const ChecklistSchema = v.strictObject({
  steps: v.array(v.strictObject({ id: v.picklist(CHECKLIST_STEPS), label: v.string(), href: v.string(), done: v.boolean() })),
  /** The store's domains, its platform subdomain first as it was created. */
  domains: v.array(v.string()),
  /** The subdomain the platform gave it: not a domain "of its own". */
  platformDomain: v.string(),
});
export type Checklist = v.InferOutput<typeof ChecklistSchema>;

/** How many of the newest products are looked at for a picture: one page, never a walk of the catalog. */
export const IMAGE_LOOKAHEAD = 50;

export function checklistOf(facts: {
  settingsVersion: number;
  productCount: number;
  withImage: boolean;
  domains: readonly string[];
  platformDomain: string;
}): Checklist {
  const done = {
    settings: facts.settingsVersion > 0,
    product: facts.productCount > 0,
    image: facts.withImage,
    domain: facts.domains.some((d) => d !== facts.platformDomain),
  };
  return {
    steps: CHECKLIST_STEPS.map((id) => ({ id, ...LINKS[id], done: done[id] })),
    domains: [...facts.domains],
    platformDomain: facts.platformDomain,
  };
}

export type GettingStarted = ReturnType<typeof createGettingStarted>;

export function createGettingStarted(deps: {
  catalog: Pick<CatalogService, 'listAll'>;
  /** The store's record, read consistently: its saved settings' version and all its domains (the resolver's context carries only the first). */
  storeRecord: (tenant: TenantContext) => Promise<TenantRecord | undefined>;
  /** `<slug>.<STORE_DOMAIN_SUFFIX>`. */
  platformDomain: (tenant: TenantContext) => string;
}) {
  return async (tenant: TenantContext): Promise<Checklist> => {
    const [record, products] = await Promise.all([deps.storeRecord(tenant), deps.catalog.listAll(tenant, { limit: IMAGE_LOOKAHEAD })]);
    const domains = record?.domains ?? [];
    return checklistOf({
      settingsVersion: record?.settings?.version ?? 0,
      productCount: products.items.length,
      withImage: products.items.some((p) => (p.images?.length ?? 0) > 0),
      domains,
      platformDomain: deps.platformDomain(tenant),
    });
  };
}
