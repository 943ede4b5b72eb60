import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../src/adapters/dynamodb/client';
import { ensureTable } from '../../../src/adapters/dynamodb/table';
import { startDynamoDbLocal } from '../../../src/adapters/local/dynamodb-local';
import { freePort } from '../../../src/adapters/local/free-port';
import { createTestTable, scanAll } from '../../support/dynamo';

const hasLoopbackV6 = Object.values(os.networkInterfaces()).some((list) => list?.some((i) => i.address === '::1'));

const rawClient = (endpoint: string) => new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

describe("the run's DynamoDB Local", () => {
  it('runs transactions for real: a failed condition check cancels every write', async () => {
    const { client, tableName } = await createTestTable();
    await client.send(new PutCommand({ TableName: tableName, Item: { PK: 'TENANT#a#PRODUCT#1', SK: '#PRODUCT', stock: 1 } }));

    const attempt = client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: { PK: 'TENANT#a#OUTBOX', SK: '2024#e1', type: 'outbox' } } },
          {
            ConditionCheck: {
              TableName: tableName,
              Key: { PK: 'TENANT#a#PRODUCT#1', SK: '#PRODUCT' },
              ConditionExpression: 'stock >= :n',
              ExpressionAttributeValues: { ':n': 5 },
            },
          },
        ],
      }),
    );
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).CancellationReasons?.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(await scanAll(tableName)).toEqual([{ PK: 'TENANT#a#PRODUCT#1', SK: '#PRODUCT', stock: 1 }]);
  });
});

// Quick refusals first, on their own: one changes PATH, which a concurrent spawn would see.
describe('DynamoDB Local launcher', () => {
  it('says what to do when Java is missing', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startDynamoDbLocal({ inMemory: true })).rejects.toThrow(/Java 17\+ is needed.*DYNAMODB_ENDPOINT/);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('says so when its port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startDynamoDbLocal({ port, inMemory: true })).rejects.toThrow(/Port \d+ is taken/);
    } finally {
      blocker.close();
    }
  });
});

// Each starts its own JVM (seconds apiece), so they overlap.
describe.concurrent('DynamoDB Local launcher, own instances', () => {
  it('keeps data on disk across a stop and a start on another port', async ({ expect }) => {
    const dbPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'ddb-data-')), 'nested');
    try {
      const first = await startDynamoDbLocal({ dbPath, quickStart: true, startTimeoutMs: 60_000 });
      try {
        await ensureTable(rawClient(first.endpoint), 'kept');
        await createDocumentClient({ region: 'us-east-1', endpoint: first.endpoint }).send(
          new PutCommand({ TableName: 'kept', Item: { PK: 'PLATFORM#X', SK: '#X', value: 42 } }),
        );
      } finally {
        await first.stop();
      }

      let port = await freePort();
      while (port === first.port) port = await freePort();
      const second = await startDynamoDbLocal({ dbPath, port, quickStart: true, startTimeoutMs: 60_000 });
      try {
        expect(second.endpoint).toBe(`http://127.0.0.1:${port}`);
        const again = createDocumentClient({ region: 'us-east-1', endpoint: second.endpoint });
        expect((await again.send(new GetCommand({ TableName: 'kept', Key: { PK: 'PLATFORM#X', SK: '#X' } }))).Item?.value).toBe(42);
        expect(await ensureTable(rawClient(second.endpoint), 'kept')).toBe('exists');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(path.dirname(dbPath), { recursive: true, force: true });
    }
  }, 150_000);

  it.skipIf(!hasLoopbackV6)(
    'gives up at once, with its output, when it cannot bind on every interface',
    async ({ expect }) => {
      // Free on 127.0.0.1 (so the pre-check passes) but taken on ::1: DynamoDB Local binds all
      // interfaces, so Jetty fails, and only its main thread dies.
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '::1', resolve));
      const port = (blocker.address() as { port: number }).port;
      try {
        // A start timeout far beyond the test's: only the fail-fast path can end this in time.
        await expect(startDynamoDbLocal({ port, inMemory: true, quickStart: true, startTimeoutMs: 600_000 })).rejects.toThrow(
          /failed to start[\s\S]*Address already in use/,
        );
      } finally {
        blocker.close();
      }
    },
    90_000,
  );
});
