import { describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../src/adapters/dynamodb/client';
import { createCognitoClient } from '../../../src/adapters/cognito/client';
import { createS3Client } from '../../../src/adapters/s3/media-store';
import { createEventBridgeClient } from '../../../src/adapters/eventbridge/publisher';
import { createSesClient } from '../../../src/adapters/ses/email-sender';
import { createStsClient, tenantScopedClients } from '../../../src/adapters/aws/tenant-scoped-clients';
import { TIME_BUDGETS, worstCaseMs, type Dependency } from '../../../src/adapters/aws/client-settings';
import { JWKS_TIMEOUT_MS } from '../../../src/adapters/jwt/cognito-verifier';
import { tenantContext } from '../../../src/tenants/tenant';
import { envNamed, named, synth } from '../../stacks/synth';

type Configured = { config: { requestHandler: unknown; maxAttempts: () => Promise<number>; retryStrategy: () => Promise<{ mode?: string }> } };

/** What a client will actually do: its handler's timeouts and its retry strategy, as the SDK resolved them. */
async function settingsOf(client: unknown) {
  const { config } = client as Configured;
  const handler = await (
    config.requestHandler as { configProvider: Promise<{ connectionTimeout?: number; requestTimeout?: number; throwOnRequestTimeout?: boolean }> }
  ).configProvider;
  return {
    connectionTimeout: handler.connectionTimeout,
    requestTimeout: handler.requestTimeout,
    throwOnRequestTimeout: handler.throwOnRequestTimeout,
    maxAttempts: await config.maxAttempts(),
    mode: (await config.retryStrategy()).mode,
  };
}

const expected = (d: Dependency) => ({
  connectionTimeout: TIME_BUDGETS[d].connectionTimeoutMs,
  requestTimeout: TIME_BUDGETS[d].requestTimeoutMs,
  throwOnRequestTimeout: true,
  maxAttempts: TIME_BUDGETS[d].maxAttempts,
  mode: 'standard',
});

describe('every SDK client carries its time budget', () => {
  it('DynamoDB, Cognito, S3, EventBridge and SES from their factories', async () => {
    expect(await settingsOf(createSesClient({ region: 'eu-west-1' }))).toEqual(expected('ses'));
    expect(await settingsOf(createDocumentClient({ region: 'eu-west-1' }))).toEqual(expected('dynamodb'));
    expect(await settingsOf(createCognitoClient({ region: 'eu-west-1' }))).toEqual(expected('cognito'));
    expect(await settingsOf(createS3Client({ region: 'eu-west-1' }))).toEqual(expected('s3'));
    expect(await settingsOf(createEventBridgeClient({ region: 'eu-west-1' }))).toEqual(expected('eventbridge'));
  });

  it('the tenant-scoped DynamoDB and S3 clients, and STS behind them', async () => {
    const sts = {
      send: async () => ({ Credentials: { AccessKeyId: 'a', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } }),
    };
    const clients = tenantScopedClients({ roleArn: 'arn:aws:iam::1:role/r', region: 'eu-west-1', sts: sts as never });
    const tenant = tenantContext({ id: 'acme', name: 'Acme', tier: 'basic', status: 'active' });
    expect(await settingsOf(await clients.dynamo(tenant))).toEqual(expected('dynamodb'));
    expect(await settingsOf((await clients.s3(tenant)).client)).toEqual(expected('s3'));
    expect(await settingsOf(createStsClient('eu-west-1'))).toEqual(expected('sts'));
  });

  it('a test may shrink a budget', async () => {
    expect(await settingsOf(createDocumentClient({ region: 'eu-west-1', budget: { requestTimeoutMs: 150, maxAttempts: 1 } }))).toMatchObject({
      requestTimeout: 150,
      maxAttempts: 1,
    });
  });

  it("each worst case ends inside the API function's timeout with room to answer", () => {
    const timeoutMs = named(synth(envNamed('prod')), 'aws_lambda_function', 'api-function').timeout * 1000;
    expect(timeoutMs).toBe(10_000);
    for (const budget of Object.values(TIME_BUDGETS)) expect(worstCaseMs(budget)).toBeLessThanOrEqual(timeoutMs - 3_000);
    expect(JWKS_TIMEOUT_MS).toBeLessThanOrEqual(timeoutMs - 3_000);
  });
});
