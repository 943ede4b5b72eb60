import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../src/adapters/local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** One DynamoDB Local for the whole run (the JVM takes seconds to start); each test file makes its own table. */
export default async function setup(project: TestProject) {
  if (process.env.DYNAMODB_ENDPOINT) {
    project.provide('dynamoEndpoint', process.env.DYNAMODB_ENDPOINT);
    return;
  }
  const dynamo = await startDynamoDbLocal({ inMemory: true });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
