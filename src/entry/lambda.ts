/**
 * The API on AWS Lambda behind API Gateway. Everything is built once per container at module
 * scope (config, logger, SDK clients, token verifier, app); each invocation only runs the app.
 */
import { handle } from 'hono/aws-lambda';
import { createCognitoClient } from '../adapters/cognito/client';
import { cognitoIdentityProvider } from '../adapters/cognito/identity-provider';
import { createCognitoTokenVerifier } from '../adapters/jwt/cognito-verifier';
import { loadConfig } from '../config';
import { createPlatform } from '../platform';
import { createLogger } from '../shared/logger';
import { awsClients } from './aws';
import { tenantClientsFor } from './tenant-clients';

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, pretty: false, name: 'catalog-api' });

if (!config.USER_POOL_ID || !config.USER_POOL_CLIENT_ID) {
  throw new Error('USER_POOL_ID and USER_POOL_CLIENT_ID must be set for the Lambda entry point.');
}
const issuer = config.JWT_ISSUER ?? `https://cognito-idp.${config.AWS_REGION}.amazonaws.com/${config.USER_POOL_ID}`;

const { platformClient, publisher } = awsClients(config);
const platform = createPlatform({
  logger,
  platformClient,
  tenantClients: tenantClientsFor(config),
  tableName: config.TABLE_NAME,
  publisher,
  verifier: createCognitoTokenVerifier({ issuer, clientId: config.USER_POOL_CLIENT_ID, jwksUri: config.JWKS_URI ?? `${issuer}/.well-known/jwks.json` }),
  identityProvider: cognitoIdentityProvider({
    client: createCognitoClient({ region: config.AWS_REGION, endpoint: config.COGNITO_ENDPOINT }),
    userPoolId: config.USER_POOL_ID,
    clientId: config.USER_POOL_CLIENT_ID,
  }),
  tenantCacheTtlMs: config.TENANT_CACHE_TTL_MS,
  maxBodyBytes: config.MAX_BODY_BYTES,
});

export const handler = handle(platform.app);
