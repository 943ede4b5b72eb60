import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTableInput, ensureTable } from '../../../src/adapters/dynamodb/table';

const ddb = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'us-east-1' });
const indexes = createTableInput('t').GlobalSecondaryIndexes.map((i) => ({ IndexName: i.IndexName }));

describe('ensureTable', () => {
  beforeEach(() => ddb.reset());

  it('creates the table with its stream of new images, which the event publishers read', async () => {
    ddb.on(DescribeTableCommand).rejects(new ResourceNotFoundException({ message: 'no table', $metadata: {} }));
    ddb.on(CreateTableCommand).resolves({});
    expect(await ensureTable(client, 't')).toBe('created');
    expect(ddb.commandCalls(CreateTableCommand)[0]!.args[0].input.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
  });

  it('takes a create that went through before a retry of it was refused as "already there" as created', async () => {
    ddb.on(DescribeTableCommand).rejects(new ResourceNotFoundException({ message: 'no table', $metadata: {} }));
    ddb.on(CreateTableCommand).rejects(new ResourceInUseException({ message: 'Cannot create preexisting table', $metadata: {} }));
    expect(await ensureTable(client, 't')).toBe('created');
    expect(ddb.commandCalls(CreateTableCommand)).toHaveLength(1);
  });

  it('still fails on any other create error', async () => {
    ddb.on(DescribeTableCommand).rejects(new ResourceNotFoundException({ message: 'no table', $metadata: {} }));
    ddb.on(CreateTableCommand).rejects(new Error('LimitExceeded'));
    await expect(ensureTable(client, 't')).rejects.toThrow('LimitExceeded');
  });

  it('turns the stream on for a table kept from before events came from it, and leaves one that has it alone', async () => {
    ddb
      .on(DescribeTableCommand)
      .resolvesOnce({ Table: { GlobalSecondaryIndexes: indexes } })
      .resolves({ Table: { GlobalSecondaryIndexes: indexes, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } } });
    ddb.on(UpdateTableCommand).resolves({});
    expect(await ensureTable(client, 't')).toBe('exists');
    expect(ddb.commandCalls(UpdateTableCommand).map((c) => c.args[0].input)).toEqual([
      { TableName: 't', StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } },
    ]);
    expect(await ensureTable(client, 't')).toBe('exists');
    expect(ddb.commandCalls(UpdateTableCommand)).toHaveLength(1);
  });
});
