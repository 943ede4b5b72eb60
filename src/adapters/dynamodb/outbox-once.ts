import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EmailEventLog } from '../../notifications/email-events';
import type { TenantClientProvider } from './client';
import { outboxPuts } from './outbox-items';

const isConditionFailure = (error: unknown) => error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * Events a consumer writes to a store's outbox on its own (not with a change of the store's
 * data): their ids and times follow from the event being consumed, so a redelivery finds the
 * record there and writes nothing (`EmailSent`; the back-in-stock announcement does the same).
 */
export function createDynamoOutboxOnce(options: { clients: TenantClientProvider; tableName: string }): EmailEventLog {
  return {
    async record(tenant, event) {
      const client = await options.clients(tenant);
      const [put] = outboxPuts(options.tableName, tenant, [event]);
      try {
        await client.send(new PutCommand({ ...put!.Put, ConditionExpression: 'attribute_not_exists(PK)' }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
