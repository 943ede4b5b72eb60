import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { tenantCredentials } from '../../../src/adapters/aws/tenant-credentials';
import { tenantContext } from '../../../src/tenants/tenant';

const sts = mockClient(STSClient);
const acme = tenantContext({ id: 'acme', name: 'Acme', tier: 'basic', status: 'active' });
const globex = tenantContext({ id: 'globex', name: 'Globex', tier: 'basic', status: 'active' });
const expiring = (at: number) => ({ Credentials: { AccessKeyId: `AK${at}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(at) } });

describe('tenant credentials (token vending machine)', () => {
  beforeEach(() => sts.reset());

  it('assumes the tenant role tagged with the tenant id', async () => {
    sts.on(AssumeRoleCommand).resolves(expiring(3_600_000));
    const credentialsFor = tenantCredentials({ sts: new STSClient({ region: 'us-east-1' }), roleArn: 'arn:aws:iam::1:role/tenant', now: () => 0 });
    const credentials = await credentialsFor(acme);
    expect(credentials).toMatchObject({ accessKeyId: 'AK3600000', sessionToken: 't' });
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toEqual({
      RoleArn: 'arn:aws:iam::1:role/tenant',
      RoleSessionName: 'tenant-acme',
      DurationSeconds: 3600,
      Tags: [{ Key: 'tenantId', Value: 'acme' }],
    });
  });

  it('caches per tenant, shares one call among concurrent first requests, and renews before expiry', async () => {
    let clock = 0;
    sts.on(AssumeRoleCommand).callsFake(async () => expiring(clock + 3_600_000));
    const credentialsFor = tenantCredentials({ sts: new STSClient({ region: 'us-east-1' }), roleArn: 'arn:aws:iam::1:role/tenant', now: () => clock });
    await Promise.all(Array.from({ length: 20 }, () => credentialsFor(acme)));
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    await credentialsFor(globex);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    clock = 50 * 60_000;
    await credentialsFor(acme);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    clock = 56 * 60_000; // within five minutes of expiry
    const renewed = await credentialsFor(acme);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(3);
    expect(renewed.accessKeyId).toBe(`AK${clock + 3_600_000}`);
  });

  it('does not cache a failure', async () => {
    sts.on(AssumeRoleCommand).rejectsOnce(new Error('throttled')).resolves(expiring(3_600_000));
    const credentialsFor = tenantCredentials({ sts: new STSClient({ region: 'us-east-1' }), roleArn: 'arn:aws:iam::1:role/tenant', now: () => 0 });
    await expect(credentialsFor(acme)).rejects.toThrow('throttled');
    await expect(credentialsFor(acme)).resolves.toMatchObject({ accessKeyId: 'AK3600000' });
  });
});
