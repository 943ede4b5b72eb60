import { BatchGetCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient, sharedClientProvider } from '../../../src/adapters/dynamodb/client';
import { createCursorCodec, newCursorKey } from '../../../src/adapters/dynamodb/cursor';
import { createDynamoSessionStore } from '../../../src/adapters/dynamodb/session-store';
import { createDynamoUserDirectory } from '../../../src/adapters/dynamodb/user-directory';
import { tenantContext } from '../../../src/tenants/tenant';

const ddb = mockClient(DynamoDBDocumentClient);
const client = createDocumentClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1' });
const directory = createDynamoUserDirectory({ clients: sharedClientProvider(client), tableName: 't', cursors: createCursorCodec(newCursorKey()) });
const sessions = createDynamoSessionStore({ clients: sharedClientProvider(client), platformClient: client, tableName: 't' });
const acme = tenantContext({ id: 'acme', name: 'Acme', tier: 'basic', status: 'active' });
const user = { PK: 'TENANT#acme#USER#u1', SK: '#USER', userId: 'u1', email: 'a@acme.io', name: 'A', role: 'clerk', createdAt: 'x', updatedAt: 'x' };

beforeEach(() => ddb.reset());

/** A sign-out, removal or demotion a moment ago must count at once: no eventually consistent read may answer. */
describe('the per-request re-check reads', () => {
  it('reads a store user’s record and token link in one consistent BatchGetItem', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { t: [user, { PK: 'TENANT#acme#SESSION#TOKEN#jti-1', SK: '#TOKEN', sessionId: 's1' }] } });
    const standing = await directory.standing(acme, 'u1', 'jti-1');
    expect(standing).toMatchObject({ user: { role: 'clerk' }, tokenLive: true });
    const calls = ddb.commandCalls(BatchGetCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.RequestItems).toEqual({
      t: {
        ConsistentRead: true,
        Keys: [
          { PK: 'TENANT#acme#USER#u1', SK: '#USER' },
          { PK: 'TENANT#acme#SESSION#TOKEN#jti-1', SK: '#TOKEN' },
        ],
      },
    });
  });

  it('takes an ended or missing link as not live', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { t: [user, { PK: 'TENANT#acme#SESSION#TOKEN#jti-1', SK: '#TOKEN', ended: true }] } })
      .resolvesOnce({ Responses: { t: [user] } });
    expect((await directory.standing(acme, 'u1', 'jti-1')).tokenLive).toBe(false);
    expect((await directory.standing(acme, 'u1', 'jti-1')).tokenLive).toBe(false);
  });

  it('reads an operator’s token link, and sessions, consistently', async () => {
    ddb.on(GetCommand).resolves({ Item: { PK: 'PLATFORM#SESSION#TOKEN#jti-2', SK: '#TOKEN', sessionId: 's2' } });
    expect(await sessions.isTokenLive('platform', 'jti-2')).toBe(true);
    await sessions.find('platform', 's2');
    await sessions.sessionOfToken(acme, 'jti-1');
    const inputs = ddb.commandCalls(GetCommand).map((call) => call.args[0].input);
    expect(inputs.map((i) => [i.Key, i.ConsistentRead])).toEqual([
      [{ PK: 'PLATFORM#SESSION#TOKEN#jti-2', SK: '#TOKEN' }, true],
      [{ PK: 'PLATFORM#SESSION#s2', SK: '#SESSION' }, true],
      [{ PK: 'TENANT#acme#SESSION#TOKEN#jti-1', SK: '#TOKEN' }, true],
    ]);
  });

  it('fetches the route’s read-ahead items in the same consistent read, asks again for keys left unprocessed, and hands each out once', async () => {
    const product = { PK: 'TENANT#acme#PRODUCT#p1', SK: '#PRODUCT', id: 'p1', stock: 3 };
    const link = { PK: 'TENANT#acme#SESSION#TOKEN#jti-1', SK: '#TOKEN', sessionId: 's1' };
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { t: [user, link] }, UnprocessedKeys: { t: { Keys: [{ PK: product.PK, SK: product.SK }], ConsistentRead: true } } })
      .resolvesOnce({ Responses: { t: [product] } });
    const key = { kind: 'product', id: 'p1' } as const;
    const standing = await directory.standing(acme, 'u1', 'jti-1', [key, { kind: 'product', id: 'gone' }]);
    const requests = ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems);
    expect(requests).toEqual([
      {
        t: {
          ConsistentRead: true,
          Keys: [
            { PK: 'TENANT#acme#USER#u1', SK: '#USER' },
            { PK: 'TENANT#acme#SESSION#TOKEN#jti-1', SK: '#TOKEN' },
            { PK: 'TENANT#acme#PRODUCT#p1', SK: '#PRODUCT' },
            { PK: 'TENANT#acme#PRODUCT#gone', SK: '#PRODUCT' },
          ],
        },
      },
      { t: { ConsistentRead: true, Keys: [{ PK: product.PK, SK: product.SK }] } },
    ]);
    expect(standing).toMatchObject({ user: { role: 'clerk' }, tokenLive: true });
    // Another store never gets this store's copy; a key not found is known absent; each is handed out once.
    expect(standing.readAhead.take({ id: 'other' }, key)).toBeUndefined();
    expect(standing.readAhead.take(acme, key)).toEqual({ item: product });
    expect(standing.readAhead.take(acme, key)).toBeUndefined();
    expect(standing.readAhead.take(acme, { kind: 'product', id: 'gone' })).toEqual({ item: undefined });
  });
});
