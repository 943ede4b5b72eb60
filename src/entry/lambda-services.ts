/** The SDK clients a Lambda loads on first use (see `lazyAsync`); split into their own chunk. */
import { STSClient } from '@aws-sdk/client-sts';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { tenantCredentials } from '../adapters/aws/tenant-credentials';
import { tenantScopedClientProvider, tenantScopedS3Provider } from '../adapters/aws/tenant-scoped-clients';
import { createS3Client, s3MediaStore } from '../adapters/s3/media-store';
import { createCognitoClient } from '../adapters/cognito/client';
import { cognitoIdentityProvider } from '../adapters/cognito/identity-provider';
import { eventBridgePublisher } from '../adapters/eventbridge/publisher';
import type { Config } from '../config';

export const identityProvider = (config: Config & { USER_POOL_ID: string; USER_POOL_CLIENT_ID: string }) =>
  cognitoIdentityProvider({ client: createCognitoClient({ region: config.AWS_REGION, endpoint: config.COGNITO_ENDPOINT }), userPoolId: config.USER_POOL_ID, clientId: config.USER_POOL_CLIENT_ID });

export const publisher = (config: Config) =>
  eventBridgePublisher({ client: new EventBridgeClient({ region: config.AWS_REGION, ...(config.EVENTBRIDGE_ENDPOINT ? { endpoint: config.EVENTBRIDGE_ENDPOINT } : {}) }), busName: config.EVENT_BUS_NAME });

/** One credentials cache per container, shared by the DynamoDB and S3 clients of each tenant. */
let credentials: ReturnType<typeof tenantCredentials> | undefined;
const credentialsFor = (config: Config & { TENANT_ROLE_ARN: string }) =>
  (credentials ??= tenantCredentials({ sts: new STSClient({ region: config.AWS_REGION }), roleArn: config.TENANT_ROLE_ARN }));

export const tenantClients = (config: Config & { TENANT_ROLE_ARN: string }) =>
  tenantScopedClientProvider({ sts: new STSClient({ region: config.AWS_REGION }), roleArn: config.TENANT_ROLE_ARN, region: config.AWS_REGION, credentialsFor: credentialsFor(config) });

export const media = (config: Config) => {
  const { TENANT_ROLE_ARN } = config;
  const shared = createS3Client({ region: config.AWS_REGION, endpoint: config.S3_ENDPOINT });
  const clients = TENANT_ROLE_ARN ? tenantScopedS3Provider({ region: config.AWS_REGION, credentialsFor: credentialsFor({ ...config, TENANT_ROLE_ARN }) }) : () => shared;
  return s3MediaStore({ clients, bucket: config.MEDIA_BUCKET });
};
