import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AdminListGroupsForUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOperator, optionsFromArgs } from '../../../scripts/operator-create';
import { client, testPlatform, type TestPlatform } from '../../support/platform';

/** `npm run operator:create`, pointed at cognito-local instead of an AWS pool. */
let p: TestPlatform;
beforeAll(async () => {
  p = await testPlatform({ realTokens: true });
});

describe('operator:create', () => {
  it('makes an operator with a temporary password, who signs in on the platform and nowhere else', async () => {
    const run = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/operator-create.ts',
        '--env',
        'dev',
        '--email',
        'First.Ops@Example.com',
        '--name',
        'First Ops',
        '--user-pool-id',
        p.cognito.pool.userPoolId,
        '--endpoint',
        p.cognito.endpoint,
      ],
      { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', SIGNUP_TICKET_SECRET: p.cognito.signUpTicketSecret } },
    );
    const temporary = /Temporary password[^:]*: (\S+)/.exec(run.stdout)?.[1];
    expect(temporary, run.stdout + run.stderr).toEqual(expect.any(String));
    const groups = await p.cognito.client.send(
      new AdminListGroupsForUserCommand({ UserPoolId: p.cognito.pool.userPoolId, Username: 'platform:first.ops@example.com' }),
    );
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['operator']);

    const api = client(p.app, 'platform.test');
    const first = await api('POST', '/platform/auth/login', { email: 'first.ops@example.com', password: temporary });
    expect(first.body.challenge).toBe('NEW_PASSWORD_REQUIRED');
    // A store's sign-in does not know the operator.
    expect((await client(p.app, 'alpha.test')('POST', '/auth/login', { email: 'first.ops@example.com', password: temporary })).status).toBe(401);
  });

  it('refuses to make the same operator twice', async () => {
    const options = {
      region: 'us-east-1',
      userPoolId: p.cognito.pool.userPoolId,
      endpoint: p.cognito.endpoint,
      email: 'twice@example.com',
      name: 'Twice',
      ticketSecret: p.cognito.signUpTicketSecret,
    };
    await createOperator(options);
    await expect(createOperator(options)).rejects.toThrow(/already exists/);
  });

  it('says what is missing rather than guessing', () => {
    const none = () => undefined;
    expect(() => optionsFromArgs(['--email', 'a@b.io'], {}, none)).toThrow(/usage/);
    expect(() => optionsFromArgs(['--env', 'nope', '--email', 'a@b.io'], {}, none)).toThrow(/usage/);
    expect(() => optionsFromArgs(['--env', 'prod', '--email', 'a@b.io'], {}, none)).toThrow(/user pool id/);
    expect(() => optionsFromArgs(['--env', 'prod', '--email', 'a@b.io'], {}, () => 'eu-west-1_abc')).toThrow(/SIGNUP_TICKET_SECRET/);
    expect(optionsFromArgs(['--env', 'prod', '--email', 'a@b.io'], { SIGNUP_TICKET_SECRET: 's'.repeat(40) }, () => 'eu-west-1_abc')).toEqual({
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_abc',
      email: 'a@b.io',
      name: 'a@b.io',
      ticketSecret: 's'.repeat(40),
      endpoint: undefined,
    });
  });
});
