import * as v from 'valibot';
import { PageQuerySchema } from '../http/request';
import type { TenantRecord } from './registry';
import { TenantRecordSchema } from './registry';

/**
 * The operators' store list: `GET /platform/tenants?q=&limit=&cursor=`. `q` finds stores whose
 * slug, a word of whose name, or one of whose domains begins with it.
 */
export const StoreListQuerySchema = v.object({
  ...PageQuerySchema.entries,
  q: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(100, 'must be at most 100 characters'))),
});

/**
 * MERGE POINT (usage per store, issue 17 item 3, another branch): what the operators' list shows
 * of a store's usage. A placeholder shape, figures by name (`requests`, `storageBytes`, …): the
 * usage change replaces it with its own summary schema and passes its reader as `usage` to
 * createApp; until then the list carries no `usage` and the console's Usage column shows "—".
 */
export const StoreUsageSummarySchema = v.record(v.string(), v.number());
export type StoreUsageSummary = v.InferOutput<typeof StoreUsageSummarySchema>;

/** Reads the usage of a page of stores at once (one call per page, not per store). */
export interface StoreUsageReader {
  summaries(storeIds: readonly string[]): Promise<Readonly<Record<string, StoreUsageSummary>>>;
}

/** A store as the operators' list shows it: its record, and its usage when a reader is wired. */
export const ListedStoreSchema = v.object({ ...TenantRecordSchema.entries, usage: v.optional(StoreUsageSummarySchema) });

export async function withUsage(items: readonly TenantRecord[], usage: StoreUsageReader | undefined) {
  if (!usage || items.length === 0) return items;
  const figures = await usage.summaries(items.map((t) => t.id));
  return items.map((t) => (figures[t.id] ? { ...t, usage: figures[t.id] } : t));
}
