import { createServer } from 'node:net';
import { ConditionalCheckFailedException, DynamoDBClient, DynamoDBServiceException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { GetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CognitoIdentityProviderClient, CognitoIdentityProviderServiceException, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { HeadBucketCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { Hono } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../src/adapters/dynamodb/client';
import { errorHandler } from '../../../src/http/app';
import { dependencyFailure } from '../../../src/shared/dependency-errors';
import { NotFoundError } from '../../../src/shared/errors';

/** An app whose one route runs `work`, with the real error handler and a logger we can read. */
function appThrowing(work: () => Promise<unknown>) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  const app = new Hono().onError(errorHandler(logger));
  app.get('/x', async (c) => c.json(await work()));
  return { app, lines };
}

const serviceError = <E extends Error>(make: (o: { message: string; $metadata: object }) => E, status: number) =>
  make({ message: 'boom', $metadata: { httpStatusCode: status } });

async function closedPort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('dependency failures: 503 with Retry-After, the dependency in the log only', () => {
  const dynamoShapes: [string, () => Error][] = [
    ['ProvisionedThroughputExceededException', () => serviceError((o) => new ProvisionedThroughputExceededException(o), 400)],
    ['ThrottlingException', () => serviceError((o) => new DynamoDBServiceException({ ...o, name: 'ThrottlingException', $fault: 'client' }), 400)],
    ['RequestLimitExceeded', () => serviceError((o) => new DynamoDBServiceException({ ...o, name: 'RequestLimitExceeded', $fault: 'client' }), 400)],
    ['a 500 InternalServerError', () => serviceError((o) => new DynamoDBServiceException({ ...o, name: 'InternalServerError', $fault: 'server' }), 500)],
    ['an unnamed 502', () => serviceError((o) => new DynamoDBServiceException({ ...o, name: 'Unknown', $fault: 'server' }), 502)],
    ['a throttling-retryable error', () => Object.assign(new Error('slow down'), { name: 'Odd', $retryable: { throttling: true } })],
    ['ECONNREFUSED', () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' })],
    ['ECONNRESET (the SDK calls it TimeoutError)', () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', name: 'TimeoutError' })],
    ['EPIPE', () => Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })],
    ['ETIMEDOUT', () => Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })],
    ['a request timeout', () => Object.assign(new Error('the request socket timed out'), { name: 'TimeoutError' })],
    ['an abort', () => Object.assign(new Error('aborted'), { name: 'AbortError' })],
  ];

  for (const [label, make] of dynamoShapes) {
    it(`DynamoDB ${label}`, async () => {
      // Prepare
      const ddb = mockClient(DynamoDBDocumentClient);
      ddb.on(GetCommand).rejects(make());
      const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
      const { app, lines } = appThrowing(() => client.send(new GetCommand({ TableName: 't', Key: { pk: 'a', sk: 'b' } })));
      // Act
      const response = await app.request('/x');
      // Assess
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      const body = await response.json();
      expect(body).toMatchObject({ type: '/problems/dependency-unavailable', status: 503 });
      expect(JSON.stringify(body)).not.toMatch(/dynamo|boom|ECONN|127\.0\.0\.1/i);
      expect(lines.some((l) => l.msg === 'dependency unavailable')).toBe(true);
      ddb.restore();
    });
  }

  it('Cognito ServiceUnavailable, InternalErrorException and a 503', async () => {
    const cognito = mockClient(CognitoIdentityProviderClient);
    const client = new CognitoIdentityProviderClient({ region: 'us-east-1' });
    for (const error of [
      serviceError((o) => new CognitoIdentityProviderServiceException({ ...o, name: 'InternalErrorException', $fault: 'server' }), 500),
      serviceError((o) => new CognitoIdentityProviderServiceException({ ...o, name: 'ServiceUnavailable', $fault: 'server' }), 503),
    ]) {
      cognito.on(InitiateAuthCommand).rejects(error);
      const { app } = appThrowing(() => client.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'c' })));
      const response = await app.request('/x');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
    }
    cognito.restore();
  });

  it('S3 SlowDown and STS throttling', async () => {
    const s3 = mockClient(S3Client);
    s3.on(HeadBucketCommand).rejects(serviceError((o) => new S3ServiceException({ ...o, name: 'SlowDown', $fault: 'server' }), 503));
    const sts = mockClient(STSClient);
    sts.on(AssumeRoleCommand).rejects(serviceError((o) => new STSServiceException({ ...o, name: 'Throttling', $fault: 'client' }), 400));
    const s3Response = await appThrowing(() => new S3Client({ region: 'us-east-1' }).send(new HeadBucketCommand({ Bucket: 'b' }))).app.request('/x');
    const stsResponse = await appThrowing(() =>
      new STSClient({ region: 'us-east-1' }).send(new AssumeRoleCommand({ RoleArn: 'r', RoleSessionName: 's' })),
    ).app.request('/x');
    expect([s3Response.status, stsResponse.status]).toEqual([503, 503]);
    s3.restore();
    sts.restore();
  });

  it('a failed fetch (the JWKS) by its cause', () => {
    const failure = dependencyFailure(
      new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }),
      'jwks',
    );
    expect(failure).toMatchObject({ status: 503, dependency: 'jwks' });
  });

  it('names the dependency in the log line from a real client on a closed port (the SDK path, retries included)', async () => {
    // Prepare: the application's own factory, nothing listening
    const client = createDocumentClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${await closedPort()}`,
      budget: { maxAttempts: 2, connectionTimeoutMs: 500 },
    });
    const { app, lines } = appThrowing(() => client.send(new GetCommand({ TableName: 't', Key: { pk: 'a', sk: 'b' } })));
    // Act
    const response = await app.request('/x');
    // Assess
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.text()).not.toMatch(/dynamo/i);
    expect(lines.find((l) => l.msg === 'dependency unavailable')).toMatchObject({ dependency: 'dynamodb', level: 40 });
  });
});

describe('what is not a dependency failure keeps its status', () => {
  it('a programming error stays a 500', async () => {
    const { app, lines } = appThrowing(async () => (undefined as unknown as { items: string[] }).items.length);
    const response = await app.request('/x');
    expect(response.status).toBe(500);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(lines.some((l) => l.msg === 'unhandled error')).toBe(true);
  });

  it('a request DynamoDB refuses as malformed (our bug) stays a 500, an unhandled failed condition too', async () => {
    for (const error of [
      serviceError((o) => new DynamoDBServiceException({ ...o, name: 'ValidationException', $fault: 'client' }), 400),
      serviceError((o) => new ConditionalCheckFailedException(o), 400),
    ]) {
      const response = await appThrowing(async () => {
        throw error;
      }).app.request('/x');
      expect(response.status).toBe(500);
    }
  });

  it("the client's mistake stays a 4xx even when its cause was an outage", async () => {
    const response = await appThrowing(async () => {
      throw new NotFoundError('No such thing.', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) });
    }).app.request('/x');
    expect(response.status).toBe(404);
  });
});
