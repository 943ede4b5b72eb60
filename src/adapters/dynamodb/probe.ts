import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Probe } from '../../health/readiness';
import { platformKeys } from './keys';

/** The table answers a GetItem (of a key never written: the platform role may read `PLATFORM#`). */
export const tableProbe =
  (client: DynamoDBDocumentClient, tableName: string): Probe =>
  async () => {
    await client.send(new GetCommand({ TableName: tableName, Key: platformKeys.readinessProbe }));
  };
