import { randomInt } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  ConfirmForgotPasswordCommand,
  AssociateSoftwareTokenCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import * as v from 'valibot';
import type { IssuedIdToken, Tokens } from '../../identity/account';
import type { IdentityProvider } from '../../identity/provider';
import { issueSignUpTicket, TICKET_METADATA_KEY } from '../../identity/sign-up-ticket';
import { RoleSchema } from '../../identity/roles';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError, UnauthorizedError, ValidationError } from '../../shared/errors';

/** The customer's group (src/groups/): mutable, set by the API only (the app client cannot write it). */
export const PRICE_GROUP_ATTRIBUTE = 'custom:priceGroup';

type CallContext = 'login' | 'refresh' | 'signup' | 'confirm' | 'reset' | 'admin' | 'mfa';

/** Cognito's exceptions, as the platform's errors. Anything unknown is ours: rethrown (a logged 500). */
export function mapCognitoError(error: unknown, context: CallContext = 'admin'): unknown {
  const name = error instanceof Error ? error.name : '';
  // One answer for every failed confirmation, so the endpoint does not tell who has an account
  // (cognito-local answers NotAuthorized for an unknown user, Cognito for one already confirmed).
  if (context === 'confirm' && ['CodeMismatchException', 'ExpiredCodeException', 'UserNotFoundException', 'NotAuthorizedException'].includes(name)) {
    return new BadRequestError('The confirmation code is wrong or has expired, or the account is already confirmed.');
  }
  // Likewise for a password reset: a wrong code and an unknown account look the same.
  if (context === 'reset' && ['CodeMismatchException', 'ExpiredCodeException', 'UserNotFoundException', 'NotAuthorizedException'].includes(name)) {
    return new BadRequestError('The reset code is wrong or has expired; ask for a new one.');
  }
  if (context === 'mfa') {
    // A wrong or reused code, or a sign-in session that has expired (3 minutes on Cognito).
    if (['CodeMismatchException', 'ExpiredCodeException', 'EnableSoftwareTokenMFAException'].includes(name))
      return new BadRequestError('The code is wrong or has expired.', { extra: { field: 'code' } });
    if (name === 'NotAuthorizedException' || name === 'UserNotFoundException')
      return new UnauthorizedError('The sign-in has expired or the token is not valid; sign in again.');
  }
  switch (name) {
    case 'UsernameExistsException':
      return new ConflictError('An account with this email already exists in this store.', { extra: { field: 'email' } });
    case 'InvalidPasswordException':
      // cognito-local reports a wrong password this way; real Cognito uses it for policy failures.
      return context === 'login'
        ? new UnauthorizedError('Wrong email or password.')
        : new ValidationError('The password is too weak.', [{ path: 'password', message: 'does not meet the password policy' }]);
    case 'NotAuthorizedException':
      if (context === 'login') return new UnauthorizedError('Wrong email or password.');
      if (context === 'refresh') return new UnauthorizedError('The refresh token is not valid any more; sign in again.');
      // On sign-up or creation it means the pool or client refuses us (say, an attribute the
      // client may not write): our configuration, not the caller's credentials.
      return context === 'signup' ? error : new UnauthorizedError('Not authorised by the identity provider.');
    case 'UserNotFoundException':
      return context === 'login' ? new UnauthorizedError('Wrong email or password.') : new NotFoundError('No such user in this store.');
    case 'UserNotConfirmedException':
      return new ForbiddenError('Confirm your account with the code we sent before signing in.');
    case 'PasswordResetRequiredException':
      return new ForbiddenError('This account needs a password reset before signing in.');
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

/** cognito-local answers targets it lacks (GlobalSignOut, AdminUserGlobalSignOut) with a 500 of this type. */
export const isUnsupportedByStandIn = (error: unknown) =>
  error instanceof Error && error.name === 'Unsupported' && /Cognito Local unsupported feature/.test(error.message);

const IssuedClaimsSchema = v.looseObject({
  jti: v.pipe(v.string(), v.minLength(1)),
  sub: v.pipe(v.string(), v.minLength(1)),
  exp: v.number(),
  'custom:tenantId': v.optional(v.string()),
});

/**
 * The claims the platform records of an ID token the pool just handed us over TLS. Not verified
 * again here: it did not come from a client; every later request verifies it in full.
 */
export function issuedIdToken(idToken: string): IssuedIdToken {
  const payload = idToken.split('.')[1];
  const parsed = v.safeParse(IssuedClaimsSchema, payload ? JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) : undefined);
  if (!parsed.success) throw new Error('The user pool returned an ID token without jti, sub or exp.');
  return { tokenId: parsed.output.jti, userId: parsed.output.sub, tenantId: parsed.output['custom:tenantId'], expiresAt: parsed.output.exp };
}

const tokens = (result: AuthenticationResultType | undefined): Tokens => {
  if (!result?.IdToken || !result.AccessToken) throw new UnauthorizedError('The identity provider returned no tokens.');
  return {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    refreshToken: result.RefreshToken,
    expiresIn: result.ExpiresIn ?? 3600,
    issued: issuedIdToken(result.IdToken),
  };
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

export type CognitoProviderOptions = {
  client: CognitoIdentityProviderClient;
  userPoolId: string;
  clientId: string;
  /** Told once when the pool cannot sign a user out everywhere (cognito-local), so it is not silent. */
  warn?: (message: string) => void;
  /**
   * Signs the ticket the pool's pre-sign-up trigger demands of every SignUp and AdminCreateUser
   * (`src/identity/pre-sign-up.ts`). Unset: no ticket is sent, and a pool with the trigger refuses.
   */
  signUpTicketSecret?: string | undefined;
};

export function cognitoIdentityProvider(options: CognitoProviderOptions): IdentityProvider {
  const { client, userPoolId, clientId } = options;
  let globalSignOutUnsupported = false;
  const ticket = (username: string, email: string) =>
    options.signUpTicketSecret ? { ClientMetadata: { [TICKET_METADATA_KEY]: issueSignUpTicket(options.signUpTicketSecret, { username, email }) } } : {};
  const call = async <T>(context: CallContext, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw mapCognitoError(error, context);
    }
  };

  /** Ends the user's refresh tokens on real Cognito; cognito-local lacks it (told once). */
  async function signOutEverywhere(username: string) {
    if (globalSignOutUnsupported) return;
    try {
      await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: username }));
    } catch (error) {
      if (!isUnsupportedByStandIn(error)) throw error;
      globalSignOutUnsupported = true;
      options.warn?.("The user pool does not support AdminUserGlobalSignOut (cognito-local); the API's own sessions end sign-ins there.");
    }
  }

  /** The answer to a sign-in's challenge (a new password, the authenticator's code): tokens. */
  const respond = (context: CallContext, challenge: 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA', session: string, responses: Record<string, string>) =>
    call(context, async () => {
      const result = await client.send(
        new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: challenge, Session: session, ChallengeResponses: responses }),
      );
      return tokens(result.AuthenticationResult);
    });

  return {
    signUp: ({ username, email, password, name, tenantId }) =>
      call('signup', async () => {
        const result = await client.send(
          new SignUpCommand({
            ClientId: clientId,
            Username: username,
            Password: password,
            ...ticket(username, email),
            UserAttributes: [{ Name: 'email', Value: email }, { Name: 'custom:tenantId', Value: tenantId }, ...(name ? [{ Name: 'name', Value: name }] : [])],
          }),
        );
        return { userId: result.UserSub! };
      }),

    confirmSignUp: (username, code) =>
      call('confirm', async () => {
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
        if (result.ChallengeName === 'SOFTWARE_TOKEN_MFA' && result.Session) return { kind: 'mfa-required' as const, session: result.Session };
        if (result.ChallengeName) throw new UnauthorizedError(`Sign-in needs a step this API does not offer (${result.ChallengeName}).`);
        return { kind: 'tokens' as const, ...tokens(result.AuthenticationResult) };
      }),

    completeNewPassword: (username, session, newPassword) =>
      respond('login', 'NEW_PASSWORD_REQUIRED', session, { USERNAME: username, NEW_PASSWORD: newPassword }),

    answerMfa: (username, session, code) => respond('mfa', 'SOFTWARE_TOKEN_MFA', session, { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code }),

    associateTotp: (accessToken) =>
      call('mfa', async () => {
        const result = await client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
        if (!result.SecretCode) throw new Error('AssociateSoftwareToken returned no secret');
        return result.SecretCode;
      }),

    enableTotp: (accessToken, code) =>
      call('mfa', async () => {
        const verified = await client.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: code, FriendlyDeviceName: 'Authenticator' }));
        if (verified.Status !== 'SUCCESS') throw new BadRequestError('The code is wrong or has expired.', { extra: { field: 'code' } });
        await client.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
      }),

    refresh: (refreshToken) =>
      call('refresh', async () => {
        const result = await client.send(
          new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }),
        );
        return tokens(result.AuthenticationResult);
      }),

    revoke: (refreshToken) =>
      call('refresh', async () => {
        await client.send(new RevokeTokenCommand({ ClientId: clientId, Token: refreshToken }));
      }),

    forgotPassword: async (username) => {
      try {
        await client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: username }));
      } catch (error) {
        // No account, or none with an address to send to: the caller must not learn which.
        const name = error instanceof Error ? error.name : '';
        if (['UserNotFoundException', 'NotAuthorizedException', 'InvalidParameterException'].includes(name) || isUnsupportedByStandIn(error)) return;
        throw mapCognitoError(error, 'reset');
      }
    },

    confirmForgotPassword: (username, code, newPassword) =>
      call('reset', async () => {
        await client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: username, ConfirmationCode: code, Password: newPassword }));
      }),

    signOutEverywhere: (username) => call('admin', () => signOutEverywhere(username)),

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
            ...ticket(username, email),
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'name', Value: name },
              ...(tenantId ? [{ Name: 'custom:tenantId', Value: tenantId }] : []),
            ],
          }),
        );
        if (password) {
          try {
            await client.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: true }));
          } catch (error) {
            // Not a user with a password nobody knows: take it away again.
            await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username })).catch(() => undefined);
            throw error;
          }
        }
        const userId = result.User?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? result.User?.Username ?? username;
        return { userId, temporaryPassword: temporary };
      }),

    setRole: (username, role) =>
      call('admin', async () => {
        const current = await client.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: username }));
        for (const group of current.Groups ?? []) {
          if (group.GroupName && group.GroupName !== role && v.is(RoleSchema, group.GroupName)) {
            await client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: group.GroupName }));
          }
        }
        if (!(current.Groups ?? []).some((g) => g.GroupName === role)) {
          await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: role }));
        }
      }),

    setPriceGroup: (username, groupId) =>
      call('admin', async () => {
        if (groupId === null)
          await client.send(new AdminDeleteUserAttributesCommand({ UserPoolId: userPoolId, Username: username, UserAttributeNames: [PRICE_GROUP_ATTRIBUTE] }));
        else
          await client.send(
            new AdminUpdateUserAttributesCommand({
              UserPoolId: userPoolId,
              Username: username,
              UserAttributes: [{ Name: PRICE_GROUP_ATTRIBUTE, Value: groupId }],
            }),
          );
      }),

    findUser: (username) =>
      call('admin', async () => {
        try {
          const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
          const sub = user.UserAttributes?.find((a) => a.Name === 'sub')?.Value;
          if (!sub) throw new Error(`user pool returned ${username} without a sub`);
          const email = user.UserAttributes?.find((a) => a.Name === 'email')?.Value;
          return { userId: sub, confirmed: user.UserStatus !== 'UNCONFIRMED', email };
        } catch (error) {
          if (error instanceof Error && error.name === 'UserNotFoundException') return undefined;
          throw error;
        }
      }),

    deleteUser: (username) =>
      call('admin', async () => {
        // On cognito-local the deletion is what kills the refresh tokens (it keeps them on the user record).
        await signOutEverywhere(username);
        await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username }));
      }),
  };
}
