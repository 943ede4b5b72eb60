import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startCognitoLocal } from '../../src/adapters/local/cognito-local';
import { startDynamoDbLocal } from '../../src/adapters/local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    cognitoEndpoint: string;
  }
}

/**
 * One DynamoDB Local and one cognito-local for the whole run (the JVM takes seconds to start),
 * each on a free port; test files make their own table and user pool in them.
 */
export default async function setup(project: TestProject) {
  const stops: (() => Promise<void>)[] = [];
  const [dynamo, cognito] = await Promise.all([
    process.env.DYNAMODB_ENDPOINT ? undefined : startDynamoDbLocal({ inMemory: true }),
    startCognitoLocal({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'cognito-local-')) }),
  ]);
  if (dynamo) stops.push(dynamo.stop);
  stops.push(cognito.stop);
  project.provide('dynamoEndpoint', dynamo?.endpoint ?? process.env.DYNAMODB_ENDPOINT!);
  project.provide('cognitoEndpoint', cognito.endpoint);
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}
