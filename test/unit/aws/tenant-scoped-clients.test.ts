import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { tenantScopedClientProvider, tenantScopedClients, tenantScopedS3ClientProvider } from '../../../src/adapters/aws/tenant-scoped-clients';
import { tenantContext } from '../../../src/tenants/tenant';

const ROLE = 'arn:aws:iam::123456789012:role/catalog-dev-tenant-data';
const sts = mockClient(STSClient);
const acme = tenantContext({ id: 'acme', name: 'Acme', tier: 'basic', status: 'active' });
const globex = tenantContext({ id: 'globex', name: 'Globex', tier: 'premium', status: 'active' });

/** STS answers with credentials valid for an hour from the test clock, named after the clock. */
let clock = 0;
const now = () => clock;
const issue = () => ({
  Credentials: { AccessKeyId: `AKIA${clock}`, SecretAccessKey: 'secret', SessionToken: `token-${clock}`, Expiration: new Date(clock + 3_600_000) },
});
const keyOf = async (client: DynamoDBDocumentClient | S3Client) => {
  const credentials = client.config.credentials as () => Promise<{ accessKeyId: string; sessionToken?: string }>;
  return (await credentials()).accessKeyId;
};
const assumeCalls = () => sts.commandCalls(AssumeRoleCommand);

describe('tenant-scoped clients (token vending machine)', () => {
  beforeEach(() => {
    sts.reset();
    clock = 1_000_000;
    sts.on(AssumeRoleCommand).callsFake(async () => issue());
  });

  it('assumes the tenant role with the tenantId session tag and signs with what STS returned', async () => {
    const provider = tenantScopedClientProvider({ roleArn: ROLE, region: 'eu-west-1', now });
    const client = await provider(acme);
    expect(assumeCalls()).toHaveLength(1);
    expect(assumeCalls()[0]!.args[0].input).toEqual({
      RoleArn: ROLE,
      RoleSessionName: 'tenant-acme',
      DurationSeconds: 3600,
      Tags: [{ Key: 'tenantId', Value: 'acme' }],
    });
    expect(await keyOf(client)).toBe('AKIA1000000');
    expect(await client.config.region()).toBe('eu-west-1');
  });

  it('keeps one client per tenant while the credentials last', async () => {
    const provider = tenantScopedClientProvider({ roleArn: ROLE, region: 'eu-west-1', sts: new STSClient({ region: 'eu-west-1' }), now });
    const first = await provider(acme);
    clock += 30 * 60_000;
    expect(await provider(acme)).toBe(first);
    const other = await provider(globex);
    expect(other).not.toBe(first);
    expect(assumeCalls().map((c) => c.args[0].input.Tags)).toEqual([[{ Key: 'tenantId', Value: 'acme' }], [{ Key: 'tenantId', Value: 'globex' }]]);
  });

  it('renews the credentials and the client five minutes before they expire', async () => {
    const provider = tenantScopedClientProvider({ roleArn: ROLE, region: 'eu-west-1', now });
    const first = await provider(acme);
    clock += 54 * 60_000; // six minutes left: still good
    expect(await provider(acme)).toBe(first);
    expect(assumeCalls()).toHaveLength(1);
    clock += 2 * 60_000; // four minutes left: renew
    const renewed = await provider(acme);
    expect(assumeCalls()).toHaveLength(2);
    expect(renewed).not.toBe(first);
    expect(await keyOf(renewed)).toBe(`AKIA${clock}`);
    expect(await provider(acme)).toBe(renewed);
  });

  it('makes one AssumeRole call for many concurrent first requests of a tenant', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    sts.on(AssumeRoleCommand).callsFake(async () => {
      await gate;
      return issue();
    });
    const provider = tenantScopedClientProvider({ roleArn: ROLE, region: 'eu-west-1', now });
    const pending = Array.from({ length: 25 }, () => provider(acme));
    release();
    const clients = await Promise.all(pending);
    expect(assumeCalls()).toHaveLength(1);
    expect(new Set(clients).size).toBe(1);
  });

  it('does not cache a failed AssumeRole', async () => {
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(new Error('Rate exceeded'))
      .callsFake(async () => issue());
    const provider = tenantScopedClientProvider({ roleArn: ROLE, region: 'eu-west-1', now });
    await expect(provider(acme)).rejects.toThrow('Rate exceeded');
    expect(await keyOf(await provider(acme))).toBe('AKIA1000000');
    expect(assumeCalls()).toHaveLength(2);
  });

  it('gives S3 clients signed with the tenant credentials, sharing the cache with DynamoDB', async () => {
    const { dynamo, s3 } = tenantScopedClients({ roleArn: ROLE, region: 'eu-west-1', now });
    const [table, bucket] = await Promise.all([dynamo(acme), s3(acme)]);
    expect(assumeCalls()).toHaveLength(1);
    expect(await keyOf(table)).toBe('AKIA1000000');
    expect(await keyOf(bucket.client)).toBe('AKIA1000000');
    // Presigning needs to know when the signer's credentials end.
    expect(bucket.expiresAt).toEqual(new Date(1_000_000 + 3_600_000));
    expect(await s3(acme)).toBe(bucket);

    const alone = tenantScopedS3ClientProvider({ roleArn: ROLE, region: 'eu-west-1', now });
    await alone(globex);
    expect(assumeCalls().at(-1)!.args[0].input).toMatchObject({ RoleSessionName: 'tenant-globex', Tags: [{ Key: 'tenantId', Value: 'globex' }] });
  });
});
