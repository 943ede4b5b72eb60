import { DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient } from '../../src/adapters/dynamodb/client';
import { ensureTable } from '../../src/adapters/dynamodb/table';

export type TestTable = { client: DynamoDBDocumentClient; raw: DynamoDBClient; tableName: string; endpoint: string };

// One pair of clients per endpoint and worker: a client per table would pile up sockets.
const clients = new Map<string, { client: DynamoDBDocumentClient; raw: DynamoDBClient }>();

function clientsFor(endpoint: string) {
  let pair = clients.get(endpoint);
  if (!pair) {
    pair = {
      // The application's own factory, so tests marshal exactly as the repositories do.
      client: createDocumentClient({ region: 'us-east-1', endpoint }),
      raw: new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    };
    clients.set(endpoint, pair);
  }
  return pair;
}

/** A fresh table in the run's DynamoDB Local, so test files never see each other's data. */
export async function createTestTable(): Promise<TestTable> {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `t-${crypto.randomUUID().slice(0, 8)}`;
  const { client, raw } = clientsFor(endpoint);
  await ensureTable(raw, tableName);
  // DynamoDB Local makes tables ACTIVE at once; a real DynamoDB (DYNAMODB_ENDPOINT) does not.
  await waitUntilTableExists({ client: raw, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  return { client, raw, tableName, endpoint };
}

/** Every item of a table. Tests only: the application never scans. */
export async function scanAll(tableName: string, endpoint = inject('dynamoEndpoint')): Promise<Record<string, unknown>[]> {
  const { client } = clientsFor(endpoint);
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
