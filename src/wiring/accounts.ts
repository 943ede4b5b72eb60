import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TenantClientProvider } from '../adapters/dynamodb/client';
import type { CursorCodec } from '../adapters/dynamodb/cursor';
import { createDynamoOperatorDirectory } from '../adapters/dynamodb/operator-directory';
import { createDynamoSessionStore } from '../adapters/dynamodb/session-store';
import { createDynamoSlugClaims } from '../adapters/dynamodb/slug-claims';
import { createDynamoUserDirectory } from '../adapters/dynamodb/user-directory';
import type { TokenVerifier } from '../identity/claims';
import type { IdentityProvider } from '../identity/provider';
import { createIdentityService } from '../identity/service';
import type { PlanLimits } from '../plans/plans';
import type { TenantContext } from '../tenants/tenant';

/** What the accounts group takes from the services every cold start builds (src/platform.ts). */
export type AccountsCore = {
  tenantClients: TenantClientProvider;
  platformClient: DynamoDBDocumentClient;
  tableName: string;
  cursors: CursorCodec;
  limits: (tenant: TenantContext) => PlanLimits;
  provider: IdentityProvider;
  verifier: TokenVerifier;
  autoConfirmSignUps?: boolean | undefined;
};

/**
 * The accounts group: sign-in, sessions, staff and operators' records, store slugs. Every request
 * that carries a token needs it (the caller's re-check), a visitor's never does: it is imported by
 * the first signed-in request or account route (src/platform.ts, `lazyGroup`; docs/architecture.md,
 * "Lazy route groups").
 */
export function accountServices(core: AccountsCore) {
  const { tenantClients, tableName, platformClient } = core;
  const directory = createDynamoUserDirectory({ clients: tenantClients, tableName, cursors: core.cursors, limits: core.limits });
  const sessions = createDynamoSessionStore({ clients: tenantClients, platformClient, tableName });
  const operators = createDynamoOperatorDirectory({ client: platformClient, tableName });
  const identity = createIdentityService({
    provider: core.provider,
    directory,
    sessions,
    operators,
    accessTokens: core.verifier,
    autoConfirmSignUps: core.autoConfirmSignUps,
  });
  const slugs = createDynamoSlugClaims({ client: platformClient, tableName });
  return { directory, sessions, operators, identity, slugs };
}
