import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RevocationList } from '../../identity/revocation';
import { platformKeys } from './keys';

/** Signed-out sessions; the table's TTL removes each once its tokens would have expired anyway. */
export function createDynamoRevocationList(options: { client: DynamoDBDocumentClient; tableName: string }): RevocationList {
  const { client, tableName } = options;
  return {
    async revoke(sessionId, expiresAt) {
      await client.send(new PutCommand({ TableName: tableName, Item: { ...platformKeys.revokedSession(sessionId), type: 'revoked', expiresAt } }));
    },
    async isRevoked(sessionId) {
      const result = await client.send(new GetCommand({ TableName: tableName, Key: platformKeys.revokedSession(sessionId) }));
      return result.Item !== undefined;
    },
  };
}
