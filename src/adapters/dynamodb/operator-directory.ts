import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OperatorDirectory } from '../../identity/operators';
import { platformKeys } from './keys';

/** `PLATFORM#OPERATOR#<sub>`: read with the platform's client, like every platform record. */
export function createDynamoOperatorDirectory(options: { client: DynamoDBDocumentClient; tableName: string }): OperatorDirectory {
  const { client, tableName } = options;
  return {
    async isMfaEnrolled(userId) {
      // Consistent: an operator who just enrolled must not be refused by a stale replica.
      const result = await client.send(new GetCommand({ TableName: tableName, Key: platformKeys.operator(userId), ConsistentRead: true }));
      return result.Item?.mfa === 'totp';
    },
    async markMfaEnrolled(userId, username, at) {
      await client.send(
        new PutCommand({ TableName: tableName, Item: { ...platformKeys.operator(userId), type: 'operator', userId, username, mfa: 'totp', updatedAt: at } }),
      );
    },
  };
}
