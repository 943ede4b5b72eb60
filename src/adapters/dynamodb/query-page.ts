import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page, PageRequest } from '../../shared/page';
import type { CursorCodec, ListingShape } from './cursor';

export type PageQuery = {
  tableName: string;
  index?: string;
  /** The partition queried, its sort key (and prefix, if any): what a cursor must fit. */
  shape: ListingShape;
  newestFirst?: boolean;
};

/** One page of one partition, with an opaque cursor that opens only for that same listing. */
export async function queryPage<T>(
  client: DynamoDBDocumentClient,
  cursors: CursorCodec,
  query: PageQuery,
  page: PageRequest,
  parse: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const { shape } = query;
  const startKey = cursors.open(shape, page.cursor);
  const prefix = shape.sort.prefix;
  const result = await client.send(
    new QueryCommand({
      TableName: query.tableName,
      ...(query.index ? { IndexName: query.index } : {}),
      KeyConditionExpression: prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': shape.partition.attribute, ...(prefix ? { '#sk': shape.sort.attribute } : {}) },
      ExpressionAttributeValues: { ':pk': shape.partition.value, ...(prefix ? { ':prefix': prefix } : {}) },
      ScanIndexForward: !query.newestFirst,
      Limit: page.limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return { items: (result.Items ?? []).map(parse), nextCursor: cursors.seal(shape, result.LastEvaluatedKey) };
}
