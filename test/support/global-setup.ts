import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startCognitoLocal } from '../../src/adapters/local/cognito-local';
import { startDynamoDbLocal } from '../../src/adapters/local/dynamodb-local';
import { startS3rver } from '../../src/adapters/local/s3rver';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    cognitoEndpoint: string;
    s3Endpoint: string;
  }
}

/**
 * One DynamoDB Local, one cognito-local and one s3rver for the whole run (the JVM takes seconds to start),
 * each on a free port; test files make their own table, user pool and bucket in them.
 */
export default async function setup(project: TestProject) {
  const stops: (() => Promise<void>)[] = [];
  const [dynamo, cognito, s3] = await Promise.all([
    process.env.DYNAMODB_ENDPOINT ? undefined : startDynamoDbLocal({ inMemory: true }),
    startCognitoLocal({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'cognito-local-')) }),
    startS3rver({ directory: mkdtempSync(path.join(os.tmpdir(), 's3rver-')), buckets: [] }),
  ]);
  if (dynamo) stops.push(dynamo.stop);
  stops.push(cognito.stop, s3.stop);
  project.provide('s3Endpoint', s3.endpoint);
  project.provide('dynamoEndpoint', dynamo?.endpoint ?? process.env.DYNAMODB_ENDPOINT!);
  project.provide('cognitoEndpoint', cognito.endpoint);
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}
