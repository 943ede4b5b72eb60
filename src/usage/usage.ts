import * as v from 'valibot';
import type { TenantContext } from '../tenants/tenant';

/** What is metered per store and day (docs/architecture.md, "Usage per store"). */
export const METERED = ['requests', 'readUnits', 'writeUnits', 'eventsPublished', 'emailsSent'] as const;
export type Metered = (typeof METERED)[number];
export type MeteredCounts = Record<Metered, number>;

export const zeroCounts = (): MeteredCounts => ({ requests: 0, readUnits: 0, writeUnits: 0, eventsPublished: 0, emailsSent: 0 });

export function addCounts(into: MeteredCounts, more: Partial<MeteredCounts>): MeteredCounts {
  for (const name of METERED) into[name] += more[name] ?? 0;
  return into;
}

/** A UTC day, `yyyy-mm-dd`: the roll-up's unit and the usage item's key. */
export const dayOf = (at: Date | number): string => new Date(at).toISOString().slice(0, 10);

/** Every day of `day`'s month up to and including it, oldest first. */
export function monthSoFar(day: string): string[] {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return Array.from({ length: date }, (_, i) => `${year}-${String(month).padStart(2, '0')}-${String(i + 1).padStart(2, '0')}`);
}

/** Capacity units are fractional (0.5 for an eventually consistent read): kept to a thousandth. */
export const roundUnits = (n: number) => Math.round(n * 1000) / 1000;

const Count = v.pipe(v.number(), v.minValue(0));
export const DayUsageSchema = v.strictObject({
  day: v.string(),
  requests: Count,
  readUnits: Count,
  writeUnits: Count,
  eventsPublished: Count,
  emailsSent: Count,
});
export type DayUsage = v.InferOutput<typeof DayUsageSchema>;

/**
 * The daily roll-up's storage: `add` is one atomic ADD per store and flush, so every instance's
 * counts land in the same day item; `days` reads a store's days (absent days are zeros).
 */
export interface UsageStore {
  add(tenant: TenantContext, day: string, counts: MeteredCounts): Promise<void>;
  days(tenant: TenantContext, days: readonly string[]): Promise<DayUsage[]>;
}
