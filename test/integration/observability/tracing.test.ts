import { createSocket, type Socket } from 'node:dgram';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentClients } from '../../../src/adapters/aws/client-settings';
import { tracingWanted } from '../../../src/adapters/aws/tracing-switch';
import { createDocumentClient } from '../../../src/adapters/dynamodb/client';
import { createCursorCodec, newCursorKey } from '../../../src/adapters/dynamodb/cursor';
import { createDynamoTenantRegistry } from '../../../src/adapters/dynamodb/tenant-registry';
import { createTestTable } from '../../support/dynamo';

/**
 * The SDK clients on Lambda with active tracing: a UDP socket stands in for the X-Ray daemon
 * (AWS_XRAY_DAEMON_ADDRESS, as Lambda sets it) and receives the subsegments the tracer sends.
 */
const LAMBDA_ENV = {
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  LAMBDA_TASK_ROOT: '/var/task',
  AWS_LAMBDA_FUNCTION_NAME: 'catalog-api-test',
  _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
  AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
};
const saved: Record<string, string | undefined> = {};
let daemon: Socket;
const received: Record<string, unknown>[] = [];

beforeAll(async () => {
  daemon = createSocket('udp4');
  daemon.on('message', (message) => {
    // The daemon protocol: a JSON header line, then the (sub)segment document.
    const [, body] = message.toString('utf8').split('\n');
    if (body) received.push(JSON.parse(body));
  });
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  const env = { ...LAMBDA_ENV, AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}` };
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
});

afterAll(() => {
  instrumentClients(undefined);
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  daemon?.close();
});

describe('tracing', () => {
  it('is wanted on Lambda only, and can be turned off there', () => {
    expect(tracingWanted({})).toBe(false);
    expect(tracingWanted({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' })).toBe(true);
    expect(tracingWanted({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'false' })).toBe(false);
    expect(tracingWanted({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_SAM_LOCAL: 'true' })).toBe(false);
  });

  it('sends a subsegment for each DynamoDB call of a client made after it started', async () => {
    const table = await createTestTable();
    const { startTracing } = await import('../../../src/adapters/aws/tracing');
    expect(startTracing('catalog-api-test'), 'tracer enabled on Lambda').toBeDefined();
    const client = createDocumentClient({ region: 'us-east-1', endpoint: table.endpoint });
    await client.send(new GetCommand({ TableName: table.tableName, Key: { PK: 'TENANT#t#PRODUCT#x', SK: '#PRODUCT' } }));
    await expect
      .poll(() => received.find((s) => s.name === 'DynamoDB'), { timeout: 5_000 })
      .toMatchObject({
        name: 'DynamoDB',
        namespace: 'aws',
        trace_id: '1-5759e988-bd862e3fe1be46a994272793',
        parent_id: '53995c3f42cd8ad8',
        aws: expect.objectContaining({ operation: 'GetItem', table_name: table.tableName }),
      });
  });

  it('traces the Lambda entry point’s own clients: a request’s DynamoDB read shows up', async () => {
    const table = await createTestTable();
    const at = new Date().toISOString();
    await createDynamoTenantRegistry({ client: table.client, tableName: table.tableName, cursors: createCursorCodec(newCursorKey()) }).create({
      id: 'traced',
      name: 'Traced',
      domains: ['traced.test'],
      tier: 'basic',
      status: 'active',
      createdAt: at,
      updatedAt: at,
    });
    const env = {
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: table.endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      USER_POOL_ID: 'local_pool',
      USER_POOL_CLIENT_ID: 'client',
      JWT_ISSUER: 'http://127.0.0.1:9/local_pool',
      JWKS_URI: 'http://127.0.0.1:9/jwks.json',
      MEDIA_BASE_URL: 'https://d111111abcdef8.cloudfront.net',
      LOG_LEVEL: 'silent',
      METRICS: 'off',
      CURSOR_KEY: newCursorKey().toString('base64'),
      SIGNUP_TICKET_SECRET: 'a-test-secret-of-at-least-32-characters!',
    };
    for (const [key, value] of Object.entries(env)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    instrumentClients(undefined);
    const { handler } = (await import('../../../src/entry/lambda')) as unknown as {
      handler: (event: unknown, context: unknown) => Promise<{ statusCode: number }>;
    };
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/store',
      rawQueryString: '',
      headers: { host: 'traced.test' },
      isBase64Encoded: false,
      body: null,
      requestContext: {
        accountId: '1',
        apiId: 'a',
        domainName: 'traced.test',
        domainPrefix: 't',
        http: { method: 'GET', path: '/store', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' },
        requestId: 'gw-1',
        routeKey: '$default',
        stage: '$default',
        time: '',
        timeEpoch: 0,
      },
    };
    received.length = 0;
    expect((await handler(event, { awsRequestId: 'lambda-1' })).statusCode).toBe(200);
    // The Host lookup is the request's one DynamoDB call.
    await expect
      .poll(() => received.find((s) => s.name === 'DynamoDB'), { timeout: 5_000 })
      .toMatchObject({ aws: expect.objectContaining({ operation: 'GetItem', table_name: table.tableName }) });
  });
});
