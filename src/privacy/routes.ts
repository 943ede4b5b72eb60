import { Hono, type MiddlewareHandler } from 'hono';
import type { TenantEnv } from '../http/env';
import { allow } from '../http/middleware/access';
import { jsonBody } from '../http/request';
import { clearSessionCookies } from '../http/session-cookie';
import type { VerifiedClaims } from '../identity/claims';
import { DeleteAccountSchema } from './schemas';
import type { PrivacyService } from './service';

const signedIn = (c: { var: { claims: VerifiedClaims | undefined } }) => c.var.claims!;

/**
 * A customer's own data (docs/privacy.md): `GET /me/data` downloads it as JSON; `POST /me/delete`
 * with the password deletes the account (orders kept for the store, anonymised) and ends the
 * browser's session.
 */
export function privacyRoutes(privacy: PrivacyService, idempotent: MiddlewareHandler<TenantEnv>) {
  return new Hono<TenantEnv>()
    .get('/me/data', allow('customer'), async (c) => {
      const tenant = c.get('tenant');
      const data = await privacy.exportData(tenant, signedIn(c));
      c.header('cache-control', 'private, no-store');
      c.header('content-disposition', `attachment; filename="my-data-${tenant.id}.json"`);
      return c.json(data);
    })
    .post('/me/delete', allow('customer'), idempotent, async (c) => {
      const input = await jsonBody(c, DeleteAccountSchema);
      await privacy.deleteAccount(c.get('tenant'), signedIn(c), input.password);
      clearSessionCookies(c);
      return c.body(null, 204);
    });
}
