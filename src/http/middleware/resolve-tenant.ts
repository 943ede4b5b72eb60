import { createMiddleware } from 'hono/factory';
import { ForbiddenError, NotFoundError } from '../../shared/errors';
import { StoreClosedError, staffMayReach } from '../../tenants/offboarding/closed';
import type { TenantResolver } from '../../tenants/resolver';
import type { TenantEnv } from '../env';

/**
 * The tenant comes from the Host (the store's domain: the header, or the viewer's as our edge
 * forwarded it, src/http/edge/origin.ts) or the token's `custom:tenantId`; never from a body or
 * query string. Both present and different is a 403.
 */
export function resolveTenant(resolver: TenantResolver) {
  return createMiddleware<TenantEnv>(async function resolveTenant(c, next) {
    const claimed = c.get('claims')?.tenantId;
    const byHost = await resolver.byHost(c.get('viewerHost') ?? c.req.header('host'));
    if (byHost && claimed !== undefined && byHost.id !== claimed) {
      throw new ForbiddenError('This token belongs to another store.');
    }
    const tenant = byHost ?? (claimed !== undefined ? await resolver.byId(claimed) : undefined);
    if (!tenant) throw new NotFoundError('Unknown store: no store is served at this address.');
    if (tenant.status === 'suspended') throw new ForbiddenError(`The store ${tenant.name} is suspended.`);
    // A closing store serves its staff only (to restore it, to download its export): docs/offboarding.md.
    if (tenant.status === 'closing' && !staffMayReach(c.req.path)) throw new StoreClosedError(tenant.name);
    c.set('tenant', tenant);
    await next();
  });
}
