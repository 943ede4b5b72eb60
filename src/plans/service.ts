import * as v from 'valibot';
import { domainEvent } from '../events/event';
import { NotFoundError } from '../shared/errors';
import type { TenantRegistry } from '../tenants/registry';
import type { TenantResolver } from '../tenants/resolver';
import { tenantContext, TenantTierSchema, type TenantContext } from '../tenants/tenant';
import type { PlanCounters } from './counters';
import { changeKind, overLimits, PLAN_NAMES, planOf, PLANS, type PlanBook, type PlanName } from './plans';

const LimitsSchema = v.strictObject({
  products: v.number(),
  variantsPerProduct: v.number(),
  staff: v.number(),
  storageBytes: v.number(),
  requestsPerSecond: v.number(),
  burst: v.number(),
  customDomains: v.number(),
  customerGroups: v.number(),
});
export const PlanViewSchema = v.strictObject({
  name: TenantTierSchema,
  title: v.string(),
  monthlyPrice: v.strictObject({ amount: v.number(), currency: v.literal('USD') }),
  limits: LimitsSchema,
});
const TotalsSchema = v.strictObject({ products: v.number(), staff: v.number(), storageBytes: v.number() });
const ResourceSchema = v.picklist(['products', 'staff', 'storageBytes']);

/** `GET /admin/plan`: the store's plan, what it uses, what is over the plan, and the plans to choose from. */
export const StorePlanSchema = v.strictObject({
  plan: PlanViewSchema,
  used: TotalsSchema,
  /** After a downgrade: what the store holds more of than the plan allows (creations of it are refused). */
  overLimits: v.array(ResourceSchema),
  plans: v.array(PlanViewSchema),
});
export type StorePlan = v.InferOutput<typeof StorePlanSchema>;

/** Body of `PUT /admin/plan` and `PUT /platform/tenants/:slug/plan`. */
export const PlanChangeSchema = v.strictObject({ plan: TenantTierSchema });
export type PlanChange = v.InferOutput<typeof PlanChangeSchema>;

export type PlanService = ReturnType<typeof createPlanService>;

/**
 * Upgrades and downgrades (docs/architecture.md, "Plans and limits"). A downgrade is always
 * allowed, as Shopify allows it: nothing is deleted or hidden, everything stays readable and
 * sellable, and only new creations of what is over the new plan's limit are refused (`plan-limit`)
 * until the store is back under it. The answer names what is over, so the owner sees it at once.
 */
export function createPlanService(deps: { registry: TenantRegistry; resolver: TenantResolver; counters: PlanCounters; plans?: PlanBook; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  const book = deps.plans ?? PLANS;
  const view = (name: PlanName) => ({ ...book[name], limits: { ...book[name].limits }, monthlyPrice: { ...book[name].monthlyPrice } });

  async function describe(tenant: TenantContext): Promise<StorePlan> {
    const used = await deps.counters.totals(tenant);
    return { plan: view(tenant.tier), used, overLimits: overLimits(planOf(tenant, book), used), plans: PLAN_NAMES.map(view) };
  }

  async function change(id: string, actor: string, to: PlanName): Promise<StorePlan> {
    const record = await deps.registry.get(id);
    if (!record) throw new NotFoundError(`No store ${id}.`);
    if (record.tier === to) return describe(tenantContext(record));
    const used = await deps.counters.totals(tenantContext(record));
    const at = now().toISOString();
    const next = await deps.registry.setTier(id, to, at, (updated) => [
      domainEvent(
        'platform.tenants',
        'TenantPlanChanged',
        { tenantId: id, actor, occurredAt: at },
        { slug: id, previous: record.tier, current: updated.tier, change: changeKind(record.tier, to), overLimits: overLimits(book[to], used) },
      ),
    ]);
    // New requests on this instance see the new plan at once; other instances within the resolver's time to live.
    deps.resolver.forget(id);
    return describe(tenantContext(next));
  }

  return {
    describe,
    /** The store's own admin changes its plan. */
    changeOwn: (tenant: TenantContext, actor: string, input: PlanChange) => change(tenant.id, actor, input.plan),
    /** An operator changes any store's plan. */
    changeFor: (id: string, actor: string, input: PlanChange) => change(id, actor, input.plan),
    async describeFor(id: string): Promise<StorePlan> {
      const record = await deps.registry.get(id);
      if (!record) throw new NotFoundError(`No store ${id}.`);
      return describe(tenantContext(record));
    },
  };
}
