import type { TenantContext, TenantTier } from '../tenants/tenant';

/**
 * A store's plan is its tier (`TenantTierSchema`): one word on the store's record, read with the
 * store at no extra round trip, so every limit below is known before a request does any work.
 */
export type PlanName = TenantTier;

export type PlanLimits = {
  /** Products the store may hold at once (drafts included: each is an item, an index entry, a page). */
  readonly products: number;
  /** Variants of one product (the variants work enforces it in its transaction). */
  readonly variantsPerProduct: number;
  /** Staff accounts: every user who is not a customer (admins, clerks, support). */
  readonly staff: number;
  /** Bytes of product images kept for the store. */
  readonly storageBytes: number;
  /** Sustained requests per second, averaged over the limiter's window (docs/architecture.md, "Request limits per store"). */
  readonly requestsPerSecond: number;
  /** The most requests served in any one second. */
  readonly burst: number;
  /** Domains of the store's own (docs/custom-domains.md); pending ones count, each holds a certificate. */
  readonly customDomains: number;
  /** Customer groups (src/groups/), each with its own price lists. */
  readonly customerGroups: number;
};

export type Plan = {
  readonly name: PlanName;
  readonly title: string;
  /**
   * What we charge a month, in US cents (integer minor units). Our own price list, modelled on
   * Shopify's Basic / Shopify / Advanced tiers (29, 79, 299 USD a month), not derived from cost:
   * docs/costs.md shows what a store of each size costs us on AWS.
   */
  readonly monthlyPrice: { readonly amount: number; readonly currency: 'USD' };
  readonly limits: PlanLimits;
};

const GB = 1024 * 1024 * 1024;

/** Every plan by name. Tests hand the platform a book of smaller limits to reach them quickly. */
export type PlanBook = Readonly<Record<PlanName, Plan>>;

export const PLANS: PlanBook = Object.freeze({
  basic: {
    name: 'basic',
    title: 'Basic',
    monthlyPrice: { amount: 2_900, currency: 'USD' },
    limits: { products: 1_000, variantsPerProduct: 10, staff: 5, storageBytes: 1 * GB, requestsPerSecond: 20, burst: 40, customDomains: 1, customerGroups: 5 },
  },
  standard: {
    name: 'standard',
    title: 'Standard',
    monthlyPrice: { amount: 7_900, currency: 'USD' },
    limits: {
      products: 10_000,
      variantsPerProduct: 50,
      staff: 15,
      storageBytes: 10 * GB,
      requestsPerSecond: 100,
      burst: 200,
      customDomains: 3,
      customerGroups: 25,
    },
  },
  premium: {
    name: 'premium',
    title: 'Premium',
    monthlyPrice: { amount: 29_900, currency: 'USD' },
    limits: {
      products: 100_000,
      variantsPerProduct: 100,
      staff: 50,
      storageBytes: 100 * GB,
      requestsPerSecond: 500,
      burst: 1_000,
      customDomains: 10,
      customerGroups: 100,
    },
  },
});

export const PLAN_NAMES = Object.keys(PLANS) as PlanName[];

export const planOf = (tenant: Pick<TenantContext, 'tier'>, book: PlanBook = PLANS): Plan => book[tenant.tier];

/** The limits of the store's current plan; what every enforcement point asks. */
export const limitsOf = (tenant: Pick<TenantContext, 'tier'>, book: PlanBook = PLANS): PlanLimits => planOf(tenant, book).limits;

/** What a plan limit counts; the names travel in `plan-limit` errors and the usage page. */
export type CountedResource = 'products' | 'staff' | 'storageBytes';

/** Which of a store's counts exceed what `plan` allows: after a downgrade, what blocks new creations of that kind. */
export function overLimits(plan: Plan, used: Readonly<Record<CountedResource, number>>): CountedResource[] {
  return (['products', 'staff', 'storageBytes'] as const).filter((resource) => used[resource] > plan.limits[resource]);
}

/** Upgrade, downgrade or the same plan, by price. */
export function changeKind(from: PlanName, to: PlanName): 'upgrade' | 'downgrade' | 'same' {
  const a = PLANS[from].monthlyPrice.amount;
  const b = PLANS[to].monthlyPrice.amount;
  return a === b ? 'same' : b > a ? 'upgrade' : 'downgrade';
}
