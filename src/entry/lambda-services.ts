/** The SDK clients a Lambda loads on first use (see `lazyAsync`); split into their own chunk. */
import { STSClient } from '@aws-sdk/client-sts';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { tenantScopedClientProvider } from '../adapters/aws/tenant-scoped-clients';
import { createCognitoClient } from '../adapters/cognito/client';
import { cognitoIdentityProvider } from '../adapters/cognito/identity-provider';
import { eventBridgePublisher } from '../adapters/eventbridge/publisher';
import type { Config } from '../config';

export const identityProvider = (config: Config & { USER_POOL_ID: string; USER_POOL_CLIENT_ID: string }) =>
  cognitoIdentityProvider({ client: createCognitoClient({ region: config.AWS_REGION, endpoint: config.COGNITO_ENDPOINT }), userPoolId: config.USER_POOL_ID, clientId: config.USER_POOL_CLIENT_ID });

export const publisher = (config: Config) =>
  eventBridgePublisher({ client: new EventBridgeClient({ region: config.AWS_REGION, ...(config.EVENTBRIDGE_ENDPOINT ? { endpoint: config.EVENTBRIDGE_ENDPOINT } : {}) }), busName: config.EVENT_BUS_NAME });

export const tenantClients = (config: Config & { TENANT_ROLE_ARN: string }) =>
  tenantScopedClientProvider({ sts: new STSClient({ region: config.AWS_REGION }), roleArn: config.TENANT_ROLE_ARN, region: config.AWS_REGION });
