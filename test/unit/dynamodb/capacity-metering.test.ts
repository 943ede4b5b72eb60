import { describe, expect, it } from 'vitest';
import { outboxRecordsOf, unitsOf } from '../../../src/adapters/dynamodb/capacity-metering';

describe('DynamoDB capacity metering', () => {
  it('reads read and write units from one answer or a list, by the call’s kind when DynamoDB does not split them', () => {
    expect(unitsOf('read', { CapacityUnits: 0.5 })).toEqual({ readUnits: 0.5, writeUnits: 0 });
    expect(unitsOf('write', [{ CapacityUnits: 2 }, { CapacityUnits: 1 }])).toEqual({ readUnits: 0, writeUnits: 3 });
    expect(unitsOf('write', { CapacityUnits: 4, ReadCapacityUnits: 1, WriteCapacityUnits: 3 })).toEqual({ readUnits: 1, writeUnits: 3 });
    expect(unitsOf('read', undefined)).toEqual({ readUnits: 0, writeUnits: 0 });
  });

  it('counts the outbox records a write commits', () => {
    const put = (type: unknown) => ({ Put: { Item: { PK: 'x', type } } });
    expect(outboxRecordsOf('TransactWriteItemsCommand', { TransactItems: [put('product'), put('outbox'), put({ S: 'outbox' }), { Update: {} }] })).toBe(2);
    expect(outboxRecordsOf('PutItemCommand', { Item: { type: 'outbox' } })).toBe(1);
    expect(outboxRecordsOf('GetItemCommand', { Key: {} })).toBe(0);
  });
  // That the middleware asks DynamoDB and counts to the request's store: test/integration/api/usage.test.ts.
});
