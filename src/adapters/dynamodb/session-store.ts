import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IssuedToken, SessionSpace, SessionStore } from '../../identity/sessions';
import { UnauthorizedError } from '../../shared/errors';
import type { TenantClientProvider } from './client';
import { cancellationCodes } from './errors';
import { sessionKeys } from './keys';

/** A token link item counts while it exists and its session has not marked it ended. */
export const isLiveTokenLink = (item: Record<string, unknown> | undefined) => item !== undefined && item.ended !== true;

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Sessions in the single table. The session item keeps the list of its tokens (`jti` and expiry),
 * written in the same transaction as each link and conditional on the session not having ended,
 * so ending it (which sets `endedAt` first and reads the list back in the same write) always sees
 * every link there will ever be. Links expire with their token (table TTL), sessions with the
 * refresh token. A long session's list grows by one entry per refresh (some 50 bytes): a month
 * of hourly refreshes stays far below the item limit.
 */
export function createDynamoSessionStore(options: { clients: TenantClientProvider; platformClient: DynamoDBDocumentClient; tableName: string }): SessionStore {
  const { tableName } = options;
  const clientOf = (space: SessionSpace) => (space === 'platform' ? options.platformClient : options.clients(space));
  const linkItem = (space: SessionSpace, sessionId: string, userId: string, token: IssuedToken) => ({
    ...sessionKeys(space).token(token.tokenId),
    type: 'session-token',
    sessionId,
    userId,
    expiresAt: token.expiresAt,
  });
  const ended = () => new UnauthorizedError('This session has been signed out; sign in again.');

  async function endLinks(client: DynamoDBDocumentClient, space: SessionSpace, tokens: readonly IssuedToken[]) {
    const now = nowSeconds();
    // Expired links are gone or worthless; only live ones need marking. A link the TTL already
    // removed must not come back, hence the condition.
    await Promise.all(
      tokens
        .filter((t) => t.expiresAt > now)
        .map((t) =>
          client
            .send(
              new UpdateCommand({
                TableName: tableName,
                Key: sessionKeys(space).token(t.tokenId),
                UpdateExpression: 'SET ended = :true',
                ConditionExpression: 'attribute_exists(PK)',
                ExpressionAttributeValues: { ':true': true },
              }),
            )
            .catch((error: unknown) => {
              if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
            }),
        ),
    );
  }

  const store: SessionStore = {
    async start(space, session, token) {
      const keys = sessionKeys(space);
      const client = await clientOf(space);
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: {
                  ...keys.session(session.sessionId),
                  type: 'session',
                  sessionId: session.sessionId,
                  userId: session.userId,
                  tokens: [token],
                  createdAt: new Date().toISOString(),
                  expiresAt: session.expiresAt,
                  GSI1PK: keys.userSessions(session.userId),
                  GSI1SK: session.sessionId,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            { Put: { TableName: tableName, Item: linkItem(space, session.sessionId, session.userId, token) } },
          ],
        }),
      );
    },

    async link(space, sessionId, token) {
      const keys = sessionKeys(space);
      const client = await clientOf(space);
      const session = await store.find(space, sessionId);
      if (!session || session.ended) throw ended();
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: keys.session(sessionId),
                  UpdateExpression: 'SET tokens = list_append(tokens, :token)',
                  ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(endedAt)',
                  ExpressionAttributeValues: { ':token': [token] },
                },
              },
              { Put: { TableName: tableName, Item: linkItem(space, sessionId, session.userId, token) } },
            ],
          }),
        );
      } catch (error) {
        if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') throw ended();
        throw error;
      }
    },

    async find(space, sessionId) {
      const client = await clientOf(space);
      const result = await client.send(new GetCommand({ TableName: tableName, Key: sessionKeys(space).session(sessionId), ConsistentRead: true }));
      if (!result.Item) return undefined;
      return { userId: String(result.Item.userId), ended: result.Item.endedAt !== undefined };
    },

    async sessionOfToken(space, tokenId) {
      const client = await clientOf(space);
      const result = await client.send(new GetCommand({ TableName: tableName, Key: sessionKeys(space).token(tokenId), ConsistentRead: true }));
      return result.Item ? String(result.Item.sessionId) : undefined;
    },

    async isTokenLive(space, tokenId) {
      const client = await clientOf(space);
      const result = await client.send(new GetCommand({ TableName: tableName, Key: sessionKeys(space).token(tokenId), ConsistentRead: true }));
      return isLiveTokenLink(result.Item);
    },

    async end(space, sessionId) {
      const client = await clientOf(space);
      let tokens: IssuedToken[];
      try {
        const result = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: sessionKeys(space).session(sessionId),
            // From here on no link can be added (see `link`), so the list read back is complete.
            UpdateExpression: 'SET endedAt = if_not_exists(endedAt, :now)',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':now': new Date().toISOString() },
            ReturnValues: 'ALL_NEW',
          }),
        );
        tokens = (result.Attributes?.tokens ?? []) as IssuedToken[];
      } catch (error) {
        if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return;
        throw error;
      }
      await endLinks(client, space, tokens);
    },

    async endAllOf(space, userId) {
      const client = await clientOf(space);
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk',
            ExpressionAttributeValues: { ':pk': sessionKeys(space).userSessions(userId) },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) if (item.endedAt === undefined) await store.end(space, String(item.sessionId));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    },
  };
  return store;
}
