import type { LogInResult, Tokens } from './account';
import type { Role } from './roles';

/**
 * The user pool, seen from the platform. Usernames arrive already composed
 * (`<tenantId>:<email>`, `platform:<email>`): the pool knows nothing of stores.
 */
export interface IdentityProvider {
  signUp(input: { username: string; email: string; password: string; name?: string | undefined; tenantId: string }): Promise<{ userId: string }>;
  confirmSignUp(username: string, code: string): Promise<void>;
  adminConfirm(username: string): Promise<void>;
  logIn(username: string, password: string): Promise<LogInResult>;
  completeNewPassword(username: string, session: string, newPassword: string): Promise<Tokens>;
  refresh(refreshToken: string): Promise<Tokens>;
  /** The second step of a sign-in that answered `mfa-required`: the authenticator app's code. */
  answerMfa(username: string, session: string, code: string): Promise<Tokens>;
  /** A new TOTP secret for the access token's user (not in force until verified). */
  associateTotp(accessToken: string): Promise<string>;
  /** Checks a code of that secret and makes TOTP the user's MFA: from now on sign-in asks for it. */
  enableTotp(accessToken: string, code: string): Promise<void>;
  revoke(refreshToken: string): Promise<void>;
  /** Sends a reset code to the account's email; resolves alike whether the account exists or not. */
  forgotPassword(username: string): Promise<void>;
  /** Sets the new password if the code is right (BadRequestError otherwise, whoever asks). */
  confirmForgotPassword(username: string, code: string, newPassword: string): Promise<void>;
  /** Ends the user's refresh tokens at the pool, where the pool can (not cognito-local). */
  signOutEverywhere(username: string): Promise<void>;
  /** A user with a temporary password (changed at first sign-in), or a permanent one when given. */
  createUser(input: {
    username: string;
    email: string;
    name: string;
    tenantId?: string | undefined;
    password?: string | undefined;
  }): Promise<{ userId: string; temporaryPassword?: string | undefined }>;
  setRole(username: string, role: Role): Promise<void>;
  /**
   * Sets (or with null, removes) the customer's `custom:priceGroup` attribute, which the pool
   * puts in their ID tokens from their next sign-in or refresh. Only the API sets it: the app
   * client may read it, never write it (docs/pricing.md, "Customer groups").
   */
  setPriceGroup(username: string, groupId: string | null): Promise<void>;
  deleteUser(username: string): Promise<void>;
  /** The pool's user, if any: its id (`sub`), whether its sign-up was confirmed, its email attribute. */
  findUser(username: string): Promise<{ userId: string; confirmed: boolean; email?: string | undefined } | undefined>;
}

export const usernameFor = (space: { id: string } | 'platform', email: string) => `${space === 'platform' ? 'platform' : space.id}:${email.toLowerCase()}`;
