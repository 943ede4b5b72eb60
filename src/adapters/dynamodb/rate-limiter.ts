import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { leaseWindowOf, roomIn, windowOf, type LeaseRule, type RateLimiter, type RateRule, type RateScope } from '../../shared/rate-limit';
import { isConditionFailure } from './errors';
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
    const key = counterKey(scope, rule.name, subject, window.start);
    const client = scope === 'platform' ? platformClient : await clients(scope);
    return { window, key, client };
  }

  const counterKey = (scope: RateScope, name: string, subject: string, start: number) =>
    scope === 'platform' ? platformKeys.rateCounter(name, hashed(subject), start) : tenantKeys(scope).rateCounter(name, hashed(subject), start);

  /**
   * One conditional ADD of `take` to the window's total and the second's count, refused (nothing
   * added) when either would pass its cap. On refusal DynamoDB hands back the counts it saw.
   */
  async function tryLease(scope: RateScope, rule: LeaseRule, subject: string, take: number, atMs: number) {
    const window = leaseWindowOf(rule, atMs);
    const client = scope === 'platform' ? platformClient : await clients(scope);
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: counterKey(scope, rule.name, subject, window.start),
          UpdateExpression: 'ADD #count :take, #second :take SET #type = :type, #ttl = if_not_exists(#ttl, :ttl)',
          ConditionExpression: '(attribute_not_exists(#count) OR #count <= :windowRoom) AND (attribute_not_exists(#second) OR #second <= :secondRoom)',
          ExpressionAttributeNames: { '#count': 'count', '#second': `s${window.secondIndex}`, '#type': 'type', '#ttl': TABLE_KEYS.ttlAttribute },
          ExpressionAttributeValues: {
            ':take': take,
            ':windowRoom': rule.perSecond * rule.windowSeconds - take,
            ':secondRoom': rule.burst - take,
            ':type': 'rate',
            ':ttl': Math.ceil((window.start + rule.windowSeconds * 1000) / 1000) + 60,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { granted: take, window };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const seen = (error as { Item?: Record<string, unknown> }).Item ?? {};
      return { granted: 0, window, total: numberOf(seen.count), second: numberOf(seen[`s${window.secondIndex}`]) };
    }
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

    async lease(scope, rule, subject, wanted, atMs) {
      const first = await tryLease(scope, rule, subject, wanted, atMs);
      if (first.granted > 0 || first.total === undefined) return { granted: first.granted, retryAfterSeconds: first.window.untilSecondEnds };
      // The batch did not fit: take what still does, in one more try (others may take it first).
      const room = roomIn(rule, first.total, first.second, wanted);
      const second = room > 0 ? await tryLease(scope, rule, subject, room, atMs) : undefined;
      if (second && second.granted > 0) return { granted: second.granted, retryAfterSeconds: second.window.untilSecondEnds };
      const windowFull = first.total >= rule.perSecond * rule.windowSeconds;
      return { granted: 0, retryAfterSeconds: windowFull ? first.window.untilWindowEnds : first.window.untilSecondEnds };
    },

    async peek(scope, rule, subject) {
      const { window, key, client } = await target(scope, rule, subject, now());
      const result = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
      const count = Number(result.Item?.count ?? 0);
      return { count, allowed: count < rule.limit, retryAfterSeconds: window.retryAfterSeconds };
    },
  };
}

/** A number attribute as the document client or a raw condition-failure item holds it (`{ N: "3" }`). */
function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'N' in value) return Number((value as { N: string }).N);
  return 0;
}
