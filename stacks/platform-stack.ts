import { AssetType, DataResource, Fn, LocalBackend, S3Backend, TerraformAsset, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { CloudwatchEventArchive } from '@cdktf/provider-aws/lib/cloudwatch-event-archive';
import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CognitoUserGroup } from '@cdktf/provider-aws/lib/cognito-user-group';
import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketCorsConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-cors-configuration';
import { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Sesv2EmailIdentity } from '@cdktf/provider-aws/lib/sesv2-email-identity';
import { TABLE_KEYS, TABLE_STREAM } from '../src/adapters/dynamodb/table';
import { LISTING_EVENTS } from '../src/catalog/listing-consumer';
import { JOB_REQUESTED } from '../src/jobs/consumer';
import { ORDER_EMAIL_EVENTS } from '../src/notifications/order-emails';
import type { Environment } from './config';
import { customDomain } from './domains';
import { eventQueue } from './event-queue';
import { apiEdge } from './edge';
import { mediaCdn, mediaReadStatements } from './media-cdn';
import { monitoring } from './monitoring';
import { apiCanary, liveAlias, rolloutNames } from './rollout';
import { guardrails } from './guardrails';
import {
  apiFunctionPolicy,
  customDomainProvisionerPolicy,
  inventoryConsumerPolicy,
  listingConsumerPolicy,
  jobRunnerPolicy,
  offboardingExportsPolicy,
  offboardingPurgePolicy,
  preSignUpFunctionPolicy,
  searchIndexerPolicy,
  reservationSweeperPolicy,
  serviceTrust,
  streamPublisherFunctionPolicy,
  tenantDataPolicy,
  tenantRoleTrust,
} from './policies';
import { teamAccess } from './team-access';
import { SEARCH_INDEXER_CONCURRENCY, SEARCH_INDEXER_MEMORY_MB, SEARCH_INDEXER_TIMEOUT_SECONDS, searchQueues } from './search-queues';
import { storeDomains, zoneFor, type StoreManifest } from './tenants';

export type PlatformStackProps = {
  env: Environment;
  /**
   * Directories holding the bundled functions (`index.mjs` plus lazily loaded chunks), as
   * `scripts/build-lambda.ts` writes them. The stack zips them; it never builds anything, so
   * tests pass a tiny stand-in directory.
   */
  lambdaAssets: {
    api: string;
    'stream-publisher': string;
    'pre-sign-up': string;
    'inventory-consumer': string;
    'listing-consumer': string;
    'job-runner': string;
    'search-indexer': string;
    'reservation-sweeper': string;
    'domain-checks': string;
    'offboarding-purge': string;
  };
  /** The stores of `tenants/*.json` (see stacks/tenants.ts). */
  manifests: readonly StoreManifest[];
};

export const ROLE_GROUPS = ['customer', 'clerk', 'admin', 'support', 'operator'] as const;

/** The inventory consumer's time limit; the queue's visibility timeout is six times it. */
export const INVENTORY_CONSUMER_TIMEOUT_SECONDS = 30;
/** Reserved concurrency and the mapping's maximum (2 is the least SQS mappings accept). */
export const INVENTORY_CONSUMER_CONCURRENCY = 2;
/** The listing consumer (category and collection cards and counts): a few DynamoDB calls per event. */
export const LISTING_CONSUMER_TIMEOUT_SECONDS = 30;
export const LISTING_CONSUMER_CONCURRENCY = 2;
/**
 * The rule's pattern: the events src/catalog/listing-consumer.ts handles (each detail type belongs
 * to one of the sources, so sources × detail types is exactly that list).
 */
export const LISTING_EVENT_PATTERN = {
  source: [...new Set(LISTING_EVENTS.map((e) => e.source))],
  'detail-type': LISTING_EVENTS.map((e) => e.detailType),
};
/**
 * The job runner (imports, exports; docs/jobs.md): one job per invocation, for up to Lambda's 15
 * minutes. The job's lease (src/jobs/service.ts, JOB_LEASE_MS) outlasts this, so a live run is
 * never taken over; a run that died is delivered again once the queue's visibility timeout ends.
 */
export const JOB_RUNNER_TIMEOUT_SECONDS = 900;
export const JOB_RUNNER_CONCURRENCY = 2;
/** Imports hold a file and its images in memory: 10,000 rows measured in docs/import-export.md. */
export const JOB_RUNNER_MEMORY_MB = 1024;
/**
 * The reservation sweeper (src/entry/reservation-sweeper.ts): every minute it gives back the stock
 * of unpaid orders whose reservation ended, store by store (one Query of the store list, one of
 * each store's reservations index). One run at a time; a run that overlaps the next is harmless
 * (each release is conditional) but wasted.
 */
export const RESERVATION_SWEEP_SCHEDULE = 'rate(1 minute)';
export const RESERVATION_SWEEPER_TIMEOUT_SECONDS = 55;
/**
 * Stores' custom domains re-checked (src/entry/domain-checks.ts; docs/custom-domains.md): a pending
 * domain whose TXT record appeared is verified, a verified one whose record is gone is removed after
 * its grace period. Six hours: DNS changes are slow, and each run costs a few lookups per domain.
 */
export const DOMAIN_CHECK_SCHEDULE = 'rate(6 hours)';
export const DOMAIN_CHECK_TIMEOUT_SECONDS = 300;
/**
 * The offboarding purge (src/entry/offboarding-purge.ts; docs/offboarding.md): hourly, closed stores
 * past their grace period are purged; a run checkpoints every page, so one that times out resumes.
 */
export const OFFBOARDING_PURGE_SCHEDULE = 'rate(1 hour)';
export const OFFBOARDING_PURGE_TIMEOUT_SECONDS = 900;
/** How long the platform keeps an offboarded store's export (the media bucket's lifecycle rule). */
export const OFFBOARDING_EXPORT_RETENTION_DAYS = 90;
export const JOB_EVENT_PATTERN = { source: [JOB_REQUESTED.source], 'detail-type': [JOB_REQUESTED.detailType] };

/** Lambda's stream filter: new outbox records only (src/events/stream-publishing.ts `isOutboxInsert` says the same). */
export const OUTBOX_INSERTS = { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['outbox'] } } } };

/** How the stream publisher reads the stream; docs/deploy.md, "Events from the stream". */
export const STREAM_SOURCE = { batchSize: 50, parallelizationFactor: 5, maximumRetryAttempts: 10, maximumRecordAgeInSeconds: 6 * 3600 } as const;

/** One environment of the platform: everything the Lambda needs, isolation by IAM, alarms, team roles. */
export class PlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { env } = props;
    const prefix = `catalog-${env.name}`;
    const prod = env.name === 'prod';

    new AwsProvider(this, 'aws', {
      region: env.region,
      ...(env.accountId ? { allowedAccountIds: [env.accountId] } : {}),
      defaultTags: [{ tags: { project: 'catalog-platform', environment: env.name } }],
    });
    backend(this, env);
    const caller = new DataAwsCallerIdentity(this, 'caller');

    // Data: the single table, keyed as the code keys it (src/adapters/dynamodb/table.ts).
    const attributes = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...TABLE_KEYS.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
    const table = new DynamodbTable(this, 'table', {
      name: prefix,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: TABLE_KEYS.partitionKey,
      rangeKey: TABLE_KEYS.sortKey,
      attribute: [...attributes].map((name) => ({ name, type: 'S' })),
      globalSecondaryIndex: TABLE_KEYS.indexes.map((i) => ({ name: i.name, hashKey: i.partitionKey, rangeKey: i.sortKey, projectionType: 'ALL' })),
      ttl: { attributeName: TABLE_KEYS.ttlAttribute, enabled: true },
      // The only publisher of events: the stream-publisher function reads the outbox inserts from it.
      streamEnabled: TABLE_STREAM.StreamEnabled,
      streamViewType: TABLE_STREAM.StreamViewType,
      pointInTimeRecovery: { enabled: true },
      // The AWS managed key (aws/dynamodb): encryption visible in CloudTrail, no key policy to keep.
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: env.deletionProtection,
    });

    // Media: private, encrypted, versioned; browsers upload through presigned POSTs to server-chosen
    // keys. Product images (and nothing else) are read by CloudFront, on stable URLs.
    const domains = storeDomains(props.manifests, env);
    const { bucket: media, restrict: restrictMedia } = privateBucket(this, 'media', {
      prefix: `${prefix}-media-`,
      forceDestroy: !prod,
      lifecycle: [
        {
          id: 'tidy-versions-and-uploads',
          status: 'Enabled',
          filter: [{ prefix: 'tenants/' }],
          noncurrentVersionExpiration: [{ noncurrentDays: prod ? 90 : 14 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
        {
          // Offboarded stores' exports (docs/offboarding.md): kept for their retention, then gone.
          id: 'offboarding-exports',
          status: 'Enabled',
          filter: [{ prefix: 'platform/offboarding/' }],
          expiration: [{ days: OFFBOARDING_EXPORT_RETENTION_DAYS }],
          noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
        },
      ],
    });
    const cdn = mediaCdn(this, { prefix, bucket: media, priceClass: prod ? 'PriceClass_All' : 'PriceClass_100' });
    restrictMedia(mediaReadStatements(media.arn, cdn.distribution.arn));
    // Only the store pages' origins may upload from a browser; with none configured, none may.
    const origins = corsOrigins(domains, env.platformDomain?.name);
    if (origins.length > 0) {
      new S3BucketCorsConfiguration(this, 'media-cors', {
        bucket: media.id,
        corsRule: [
          {
            allowedMethods: ['POST', 'PUT', 'GET', 'HEAD'],
            allowedOrigins: origins,
            allowedHeaders: ['content-type', 'content-length'],
            exposeHeaders: ['etag', 'location'],
            maxAgeSeconds: 3000,
          },
        ],
      });
    }
    // Exports of the table and Athena results for the data engineers; never read by the app.
    const { bucket: analytics, restrict: restrictAnalytics } = privateBucket(this, 'analytics', {
      prefix: `${prefix}-analytics-`,
      forceDestroy: !prod,
      lifecycle: [
        {
          id: 'expire-exports',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: prod ? 365 : 30 }],
          noncurrentVersionExpiration: [{ noncurrentDays: 7 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
    restrictAnalytics([]);

    // The key the API signs sign-up tickets with and the pre-sign-up trigger checks them with.
    // Made by the deployer once per environment and kept in SSM Parameter Store (SecureString),
    // never in this repository or the synthesized JSON: see docs/deploy.md.
    const ticketSecret = new DataAwsSsmParameter(this, 'signup-ticket-secret', { name: `/${prefix}/signup-ticket-secret`, withDecryption: true });

    // The pre-sign-up trigger: the pool creates an account only when the API asked for it with a
    // ticket for that username and email (src/identity/pre-sign-up.ts). Without it, anyone holding
    // the public client id could call SignUp for `<store>:<someone's email>` and hold the name.
    const preSignUpLogs = new CloudwatchLogGroup(this, 'pre-sign-up-logs', {
      name: `/aws/lambda/${prefix}-pre-sign-up`,
      retentionInDays: env.logRetentionDays,
    });
    const preSignUpRole = new IamRole(this, 'pre-sign-up-role', {
      name: `${prefix}-pre-sign-up`,
      assumeRolePolicy: JSON.stringify(serviceTrust('lambda.amazonaws.com')),
    });
    new IamRolePolicy(this, 'pre-sign-up-role-policy', {
      role: preSignUpRole.id,
      name: 'pre-sign-up',
      policy: JSON.stringify(preSignUpFunctionPolicy({ logGroupArn: preSignUpLogs.arn })),
    });
    const preSignUpAsset = new TerraformAsset(this, 'pre-sign-up-asset', { path: props.lambdaAssets['pre-sign-up'], type: AssetType.ARCHIVE });
    const preSignUpFunction = new LambdaFunction(this, 'pre-sign-up-function', {
      functionName: `${prefix}-pre-sign-up`,
      role: preSignUpRole.arn,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: preSignUpAsset.path,
      sourceCodeHash: preSignUpAsset.assetHash,
      memorySize: 256,
      // Cognito waits 5 s for a trigger at most.
      timeout: 5,
      tracingConfig: { mode: 'Active' },
      environment: { variables: { SIGNUP_TICKET_SECRET: ticketSecret.value } },
      loggingConfig: { logFormat: 'JSON', logGroup: preSignUpLogs.name },
      dependsOn: [preSignUpLogs],
    });

    // Identity. custom:tenantId is immutable: set once, at sign-up (the server's SignUp through the
    // app client, or AdminCreateUser), never changed afterwards by anyone.
    const pool = new CognitoUserPool(this, 'users', {
      name: prefix,
      schema: [
        { name: 'tenantId', attributeDataType: 'String', mutable: false, required: false, stringAttributeConstraints: { minLength: '1', maxLength: '40' } },
        // A customer's group (src/groups/): set by the API with AdminUpdateUserAttributes, read into the ID token.
        { name: 'priceGroup', attributeDataType: 'String', mutable: true, required: false, stringAttributeConstraints: { minLength: '1', maxLength: '64' } },
      ],
      // Usernames are `<tenantId>:<email>`, so no email alias: one address can shop at two stores.
      usernameConfiguration: { caseSensitive: false },
      passwordPolicy: {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: false,
        temporaryPasswordValidityDays: 7,
      },
      lambdaConfig: { preSignUp: preSignUpFunction.arn },
      // TOTP for whoever enrols; the API requires it of operators and store admins (docs/architecture.md).
      mfaConfiguration: 'OPTIONAL',
      softwareTokenMfaConfiguration: { enabled: true },
      // Threat protection (compromised credentials, adaptive authentication) costs per active
      // user; on in prod, where the accounts are real.
      ...(prod ? { userPoolAddOns: { advancedSecurityMode: 'ENFORCED' } } : {}),
      autoVerifiedAttributes: ['email'],
      accountRecoverySetting: { recoveryMechanism: [{ name: 'verified_email', priority: 1 }] },
      deletionProtection: env.deletionProtection ? 'ACTIVE' : 'INACTIVE',
    });
    const poolClient = new CognitoUserPoolClient(this, 'users-client', {
      name: `${prefix}-web`,
      userPoolId: pool.id,
      explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      enableTokenRevocation: true,
      preventUserExistenceErrors: 'ENABLED',
      idTokenValidity: 15,
      accessTokenValidity: 15,
      refreshTokenValidity: 30,
      tokenValidityUnits: [{ idToken: 'minutes', accessToken: 'minutes', refreshToken: 'days' }],
      readAttributes: ['email', 'email_verified', 'name', 'custom:tenantId', 'custom:priceGroup'],
      // SignUp with custom:tenantId needs it writable by the client; immutability (above) is what
      // stops anyone changing it afterwards. Never custom:priceGroup: Cognito then refuses a
      // customer's own UpdateUserAttributes of it (no self-service wholesale prices).
      writeAttributes: ['email', 'name', 'custom:tenantId'],
    });
    new LambdaPermission(this, 'pre-sign-up-permission', {
      action: 'lambda:InvokeFunction',
      functionName: preSignUpFunction.functionName,
      principal: 'cognito-idp.amazonaws.com',
      sourceArn: pool.arn,
    });
    for (const group of ROLE_GROUPS) new CognitoUserGroup(this, `group-${group}`, { name: group, userPoolId: pool.id, description: `Platform role ${group}` });

    // Events: the bus, an archive for replay, and the inventory queue (its consumer emails stock notices) with a dead-letter queue.
    const bus = new CloudwatchEventBus(this, 'bus', { name: prefix });
    new CloudwatchEventArchive(this, 'bus-archive', { name: `${prefix}-archive`, eventSourceArn: bus.arn, retentionDays: prod ? 365 : 30 });
    const { queue: consumer, deadLetters } = eventQueue(
      this,
      {
        deadLetters: 'inventory-dlq',
        queue: 'inventory-consumer',
        rule: 'inventory-rule',
        target: 'inventory-target',
        queuePolicy: 'consumer-policy',
        deadLettersPolicy: 'dlq-policy',
      },
      {
        name: `${prefix}-inventory`,
        description: 'Every inventory event to the inventory queue (stock notices)',
        eventBusName: bus.name,
        eventPattern: { source: ['catalog.inventory'] },
        consumerTimeoutSeconds: INVENTORY_CONSUMER_TIMEOUT_SECONDS,
        // Order events to the same consumer: the store's new-order email and the shopper's email
        // for each step (docs/emails.md). Only the steps that email anyone, not StockReserved.
        moreRules: [
          {
            rule: 'order-events-rule',
            target: 'order-events-target',
            name: `${prefix}-order-emails`,
            description: 'Order events that email the store or the shopper, to the inventory queue',
            eventPattern: { source: ['shop.orders'], 'detail-type': [...ORDER_EMAIL_EVENTS] },
          },
        ],
      },
    );

    // The listing queue: product events and stock changes, whose consumer keeps category and
    // collection pages' cards and counts up to date (docs/architecture.md, "Categories and collections").
    const { queue: listingQueue, deadLetters: listingDeadLetters } = eventQueue(
      this,
      {
        deadLetters: 'listing-dlq',
        queue: 'listing-consumer',
        rule: 'listing-rule',
        target: 'listing-target',
        queuePolicy: 'listing-policy',
        deadLettersPolicy: 'listing-dlq-policy',
      },
      {
        name: `${prefix}-listing`,
        description: 'Product events and stock changes to the listing queue (category and collection cards and counts)',
        eventBusName: bus.name,
        eventPattern: LISTING_EVENT_PATTERN,
        consumerTimeoutSeconds: LISTING_CONSUMER_TIMEOUT_SECONDS,
      },
    );

    // The job queue (docs/jobs.md): JobRequested events, one job run per message. SQS rather than a
    // direct asynchronous invoke: a run that dies is delivered again after the visibility timeout
    // and resumes from its checkpoint, and what keeps failing lands in the dead-letter queue.
    const { queue: jobQueue, deadLetters: jobDeadLetters } = eventQueue(
      this,
      {
        deadLetters: 'job-dlq',
        queue: 'job-queue',
        rule: 'job-rule',
        target: 'job-target',
        queuePolicy: 'job-queue-policy',
        deadLettersPolicy: 'job-dlq-policy',
      },
      {
        name: `${prefix}-jobs`,
        description: 'JobRequested events (imports, exports) to the job queue',
        eventBusName: bus.name,
        eventPattern: JOB_EVENT_PATTERN,
        consumerTimeoutSeconds: JOB_RUNNER_TIMEOUT_SECONDS,
      },
    );

    // The search index writer's queues: one writer per store (stacks/search-queues.ts).
    const search = searchQueues(this, { prefix, busName: bus.name });

    // Functions, their log groups and roles; the tenant role is the token vending machine's.
    const logGroup = (name: string) =>
      new CloudwatchLogGroup(this, `${name}-logs`, { name: `/aws/lambda/${prefix}-${name}`, retentionInDays: env.logRetentionDays });
    const apiLogs = logGroup('api');
    const publisherLogs = logGroup('stream-publisher');
    const consumerLogs = logGroup('inventory-consumer');
    const listingLogs = logGroup('listing-consumer');
    const jobLogs = logGroup('job-runner');
    const searchLogs = logGroup('search-indexer');
    const sweeperLogs = logGroup('reservation-sweeper');
    const apiRole = new IamRole(this, 'api-role', { name: `${prefix}-api`, assumeRolePolicy: JSON.stringify(serviceTrust('lambda.amazonaws.com')) });
    const publisherRole = new IamRole(this, 'stream-publisher-role', {
      name: `${prefix}-stream-publisher`,
      assumeRolePolicy: JSON.stringify(serviceTrust('lambda.amazonaws.com')),
    });
    const consumerRole = new IamRole(this, 'inventory-consumer-role', {
      name: `${prefix}-inventory-consumer`,
      assumeRolePolicy: JSON.stringify(serviceTrust('lambda.amazonaws.com')),
    });
    const listingRole = new IamRole(this, 'listing-consumer-role', {
      name: `${prefix}-listing-consumer`,
      assumeRolePolicy: JSON.stringify(serviceTrust('lambda.amazonaws.com')),
    });
    const jobRole = new IamRole(this, 'job-runner-role', {
      name: `${prefix}-job-runner`,
      assumeRolePolicy: JSON.stringify(serviceTrust('lambda.amazonaws.com')),
    });
    const searchRole = new IamRole(this, 'search-indexer-role', {
      name: `${prefix}-search-indexer`,
      assumeRolePolicy: JSON.stringify(serviceTrust('lambda.amazonaws.com')),
    });
    const sweeperRole = new IamRole(this, 'reservation-sweeper-role', {
      name: `${prefix}-reservation-sweeper`,
      assumeRolePolicy: JSON.stringify(serviceTrust('lambda.amazonaws.com')),
    });
    const purgeLogs = logGroup('offboarding-purge');
    const domainCheckLogs = logGroup('domain-checks');
    const purgeRole = new IamRole(this, 'offboarding-purge-role', {
      name: `${prefix}-offboarding-purge`,
      assumeRolePolicy: JSON.stringify(serviceTrust('lambda.amazonaws.com')),
    });
    const tenantRole = new IamRole(this, 'tenant-role', {
      name: `${prefix}-tenant-data`,
      description: 'Assumed by the API per tenant with a tenantId session tag; confined to that tenant by LeadingKeys and the S3 prefix',
      assumeRolePolicy: JSON.stringify(
        tenantRoleTrust(apiRole.arn, consumerRole.arn, listingRole.arn, jobRole.arn, searchRole.arn, sweeperRole.arn, purgeRole.arn),
      ),
      // Role chaining (Lambda role → this role) caps sessions at one hour anyway.
      maxSessionDuration: 3600,
    });
    new IamRolePolicy(this, 'tenant-role-policy', { role: tenantRole.id, name: 'tenant-data', policy: JSON.stringify(tenantDataPolicy(table.arn, media.arn)) });
    new IamRolePolicy(this, 'api-role-policy', {
      role: apiRole.id,
      name: 'api',
      policy: JSON.stringify(apiFunctionPolicy({ tableArn: table.arn, userPoolArn: pool.arn, tenantRoleArn: tenantRole.arn, logGroupArn: apiLogs.arn })),
    });
    // Stores' own domains: certificates and API Gateway custom domain names made at run time (docs/custom-domains.md).
    new IamRolePolicy(this, 'api-custom-domains-policy', {
      role: apiRole.id,
      name: 'custom-domains',
      policy: JSON.stringify(customDomainProvisionerPolicy({ region: env.region, accountId: env.accountId ?? caller.accountId })),
    });
    // What the stream publisher gives up on (a batch past its retries or its age) is described here:
    // shard and sequence numbers, not the records, which stay in the table until their TTL.
    const publisherDlq = new SqsQueue(this, 'stream-publisher-dlq', {
      name: `${prefix}-stream-publisher-dlq`,
      messageRetentionSeconds: 1_209_600,
      sqsManagedSseEnabled: true,
    });
    new IamRolePolicy(this, 'stream-publisher-role-policy', {
      role: publisherRole.id,
      name: 'stream-publisher',
      policy: JSON.stringify(
        streamPublisherFunctionPolicy({ tableArn: table.arn, busArn: bus.arn, deadLetterQueueArn: publisherDlq.arn, logGroupArn: publisherLogs.arn }),
      ),
    });
    // The sender of every email: SES sends only from a verified identity (docs/deploy.md, "Email").
    const emailIdentity = new Sesv2EmailIdentity(this, 'email-identity', { emailIdentity: env.emailFrom });
    new IamRolePolicy(this, 'inventory-consumer-role-policy', {
      role: consumerRole.id,
      name: 'inventory-consumer',
      policy: JSON.stringify(
        inventoryConsumerPolicy({
          tableArn: table.arn,
          queueArn: consumer.arn,
          tenantRoleArn: tenantRole.arn,
          emailIdentityArn: emailIdentity.arn,
          fromAddress: env.emailFrom,
          logGroupArn: consumerLogs.arn,
        }),
      ),
    });

    new IamRolePolicy(this, 'reservation-sweeper-role-policy', {
      role: sweeperRole.id,
      name: 'reservation-sweeper',
      policy: JSON.stringify(reservationSweeperPolicy({ tableArn: table.arn, tenantRoleArn: tenantRole.arn, logGroupArn: sweeperLogs.arn })),
    });
    new IamRolePolicy(this, 'listing-consumer-role-policy', {
      role: listingRole.id,
      name: 'listing-consumer',
      policy: JSON.stringify(
        listingConsumerPolicy({ tableArn: table.arn, queueArn: listingQueue.arn, tenantRoleArn: tenantRole.arn, logGroupArn: listingLogs.arn }),
      ),
    });

    new IamRolePolicy(this, 'job-runner-role-policy', {
      role: jobRole.id,
      name: 'job-runner',
      policy: JSON.stringify(jobRunnerPolicy({ tableArn: table.arn, queueArn: jobQueue.arn, tenantRoleArn: tenantRole.arn, logGroupArn: jobLogs.arn })),
    });
    new IamRolePolicy(this, 'search-indexer-role-policy', {
      role: searchRole.id,
      name: 'search-indexer',
      policy: JSON.stringify(
        searchIndexerPolicy({ tableArn: table.arn, queueArn: search.queue.arn, tenantRoleArn: tenantRole.arn, logGroupArn: searchLogs.arn }),
      ),
    });

    // The cursor key (docs/deploy.md, "Cursor key"): random from AWS at the first apply, then kept
    // by terraform_data, whose ignored input is not read again, so redeploys keep open cursors valid.
    // It lives in the (encrypted) state and the function's configuration, never in an output.
    const cursorSeed = new DataAwsSecretsmanagerRandomPassword(this, 'cursor-key-seed', { passwordLength: 64, excludePunctuation: true });
    const cursorKey = new DataResource(this, 'cursor-key', {
      input: { key: Fn.base64sha256(cursorSeed.randomPassword) },
      lifecycle: { ignoreChanges: ['input'] },
    });

    // src/config.ts reads these; AWS_REGION comes from Lambda itself.
    const issuer = `https://cognito-idp.${env.region}.amazonaws.com/${pool.id}`;
    const common = {
      STAGE: env.name,
      TABLE_NAME: table.name,
      EVENT_BUS_NAME: bus.name,
      LOG_LEVEL: prod ? 'info' : 'debug',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const httpApi = new Apigatewayv2Api(this, 'http-api', { name: prefix, protocolType: 'HTTP', description: `Catalog platform API (${env.name})` });
    // CloudFront and WAF in front of the API (stacks/edge.ts; docs/architecture.md, "The edge").
    const edge = apiEdge(this, { env, prefix, apiId: httpApi.id, priceClass: prod ? 'PriceClass_All' : 'PriceClass_100' });
    const apiEnvironment = {
      ...common,
      // The operator console and API answer only here: the configured hosts, else the API's own
      // execute-api host, which is never a store's domain.
      PLATFORM_HOSTS: env.platformHosts.length ? env.platformHosts.join(',') : `${httpApi.id}.execute-api.${env.region}.amazonaws.com`,
      MEDIA_BUCKET: media.bucket,
      MEDIA_BASE_URL: cdn.baseUrl,
      // Pages upload straight to the bucket (presigned POST): the pages' CSP must let them.
      MEDIA_ORIGINS: `https://${media.bucket}.s3.${env.region}.amazonaws.com`,
      USER_POOL_ID: pool.id,
      USER_POOL_CLIENT_ID: poolClient.id,
      JWT_ISSUER: issuer,
      JWKS_URI: `${issuer}/.well-known/jwks.json`,
      TENANT_ROLE_ARN: tenantRole.arn,
      CURSOR_KEY: Fn.lookup(cursorKey.output, 'key'),
      SIGNUP_TICKET_SECRET: ticketSecret.value,
      // Self-service sign-up opens stores at `<slug>.<platform domain>`, served by its wildcard domain.
      ...(env.platformDomain ? { STORE_DOMAIN_SUFFIX: env.platformDomain.name } : {}),
      // Request metrics as EMF lines (on by default on Lambda): per store unless turned off.
      METRICS_PER_STORE: String(env.metricsPerStore),
      // The edge's forwarded Host is believed only with this (src/http/edge/origin.ts).
      ORIGIN_VERIFY_SECRET: edge.originVerifySecret,
      // Stores' custom domains are API Gateway custom domain names mapped to this API (docs/custom-domains.md).
      CUSTOM_DOMAINS_API_ID: httpApi.id,
    };
    const fn = (
      name:
        | 'api'
        | 'stream-publisher'
        | 'inventory-consumer'
        | 'listing-consumer'
        | 'job-runner'
        | 'search-indexer'
        | 'reservation-sweeper'
        | 'domain-checks'
        | 'offboarding-purge',
      role: IamRole,
      logs: CloudwatchLogGroup,
      settings: { memorySize: number; timeout: number; reservedConcurrentExecutions?: number; publish?: boolean; variables: Record<string, string> },
    ) => {
      const asset = new TerraformAsset(this, `${name}-asset`, { path: props.lambdaAssets[name], type: AssetType.ARCHIVE });
      return new LambdaFunction(this, `${name}-function`, {
        functionName: `${prefix}-${name}`,
        role: role.arn,
        runtime: 'nodejs22.x',
        architectures: ['arm64'],
        handler: 'index.handler',
        filename: asset.path,
        sourceCodeHash: asset.assetHash,
        memorySize: settings.memorySize,
        timeout: settings.timeout,
        ...(settings.reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions: settings.reservedConcurrentExecutions } : {}),
        ...(settings.publish ? { publish: true } : {}),
        tracingConfig: { mode: 'Active' },
        environment: { variables: settings.variables },
        loggingConfig: { logFormat: 'JSON', logGroup: logs.name },
        dependsOn: [logs],
      });
    };
    // 10 s. Every SDK call ends inside it, retries included (src/adapters/aws/client-settings.ts):
    // DynamoDB, S3, STS, EventBridge ≤ 2 × (1 s connect + 2 s request) + backoff ≈ 6.2 s; Cognito
    // ≤ 1 s + 5 s, no retry; the JWKS fetch ≤ 2 s. A hung dependency so ends as our 503 with
    // Retry-After, with ~4 s left for the request's other calls and the answer, never as API
    // Gateway's 504 (its integration waits 12 s). docs/architecture.md, "Time budgets".
    const api = fn('api', apiRole, apiLogs, {
      memorySize: env.lambdaMemoryMb,
      timeout: 10,
      reservedConcurrentExecutions: env.reservedConcurrency,
      // Every apply that changes code or configuration publishes a version; CodeDeploy moves the
      // `live` alias to it (stacks/rollout.ts). The other functions serve $LATEST: docs/deploy.md, "Rollouts".
      publish: true,
      variables: apiEnvironment,
    });
    // The stream publisher: PutEvents calls of at most 10 entries, each within EventBridge's 6.2 s
    // budget, so a batch of 50 ends inside 60 s even with EventBridge hanging on every call.
    const publisher = fn('stream-publisher', publisherRole, publisherLogs, {
      memorySize: 256,
      timeout: 60,
      variables: { STAGE: env.name, EVENT_BUS_NAME: bus.name, LOG_LEVEL: common.LOG_LEVEL, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    new LambdaEventSourceMapping(this, 'stream-publisher-source', {
      eventSourceArn: table.streamArn,
      functionName: publisher.arn,
      startingPosition: 'TRIM_HORIZON',
      // Only outbox inserts invoke it: product, session and counter writes never cost an invocation.
      filterCriteria: { filter: [{ pattern: JSON.stringify(OUTBOX_INSERTS) }] },
      batchSize: STREAM_SOURCE.batchSize,
      // Up to 5 batches per shard at once; Lambda keeps each partition key's order, and every
      // store's outbox is one partition key, so a store's events still go out in commit order.
      parallelizationFactor: STREAM_SOURCE.parallelizationFactor,
      // The function names the first record it could not publish; Lambda retries from there,
      // halves a batch that fails as a whole, and gives up after a bounded count or age.
      functionResponseTypes: ['ReportBatchItemFailures'],
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: STREAM_SOURCE.maximumRetryAttempts,
      maximumRecordAgeInSeconds: STREAM_SOURCE.maximumRecordAgeInSeconds,
      destinationConfig: { onFailure: { destinationArn: publisherDlq.arn } },
      dependsOn: [publisher],
    });

    // The inventory consumer: low-stock notices to each store's admins. Two at a time at most:
    // SES's sending rate (1/s in the sandbox, 14/s at first in production) is the limit, and a
    // burst of notices waits in the queue rather than being throttled by SES.
    const inventoryConsumer = fn('inventory-consumer', consumerRole, consumerLogs, {
      memorySize: 256,
      timeout: INVENTORY_CONSUMER_TIMEOUT_SECONDS,
      reservedConcurrentExecutions: INVENTORY_CONSUMER_CONCURRENCY,
      variables: { ...common, TENANT_ROLE_ARN: tenantRole.arn, EMAIL_FROM: env.emailFrom },
    });
    new LambdaEventSourceMapping(this, 'inventory-consumer-mapping', {
      eventSourceArn: consumer.arn,
      functionName: inventoryConsumer.arn,
      batchSize: 10,
      maximumBatchingWindowInSeconds: 5,
      // Only the messages the function names come back; the rest of the batch is deleted.
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: INVENTORY_CONSUMER_CONCURRENCY },
    });

    const apiLive = liveAlias(this, api);
    // The listing consumer: each event re-reads its product and brings its rows and counts up to
    // date; idempotent, so SQS's redeliveries are harmless.
    const listingConsumer = fn('listing-consumer', listingRole, listingLogs, {
      memorySize: 256,
      timeout: LISTING_CONSUMER_TIMEOUT_SECONDS,
      reservedConcurrentExecutions: LISTING_CONSUMER_CONCURRENCY,
      variables: { ...common, TENANT_ROLE_ARN: tenantRole.arn },
    });
    new LambdaEventSourceMapping(this, 'listing-consumer-mapping', {
      eventSourceArn: listingQueue.arn,
      functionName: listingConsumer.arn,
      batchSize: 10,
      maximumBatchingWindowInSeconds: 1,
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: LISTING_CONSUMER_CONCURRENCY },
    });

    // The job runner: the API's platform (src/entry/job-runner.ts), so it needs the API's settings;
    // store data through the tenant role, like every request. One message per invocation: a job.
    const jobRunner = fn('job-runner', jobRole, jobLogs, {
      memorySize: JOB_RUNNER_MEMORY_MB,
      timeout: JOB_RUNNER_TIMEOUT_SECONDS,
      reservedConcurrentExecutions: JOB_RUNNER_CONCURRENCY,
      variables: apiEnvironment,
    });
    new LambdaEventSourceMapping(this, 'job-runner-mapping', {
      eventSourceArn: jobQueue.arn,
      functionName: jobRunner.arn,
      batchSize: 1,
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: JOB_RUNNER_CONCURRENCY },
    });
    // The search index writer: one batch per store at a time (the FIFO queue's message group),
    // each store's index saved once per batch; it holds an index in memory, hence its memory.
    const searchIndexer = fn('search-indexer', searchRole, searchLogs, {
      memorySize: SEARCH_INDEXER_MEMORY_MB,
      timeout: SEARCH_INDEXER_TIMEOUT_SECONDS,
      reservedConcurrentExecutions: SEARCH_INDEXER_CONCURRENCY,
      variables: { ...common, TENANT_ROLE_ARN: tenantRole.arn, MEDIA_BUCKET: media.bucket },
    });
    new LambdaEventSourceMapping(this, 'search-indexer-mapping', {
      eventSourceArn: search.queue.arn,
      functionName: searchIndexer.arn,
      batchSize: 10,
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: SEARCH_INDEXER_CONCURRENCY },
    });

    // The reservation sweeper, on a schedule (table TTL alone can take days): docs/architecture.md, "Checkout and orders".
    const sweeper = fn('reservation-sweeper', sweeperRole, sweeperLogs, {
      memorySize: 256,
      timeout: RESERVATION_SWEEPER_TIMEOUT_SECONDS,
      reservedConcurrentExecutions: 1,
      variables: { ...common, TENANT_ROLE_ARN: tenantRole.arn },
    });
    // Scheduled rules live on the default bus.
    const sweepSchedule = new CloudwatchEventRule(this, 'reservation-sweep-schedule', {
      name: `${prefix}-reservation-sweep`,
      description: 'Every minute: unpaid orders past their reservation give their stock back',
      scheduleExpression: RESERVATION_SWEEP_SCHEDULE,
    });
    new CloudwatchEventTarget(this, 'reservation-sweep-target', {
      rule: sweepSchedule.name,
      arn: sweeper.arn,
      retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
    });
    new LambdaPermission(this, 'reservation-sweeper-permission', {
      statementId: 'AllowEventBridgeSchedule',
      action: 'lambda:InvokeFunction',
      functionName: sweeper.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: sweepSchedule.arn,
    });

    // Scheduled runs of the API's platform: the domains' re-verification (the API's role: it reads
    // the registry and writes what the API writes) and the offboarding purge (its own role).
    const scheduled = (name: 'domain-checks' | 'offboarding-purge', fnOf: LambdaFunction, expression: string, description: string) => {
      const rule = new CloudwatchEventRule(this, `${name}-schedule`, { name: `${prefix}-${name}`, description, scheduleExpression: expression });
      new CloudwatchEventTarget(this, `${name}-target`, {
        rule: rule.name,
        arn: fnOf.arn,
        retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 300 },
      });
      new LambdaPermission(this, `${name}-permission`, {
        statementId: 'AllowEventBridgeSchedule',
        action: 'lambda:InvokeFunction',
        functionName: fnOf.functionName,
        principal: 'events.amazonaws.com',
        sourceArn: rule.arn,
      });
    };
    const domainChecks = fn('domain-checks', apiRole, domainCheckLogs, {
      memorySize: 512,
      timeout: DOMAIN_CHECK_TIMEOUT_SECONDS,
      reservedConcurrentExecutions: 1,
      variables: apiEnvironment,
    });
    scheduled('domain-checks', domainChecks, DOMAIN_CHECK_SCHEDULE, 'Every 6 hours: stores’ custom domains re-verified (docs/custom-domains.md)');
    const purge = fn('offboarding-purge', purgeRole, purgeLogs, {
      memorySize: 512,
      timeout: OFFBOARDING_PURGE_TIMEOUT_SECONDS,
      reservedConcurrentExecutions: 1,
      variables: apiEnvironment,
    });
    scheduled('offboarding-purge', purge, OFFBOARDING_PURGE_SCHEDULE, 'Hourly: closed stores past their grace period purged (docs/offboarding.md)');
    new IamRolePolicy(this, 'offboarding-purge-role-policy', {
      role: purgeRole.id,
      name: 'offboarding-purge',
      policy: JSON.stringify(
        offboardingPurgePolicy({
          tableArn: table.arn,
          bucketArn: media.arn,
          userPoolArn: pool.arn,
          tenantRoleArn: tenantRole.arn,
          logGroupArn: purgeLogs.arn,
        }),
      ),
    });
    // A purged store's custom domains: their certificates and API Gateway domain names go too.
    new IamRolePolicy(this, 'offboarding-purge-custom-domains-policy', {
      role: purgeRole.id,
      name: 'custom-domains',
      policy: JSON.stringify(customDomainProvisionerPolicy({ region: env.region, accountId: env.accountId ?? caller.accountId })),
    });
    // The export is written by the job runner and handed out presigned by the API (docs/offboarding.md).
    new IamRolePolicy(this, 'job-runner-offboarding-exports-policy', {
      role: jobRole.id,
      name: 'offboarding-exports',
      policy: JSON.stringify(offboardingExportsPolicy(media.arn, ['s3:PutObject'])),
    });
    new IamRolePolicy(this, 'api-offboarding-exports-policy', {
      role: apiRole.id,
      name: 'offboarding-exports',
      policy: JSON.stringify(offboardingExportsPolicy(media.arn, ['s3:GetObject'])),
    });

    // HTTP API in front of the function; every path goes to the Hono app. HTTP APIs (unlike REST
    // APIs) cannot send X-Ray traces, so a trace starts at the function (active tracing above);
    // API Gateway's request id reaches every log line of the request instead (src/http/middleware/request-id.ts).
    const integration = new Apigatewayv2Integration(this, 'http-integration', {
      apiId: httpApi.id,
      integrationType: 'AWS_PROXY',
      // The alias, never the function: what users reach is what CodeDeploy has shifted to.
      integrationUri: apiLive.invokeArn,
      payloadFormatVersion: '2.0',
      timeoutMilliseconds: 12_000,
    });
    new Apigatewayv2Route(this, 'http-route', { apiId: httpApi.id, routeKey: '$default', target: `integrations/${integration.id}` });
    const accessLogs = new CloudwatchLogGroup(this, 'http-access-logs', { name: `/aws/apigateway/${prefix}`, retentionInDays: env.logRetentionDays });
    const stage = new Apigatewayv2Stage(this, 'http-stage', {
      apiId: httpApi.id,
      name: '$default',
      autoDeploy: true,
      defaultRouteSettings: { throttlingBurstLimit: env.apiThrottle.burstLimit, throttlingRateLimit: env.apiThrottle.rateLimit, detailedMetricsEnabled: false },
      accessLogSettings: {
        destinationArn: accessLogs.arn,
        format: JSON.stringify({
          requestId: '$context.requestId',
          ip: '$context.identity.sourceIp',
          host: '$context.domainName',
          method: '$context.httpMethod',
          path: '$context.path',
          status: '$context.status',
          latency: '$context.responseLatency',
          integrationError: '$context.integrationErrorMessage',
        }),
      },
    });
    new LambdaPermission(this, 'api-permission', {
      action: 'lambda:InvokeFunction',
      functionName: api.functionName,
      qualifier: apiLive.name,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${httpApi.executionArn}/*/*`,
    });

    // Store domains (prod: the manifests' real domains). The platform's wildcard domain is the
    // edge's (stacks/edge.ts): every `<slug>.<platform domain>` store is behind CloudFront and WAF.
    for (const domain of domains) customDomain(this, { domain, zoneId: zoneFor(domain, env.hostedZones), api: httpApi, stage });

    const { topic: alarms, rollbackAlarms } = monitoring(this, {
      prefix,
      stage: env.name,
      region: env.region,
      alarmEmail: env.alarmEmail,
      apiFunction: api.functionName,
      publisherFunction: publisher.functionName,
      publisherDeadLetterQueue: publisherDlq.name,
      consumerFunction: inventoryConsumer.functionName,
      apiId: httpApi.id,
      deadLetterQueue: deadLetters.name,
      consumerQueue: consumer.name,
      listingDeadLetterQueue: listingDeadLetters.name,
      jobDeadLetterQueue: jobDeadLetters.name,
      searchDeadLetterQueues: [search.deadLetters.name, search.inboxDeadLetters.name],
      accessLogGroup: accessLogs.name,
      reservationSweeper: { functionName: sweeper.functionName, logGroup: sweeperLogs.name },
    });
    apiCanary(this, { prefix, fn: api, alarms: rollbackAlarms });

    // Team roles (Identity Center permission sets, plain roles), role boundaries, security services.
    const guards = guardrails(this, env, env.accountId ?? caller.accountId);
    const teamRoleArns = teamAccess(this, {
      env,
      accountId: env.accountId ?? caller.accountId,
      resources: {
        prefix,
        region: env.region,
        tableArn: table.arn,
        mediaBucketArn: media.arn,
        analyticsBucketArn: analytics.arn,
        userPoolArn: pool.arn,
        apiId: httpApi.id,
        busArn: bus.arn,
        ...guards,
      },
    });

    const output = (name: string, value: string, description: string) => new TerraformOutput(this, name, { value, description });
    output('api_url', httpApi.apiEndpoint, 'Default endpoint of the HTTP API');
    output('edge_url', edge.url, 'The API and storefronts through CloudFront and WAF (point store domains here)');
    output('table_name', table.name, 'TABLE_NAME');
    output('media_bucket', media.bucket, 'MEDIA_BUCKET');
    output('media_base_url', cdn.baseUrl, 'MEDIA_BASE_URL: product images (CloudFront)');
    output('analytics_bucket', analytics.bucket, 'Exports and Athena results (data engineers)');
    output('event_bus_name', bus.name, 'EVENT_BUS_NAME');
    output('user_pool_id', pool.id, 'USER_POOL_ID');
    output('user_pool_client_id', poolClient.id, 'USER_POOL_CLIENT_ID');
    output('tenant_role_arn', tenantRole.arn, 'TENANT_ROLE_ARN');
    output('alarm_topic_arn', alarms.arn, 'Subscribe on-call here');
    output('email_from', emailIdentity.emailIdentity, 'Sender of store notices: verify it with the link SES emails to it');
    // What the pipeline's roll-out step needs (scripts/roll-out-api.sh).
    const rollout = rolloutNames(prefix);
    output('api_function_name', api.functionName, 'The API function, served through its alias');
    output('api_alias', apiLive.name, 'The alias API Gateway calls');
    output('api_version', api.version, 'The version this apply published: the roll-out target');
    output('codedeploy_application', rollout.application, 'CodeDeploy application of the API');
    output('codedeploy_group', rollout.group, 'CodeDeploy deployment group of the API (canary, rollback on alarms)');
    new TerraformOutput(this, 'team_role_arns', { value: teamRoleArns, description: 'Team roles to assume (with MFA)' });
  }
}

/** S3 with a lock per environment when configured; otherwise a local state file (synth and tests need no AWS). */
function backend(stack: TerraformStack, env: Environment) {
  if (!env.state) {
    new LocalBackend(stack, { path: `terraform.${env.name}.tfstate` });
    return;
  }
  const { bucket, key, region, lock } = env.state;
  const s3 = new S3Backend(stack, { bucket, key, region, encrypt: true, ...(lock.type === 'dynamodb' ? { dynamodbTable: lock.table } : {}) });
  // Terraform 1.10+ locks with a `.tflock` object next to the state; cdktf 0.21 predates the option.
  if (lock.type === 'lockfile') s3.addOverride('use_lockfile', true);
}

/**
 * Store pages upload images straight to S3: the stores' own domains (prod: the manifests'), the
 * platform's domain and its wildcard store domain. Never `https://*`: any site could then drive
 * uploads with a leaked form. None configured, none allowed (a store's custom domain is added to
 * its manifest, which lists it here on the next apply).
 */
export function corsOrigins(domains: string[], platformDomain: string | undefined): string[] {
  return [...domains.map((d) => `https://${d}`), ...(platformDomain ? [`https://${platformDomain}`, `https://*.${platformDomain}`] : [])];
}

/**
 * A bucket nobody reaches without IAM: public access blocked, SSE-S3, versioned, TLS only, with a
 * lifecycle. `restrict` writes its policy (TLS only, plus the statements given), once the
 * principals those statements name (a CloudFront distribution) exist.
 */
function privateBucket(scope: Construct, id: string, props: { prefix: string; forceDestroy: boolean; lifecycle: S3BucketLifecycleConfigurationRule[] }) {
  const bucket = new S3Bucket(scope, id, { bucketPrefix: props.prefix, forceDestroy: props.forceDestroy });
  const block = new S3BucketPublicAccessBlock(scope, `${id}-public-access`, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketServerSideEncryptionConfigurationA(scope, `${id}-encryption`, {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
  });
  const versioning = new S3BucketVersioningA(scope, `${id}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
  new S3BucketLifecycleConfiguration(scope, `${id}-lifecycle`, { bucket: bucket.id, rule: props.lifecycle, dependsOn: [versioning] });
  const restrict = (statements: object[]) =>
    new S3BucketPolicy(scope, `${id}-policy`, {
      bucket: bucket.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'TlsOnly',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [bucket.arn, `${bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          ...statements,
        ],
      }),
      // S3 refuses bucket policies while the public access block is being put in place.
      dependsOn: [block],
    });
  return { bucket, restrict };
}
