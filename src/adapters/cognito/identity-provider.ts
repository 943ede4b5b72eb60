import { randomInt } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Tokens } from '../../identity/account';
import type { IdentityProvider } from '../../identity/provider';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError, UnauthorizedError, ValidationError } from '../../shared/errors';

/** Cognito's exceptions, as the platform's errors. Anything unknown is ours: rethrown. */
export function mapCognitoError(error: unknown, context: 'login' | 'admin' | 'signup' = 'admin'): unknown {
  const name = error instanceof Error ? error.name : '';
  switch (name) {
    case 'UsernameExistsException':
      return new ConflictError('An account with this email already exists in this store.', { extra: { field: 'email' } });
    case 'InvalidPasswordException':
      // cognito-local reports a wrong password this way; real Cognito uses it for policy failures.
      return context === 'login' ? new UnauthorizedError('Wrong email or password.') : new ValidationError('The password is too weak.', [{ path: 'password', message: 'does not meet the password policy' }]);
    case 'NotAuthorizedException':
      return new UnauthorizedError(context === 'login' ? 'Wrong email or password.' : 'Not authorised by the identity provider.');
    case 'UserNotFoundException':
      return context === 'login' ? new UnauthorizedError('Wrong email or password.') : new NotFoundError('No such user in this store.');
    case 'UserNotConfirmedException':
      return new ForbiddenError('Confirm your account with the code we sent before signing in.');
    case 'CodeMismatchException':
    case 'ExpiredCodeException':
      return new BadRequestError('The confirmation code is wrong or has expired.');
    case 'InvalidParameterException':
      return new BadRequestError('The identity provider refused the request.');
    case 'TooManyRequestsException':
    case 'LimitExceededException':
    case 'TooManyFailedAttemptsException':
      return new TooManyRequestsError('Too many attempts; wait a moment and try again.');
    default:
      return error;
  }
}

const tokens = (result: AuthenticationResultType | undefined): Tokens => {
  if (!result?.IdToken || !result.AccessToken) throw new UnauthorizedError('The identity provider returned no tokens.');
  return { idToken: result.IdToken, accessToken: result.AccessToken, refreshToken: result.RefreshToken, expiresIn: result.ExpiresIn ?? 3600 };
};

/** A temporary password that satisfies the pool policy (upper, lower, digit, symbol, 16 chars). */
export function temporaryPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=?'];
  const all = sets.join('');
  const chars = sets.map((set) => set[randomInt(set.length)]!);
  while (chars.length < 16) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

const ROLE_GROUPS = ['customer', 'clerk', 'admin', 'operator'];

export function cognitoIdentityProvider(options: { client: CognitoIdentityProviderClient; userPoolId: string; clientId: string }): IdentityProvider {
  const { client, userPoolId, clientId } = options;
  const call = async <T>(context: 'login' | 'admin' | 'signup', work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw mapCognitoError(error, context);
    }
  };

  return {
    signUp: ({ username, email, password, name, tenantId }) =>
      call('signup', async () => {
        const result = await client.send(
          new SignUpCommand({
            ClientId: clientId,
            Username: username,
            Password: password,
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'custom:tenantId', Value: tenantId },
              ...(name ? [{ Name: 'name', Value: name }] : []),
            ],
          }),
        );
        return { userId: result.UserSub! };
      }),

    confirmSignUp: (username, code) =>
      call('signup', async () => {
        await client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: code }));
      }),

    adminConfirm: (username) =>
      call('admin', async () => {
        await client.send(new AdminConfirmSignUpCommand({ UserPoolId: userPoolId, Username: username }));
      }),

    logIn: (username, password) =>
      call('login', async () => {
        const result = await client.send(
          new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
        );
        if (result.ChallengeName === 'NEW_PASSWORD_REQUIRED' && result.Session) return { kind: 'new-password-required' as const, session: result.Session };
        if (result.ChallengeName) throw new UnauthorizedError(`Sign-in needs a step this API does not offer (${result.ChallengeName}).`);
        return { kind: 'tokens' as const, ...tokens(result.AuthenticationResult) };
      }),

    completeNewPassword: (username, session, newPassword) =>
      call('login', async () => {
        const result = await client.send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: 'NEW_PASSWORD_REQUIRED',
            Session: session,
            ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
          }),
        );
        return tokens(result.AuthenticationResult);
      }),

    refresh: (refreshToken) =>
      call('login', async () => {
        const result = await client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }));
        return tokens(result.AuthenticationResult);
      }),

    revoke: (refreshToken) =>
      call('login', async () => {
        await client.send(new RevokeTokenCommand({ ClientId: clientId, Token: refreshToken }));
      }),

    createUser: ({ username, email, name, tenantId, password }) =>
      call('signup', async () => {
        const temporary = password ? undefined : temporaryPassword();
        const result = await client.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: username,
            TemporaryPassword: temporary ?? temporaryPassword(),
            // The platform hands the temporary password to whoever onboards the user.
            MessageAction: 'SUPPRESS',
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'name', Value: name },
              ...(tenantId ? [{ Name: 'custom:tenantId', Value: tenantId }] : []),
            ],
          }),
        );
        if (password) {
          await client.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: true }));
        }
        const userId = result.User?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? result.User?.Username ?? username;
        return { userId, temporaryPassword: temporary };
      }),

    setRole: (username, role) =>
      call('admin', async () => {
        const current = await client.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: username }));
        for (const group of current.Groups ?? []) {
          if (group.GroupName && group.GroupName !== role && ROLE_GROUPS.includes(group.GroupName)) {
            await client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: group.GroupName }));
          }
        }
        if (!(current.Groups ?? []).some((g) => g.GroupName === role)) {
          await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: role }));
        }
      }),

    deleteUser: (username) =>
      call('admin', async () => {
        try {
          // Ends the user's refresh tokens on real Cognito; cognito-local answers "Unsupported".
          await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: username }));
        } catch (error) {
          if (!(error instanceof Error) || !/Unsupported/i.test(error.name + error.message)) throw error;
        }
        await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username }));
      }),
  };
}
