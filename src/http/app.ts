import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import type { Logger } from 'pino';
import { adminCatalogRoutes, publicCatalogRoutes } from '../catalog/routes';
import type { CatalogService } from '../catalog/service';
import type { TokenVerifier } from '../identity/claims';
import { platformAuthRoutes, storeAuthRoutes, userAdminRoutes } from '../identity/routes';
import type { IdentityService } from '../identity/service';
import { inventoryRoutes } from '../inventory/routes';
import type { InventoryService } from '../inventory/service';
import { DomainError } from '../shared/errors';
import type { OnboardingService } from '../tenants/onboarding';
import type { TenantResolver } from '../tenants/resolver';
import { operatorRoutes } from '../tenants/routes';
import { storefrontRoutes } from '../storefront/routes';
import { consoleRoutes } from '../console/routes';
import { operatorConsoleRoutes } from '../console/operator-routes';
import type { AppEnv, TenantEnv } from './env';
import { everyone } from './middleware/access';
import { authenticate } from './middleware/authenticate';
import { limitBodies } from './middleware/body-limit';
import { requestContext } from './middleware/request-context';
import { recheckStoreUser, refuseRevokedSessions } from './middleware/recheck-user';
import { requireOperatorMfa } from './middleware/require-operator-mfa';
import { resolveTenant } from './middleware/resolve-tenant';
import { problem } from './problem';

export type AppDeps = {
  logger: Logger;
  verifier: TokenVerifier;
  tenants: TenantResolver;
  catalog: CatalogService;
  inventory: InventoryService;
  identity: IdentityService;
  onboarding: OnboardingService;
  maxBodyBytes: number;
};

/** Problem details for every error; anything not a domain error is ours, logged, and a bare 500. */
export function errorHandler(logger: Logger) {
  return (error: Error, c: Context) => {
    if (error instanceof DomainError) {
      return problem(c, error.status, error.code, error.message, error.extra);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return problem(c, error.status, 'http', error.message || 'Request refused.');
    }
    logger.error({ err: error, requestId: (c.var as Partial<AppEnv['Variables']>).requestId }, 'unhandled error');
    return problem(c, 500, 'internal', 'Something went wrong on our side; the request id identifies it in our logs.');
  };
}

/**
 * The one app, whatever runs it (Lambda or Node). Everything it needs arrives in `deps`, built
 * once per process by an entry point.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.onError(errorHandler(deps.logger));
  app.notFound((c) => problem(c, 404, 'not-found', `No route for ${c.req.method} ${c.req.path}.`));

  app.use(
    requestId({ limitLength: 64 }),
    requestContext(deps.logger),
    limitBodies(deps.maxBodyBytes),
    authenticate(deps.verifier),
    refuseRevokedSessions(deps.identity),
    requireOperatorMfa(deps.identity),
  );

  app.get('/health', everyone, (c) => c.json({ status: 'ok' }));
  app.route('/', platformAuthRoutes(deps.identity));
  app.route('/', operatorRoutes(deps.onboarding));
  app.route('/', operatorConsoleRoutes());

  const tenantApp = new Hono<TenantEnv>();
  tenantApp.use(resolveTenant(deps.tenants), recheckStoreUser(deps.identity));
  tenantApp.get('/store', everyone, (c) => {
    const tenant = c.get('tenant');
    return c.json({ id: tenant.id, name: tenant.name });
  });
  tenantApp.route('/', storefrontRoutes(deps.catalog));
  tenantApp.route('/', consoleRoutes());
  tenantApp.route('/', publicCatalogRoutes(deps.catalog));
  tenantApp.route('/', adminCatalogRoutes(deps.catalog));
  tenantApp.route('/', inventoryRoutes(deps.inventory));
  tenantApp.route('/', storeAuthRoutes(deps.identity));
  tenantApp.route('/', userAdminRoutes(deps.identity));

  app.route('/', tenantApp);
  return app;
}

export type App = ReturnType<typeof createApp>;
