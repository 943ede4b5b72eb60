/**
 * The API on AWS Lambda behind API Gateway. Everything is built once per container at module
 * scope (config, logger, clients, token verifier, app); each invocation only runs the app.
 * Clients that only some requests need (Cognito, EventBridge, S3, STS) are loaded on first use,
 * to keep cold starts short.
 */
import { handle } from 'hono/aws-lambda';
import { createDocumentClient, type TenantClientProvider } from '../adapters/dynamodb/client';
import { createCognitoTokenVerifier } from '../adapters/jwt/cognito-verifier';
import { loadConfig } from '../config';
import type { MediaStore } from '../catalog/media';
import type { EventPublisher } from '../events/publisher';
import type { IdentityProvider } from '../identity/provider';
import { createPlatform } from '../platform';
import { lazyAsync } from '../shared/lazy';
import { createLogger } from '../shared/logger';

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, pretty: false, name: 'catalog-api' });

const { USER_POOL_ID, USER_POOL_CLIENT_ID, TENANT_ROLE_ARN, SIGNUP_TICKET_SECRET } = config;
if (!USER_POOL_ID || !USER_POOL_CLIENT_ID || !SIGNUP_TICKET_SECRET) {
  throw new Error('USER_POOL_ID, USER_POOL_CLIENT_ID and SIGNUP_TICKET_SECRET must be set for the Lambda entry point.');
}
const issuer = config.JWT_ISSUER ?? `https://cognito-idp.${config.AWS_REGION}.amazonaws.com/${USER_POOL_ID}`;
const services = () => import('./lambda-services');

let tenantClients: TenantClientProvider | undefined;
if (TENANT_ROLE_ARN) {
  const provider = services().then((s) => s.tenantClients({ ...config, TENANT_ROLE_ARN }));
  tenantClients = async (tenant) => (await provider)(tenant);
}

const platform = createPlatform({
  logger,
  platformClient: createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT }),
  tenantClients,
  tableName: config.TABLE_NAME,
  publisher: lazyAsync<EventPublisher>(async () => (await services()).publisher(config)),
  media: lazyAsync<MediaStore>(async () => (await services()).media(config)),
  verifier: createCognitoTokenVerifier({ issuer, clientId: USER_POOL_CLIENT_ID, jwksUri: config.JWKS_URI ?? `${issuer}/.well-known/jwks.json` }),
  identityProvider: lazyAsync<IdentityProvider>(async () => (await services()).identityProvider({ ...config, USER_POOL_ID, USER_POOL_CLIENT_ID })),
  tenantCacheTtlMs: config.TENANT_CACHE_TTL_MS,
  catalogCacheTtlMs: config.CATALOG_CACHE_TTL_MS,
  maxBodyBytes: config.MAX_BODY_BYTES,
});

export const handler = handle(platform.app);
