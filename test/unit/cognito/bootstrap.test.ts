import {
  AddCustomAttributesCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ensureUserPool } from '../../../src/adapters/cognito/bootstrap';

const cognito = mockClient(CognitoIdentityProviderClient);
const client = new CognitoIdentityProviderClient({ region: 'us-east-1' });

describe('local user pool bootstrap', () => {
  beforeEach(() => cognito.reset());

  it('creates the pool with an immutable tenant attribute, the client and the five groups', async () => {
    cognito
      .on(ListUserPoolsCommand)
      .resolves({ UserPools: [] })
      .on(CreateUserPoolCommand)
      .resolves({ UserPool: { Id: 'local_1' } })
      .on(ListUserPoolClientsCommand)
      .resolves({ UserPoolClients: [] })
      .on(CreateUserPoolClientCommand)
      .resolves({ UserPoolClient: { ClientId: 'c1' } })
      .on(ListGroupsCommand)
      .resolves({ Groups: [{ GroupName: 'admin' }] })
      .on(CreateGroupCommand)
      .resolves({});
    const info = await ensureUserPool(client, { poolName: 'p', clientName: 'web', issuerBase: 'http://127.0.0.1:9229' });
    expect(info).toEqual({
      userPoolId: 'local_1',
      clientId: 'c1',
      issuer: 'http://127.0.0.1:9229/local_1',
      jwksUri: 'http://127.0.0.1:9229/local_1/.well-known/jwks.json',
    });
    expect(cognito.commandCalls(CreateUserPoolCommand)[0]!.args[0].input).toMatchObject({
      PoolName: 'p',
      UsernameAttributes: [],
      Schema: [
        { Name: 'tenantId', AttributeDataType: 'String', Mutable: false },
        { Name: 'priceGroup', AttributeDataType: 'String', Mutable: true },
      ],
    });
    expect(cognito.commandCalls(CreateUserPoolClientCommand)[0]!.args[0].input).toMatchObject({
      UserPoolId: 'local_1',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
      // SignUp sets custom:tenantId, which real Cognito allows only for attributes the client may write.
      WriteAttributes: ['email', 'name', 'custom:tenantId'],
      // The customer group is read into tokens, and written by the API alone (AdminUpdateUserAttributes).
      ReadAttributes: ['email', 'email_verified', 'name', 'custom:tenantId', 'custom:priceGroup'],
    });
    expect(cognito.commandCalls(CreateUserPoolClientCommand)[0]!.args[0].input).not.toHaveProperty('GenerateSecret', true);
    expect(cognito.commandCalls(CreateUserPoolCommand)[0]!.args[0].input.Policies?.PasswordPolicy).toEqual({
      MinimumLength: 12,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: false,
    });
    expect(cognito.commandCalls(CreateUserPoolCommand)[0]!.args[0].input.MfaConfiguration).toBe('OPTIONAL');
    expect(cognito.commandCalls(CreateGroupCommand).map((c) => c.args[0].input.GroupName)).toEqual(['customer', 'clerk', 'support', 'operator']);
  });

  it('reuses what exists, so a restart on kept data changes nothing', async () => {
    cognito
      .on(ListUserPoolsCommand)
      .resolves({ UserPools: [{ Name: 'p', Id: 'local_1' }] })
      .on(ListUserPoolClientsCommand)
      .resolves({ UserPoolClients: [{ ClientName: 'web', ClientId: 'c1' }] })
      .on(ListGroupsCommand)
      .resolves({ Groups: ['customer', 'clerk', 'admin', 'support', 'operator'].map((GroupName) => ({ GroupName })) })
      .on(DescribeUserPoolCommand)
      .resolves({ UserPool: { SchemaAttributes: [{ Name: 'custom:tenantId' }, { Name: 'custom:priceGroup' }] } });
    await ensureUserPool(client, { poolName: 'p', clientName: 'web', issuerBase: 'http://x' });
    expect(cognito.commandCalls(AddCustomAttributesCommand)).toHaveLength(0);
    expect(cognito.commandCalls(CreateUserPoolCommand)).toHaveLength(0);
    expect(cognito.commandCalls(CreateUserPoolClientCommand)).toHaveLength(0);
    expect(cognito.commandCalls(CreateGroupCommand)).toHaveLength(0);
  });

  it('adds the customer-group attribute to a pool kept from before it', async () => {
    cognito
      .on(ListUserPoolsCommand)
      .resolves({ UserPools: [{ Name: 'p', Id: 'local_1' }] })
      .on(DescribeUserPoolCommand)
      .resolves({ UserPool: { SchemaAttributes: [{ Name: 'custom:tenantId' }] } })
      .on(AddCustomAttributesCommand)
      .resolves({})
      .on(ListUserPoolClientsCommand)
      .resolves({ UserPoolClients: [{ ClientName: 'web', ClientId: 'c1' }] })
      .on(ListGroupsCommand)
      .resolves({ Groups: [] });
    await ensureUserPool(client, { poolName: 'p', clientName: 'web', issuerBase: 'http://x' });
    expect(cognito.commandCalls(AddCustomAttributesCommand)[0]!.args[0].input).toEqual({
      UserPoolId: 'local_1',
      CustomAttributes: [{ Name: 'priceGroup', AttributeDataType: 'String', Mutable: true }],
    });
  });
});
