import * as v from 'valibot';
import type { PlanCounters } from '../plans/counters';
import { limitsOf, PLANS, type PlanBook } from '../plans/plans';
import type { Page, PageRequest } from '../shared/page';
import type { TenantRegistry } from '../tenants/registry';
import type { StoreUsageSummary } from '../tenants/store-list';
import { tenantContext, TenantTierSchema, type TenantContext } from '../tenants/tenant';
import { addCounts, DayUsageSchema, dayOf, METERED, monthSoFar, roundUnits, zeroCounts, type DayUsage, type MeteredCounts, type UsageStore } from './usage';

const Counts = v.strictObject({
  requests: v.number(),
  readUnits: v.number(),
  writeUnits: v.number(),
  eventsPublished: v.number(),
  emailsSent: v.number(),
});
const Held = v.strictObject({ used: v.number(), limit: v.number() });

/** `GET /admin/usage`: today, this month so far (and each of its days), and what the store holds against its plan. */
export const StoreUsageSchema = v.strictObject({
  store: v.string(),
  plan: TenantTierSchema,
  day: v.string(),
  today: Counts,
  month: Counts,
  days: v.array(DayUsageSchema),
  held: v.strictObject({ products: Held, staff: Held, storageBytes: Held }),
});
export type StoreUsage = v.InferOutput<typeof StoreUsageSchema>;

/** One store's line of `GET /platform/usage`. */
export const StoreUsageLineSchema = v.strictObject({
  store: v.string(),
  plan: TenantTierSchema,
  today: Counts,
  month: Counts,
  held: v.strictObject({ products: Held, staff: Held, storageBytes: Held }),
});
export const PlatformUsageSchema = v.strictObject({ day: v.string(), items: v.array(StoreUsageLineSchema), nextCursor: v.nullable(v.string()) });

const sum = (days: readonly DayUsage[]): MeteredCounts => {
  const total = days.reduce((into, d) => addCounts(into, d), zeroCounts());
  total.readUnits = roundUnits(total.readUnits);
  total.writeUnits = roundUnits(total.writeUnits);
  return total;
};

export type UsageService = ReturnType<typeof createUsageService>;

/**
 * Usage per store as its owner and the operators see it: the metered day items (src/usage/meter.ts
 * writes them), the plan counters (exact), and the plan's limits beside them.
 */
export function createUsageService(deps: {
  store: UsageStore;
  counters: PlanCounters;
  registry: TenantRegistry;
  plans?: PlanBook;
  /** Writes out what this instance metered so far, so a page shows the requests just made. */
  flush?: () => Promise<void>;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());
  const book = deps.plans ?? PLANS;

  async function forStore(tenant: TenantContext): Promise<StoreUsage> {
    await deps.flush?.();
    const day = dayOf(now());
    const [days, totals] = await Promise.all([deps.store.days(tenant, monthSoFar(day)), deps.counters.totals(tenant)]);
    const limits = limitsOf(tenant, book);
    const { day: _day, ...today } = days.at(-1)!;
    return {
      store: tenant.id,
      plan: tenant.tier,
      day,
      today,
      month: sum(days),
      days,
      held: {
        products: { used: totals.products, limit: limits.products },
        staff: { used: totals.staff, limit: limits.staff },
        storageBytes: { used: totals.storageBytes, limit: limits.storageBytes },
      },
    };
  }

  return {
    forStore,

    /** Every store's line, a page of the registry at a time (operators). */
    async forAll(page: PageRequest): Promise<{ day: string } & Page<v.InferOutput<typeof StoreUsageLineSchema>>> {
      await deps.flush?.();
      const stores = await deps.registry.list(page);
      const items = await Promise.all(
        stores.items.map(async (record) => {
          const { store, plan, today, month, held } = await forStore(tenantContext(record));
          return { store, plan, today, month, held };
        }),
      );
      return { day: dayOf(now()), items, nextCursor: stores.nextCursor };
    },

    /**
     * The operators' store list (src/tenants/store-list.ts, `StoreUsageReader`): a page of stores'
     * figures by name, for its Usage column. Stores the registry does not know are left out.
     */
    async summaries(storeIds: readonly string[]): Promise<Record<string, StoreUsageSummary>> {
      await deps.flush?.();
      const found = await Promise.all(storeIds.map((id) => deps.registry.get(id)));
      const lines = await Promise.all(found.filter((r) => r !== undefined).map((record) => forStore(tenantContext(record))));
      return Object.fromEntries(
        lines.map((u) => [
          u.store,
          {
            requestsToday: u.today.requests,
            requestsThisMonth: u.month.requests,
            products: u.held.products.used,
            productLimit: u.held.products.limit,
            storageBytes: u.held.storageBytes.used,
          },
        ]),
      );
    },
  };
}

/** Usage as CSV: a header line, then one line per row; fields are numbers and slugs (no quoting needed, but quoted when they could need it). */
export function usageCsv(rows: readonly (Record<string, string | number> & { store: string })[]): string {
  const columns = ['store', 'day', 'plan', ...METERED, 'products', 'staff', 'storageBytes'];
  const cell = (value: string | number | undefined) => {
    const text = value === undefined ? '' : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${[columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\r\n')}\r\n`;
}

/** A store's month as CSV rows: one per day, with today's plan counts on each. */
export function storeUsageRows(usage: StoreUsage) {
  return usage.days.map((d) => ({
    ...d,
    store: usage.store,
    plan: usage.plan,
    products: usage.held.products.used,
    staff: usage.held.staff.used,
    storageBytes: usage.held.storageBytes.used,
  }));
}

/** Every store's month so far as CSV rows: one per store. */
export function platformUsageRows(lines: readonly v.InferOutput<typeof StoreUsageLineSchema>[], day: string) {
  return lines.map((line) => ({
    ...line.month,
    store: line.store,
    plan: line.plan,
    day: `${day.slice(0, 7)}`,
    products: line.held.products.used,
    staff: line.held.staff.used,
    storageBytes: line.held.storageBytes.used,
  }));
}
