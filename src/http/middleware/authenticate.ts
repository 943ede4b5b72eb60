import type { Context, Next } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { TokenVerifier } from '../../identity/claims';
import { UnauthorizedError } from '../../shared/errors';
import type { AppEnv } from '../env';
import { requirePageRequest, sessionCookie } from '../session-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Verifies a bearer token when one is sent (JSON API clients), else the browser pages' session
 * cookie. No token is fine here (visitors browse anonymously); a bad bearer token is a 401, never
 * silently treated as anonymous. The cookie is different: it rides along with every request the
 * browser makes, so it is trusted for reads at once but for anything else only from this site's
 * own pages (see requirePageRequest), and an expired one simply means "signed out" (the browser
 * drops it at the same moment; pages then refresh or show the sign-in).
 */
export function authenticate(verifier: TokenVerifier) {
  return createMiddleware<AppEnv>(function authenticate(c, next) {
    const header = c.req.header('authorization');
    const token = header === undefined ? sessionCookie(c) : undefined;
    // A visitor: nothing to verify, and no promise of this middleware's own on the way through.
    if (header === undefined && token === undefined) return next();
    return verified(c, next, header, token);
  });

  async function verified(c: Context<AppEnv>, next: Next, header: string | undefined, token: string | undefined) {
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match?.[1]) throw new UnauthorizedError('The Authorization header must be "Bearer <token>".');
      c.set('claims', await verifier.verify(match[1]));
      c.set('credential', 'bearer');
    } else if (token !== undefined) {
      if (!SAFE_METHODS.has(c.req.method)) requirePageRequest(c);
      c.set(
        'claims',
        await verifier.verify(token).catch((error: unknown) => {
          if (error instanceof UnauthorizedError) return undefined;
          throw error;
        }),
      );
      c.set('credential', 'cookie');
    }
    await next();
  }
}
