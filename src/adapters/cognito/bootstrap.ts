import {
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  AddCustomAttributesCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { RoleSchema } from '../../identity/roles';

export type UserPoolInfo = { userPoolId: string; clientId: string; issuer: string; jwksUri: string };

/**
 * For local runs and tests only (on AWS the stack owns the pool): finds or creates the user pool
 * with the immutable `custom:tenantId` attribute, its app client and the role groups. Idempotent,
 * so a restart on kept cognito-local data reuses what is there. `issuerBase` must be the address
 * cognito-local was started with (`http://<HOST>:<PORT>`): it puts exactly that in `iss`.
 */
export async function ensureUserPool(
  client: CognitoIdentityProviderClient,
  options: { poolName: string; clientName: string; issuerBase: string },
): Promise<UserPoolInfo> {
  const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((pool) => pool.Name === options.poolName)?.Id;
  if (!userPoolId) {
    const created = await client.send(
      new CreateUserPoolCommand({
        PoolName: options.poolName,
        UsernameAttributes: [],
        Schema: [
          { Name: 'tenantId', AttributeDataType: 'String', Mutable: false },
          // A customer's group (src/groups/): changed by the API with AdminUpdateUserAttributes.
          { Name: 'priceGroup', AttributeDataType: 'String', Mutable: true },
        ],
        // As the stacks' pool: TOTP offered to all (the API requires it of admins and operators).
        MfaConfiguration: 'OPTIONAL',
        Policies: { PasswordPolicy: { MinimumLength: 12, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: false } },
      }),
    );
    userPoolId = created.UserPool!.Id!;
  } else {
    // A pool kept from before customer groups: it gains the attribute (custom attributes can be added, never removed).
    const described = await client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
    const attributes = described?.UserPool?.SchemaAttributes;
    if (attributes && !attributes.some((a) => a.Name === 'custom:priceGroup')) {
      await client.send(
        new AddCustomAttributesCommand({ UserPoolId: userPoolId, CustomAttributes: [{ Name: 'priceGroup', AttributeDataType: 'String', Mutable: true }] }),
      );
    }
  }

  const clients = await client.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  let clientId = clients.UserPoolClients?.find((c) => c.ClientName === options.clientName)?.ClientId;
  if (!clientId) {
    const created = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: options.clientName,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        EnableTokenRevocation: true,
        PreventUserExistenceErrors: 'ENABLED',
        IdTokenValidity: 60,
        AccessTokenValidity: 60,
        TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes' },
        ReadAttributes: ['email', 'email_verified', 'name', 'custom:tenantId', 'custom:priceGroup'],
        // Real Cognito refuses a SignUp that sets an attribute the client cannot write ("A client
        // attempted to write unauthorized attribute"), so the tenant must be listed here; being
        // immutable, it can be written at sign-up only, never changed afterwards.
        // The CDKTF stack's client lists the same. Never `custom:priceGroup`: a customer holding
        // their own access token must not be able to put themselves in the wholesale group.
        WriteAttributes: ['email', 'name', 'custom:tenantId'],
      }),
    );
    clientId = created.UserPoolClient!.ClientId!;
  }

  const groups = await client.send(new ListGroupsCommand({ UserPoolId: userPoolId }));
  const existing = new Set((groups.Groups ?? []).map((g) => g.GroupName));
  for (const group of RoleSchema.options) {
    if (!existing.has(group)) await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
  }

  const issuer = `${options.issuerBase}/${userPoolId}`;
  return { userPoolId, clientId, issuer, jwksUri: `${issuer}/.well-known/jwks.json` };
}
