import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { drainUnprocessed } from '../../shared/retry';
import { METERED, roundUnits, type DayUsage, type UsageStore } from '../../usage/usage';
import type { TenantClientProvider } from './client';
import { tenantKeys } from './keys';

/** Days are kept 400 days (a year and its month of comparison), then the table's TTL removes them. */
const KEEP_SECONDS = 400 * 24 * 60 * 60;

/**
 * The daily usage items (`TENANT#t#USAGE#<day>`): one UpdateItem ADD per store, day and flush, so
 * every instance adds into the same numbers; read back with one BatchGetItem for a month.
 */
export function createDynamoUsageStore(options: { clients: TenantClientProvider; tableName: string }): UsageStore {
  const { clients, tableName } = options;
  return {
    async add(tenant, day, counts) {
      const names: Record<string, string> = { '#type': 'type', '#ttl': 'expiresAt' };
      const values: Record<string, unknown> = { ':type': 'usage-day', ':ttl': Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + KEEP_SECONDS };
      const adds: string[] = [];
      for (const name of METERED) {
        if (counts[name] === 0) continue;
        names[`#${name}`] = name;
        values[`:${name}`] = counts[name];
        adds.push(`#${name} :${name}`);
      }
      if (adds.length === 0) return;
      const client = await clients(tenant);
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: tenantKeys(tenant).usageDay(day),
          UpdateExpression: `ADD ${adds.join(', ')} SET #type = :type, #ttl = if_not_exists(#ttl, :ttl)`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    },

    async days(tenant, days) {
      if (days.length === 0) return [];
      const client = await clients(tenant);
      const keys = tenantKeys(tenant);
      const found = new Map<string, Record<string, unknown>>();
      type Request = Record<string, { Keys: Record<string, unknown>[] }>;
      // A month is at most 31 keys: one BatchGetItem (limit 100), retried for what it left out.
      await drainUnprocessed<Request>(
        { [tableName]: { Keys: days.map((day) => keys.usageDay(day)) } },
        async (request) => {
          const result = await client.send(new BatchGetCommand({ RequestItems: request }));
          for (const item of result.Responses?.[tableName] ?? []) found.set(String(item.PK), item);
          const left = result.UnprocessedKeys as Request | undefined;
          return left && Object.keys(left).length > 0 ? left : undefined;
        },
        { what: 'the usage days' },
      );
      return days.map((day): DayUsage => {
        const item = found.get(keys.usageDay(day).PK) ?? {};
        const n = (name: string) => roundUnits(Math.max(0, Number(item[name] ?? 0)));
        return {
          day,
          requests: n('requests'),
          readUnits: n('readUnits'),
          writeUnits: n('writeUnits'),
          eventsPublished: n('eventsPublished'),
          emailsSent: n('emailsSent'),
        };
      });
    },
  };
}
