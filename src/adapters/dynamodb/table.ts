import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';

/**
 * The single table's shape, shared by local start-up, tests and the CDKTF stack so the three
 * can never disagree. Every index has a tenant- or platform-prefixed partition key.
 *
 * | item            | PK                               | SK                      | GSI1PK / GSI1SK                        | GSI2PK / GSI2SK (sparse)          |
 * |-----------------|----------------------------------|-------------------------|----------------------------------------|-----------------------------------|
 * | product         | TENANT#t#PRODUCT#<id>            | #PRODUCT                | TENANT#t#PRODUCTS / <createdAt>#<id>   | TENANT#t#ACTIVE / <createdAt>#<id> (active only) |
 *   (active products also carry GSI3 TENANT#t#ACTIVE / <price padded>#<id> and GSI4 TENANT#t#ACTIVE / <name>#<id>
 *   for the storefront's price and name sorts, and GSI5 TENANT#t#ACTIVE / <rating rank>#<id> for "Top rated",
 *   whose sort key the listing consumer keeps up with the rating counters: docs/reviews.md)
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
    { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
    { name: 'GSI4', partitionKey: 'GSI4PK', sortKey: 'GSI4SK' },
    { name: 'GSI5', partitionKey: 'GSI5PK', sortKey: 'GSI5SK' },
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
    // Outbox records are published from the stream (docs/architecture.md, "Events"); the new
    // image is all the publisher reads.
    StreamSpecification: TABLE_STREAM,
  };
}

export const TABLE_STREAM = { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' as const };

/**
 * Creates the table when it is missing, and adds indexes a newer version of the code defines to a
 * table kept from an older one (local start-up and tests; on AWS, CDKTF owns the table).
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists' | 'updated'> {
  let existing: Set<string>;
  let streaming: boolean;
  try {
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    existing = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName ?? ''));
    streaming = described.Table?.StreamSpecification?.StreamEnabled === true;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    } catch (creating) {
      // Someone created it between our two calls, or our own create went through and its answer was
      // lost to a timeout (a table with a stream takes DynamoDB Local longer to make than the 2 s
      // request budget on a busy machine) and the SDK's retry found the table: it exists now, made
      // from this same definition. (No second look: a stand-in that keeps saying both "no such table"
      // and "already there" must not loop.)
      if (!(creating instanceof ResourceInUseException)) throw creating;
    }
    return 'created';
  }
  const input = createTableInput(tableName);
  // A table kept from before events came from the stream: without one, nothing would publish.
  if (!streaming) await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: TABLE_STREAM }));
  const missing = input.GlobalSecondaryIndexes.filter((index) => !existing.has(index.IndexName));
  // DynamoDB takes one new index per UpdateTable call.
  for (const index of missing) {
    await client.send(
      new UpdateTableCommand({ TableName: tableName, AttributeDefinitions: input.AttributeDefinitions, GlobalSecondaryIndexUpdates: [{ Create: index }] }),
    );
  }
  return missing.length > 0 ? 'updated' : 'exists';
}
