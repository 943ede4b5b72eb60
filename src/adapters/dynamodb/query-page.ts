import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page, PageRequest } from '../../shared/page';
import { decodeCursor, encodeCursor } from './cursor';

export type PageQuery = {
  tableName: string;
  index?: string;
  partitionAttribute: string;
  partitionValue: string;
  /** Cursors must stay in this key space (`TENANT#<id>#` or `PLATFORM#`). */
  keySpace: string;
  sortPrefix?: string;
  newestFirst?: boolean;
};

/** One page of one partition, with an opaque cursor checked to belong to that same partition. */
export async function queryPage<T>(client: DynamoDBDocumentClient, query: PageQuery, page: PageRequest, parse: (item: Record<string, unknown>) => T): Promise<Page<T>> {
  const startKey = decodeCursor(page.cursor, { partitionAttribute: query.partitionAttribute, partitionValue: query.partitionValue, tenantPrefix: query.keySpace });
  const sortAttribute = query.index ? `${query.index}SK` : 'SK';
  const result = await client.send(
    new QueryCommand({
      TableName: query.tableName,
      ...(query.index ? { IndexName: query.index } : {}),
      KeyConditionExpression: query.sortPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': query.partitionAttribute, ...(query.sortPrefix ? { '#sk': sortAttribute } : {}) },
      ExpressionAttributeValues: { ':pk': query.partitionValue, ...(query.sortPrefix ? { ':prefix': query.sortPrefix } : {}) },
      ScanIndexForward: !query.newestFirst,
      Limit: page.limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return { items: (result.Items ?? []).map(parse), nextCursor: encodeCursor(result.LastEvaluatedKey) };
}
