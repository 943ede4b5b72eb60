import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv, TenantEnv } from '../http/env';
import { allow, everyone } from '../http/middleware/access';
import { idParam, jsonBody, pageQuery } from '../http/request';
import {
  ConfirmSchema,
  CreateUserSchema,
  ForgotPasswordSchema,
  LogInSchema,
  LogOutSchema,
  MfaChallengeSchema,
  MfaSetupSchema,
  MfaVerifySchema,
  NewPasswordSchema,
  RefreshSchema,
  ResetPasswordSchema,
  RoleChangeSchema,
  SignUpSchema,
  type LogInAnswer,
  type LogInResult,
} from './account';
import type { VerifiedClaims } from './claims';
import type { IdentityService } from './service';
import type { SessionSpace } from './sessions';

const signedIn = (c: { var: { claims: VerifiedClaims | undefined } }) => c.var.claims!;

/** A sign-in answer: tokens, or the step the user must take first. */
const logInBody = (result: LogInResult): LogInAnswer =>
  result.kind === 'tokens'
    ? { idToken: result.idToken, accessToken: result.accessToken, refreshToken: result.refreshToken, expiresIn: result.expiresIn, tokenType: 'Bearer' as const }
    : { challenge: result.kind === 'mfa-required' ? 'SOFTWARE_TOKEN_MFA' : 'NEW_PASSWORD_REQUIRED', session: result.session };

/**
 * Password reset, for a store's accounts (`/auth/password/…`) and operators'
 * (`/platform/auth/password/…`): ask for a code (202 whether or not the account exists), then
 * set a new password with it (204; every session of the account ends). Kept in one place so a
 * throttle can wrap exactly these routes.
 */
function passwordResetRoutes<E extends AppEnv>(identity: IdentityService, prefix: '' | '/platform', spaceOf: (variables: E['Variables']) => SessionSpace) {
  return new Hono<E>()
    .post(`${prefix}/auth/password/forgot`, everyone, async (c) => {
      const input = await jsonBody(c, ForgotPasswordSchema);
      await identity.forgotPassword(spaceOf(c.var as E['Variables']), input.email);
      return c.body(null, 202);
    })
    .post(`${prefix}/auth/password/reset`, everyone, async (c) => {
      const input = await jsonBody(c, ResetPasswordSchema);
      await identity.resetPassword(spaceOf(c.var as E['Variables']), input.email, input.code, input.newPassword);
      return c.body(null, 204);
    });
}

/** Customers and staff of a store: the store comes from the Host header, never the body. */
export function storeAuthRoutes(identity: IdentityService) {
  return new Hono<TenantEnv>()
    .route(
      '/',
      passwordResetRoutes<TenantEnv>(identity, '', (variables) => variables.tenant),
    )
    .post('/auth/signup', everyone, async (c) => {
      const input = await jsonBody(c, SignUpSchema);
      return c.json(await identity.signUp(c.get('tenant'), input), 201);
    })
    .post('/auth/confirm', everyone, async (c) => {
      const input = await jsonBody(c, ConfirmSchema);
      await identity.confirm(c.get('tenant'), input.email, input.code);
      return c.body(null, 204);
    })
    .post('/auth/login', everyone, async (c) => {
      const input = await jsonBody(c, LogInSchema);
      return c.json(logInBody(await identity.logIn(c.get('tenant'), input.email, input.password)));
    })
    .post('/auth/new-password', everyone, async (c) => {
      const input = await jsonBody(c, NewPasswordSchema);
      return c.json(logInBody({ kind: 'tokens', ...(await identity.completeNewPassword(c.get('tenant'), input.email, input.session, input.newPassword)) }));
    })
    .post('/auth/mfa/challenge', everyone, async (c) => {
      const input = await jsonBody(c, MfaChallengeSchema);
      return c.json(logInBody({ kind: 'tokens', ...(await identity.answerMfa(c.get('tenant'), input.email, input.session, input.code)) }));
    })
    .post('/auth/mfa/setup', allow('customer', 'clerk', 'admin'), async (c) => {
      const input = await jsonBody(c, MfaSetupSchema);
      return c.json(await identity.setUpMfa(c.get('tenant'), signedIn(c), input.accessToken));
    })
    .post('/auth/mfa/verify', allow('customer', 'clerk', 'admin'), async (c) => {
      const input = await jsonBody(c, MfaVerifySchema);
      await identity.verifyMfa(c.get('tenant'), signedIn(c), input.accessToken, input.code);
      return c.body(null, 204);
    })
    .post('/auth/refresh', everyone, async (c) => {
      const input = await jsonBody(c, RefreshSchema);
      return c.json(logInBody({ kind: 'tokens', ...(await identity.refresh(c.get('tenant'), input.refreshToken)) }));
    })
    .post('/auth/logout', allow('customer', 'clerk', 'admin'), async (c) => {
      const input = await jsonBody(c, LogOutSchema);
      await identity.logOut(c.get('tenant'), signedIn(c), input.refreshToken);
      return c.body(null, 204);
    })
    .get('/auth/me', allow('customer', 'clerk', 'admin'), (c) => {
      const claims = signedIn(c);
      const group = claims.priceGroup === undefined ? {} : { priceGroup: claims.priceGroup };
      return c.json({ userId: claims.sub, username: claims.username, store: c.get('tenant').id, roles: claims.roles, ...group });
    });
}

/**
 * A store admin's user management. Another store's users are simply not found. Creating a user
 * takes an Idempotency-Key (`idempotent`): a retry answers the first temporary password rather
 * than a 409 for an account whose password the admin never saw.
 */
export function userAdminRoutes(identity: IdentityService, idempotent: MiddlewareHandler<TenantEnv>) {
  return (
    new Hono<TenantEnv>()
      // The support role sees the store's customers (and staff), read-only.
      .get('/admin/users', allow('admin', 'support'), async (c) => {
        const page = await identity.listUsers(c.get('tenant'), pageQuery(c));
        return c.json({ items: page.items, nextCursor: page.nextCursor ?? null });
      })
      .post('/admin/users', allow('admin'), idempotent, async (c) => {
        const input = await jsonBody(c, CreateUserSchema);
        return c.json(await identity.createUser(c.get('tenant'), input), 201);
      })
      .put('/admin/users/:userId/role', allow('admin'), async (c) => {
        const userId = idParam(c, 'userId');
        const input = await jsonBody(c, RoleChangeSchema);
        return c.json(await identity.changeRole(c.get('tenant'), userId, input.role));
      })
      .delete('/admin/users/:userId', allow('admin'), async (c) => {
        await identity.removeUser(c.get('tenant'), idParam(c, 'userId'));
        return c.body(null, 204);
      })
  );
}

/** Operators sign in outside any store. */
export function platformAuthRoutes(identity: IdentityService) {
  return new Hono<AppEnv>()
    .route(
      '/',
      passwordResetRoutes<AppEnv>(identity, '/platform', () => 'platform'),
    )
    .post('/platform/auth/login', everyone, async (c) => {
      const input = await jsonBody(c, LogInSchema);
      return c.json(logInBody(await identity.logIn('platform', input.email, input.password)));
    })
    .post('/platform/auth/refresh', everyone, async (c) => {
      const input = await jsonBody(c, RefreshSchema);
      return c.json(logInBody({ kind: 'tokens', ...(await identity.refresh('platform', input.refreshToken)) }));
    })
    .post('/platform/auth/mfa/challenge', everyone, async (c) => {
      const input = await jsonBody(c, MfaChallengeSchema);
      return c.json(logInBody({ kind: 'tokens', ...(await identity.answerMfa('platform', input.email, input.session, input.code)) }));
    })
    .post('/platform/auth/mfa/setup', allow('operator'), async (c) => {
      const input = await jsonBody(c, MfaSetupSchema);
      return c.json(await identity.setUpMfa('platform', signedIn(c), input.accessToken));
    })
    .post('/platform/auth/mfa/verify', allow('operator'), async (c) => {
      const input = await jsonBody(c, MfaVerifySchema);
      await identity.verifyMfa('platform', signedIn(c), input.accessToken, input.code);
      return c.body(null, 204);
    })
    .post('/platform/auth/logout', allow('operator'), async (c) => {
      const input = await jsonBody(c, LogOutSchema);
      await identity.logOut('platform', signedIn(c), input.refreshToken);
      return c.body(null, 204);
    });
}
