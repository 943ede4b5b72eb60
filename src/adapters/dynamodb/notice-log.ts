import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NoticeLog } from '../../inventory/low-stock-notices';
import type { TenantClientProvider } from './client';
import { tenantKeys } from './keys';
import { TABLE_KEYS } from './table';

/** Kept well past SQS's retention and a DLQ redrive, so a replayed event still finds its record. */
const NOTICE_TTL_SECONDS = 30 * 24 * 3600;

const isConditionFailure = (error: unknown) => error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * Sent notices under the store's own keys (`TENANT#t#NOTICE#<eventId>` / `TO#<userId>`), so the
 * consumer writes them with the tenant-scoped credentials like everything else of the store.
 */
export function createDynamoNoticeLog(options: { clients: TenantClientProvider; tableName: string; now?: () => number }): NoticeLog {
  const { clients, tableName } = options;
  const now = options.now ?? Date.now;
  const ttl = TABLE_KEYS.ttlAttribute;

  return {
    async claim(tenant, eventId, recipientId, leaseMs) {
      const client = await clients(tenant);
      const key = tenantKeys(tenant).notice(eventId, recipientId);
      const at = now();
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...key,
              type: 'notice',
              eventId,
              recipientId,
              state: 'sending',
              leaseUntil: at + leaseMs,
              [ttl]: Math.floor(at / 1000) + NOTICE_TTL_SECONDS,
            },
            // New, or a claim whose worker died before sending or releasing (its lease ran out).
            ConditionExpression: 'attribute_not_exists(PK) OR (#state = :sending AND leaseUntil < :now)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':sending': 'sending', ':now': at },
          }),
        );
        return 'claimed';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const held = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
        return held.Item?.state === 'sent' ? 'sent' : 'busy';
      }
    },

    async markSent(tenant, eventId, recipientId, messageId) {
      const client = await clients(tenant);
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: tenantKeys(tenant).notice(eventId, recipientId),
          UpdateExpression: 'SET #state = :sent, messageId = :messageId, sentAt = :at REMOVE leaseUntil',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':at': new Date(now()).toISOString() },
        }),
      );
    },

    async release(tenant, eventId, recipientId) {
      const client = await clients(tenant);
      try {
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: tenantKeys(tenant).notice(eventId, recipientId),
            // Never undo a notice that did go out.
            ConditionExpression: '#state = :sending',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':sending': 'sending' },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}
