/**
 * The platform a race worker process builds for itself: its own DynamoDB, S3 and Cognito clients,
 * its own verifier and caches, on the test platform's table, bucket and user pool, as a
 * second Lambda instance would. Nothing here imports vitest: this runs outside the test runner.
 */
import pino from 'pino';
import { createDocumentClient, sharedClientProvider } from '../../../src/adapters/dynamodb/client';
import { createDynamoRateLimiter } from '../../../src/adapters/dynamodb/rate-limiter';
import type { RateLimiter, RateRule } from '../../../src/shared/rate-limit';
import { createCognitoClient } from '../../../src/adapters/cognito/client';
import { cognitoIdentityProvider } from '../../../src/adapters/cognito/identity-provider';
import { createS3Client, s3MediaStore, s3PublicMediaReader } from '../../../src/adapters/s3/media-store';
import { createPlatform } from '../../../src/platform';
import { issuingFakeVerifier } from '../fake-verifier';
import type { RaceEnvironment } from './protocol';

export function workerPlatform(env: RaceEnvironment) {
  const dynamo = createDocumentClient({ region: 'us-east-1', endpoint: env.dynamoEndpoint });
  const s3 = createS3Client({ region: 'us-east-1', endpoint: env.s3Endpoint });
  const cognito = createCognitoClient({ region: 'us-east-1', endpoint: env.cognitoEndpoint });
  let platform: ReturnType<typeof createPlatform> | undefined;
  platform = createPlatform({
    logger: pino({ level: 'silent' }),
    platformClient: dynamo,
    tableName: env.tableName,
    media: s3MediaStore({ clients: () => ({ client: s3 }), bucket: env.bucket, publicBaseUrl: 'http://localhost:3000/media' }),
    publicMedia: s3PublicMediaReader({ client: s3, bucket: env.bucket }),
    verifier: issuingFakeVerifier(() => platform!.sessions),
    identityProvider: cognitoIdentityProvider({
      client: cognito,
      userPoolId: env.userPoolId,
      clientId: env.clientId,
      signUpTicketSecret: env.signUpTicketSecret,
    }),
    autoConfirmSignUps: true,
    tenantCacheTtlMs: 30_000,
    catalogCacheTtlMs: 0,
    maxBodyBytes: 64 * 1024,
    cursorKey: Buffer.from(env.cursorKey, 'base64'),
    platformHosts: env.platformHosts,
    assets: env.assets,
    limitRequests: env.limitRequests ?? false,
    ...(env.unlimitedRules?.length
      ? {
          rateLimiter: exceptRules(
            createDynamoRateLimiter({ tableName: env.tableName, platformClient: dynamo, clients: sharedClientProvider(dynamo) }),
            env.unlimitedRules,
          ),
        }
      : {}),
    ...(env.plans ? { plans: env.plans } : {}),
  });
  return platform;
}

export type WorkerPlatform = ReturnType<typeof workerPlatform>;

/** The platform's own limiter, but the rules named are let through without being counted. */
function exceptRules(limiter: RateLimiter, names: readonly string[]): RateLimiter {
  const free = (rule: RateRule) => names.includes(rule.name);
  const allowed = { count: 0, allowed: true, retryAfterSeconds: 0 };
  return {
    hit: async (scope, rule, subject) => (free(rule) ? allowed : limiter.hit(scope, rule, subject)),
    peek: async (scope, rule, subject) => (free(rule) ? allowed : limiter.peek(scope, rule, subject)),
    lease: (scope, rule, subject, wanted, atMs) => limiter.lease(scope, rule, subject, wanted, atMs),
  };
}

/** The test files' client: race workers call their platform the same way. */
export { client as workerClient } from '../http-client';
