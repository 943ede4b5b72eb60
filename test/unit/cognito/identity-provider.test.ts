import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cognitoIdentityProvider, temporaryPassword } from '../../../src/adapters/cognito/identity-provider';
import { PasswordSchema } from '../../../src/identity/account';
import { usernameFor } from '../../../src/identity/provider';
import { checkSignUpTicket } from '../../../src/identity/sign-up-ticket';
import {
  BadRequestError,
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  UnauthorizedError,
  ValidationError,
} from '../../../src/shared/errors';
import { tenantContext } from '../../../src/tenants/tenant';
import * as v from 'valibot';

const cognito = mockClient(CognitoIdentityProviderClient);
const provider = cognitoIdentityProvider({ client: new CognitoIdentityProviderClient({ region: 'us-east-1' }), userPoolId: 'pool-1', clientId: 'client-1' });
const acme = tenantContext({ id: 'acme', name: 'Acme', tier: 'basic', status: 'active' });
const fail = (name: string) => Object.assign(new Error(name), { name });
const idClaims = { jti: 'jti-1', sub: 'sub-1', exp: 2_000_000_000, 'custom:tenantId': 'acme' };
const idToken = `h.${Buffer.from(JSON.stringify(idClaims)).toString('base64url')}.s`;
const authResult = { IdToken: idToken, AccessToken: 'access', RefreshToken: 'refresh', ExpiresIn: 900 };

describe('Cognito identity provider (commands sent)', () => {
  beforeEach(() => cognito.reset());

  it('sends SignUp and AdminCreateUser a sign-up ticket for exactly that username and email', async () => {
    const secret = 'a-test-secret-of-at-least-32-characters!';
    const ticketed = cognitoIdentityProvider({
      client: new CognitoIdentityProviderClient({ region: 'us-east-1' }),
      userPoolId: 'pool-1',
      clientId: 'client-1',
      signUpTicketSecret: secret,
    });
    cognito.on(SignUpCommand).resolves({ UserSub: 'sub-1' });
    cognito.on(AdminCreateUserCommand).resolves({ User: { Attributes: [{ Name: 'sub', Value: 'sub-2' }] } });
    await ticketed.signUp({ username: 'acme:jo@x.io', email: 'jo@x.io', password: 'Passw0rd-long', tenantId: 'acme' });
    await ticketed.createUser({ username: 'platform:op@x.io', email: 'op@x.io', name: 'Op' });
    const signUp = cognito.commandCalls(SignUpCommand)[0]!.args[0].input.ClientMetadata?.signUpTicket;
    const create = cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input.ClientMetadata?.signUpTicket;
    expect(checkSignUpTicket(secret, signUp, { username: 'acme:jo@x.io', email: 'jo@x.io' })).toEqual({ ok: true });
    expect(checkSignUpTicket(secret, create, { username: 'platform:op@x.io', email: 'op@x.io' })).toEqual({ ok: true });
  });

  it('composes usernames from the store, never from input', () => {
    expect(usernameFor(acme, 'Alice@Example.com')).toBe('acme:alice@example.com');
    expect(usernameFor('platform', 'ops@x.io')).toBe('platform:ops@x.io');
  });

  it('signs up with the store in custom:tenantId', async () => {
    cognito.on(SignUpCommand).resolves({ UserSub: 'sub-1', UserConfirmed: false });
    await expect(provider.signUp({ username: 'acme:a@x.io', email: 'a@x.io', password: 'Passw0rd!', name: 'A', tenantId: 'acme' })).resolves.toEqual({
      userId: 'sub-1',
    });
    expect(cognito.commandCalls(SignUpCommand)[0]!.args[0].input).toEqual({
      ClientId: 'client-1',
      Username: 'acme:a@x.io',
      Password: 'Passw0rd!',
      UserAttributes: [
        { Name: 'email', Value: 'a@x.io' },
        { Name: 'custom:tenantId', Value: 'acme' },
        { Name: 'name', Value: 'A' },
      ],
    });
  });

  it('confirms by code and by admin', async () => {
    cognito.on(ConfirmSignUpCommand).resolves({}).on(AdminConfirmSignUpCommand).resolves({});
    await provider.confirmSignUp('acme:a@x.io', '123456');
    await provider.adminConfirm('acme:a@x.io');
    expect(cognito.commandCalls(ConfirmSignUpCommand)[0]!.args[0].input).toEqual({ ClientId: 'client-1', Username: 'acme:a@x.io', ConfirmationCode: '123456' });
    expect(cognito.commandCalls(AdminConfirmSignUpCommand)[0]!.args[0].input).toEqual({ UserPoolId: 'pool-1', Username: 'acme:a@x.io' });
  });

  it('logs in with USER_PASSWORD_AUTH, and passes on the new-password challenge', async () => {
    cognito.on(InitiateAuthCommand).resolvesOnce({ AuthenticationResult: authResult }).resolvesOnce({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 's-1' });
    await expect(provider.logIn('acme:a@x.io', 'pw')).resolves.toEqual({
      kind: 'tokens',
      idToken,
      accessToken: 'access',
      refreshToken: 'refresh',
      expiresIn: 900,
      // What the platform records of the token it hands out (its session's link).
      issued: { tokenId: 'jti-1', userId: 'sub-1', tenantId: 'acme', expiresAt: 2_000_000_000 },
    });
    await expect(provider.logIn('acme:a@x.io', 'pw')).resolves.toEqual({ kind: 'new-password-required', session: 's-1' });
    expect(cognito.commandCalls(InitiateAuthCommand)[0]!.args[0].input).toEqual({
      ClientId: 'client-1',
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'acme:a@x.io', PASSWORD: 'pw' },
    });
  });

  it('answers the new-password challenge, refreshes and revokes', async () => {
    cognito
      .on(RespondToAuthChallengeCommand)
      .resolves({ AuthenticationResult: authResult })
      .on(InitiateAuthCommand)
      .resolves({ AuthenticationResult: { ...authResult, RefreshToken: undefined } })
      .on(RevokeTokenCommand)
      .resolves({});
    await provider.completeNewPassword('acme:a@x.io', 's-1', 'N3w-password');
    await provider.refresh('refresh');
    await provider.revoke('refresh');
    expect(cognito.commandCalls(RespondToAuthChallengeCommand)[0]!.args[0].input).toEqual({
      ClientId: 'client-1',
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: 's-1',
      ChallengeResponses: { USERNAME: 'acme:a@x.io', NEW_PASSWORD: 'N3w-password' },
    });
    expect(cognito.commandCalls(InitiateAuthCommand)[0]!.args[0].input).toEqual({
      ClientId: 'client-1',
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: 'refresh' },
    });
    expect(cognito.commandCalls(RevokeTokenCommand)[0]!.args[0].input).toEqual({ ClientId: 'client-1', Token: 'refresh' });
  });

  it('creates staff with a generated temporary password, or a permanent one for demo seeding', async () => {
    cognito
      .on(AdminCreateUserCommand)
      .resolves({ User: { Username: 'acme:c@x.io', Attributes: [{ Name: 'sub', Value: 'sub-2' }] } })
      .on(AdminSetUserPasswordCommand)
      .resolves({});
    const created = await provider.createUser({ username: 'acme:c@x.io', email: 'c@x.io', name: 'C', tenantId: 'acme' });
    expect(created.userId).toBe('sub-2');
    expect(v.is(PasswordSchema, created.temporaryPassword)).toBe(true);
    const input = cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ UserPoolId: 'pool-1', Username: 'acme:c@x.io', TemporaryPassword: created.temporaryPassword, MessageAction: 'SUPPRESS' });
    expect(input.UserAttributes).toContainEqual({ Name: 'custom:tenantId', Value: 'acme' });
    expect(cognito.commandCalls(AdminSetUserPasswordCommand)).toHaveLength(0);

    const seeded = await provider.createUser({ username: 'platform:o@x.io', email: 'o@x.io', name: 'O', password: 'Demo-Passw0rd' });
    expect(seeded.temporaryPassword).toBeUndefined();
    expect(cognito.commandCalls(AdminCreateUserCommand)[1]!.args[0].input.UserAttributes!.some((a) => a.Name === 'custom:tenantId')).toBe(false);
    expect(cognito.commandCalls(AdminSetUserPasswordCommand)[0]!.args[0].input).toEqual({
      UserPoolId: 'pool-1',
      Username: 'platform:o@x.io',
      Password: 'Demo-Passw0rd',
      Permanent: true,
    });
  });

  it('sets a role by leaving the other role groups and joining the new one', async () => {
    cognito
      .on(AdminListGroupsForUserCommand)
      .resolves({ Groups: [{ GroupName: 'customer' }, { GroupName: 'newsletter' }] })
      .on(AdminRemoveUserFromGroupCommand)
      .resolves({})
      .on(AdminAddUserToGroupCommand)
      .resolves({});
    await provider.setRole('acme:a@x.io', 'clerk');
    expect(cognito.commandCalls(AdminRemoveUserFromGroupCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: 'pool-1', Username: 'acme:a@x.io', GroupName: 'customer' },
    ]);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: 'pool-1', Username: 'acme:a@x.io', GroupName: 'clerk' },
    ]);
  });

  it('signs a removed user out everywhere before deleting', async () => {
    cognito.on(AdminUserGlobalSignOutCommand).resolves({}).on(AdminDeleteUserCommand).resolves({});
    await provider.deleteUser('acme:a@x.io');
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)[0]!.args[0].input).toEqual({ UserPoolId: 'pool-1', Username: 'acme:a@x.io' });
    expect(cognito.commandCalls(AdminDeleteUserCommand)[0]!.args[0].input).toEqual({ UserPoolId: 'pool-1', Username: 'acme:a@x.io' });
    cognito.on(AdminUserGlobalSignOutCommand).rejects(fail('InternalErrorException'));
    await expect(provider.deleteUser('acme:c@x.io')).rejects.toThrow('InternalErrorException');
    expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(1);
  });

  it('on cognito-local, which lacks global sign-out, says so once and deletes anyway', async () => {
    const warn = vi.fn();
    const local = cognitoIdentityProvider({
      client: new CognitoIdentityProviderClient({ region: 'us-east-1' }),
      userPoolId: 'pool-1',
      clientId: 'client-1',
      warn,
    });
    const unsupported = Object.assign(new Error('Cognito Local unsupported feature: Unsupported x-amz-target header "AdminUserGlobalSignOut"'), {
      name: 'Unsupported',
    });
    cognito.on(AdminUserGlobalSignOutCommand).rejects(unsupported).on(AdminDeleteUserCommand).resolves({});
    await local.deleteUser('acme:a@x.io');
    await local.deleteUser('acme:b@x.io');
    expect(cognito.commandCalls(AdminDeleteUserCommand).map((c) => c.args[0].input.Username)).toEqual(['acme:a@x.io', 'acme:b@x.io']);
    // Asked once; the second removal does not pay for the stand-in's retried 500s again.
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(1);
    // Something else called Unsupported is not the stand-in's answer: not tolerated.
    cognito.reset();
    cognito.on(AdminUserGlobalSignOutCommand).rejects(fail('Unsupported'));
    await expect(provider.deleteUser('acme:c@x.io')).rejects.toThrow('Unsupported');
    expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(0);
  });

  it('removes a seeded user again when its permanent password cannot be set', async () => {
    cognito
      .on(AdminCreateUserCommand)
      .resolves({ User: { Username: 'acme:c@x.io' } })
      .on(AdminSetUserPasswordCommand)
      .rejects(fail('InvalidPasswordException'))
      .on(AdminDeleteUserCommand)
      .resolves({});
    await expect(provider.createUser({ username: 'acme:c@x.io', email: 'c@x.io', name: 'C', tenantId: 'acme', password: 'weak' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(cognito.commandCalls(AdminDeleteUserCommand)[0]!.args[0].input).toEqual({ UserPoolId: 'pool-1', Username: 'acme:c@x.io' });
  });

  it('answers every failed confirmation alike, so it does not tell who has an account', async () => {
    const messages = new Set<string>();
    for (const name of ['CodeMismatchException', 'ExpiredCodeException', 'UserNotFoundException', 'NotAuthorizedException']) {
      cognito.reset();
      cognito.on(ConfirmSignUpCommand).rejects(fail(name));
      const error = await provider.confirmSignUp('acme:a@x.io', '123456').catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(BadRequestError);
      messages.add((error as Error).message);
    }
    expect(messages.size).toBe(1);
  });

  it('maps Cognito errors to clear client errors', async () => {
    const cases: [string, () => Promise<unknown>, unknown][] = [
      ['UsernameExistsException', () => provider.signUp({ username: 'u', email: 'e', password: 'p', tenantId: 'acme' }), ConflictError],
      ['InvalidPasswordException', () => provider.signUp({ username: 'u', email: 'e', password: 'p', tenantId: 'acme' }), ValidationError],
      ['InvalidPasswordException', () => provider.logIn('u', 'p'), UnauthorizedError],
      ['NotAuthorizedException', () => provider.logIn('u', 'p'), UnauthorizedError],
      ['UserNotFoundException', () => provider.logIn('u', 'p'), UnauthorizedError],
      ['UserNotConfirmedException', () => provider.logIn('u', 'p'), ForbiddenError],
      ['CodeMismatchException', () => provider.confirmSignUp('u', '000000'), BadRequestError],
      ['UserNotFoundException', () => provider.setRole('u', 'admin'), NotFoundError],
      ['TooManyRequestsException', () => provider.logIn('u', 'p'), TooManyRequestsError],
      ['LimitExceededException', () => provider.signUp({ username: 'u', email: 'e', password: 'p', tenantId: 'acme' }), TooManyRequestsError],
      ['PasswordResetRequiredException', () => provider.logIn('u', 'p'), ForbiddenError],
      ['NotAuthorizedException', () => provider.refresh('r'), UnauthorizedError],
      ['NotAuthorizedException', () => provider.revoke('r'), UnauthorizedError],
      ['ExpiredCodeException', () => provider.confirmSignUp('u', '000000'), BadRequestError],
      ['UsernameExistsException', () => provider.createUser({ username: 'u', email: 'e', name: 'n', tenantId: 'acme' }), ConflictError],
      ['UserNotFoundException', () => provider.deleteUser('u'), NotFoundError],
      ['UserNotFoundException', () => provider.adminConfirm('u'), NotFoundError],
      ['InvalidParameterException', () => provider.signUp({ username: 'u', email: 'e', password: 'p', tenantId: 'acme' }), BadRequestError],
    ];
    for (const [name, call, expected] of cases) {
      cognito.reset();
      cognito.onAnyCommand().rejects(fail(name));
      await expect(call(), name).rejects.toBeInstanceOf(expected);
    }
    cognito.reset();
    cognito.onAnyCommand().rejects(fail('NotAuthorizedException'));
    await expect(provider.refresh('r')).rejects.toThrow(/refresh token/);
    cognito.reset();
    cognito.onAnyCommand().rejects(fail('InternalErrorException'));
    await expect(provider.logIn('u', 'p')).rejects.toThrow('InternalErrorException');
  });

  it('treats a sign-up the pool refuses as our misconfiguration (500), not as the caller being unauthorised', async () => {
    // Real Cognito: "A client attempted to write unauthorized attribute" when the app client
    // cannot write custom:tenantId.
    cognito.on(SignUpCommand).rejects(fail('NotAuthorizedException'));
    const error = await provider.signUp({ username: 'acme:a@x.io', email: 'a@x.io', password: 'Passw0rd', tenantId: 'acme' }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(DomainError);
    expect((error as Error).name).toBe('NotAuthorizedException');
  });

  it('sets a customer’s group as custom:priceGroup, removes it for none, and maps an unknown user to 404', async () => {
    cognito.on(AdminUpdateUserAttributesCommand).resolves({}).on(AdminDeleteUserAttributesCommand).resolves({});
    await provider.setPriceGroup('acme:c@x.io', 'wholesale');
    expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)[0]!.args[0].input).toEqual({
      UserPoolId: 'pool-1',
      Username: 'acme:c@x.io',
      UserAttributes: [{ Name: 'custom:priceGroup', Value: 'wholesale' }],
    });
    await provider.setPriceGroup('acme:c@x.io', null);
    expect(cognito.commandCalls(AdminDeleteUserAttributesCommand)[0]!.args[0].input).toEqual({
      UserPoolId: 'pool-1',
      Username: 'acme:c@x.io',
      UserAttributeNames: ['custom:priceGroup'],
    });
    cognito.reset();
    cognito.onAnyCommand().rejects(fail('UserNotFoundException'));
    await expect(provider.setPriceGroup('acme:gone@x.io', 'wholesale')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('makes temporary passwords that meet the pool policy', () => {
    for (let i = 0; i < 200; i++) expect(v.is(PasswordSchema, temporaryPassword())).toBe(true);
  });
});
