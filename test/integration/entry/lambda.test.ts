import type { LambdaContext as Context, LambdaEvent } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoTenantRegistry } from '../../../src/adapters/dynamodb/tenant-registry';
import { sharedClientProvider } from '../../../src/adapters/dynamodb/client';
import { createDynamoSessionStore } from '../../../src/adapters/dynamodb/session-store';
import type { SessionStore } from '../../../src/identity/sessions';
import { createDynamoUserDirectory } from '../../../src/adapters/dynamodb/user-directory';
import { createCursorCodec, newCursorKey } from '../../../src/adapters/dynamodb/cursor';
import { tenantContext } from '../../../src/tenants/tenant';
import { createTestTable } from '../../support/dynamo';
import { idTokenClaims, serveJwks, signingKey } from '../../support/jwt';

const key = signingKey();
const issuer = 'http://127.0.0.1:9/local_pool';
const clientId = 'lambda-test-client';
const adminSub = crypto.randomUUID();
let jwks: Awaited<ReturnType<typeof serveJwks>>;
let handler: (event: LambdaEvent, context: Context) => Promise<{ statusCode: number; body: string; headers?: Record<string, string> }>;

function event(method: string, path: string, headers: Record<string, string>, body?: unknown): LambdaEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: headers.host ?? 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      authentication: null,
      authorizer: {},
    },
    isBase64Encoded: false,
    body: body ? JSON.stringify(body) : null,
  };
}

const lam = tenantContext({ id: 'lam', name: 'Lambda Store', tier: 'basic', status: 'active' });
let sessions: SessionStore;

beforeAll(async () => {
  const table = await createTestTable();
  await createDynamoTenantRegistry({ client: table.client, tableName: table.tableName, cursors: createCursorCodec(newCursorKey()) }).create({
    id: 'lam',
    name: 'Lambda Store',
    domains: ['lam.test'],
    tier: 'basic',
    status: 'active',
    createdAt: 'x',
    updatedAt: 'x',
  });
  sessions = createDynamoSessionStore({ clients: sharedClientProvider(table.client), platformClient: table.client, tableName: table.tableName });
  await createDynamoUserDirectory({
    clients: sharedClientProvider(table.client),
    tableName: table.tableName,
    cursors: createCursorCodec(newCursorKey()),
  }).create(lam, { userId: adminSub, email: 'a@lam.test', name: 'A', role: 'admin', mfa: 'totp', createdAt: 'x', updatedAt: 'x' });
  jwks = await serveJwks(key.jwks);
  Object.assign(process.env, {
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    EVENTBRIDGE_ENDPOINT: 'http://127.0.0.1:9',
    USER_POOL_ID: 'local_pool',
    USER_POOL_CLIENT_ID: clientId,
    JWT_ISSUER: issuer,
    JWKS_URI: jwks.uri,
    MEDIA_BASE_URL: 'https://d111111abcdef8.cloudfront.net',
    LOG_LEVEL: 'silent',
    METRICS: 'off',
    CURSOR_KEY: newCursorKey().toString('base64'),
    SIGNUP_TICKET_SECRET: 'a-test-secret-of-at-least-32-characters!',
  });
  ({ handler } = (await import('../../../src/entry/lambda')) as unknown as { handler: typeof handler });
});

afterAll(() => jwks?.close());

describe('Lambda entry point', () => {
  it('serves the same app through API Gateway v2 events', async () => {
    const response = await handler(event('GET', '/products', { host: 'lam.test' }), {} as Context);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ items: [], nextCursor: null });
    expect(response.headers?.['x-request-id']).toBeTruthy();
  });

  it('verifies Cognito ID tokens and keeps the store from the token', async () => {
    const claims = { ...idTokenClaims({ issuer, clientId, tenantId: 'lam', groups: ['admin'] }), sub: adminSub };
    const token = key.sign(claims);
    // As if the API had handed this token out at sign-in: a token it never issued is refused.
    await sessions.start(lam, { sessionId: 'lambda-session', userId: adminSub, expiresAt: claims.exp }, { tokenId: claims.jti, expiresAt: claims.exp });
    const created = await handler(
      event(
        'POST',
        '/admin/products',
        { host: 'lam.test', authorization: `Bearer ${token}` },
        { name: 'L', sku: 'L-1', price: { amount: 1, currency: 'EUR' } },
      ),
      {} as Context,
    );
    // The API publishes nothing itself (no EventBridge here): its event is in the outbox, for the table's stream.
    expect(created.statusCode).toBe(201);
    // A validly signed token the API never handed out (say, refreshed at the pool directly): refused, reads too.
    const stray = key.sign({ ...idTokenClaims({ issuer, clientId, tenantId: 'lam', groups: ['admin'] }), sub: adminSub });
    expect((await handler(event('GET', '/admin/products', { host: 'lam.test', authorization: `Bearer ${stray}` }), {} as Context)).statusCode).toBe(401);
    const other = key.sign(idTokenClaims({ issuer, clientId, tenantId: 'elsewhere', groups: ['admin'] }));
    expect((await handler(event('GET', '/admin/products', { host: 'lam.test', authorization: `Bearer ${other}` }), {} as Context)).statusCode).toBe(403);
  });

  it('has no dev mailbox page on any host: only npm start mounts it', async () => {
    for (const host of ['localhost', 'lam.test']) expect((await handler(event('GET', '/dev/mailbox', { host }), {} as Context)).statusCode).toBe(404);
  });

  it('does not contain the development admin token verifier', async () => {
    expect((await handler(event('GET', '/admin/products', { host: 'lam.test', authorization: 'Bearer dev-anything' }), {} as Context)).statusCode).toBe(401);
  });
});
