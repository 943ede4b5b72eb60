import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * The single table's shape, shared by local start-up, tests and the CDKTF stack so the three
 * can never disagree. Every index has a tenant- or platform-prefixed partition key.
 *
 * | item            | PK                               | SK                      | GSI1PK / GSI1SK                        | GSI2PK / GSI2SK (sparse)          |
 * |-----------------|----------------------------------|-------------------------|----------------------------------------|-----------------------------------|
 * | product         | TENANT#t#PRODUCT#<id>            | #PRODUCT                | TENANT#t#PRODUCTS / <createdAt>#<id>   | TENANT#t#ACTIVE / <createdAt>#<id> (active only) |
 * | SKU claim       | TENANT#t#SKU#<sku>               | #SKU                    |                                        |                                   |
 * | inventory entry | TENANT#t#PRODUCT#<id>            | INV#<occurredAt>#<evId> |                                        |                                   |
 * | outbox record   | TENANT#t#OUTBOX                  | <occurredAt>#<eventId>  |                                        |                                   |
 * | tenant          | PLATFORM#TENANT#<id>             | #TENANT                 | PLATFORM#TENANTS / <id>                |                                   |
 * | domain          | PLATFORM#DOMAIN#<domain>         | #DOMAIN                 |                                        |                                   |
 */
export const TABLE_KEYS = {
  partitionKey: 'PK',
  sortKey: 'SK',
  ttlAttribute: 'expiresAt',
  indexes: [
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  ],
} as const;

export function createTableInput(tableName: string) {
  const attributes = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey]);
  for (const index of TABLE_KEYS.indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE_KEYS.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}

/** Creates the table when it is missing (local start-up and tests; on AWS, CDKTF owns it). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'exists';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  return 'created';
}
