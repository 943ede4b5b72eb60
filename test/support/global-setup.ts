import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startCognitoLocal } from '../../src/adapters/local/cognito-local';
import { startDynamoDbLocal } from '../../src/adapters/local/dynamodb-local';
import { startS3rver } from '../../src/adapters/local/s3rver';
import { preSignUp } from '../../src/identity/pre-sign-up';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    cognitoEndpoint: string;
    /** Where the run's cognito-local keeps its data (its emailed codes too); empty when COGNITO_ENDPOINT points elsewhere. */
    cognitoDataDir: string;
    s3Endpoint: string;
    /** The key the run's pre-sign-up trigger checks tickets with (the API's adapters sign with it). */
    signUpTicketSecret: string;
  }
}

type Started = { endpoint: string; stop(): Promise<void> };

// Generous: on a busy two-core machine a JVM start has taken over 20 s.
const startTimeoutMs = 60_000;

/**
 * One DynamoDB Local, one cognito-local and one s3rver for the whole run (the JVM alone takes
 * seconds to start), each on a free port; test files make their own table, user pool and bucket
 * in them. DYNAMODB_ENDPOINT, COGNITO_ENDPOINT and S3_ENDPOINT point the run at servers already
 * running instead.
 */
export default async function setup(project: TestProject) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'catalog-test-'));
  // With COGNITO_ENDPOINT set, that pool's own trigger (if any) must know this secret.
  const signUpTicketSecret = process.env.SIGNUP_TICKET_SECRET || randomBytes(32).toString('base64url');
  const results = await Promise.allSettled<string | Started>([
    process.env.DYNAMODB_ENDPOINT || startDynamoDbLocal({ inMemory: true, quickStart: true, startTimeoutMs }),
    process.env.COGNITO_ENDPOINT ||
      startCognitoLocal({ dataDir: path.join(tmp, 'cognito'), startTimeoutMs, preSignUp: (event) => preSignUp(event, { secret: signUpTicketSecret }) }),
    process.env.S3_ENDPOINT || startS3rver({ directory: path.join(tmp, 's3'), buckets: [] }),
  ]);
  const started = results.flatMap((r) => (r.status === 'fulfilled' && typeof r.value === 'object' ? [r.value] : []));

  const teardown = async () => {
    await Promise.allSettled(started.map((s) => s.stop()));
    rmSync(tmp, { recursive: true, force: true });
  };

  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    // Whatever did start must not outlive a failed set-up.
    await teardown();
    throw failed.reason;
  }
  const [dynamo, cognito, s3] = results.map((r) => {
    const value = (r as PromiseFulfilledResult<string | Started>).value;
    return typeof value === 'string' ? value : value.endpoint;
  }) as [string, string, string];
  project.provide('dynamoEndpoint', dynamo);
  project.provide('cognitoEndpoint', cognito);
  project.provide('cognitoDataDir', process.env.COGNITO_ENDPOINT ? '' : path.join(tmp, 'cognito'));
  project.provide('s3Endpoint', s3);
  project.provide('signUpTicketSecret', signUpTicketSecret);
  return teardown;
}
