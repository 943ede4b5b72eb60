import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { windowOf, type RateLimiter, type RateRule, type RateScope } from '../../shared/rate-limit';
import type { TenantClientProvider } from './client';
import { platformKeys, tenantKeys } from './keys';
import { TABLE_KEYS } from './table';

/** Subjects are emails and addresses: hashed, so keys carry no personal data and have one length. */
const hashed = (subject: string) => createHash('sha256').update(subject, 'utf8').digest('base64url').slice(0, 32);

/**
 * Rate counters in the table, one item per rule, subject and window, incremented with one atomic
 * UpdateItem (ADD), so every Lambda instance counts into the same number. The table's TTL removes
 * a window's item once it has ended (TTL deletion lags, so reads never rely on it: the window is in
 * the key).
 */
export function createDynamoRateLimiter(options: {
  tableName: string;
  platformClient: DynamoDBDocumentClient;
  clients: TenantClientProvider;
  now?: () => number;
}): RateLimiter {
  const { tableName, platformClient, clients } = options;
  const now = options.now ?? Date.now;

  async function target(scope: RateScope, rule: RateRule, subject: string, at: number) {
    const window = windowOf(rule, at);
    const key =
      scope === 'platform'
        ? platformKeys.rateCounter(rule.name, hashed(subject), window.start)
        : tenantKeys(scope).rateCounter(rule.name, hashed(subject), window.start);
    const client = scope === 'platform' ? platformClient : await clients(scope);
    return { window, key, client };
  }

  return {
    async hit(scope, rule, subject) {
      const { window, key, client } = await target(scope, rule, subject, now());
      const result = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: 'ADD #count :one SET #type = :type, #ttl = if_not_exists(#ttl, :ttl)',
          ExpressionAttributeNames: { '#count': 'count', '#type': 'type', '#ttl': TABLE_KEYS.ttlAttribute },
          ExpressionAttributeValues: { ':one': 1, ':type': 'rate', ':ttl': Math.ceil(window.endsAt / 1000) + 60 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const count = Number(result.Attributes?.count ?? 1);
      return { count, allowed: count <= rule.limit, retryAfterSeconds: window.retryAfterSeconds };
    },

    async peek(scope, rule, subject) {
      const { window, key, client } = await target(scope, rule, subject, now());
      const result = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
      const count = Number(result.Item?.count ?? 0);
      return { count, allowed: count < rule.limit, retryAfterSeconds: window.retryAfterSeconds };
    },
  };
}
