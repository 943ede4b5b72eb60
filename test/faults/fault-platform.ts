import { inject } from 'vitest';
import { createDocumentClient } from '../../src/adapters/dynamodb/client';
import { createCognitoClient } from '../../src/adapters/cognito/client';
import { cognitoIdentityProvider } from '../../src/adapters/cognito/identity-provider';
import { createCognitoTokenVerifier } from '../../src/adapters/jwt/cognito-verifier';
import { jwksProbe } from '../../src/adapters/jwt/jwks-probe';
import { createS3Client, s3MediaStore, s3PublicMediaReader } from '../../src/adapters/s3/media-store';
import { bucketProbe } from '../../src/adapters/s3/probe';
import type { TokenVerifier } from '../../src/identity/claims';
import { createPlatform } from '../../src/platform';
import { TEST_MEDIA_BASE_URL, testPlatform } from '../support/platform';
import { startFaultProxy, type FaultProxy } from './fault-proxy';

/**
 * Budgets shrunk from the deployed ones (1 s connect, 2 s idle): the same code paths, but a
 * frozen dependency ends in well under a second instead of six.
 */
const FAST = { connectionTimeoutMs: 300, requestTimeoutMs: 500, maxAttempts: 2 };
export const VISITORS_CACHE_MS = 200;

/**
 * The usual test platform (its table, pool and bucket seeded through the stand-ins directly),
 * and a second one on the same data whose every client goes through this file's own fault proxies:
 * `faulty` is the app under test, `proxies.dynamo` and the rest switch its dependencies off and on.
 */
export async function faultPlatform(options: { verifier?: 'real' | 'fake' } = {}) {
  const base = await testPlatform();
  const [dynamo, cognito, s3] = await Promise.all([
    startFaultProxy(inject('dynamoEndpoint')),
    startFaultProxy(inject('cognitoEndpoint')),
    startFaultProxy(inject('s3Endpoint')),
  ]);
  const proxies: Record<'dynamo' | 'cognito' | 's3', FaultProxy> = { dynamo, cognito, s3 };
  const s3Client = createS3Client({ region: 'us-east-1', endpoint: s3.endpoint, budget: FAST });
  const { pool } = base.cognito;
  // The pool's own address stays the tokens' issuer; only the key fetch goes through the proxy.
  const jwksUri = cognito.via(pool.jwksUri);
  const verifier: TokenVerifier =
    options.verifier === 'real' ? createCognitoTokenVerifier({ issuer: pool.issuer, clientId: pool.clientId, jwksUri }) : base.options.verifier;
  const faulty = createPlatform({
    ...base.options,
    platformClient: createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint, budget: FAST }),
    identityProvider: cognitoIdentityProvider({
      client: createCognitoClient({ region: 'us-east-1', endpoint: cognito.endpoint, budget: { ...FAST, maxAttempts: 1 } }),
      userPoolId: pool.userPoolId,
      clientId: pool.clientId,
      signUpTicketSecret: base.cognito.signUpTicketSecret,
    }),
    media: s3MediaStore({ clients: () => ({ client: s3Client }), bucket: base.media.bucket, publicBaseUrl: TEST_MEDIA_BASE_URL }),
    publicMedia: s3PublicMediaReader({ client: s3Client, bucket: base.media.bucket }),
    verifier,
    catalogCacheTtlMs: VISITORS_CACHE_MS,
    readinessProbes: { pool: jwksProbe(jwksUri, 500), bucket: bucketProbe(s3Client, base.media.bucket) },
    // Each check probes afresh here; the cache itself has its unit test.
    readinessCacheMs: 0,
  });
  return {
    base,
    faulty,
    proxies,
    /** Everything back to `pass`, then the proxies closed. */
    async close() {
      await Promise.all(Object.values(proxies).map((p) => p.close()));
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
