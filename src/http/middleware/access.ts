import { createMiddleware } from 'hono/factory';
import type { MiddlewareHandler } from 'hono';
import type { Role } from '../../identity/roles';
import { ForbiddenError, UnauthorizedError } from '../../shared/errors';
import type { AppEnv } from '../env';

export type Access = 'public' | readonly Role[];

/** A guard that also says what it allows, so a test can list every route's rule. */
export type Guard = MiddlewareHandler<AppEnv> & { readonly access: Access };

function guard(access: Access, handler: MiddlewareHandler<AppEnv>): Guard {
  return Object.assign(handler, { access });
}

/** Routes anyone may call, visitors included. */
export const everyone: Guard = guard(
  'public',
  createMiddleware<AppEnv>(function everyone(_c, next) {
    return next();
  }),
);

/** Routes for signed-in users holding one of the roles. */
export function allow(...roles: Role[]): Guard {
  return guard(
    roles,
    createMiddleware<AppEnv>(async function allow(c, next) {
      const claims = c.get('claims');
      if (!claims) throw new UnauthorizedError('Sign in to do this.');
      if (!claims.roles.some((role) => roles.includes(role))) {
        throw new ForbiddenError(`This needs one of the roles: ${roles.join(', ')}.`);
      }
      await next();
    }),
  );
}

export const isGuard = (handler: unknown): handler is Guard => typeof handler === 'function' && 'access' in handler;
