import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../src/adapters/dynamodb/client';
import { ensureTable } from '../../../src/adapters/dynamodb/table';
import { startDynamoDbLocal } from '../../../src/adapters/local/dynamodb-local';

describe('DynamoDB Local launcher', () => {
  it('keeps data on disk across a restart when given a data folder', async () => {
    const dbPath = mkdtempSync(path.join(os.tmpdir(), 'ddb-data-'));
    const first = await startDynamoDbLocal({ dbPath });
    const client = createDocumentClient({ region: 'us-east-1', endpoint: first.endpoint });
    await ensureTable(client as never, 'kept');
    await client.send(new PutCommand({ TableName: 'kept', Item: { PK: 'PLATFORM#X', SK: '#X', value: 42 } }));
    await first.stop();

    const second = await startDynamoDbLocal({ dbPath });
    const again = createDocumentClient({ region: 'us-east-1', endpoint: second.endpoint });
    expect((await again.send(new GetCommand({ TableName: 'kept', Key: { PK: 'PLATFORM#X', SK: '#X' } }))).Item?.value).toBe(42);
    expect(await ensureTable(again as never, 'kept')).toBe('exists');
    await second.stop();
  }, 60_000);

  it('says what to do when Java is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startDynamoDbLocal({ inMemory: true })).rejects.toThrow(/Java 17\+ is needed.*DYNAMODB_ENDPOINT/);
    } finally {
      process.env.PATH = path;
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
