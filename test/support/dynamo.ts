import { DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient } from '../../src/adapters/dynamodb/client';
import { ensureTable } from '../../src/adapters/dynamodb/table';

const clients = new Map<string, ReturnType<typeof createDocumentClient>>();

function documentClient(endpoint: string) {
  let client = clients.get(endpoint);
  if (!client) {
    client = createDocumentClient({ region: 'us-east-1', endpoint });
    clients.set(endpoint, client);
  }
  return client;
}

/** A fresh table in the run's DynamoDB Local, so test files never see each other's data. */
export async function createTestTable() {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `t-${crypto.randomUUID().slice(0, 8)}`;
  const raw = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(raw, tableName);
  await waitUntilTableExists({ client: raw, maxWaitTime: 30 }, { TableName: tableName });
  return { client: documentClient(endpoint), raw, tableName, endpoint };
}

/** Every item of a table. Tests only: the application never scans. */
export async function scanAll(tableName: string, endpoint = inject('dynamoEndpoint')): Promise<Record<string, unknown>[]> {
  const client = documentClient(endpoint);
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
