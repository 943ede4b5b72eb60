/** The SDK clients a Lambda loads on first use (see `lazyAsync`); split into their own chunk. */
import { tenantScopedClients } from '../adapters/aws/tenant-scoped-clients';
import { createS3Client, s3MediaStore } from '../adapters/s3/media-store';
import { s3SearchIndexStore } from '../adapters/s3/search-index-store';
import { createCognitoClient } from '../adapters/cognito/client';
import { cognitoIdentityProvider } from '../adapters/cognito/identity-provider';
import type { Config } from '../config';
import { bucketProbe } from '../adapters/s3/probe';
import { s3PlatformFiles } from '../adapters/s3/platform-files';
import { createSesClient, sesEmailSender } from '../adapters/ses/email-sender';

export const identityProvider = (config: Config & { USER_POOL_ID: string; USER_POOL_CLIENT_ID: string }) =>
  cognitoIdentityProvider({
    client: createCognitoClient({ region: config.AWS_REGION, endpoint: config.COGNITO_ENDPOINT }),
    userPoolId: config.USER_POOL_ID,
    clientId: config.USER_POOL_CLIENT_ID,
    signUpTicketSecret: config.SIGNUP_TICKET_SECRET,
  });

/** One credentials cache per container, shared by the DynamoDB and S3 clients of each tenant. */
let scoped: ReturnType<typeof tenantScopedClients> | undefined;
const scopedClients = (config: Config & { TENANT_ROLE_ARN: string }) =>
  (scoped ??= tenantScopedClients({ roleArn: config.TENANT_ROLE_ARN, region: config.AWS_REGION }));

export const tenantClients = (config: Config & { TENANT_ROLE_ARN: string }) => scopedClients(config).dynamo;

export const media = (config: Config & { MEDIA_BASE_URL: string }) => {
  const { TENANT_ROLE_ARN } = config;
  const shared = { client: createS3Client({ region: config.AWS_REGION, endpoint: config.S3_ENDPOINT }) };
  const clients = TENANT_ROLE_ARN ? scopedClients({ ...config, TENANT_ROLE_ARN }).s3 : () => shared;
  return s3MediaStore({ clients, bucket: config.MEDIA_BUCKET, publicBaseUrl: config.MEDIA_BASE_URL });
};

/** Each store's search index, beside its media (private: the CDN serves `products/` only), read with the tenant's own client. */
export const searchIndexes = (config: Config) => {
  const { TENANT_ROLE_ARN } = config;
  const shared = { client: createS3Client({ region: config.AWS_REGION, endpoint: config.S3_ENDPOINT }) };
  const clients = TENANT_ROLE_ARN ? scopedClients({ ...config, TENANT_ROLE_ARN }).s3 : () => shared;
  return s3SearchIndexStore({ clients, bucket: config.MEDIA_BUCKET });
};

/** HeadBucket with the platform's own client (the readiness check runs for no tenant). */
let bucketCheck: (() => Promise<void>) | undefined;
export const mediaBucketProbe = (config: Config) =>
  (bucketCheck ??= bucketProbe(createS3Client({ region: config.AWS_REGION, endpoint: config.S3_ENDPOINT }), config.MEDIA_BUCKET));

/** The email port on SES, for the API's emails to come (password reset, orders, back in stock). */
export const emailSender = (config: Config & { EMAIL_FROM: string }) =>
  sesEmailSender({ client: createSesClient({ region: config.AWS_REGION, endpoint: config.SES_ENDPOINT }), from: config.EMAIL_FROM });

/** The platform's own files (offboarding exports, purging a store's prefix), with the function's own role. */
export const platformFiles = (config: Config) =>
  s3PlatformFiles({ client: createS3Client({ region: config.AWS_REGION, endpoint: config.S3_ENDPOINT }), bucket: config.MEDIA_BUCKET });
