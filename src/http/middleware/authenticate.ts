import { createMiddleware } from 'hono/factory';
import type { TokenVerifier } from '../../identity/claims';
import { UnauthorizedError } from '../../shared/errors';
import type { AppEnv } from '../env';

/**
 * Verifies a bearer token when one is sent. No token is fine here (visitors browse anonymously);
 * a bad one is a 401, never silently treated as anonymous.
 */
export function authenticate(verifier: TokenVerifier) {
  return createMiddleware<AppEnv>(async function authenticate(c, next) {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match?.[1]) throw new UnauthorizedError('The Authorization header must be "Bearer <token>".');
      c.set('claims', await verifier.verify(match[1]));
    }
    await next();
  });
}
