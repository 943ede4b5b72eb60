import { Writable } from 'node:stream';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { emfRequestMetrics } from '../../../src/adapters/cloudwatch/emf-metrics';
import { createPlatform } from '../../../src/platform';
import { createLogger } from '../../../src/shared/logger';
import { tokenFor } from '../../support/fake-verifier';
import { testPlatform } from '../../support/platform';

type Line = Record<string, unknown>;

/** The app as the Lambda entry point runs it, every log and EMF line captured. */
async function lambdaApp(options: { perStore?: boolean } = {}) {
  const p = await testPlatform();
  const logs: Line[] = [];
  const emf: Line[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  // The bucket down: a readiness check warns while the request runs (the line names no Lambda id itself).
  const platform = createPlatform({
    ...p.options,
    readinessProbes: { bucket: async () => Promise.reject(new Error('bucket unreachable')) },
    readinessCacheMs: 0,
    logger: createLogger({ level: 'debug', name: 'catalog-api', destination: sink }),
    metrics: emfRequestMetrics({
      namespace: 'CatalogPlatform',
      service: 'catalog-api-test',
      perStore: options.perStore ?? true,
      write: (line) => emf.push(JSON.parse(line)),
    }),
  });
  return { handler: handle(platform.app), logs, emf };
}

function apiGatewayEvent(method: string, path: string, headers: Record<string, string>, apiGatewayRequestId: string, body?: unknown): LambdaEvent {
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
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'test' },
      requestId: apiGatewayRequestId,
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      authentication: null,
      authorizer: {},
    },
    isBase64Encoded: false,
    body: body ? JSON.stringify(body) : null,
  } as LambdaEvent;
}

const lambdaContext = (awsRequestId: string) =>
  ({ awsRequestId, functionName: 'catalog-api', callbackWaitsForEmptyEventLoop: true }) as unknown as LambdaContext;

describe('one Lambda invocation, its log lines', () => {
  let app: Awaited<ReturnType<typeof lambdaApp>>;
  beforeAll(async () => {
    app = await lambdaApp();
  });

  it('carry our request id, the Lambda request id and API Gateway’s on every line, a service’s warning included', async () => {
    const before = app.logs.length;
    const awsRequestId = `lambda-${crypto.randomUUID()}`;
    const apiGatewayRequestId = `apigw-${crypto.randomUUID()}`;
    const response = await app.handler(
      apiGatewayEvent('POST', '/admin/products', { host: 'alpha.test', authorization: `Bearer ${tokenFor('admin', 'alpha')}` }, apiGatewayRequestId, {
        name: 'Traced Boot',
        sku: 'TRACE-1',
        price: { amount: 100, currency: 'EUR' },
        status: 'active',
        stock: 1,
      }),
      lambdaContext(awsRequestId),
    );
    expect(response.statusCode).toBe(201);
    const requestId = response.headers?.['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    // Everything logged while this one invocation ran (nothing else runs meanwhile).
    const lines = app.logs.slice(before);
    expect(lines.map((l) => l.msg)).toContain('request');
    for (const line of lines) expect(line, String(line.msg)).toMatchObject({ requestId, awsRequestId, apiGatewayRequestId });

    // A warning logged while a request runs carries them too, though its code names none of the Lambda ids.
    const mark = app.logs.length;
    const ready = await app.handler(apiGatewayEvent('GET', '/health/ready', { host: 'alpha.test' }, 'apigw-ready'), lambdaContext('lambda-ready'));
    expect(ready.statusCode).toBe(503);
    const during = app.logs.slice(mark);
    expect(during.map((l) => l.msg)).toEqual(expect.arrayContaining(['not ready', 'request']));
    for (const line of during)
      expect(line, String(line.msg)).toMatchObject({
        requestId: ready.headers?.['x-request-id'],
        awsRequestId: 'lambda-ready',
        apiGatewayRequestId: 'apigw-ready',
      });
  });

  it('keeps a client-sent X-Request-Id apart: it is never our id', async () => {
    const response = await app.handler(
      apiGatewayEvent('GET', '/products', { host: 'alpha.test', 'x-request-id': 'client-chosen-1' }, 'apigw-2'),
      lambdaContext('lambda-2'),
    );
    expect(response.statusCode).toBe(200);
    const requestId = response.headers?.['x-request-id'];
    expect(requestId).not.toBe('client-chosen-1');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const access = app.logs.filter((l) => l.msg === 'request' && l.awsRequestId === 'lambda-2');
    expect(access).toEqual([expect.objectContaining({ requestId, clientRequestId: 'client-chosen-1', apiGatewayRequestId: 'apigw-2', status: 200 })]);
    // Two requests sending the same header still get two ids.
    const again = await app.handler(
      apiGatewayEvent('GET', '/products', { host: 'alpha.test', 'x-request-id': 'client-chosen-1' }, 'apigw-3'),
      lambdaContext('lambda-3'),
    );
    expect(again.headers?.['x-request-id']).not.toBe(requestId);
  });

  it('drops a client id that is not a short printable token rather than log it', async () => {
    const response = await app.handler(
      apiGatewayEvent('GET', '/products', { host: 'alpha.test', 'x-request-id': 'x'.repeat(300) }, 'apigw-4'),
      lambdaContext('lambda-4'),
    );
    expect(response.statusCode).toBe(200);
    const access = app.logs.find((l) => l.msg === 'request' && l.awsRequestId === 'lambda-4');
    expect(access).toBeDefined();
    expect(access).not.toHaveProperty('clientRequestId');
  });
});

describe('per-store metrics (CloudWatch EMF)', () => {
  it('write one EMF line per request with the store, the route and the three metrics', async () => {
    const app = await lambdaApp();
    const ok = await app.handler(apiGatewayEvent('GET', '/products', { host: 'beta.test' }, 'apigw-m1'), lambdaContext('lambda-m1'));
    const missing = await app.handler(apiGatewayEvent('GET', '/products/not-there', { host: 'beta.test' }, 'apigw-m2'), lambdaContext('lambda-m2'));
    expect([ok.statusCode, missing.statusCode]).toEqual([200, 404]);
    const line = app.emf.find((l) => l.awsRequestId === 'lambda-m1');
    expect(line).toMatchObject({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          {
            Namespace: 'CatalogPlatform',
            Dimensions: expect.arrayContaining([
              ['service', 'store'],
              ['service', 'route'],
            ]),
            Metrics: [
              { Name: 'Requests', Unit: 'Count' },
              { Name: 'Errors', Unit: 'Count' },
              { Name: 'Latency', Unit: 'Milliseconds' },
            ],
          },
        ],
      },
      service: 'catalog-api-test',
      store: 'beta',
      route: 'GET /products',
      status: 200,
      statusClass: '2xx',
      Requests: 1,
      Errors: 0,
      Latency: expect.any(Number),
      requestId: ok.headers?.['x-request-id'],
      apiGatewayRequestId: 'apigw-m1',
    });
    // EMF: every dimension named must be a member of the line.
    const dims = (line!._aws as { CloudWatchMetrics: { Dimensions: string[][] }[] }).CloudWatchMetrics[0]!.Dimensions.flat();
    for (const d of dims) expect(line, d).toHaveProperty(d);
    expect(app.emf.find((l) => l.awsRequestId === 'lambda-m2')).toMatchObject({
      store: 'beta',
      route: 'GET /products/:id',
      status: 404,
      statusClass: '4xx',
      Errors: 0,
    });
  });

  it('keep the store as a property only when per-store metrics are off', async () => {
    const app = await lambdaApp({ perStore: false });
    await app.handler(apiGatewayEvent('GET', '/products', { host: 'gamma.test' }, 'apigw-m3'), lambdaContext('lambda-m3'));
    const line = app.emf.find((l) => l.awsRequestId === 'lambda-m3');
    expect(line).toMatchObject({ store: 'gamma', Requests: 1 });
    const dims = (line!._aws as { CloudWatchMetrics: { Dimensions: string[][] }[] }).CloudWatchMetrics[0]!.Dimensions;
    expect(dims.flat()).not.toContain('store');
  });
});
