import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createTableInput, ensureTable } from '../../../src/adapters/dynamodb/table';

describe('ensureTable', () => {
  it('takes a table that appeared between its look and its create (another starter, or its own create retried after a lost answer) as existing', async () => {
    const dynamo = mockClient(DynamoDBClient);
    const indexes = createTableInput('t').GlobalSecondaryIndexes.map((i) => ({ IndexName: i.IndexName }));
    dynamo
      .on(DescribeTableCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: 'no table', $metadata: {} }))
      .resolves({ Table: { TableName: 't', GlobalSecondaryIndexes: indexes } });
    dynamo.on(CreateTableCommand).rejects(new ResourceInUseException({ message: 'Cannot create preexisting table', $metadata: {} }));
    expect(await ensureTable(new DynamoDBClient({ region: 'us-east-1' }), 't')).toBe('exists');
    expect(dynamo.commandCalls(CreateTableCommand)).toHaveLength(1);
  });

  it('still fails on any other create error', async () => {
    const dynamo = mockClient(DynamoDBClient);
    dynamo.on(DescribeTableCommand).rejects(new ResourceNotFoundException({ message: 'no table', $metadata: {} }));
    dynamo.on(CreateTableCommand).rejects(new Error('LimitExceeded'));
    await expect(ensureTable(new DynamoDBClient({ region: 'us-east-1' }), 't')).rejects.toThrow('LimitExceeded');
  });
});
