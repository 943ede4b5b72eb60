import { AssetType, LocalBackend, S3Backend, TerraformAsset, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2ApiMapping } from '@cdktf/provider-aws/lib/apigatewayv2-api-mapping';
import { Apigatewayv2DomainName } from '@cdktf/provider-aws/lib/apigatewayv2-domain-name';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchEventArchive } from '@cdktf/provider-aws/lib/cloudwatch-event-archive';
import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { CognitoUserGroup } from '@cdktf/provider-aws/lib/cognito-user-group';
import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketCorsConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-cors-configuration';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { TABLE_KEYS } from '../src/adapters/dynamodb/table';
import type { Environment } from './config';
import { apiFunctionPolicy, assumeRolePolicy, relayFunctionPolicy, tenantDataPolicy } from './policies';
import { teamRoles } from './team-roles';

export type PlatformStackProps = {
  env: Environment;
  /** Directories holding the bundled `api/index.mjs` and `relay/index.mjs` (scripts/build-lambda.ts). */
  lambdaAssets: { api: string; relay: string };
  /** Store domains from tenants/*.json that get custom domains (not *.localhost). */
  storeDomains: string[];
};

/** One environment of the platform: everything the Lambda needs, isolation by IAM, and the alarms. */
export class PlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { env } = props;
    const prefix = `catalog-${env.name}`;
    const prod = env.name === 'prod';

    new AwsProvider(this, 'aws', { region: env.region, defaultTags: [{ tags: { project: 'catalog-platform', environment: env.name } }] });
    if (env.state) new S3Backend(this, { bucket: env.state.bucket, key: env.state.key, region: env.state.region, dynamodbTable: env.state.dynamodbTable, encrypt: true });
    else new LocalBackend(this, { path: `terraform.${env.name}.tfstate` });

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
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: env.deletionProtection,
    });

    // Media: private, encrypted, versioned; browsers upload through presigned URLs.
    const bucket = new S3Bucket(this, 'media', { bucketPrefix: `${prefix}-media-`, forceDestroy: !prod });
    new S3BucketPublicAccessBlock(this, 'media-public-access', { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    new S3BucketServerSideEncryptionConfigurationA(this, 'media-encryption', { bucket: bucket.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] });
    new S3BucketVersioningA(this, 'media-versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketLifecycleConfiguration(this, 'media-lifecycle', {
      bucket: bucket.id,
      rule: [
        {
          id: 'tidy-versions-and-uploads',
          status: 'Enabled',
          filter: [{ prefix: 'tenants/' }],
          noncurrentVersionExpiration: [{ noncurrentDays: prod ? 90 : 14 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 2 }],
        },
      ],
    });
    new S3BucketCorsConfiguration(this, 'media-cors', {
      bucket: bucket.id,
      corsRule: [{ allowedMethods: ['PUT', 'GET', 'HEAD'], allowedOrigins: props.storeDomains.length ? props.storeDomains.map((d) => `https://${d}`) : ['https://*'], allowedHeaders: ['content-type', 'content-length'], maxAgeSeconds: 3000 }],
    });

    // Identity: the tenant attribute is immutable and not writable by the app client.
    const pool = new CognitoUserPool(this, 'users', {
      name: prefix,
      schema: [{ name: 'tenantId', attributeDataType: 'String', mutable: false, stringAttributeConstraints: { minLength: '1', maxLength: '40' } }],
      passwordPolicy: { minimumLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: false, temporaryPasswordValidityDays: 7 },
      autoVerifiedAttributes: ['email'],
      accountRecoverySetting: { recoveryMechanism: [{ name: 'verified_email', priority: 1 }] },
      deletionProtection: prod ? 'ACTIVE' : 'INACTIVE',
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
      readAttributes: ['email', 'name', 'custom:tenantId'],
      // Real Cognito refuses a SignUp that sets an attribute the client cannot write; the tenant
      // is immutable, so it can be set at sign-up only, and the API refuses tokens whose
      // username does not start with that tenant (src/adapters/jwt/cognito-verifier.ts).
      writeAttributes: ['email', 'name', 'custom:tenantId'],
    });
    for (const group of ['customer', 'clerk', 'admin', 'operator']) new CognitoUserGroup(this, `group-${group}`, { name: group, userPoolId: pool.id });

    // Events: the bus, an archive for replay, and an example consumer with a dead-letter queue.
    const bus = new CloudwatchEventBus(this, 'bus', { name: prefix });
    new CloudwatchEventArchive(this, 'bus-archive', { name: `${prefix}-archive`, eventSourceArn: bus.arn, retentionDays: prod ? 365 : 30 });
    const deadLetters = new SqsQueue(this, 'inventory-dlq', { name: `${prefix}-inventory-dlq`, messageRetentionSeconds: 1_209_600, sqsManagedSseEnabled: true });
    const consumer = new SqsQueue(this, 'inventory-consumer', {
      name: `${prefix}-inventory`,
      sqsManagedSseEnabled: true,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetters.arn, maxReceiveCount: 5 }),
    });
    const inventoryRule = new CloudwatchEventRule(this, 'inventory-rule', { name: `${prefix}-inventory`, eventBusName: bus.name, eventPattern: JSON.stringify({ source: ['catalog.inventory'] }) });
    new CloudwatchEventTarget(this, 'inventory-target', { rule: inventoryRule.name, eventBusName: bus.name, arn: consumer.arn, deadLetterConfig: { arn: deadLetters.arn }, retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 } });
    for (const [id, queue] of [['consumer', consumer], ['dlq', deadLetters]] as const) {
      new SqsQueuePolicy(this, `${id}-policy`, {
        queueUrl: queue.url,
        policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queue.arn, Condition: { ArnEquals: { 'aws:SourceArn': inventoryRule.arn } } }] }),
      });
    }

    // Functions and their roles.
    const lambdaTrust = JSON.stringify(assumeRolePolicy({ Service: 'lambda.amazonaws.com' }));
    const apiRole = new IamRole(this, 'api-role', { name: `${prefix}-api`, assumeRolePolicy: lambdaTrust });
    const relayRole = new IamRole(this, 'relay-role', { name: `${prefix}-relay`, assumeRolePolicy: lambdaTrust });
    const tenantRole = new IamRole(this, 'tenant-role', {
      name: `${prefix}-tenant-data`,
      description: 'Assumed per request with a tenantId session tag; confined to that tenant by LeadingKeys and S3 prefix',
      assumeRolePolicy: JSON.stringify(assumeRolePolicy({ AWS: apiRole.arn }, { Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { StringLike: { 'aws:RequestTag/tenantId': '?*' } } })),
      maxSessionDuration: 3600,
    });
    new IamRolePolicy(this, 'tenant-role-policy', { role: tenantRole.id, name: 'tenant-data', policy: JSON.stringify(tenantDataPolicy(table.arn, bucket.arn)) });
    new IamRolePolicy(this, 'api-role-policy', { role: apiRole.id, name: 'api', policy: JSON.stringify(apiFunctionPolicy({ tableArn: table.arn, busArn: bus.arn, userPoolArn: pool.arn, tenantRoleArn: tenantRole.arn })) });
    new IamRolePolicy(this, 'relay-role-policy', { role: relayRole.id, name: 'relay', policy: JSON.stringify(relayFunctionPolicy({ tableArn: table.arn, busArn: bus.arn })) });

    const issuer = `https://cognito-idp.${env.region}.amazonaws.com/${pool.id}`;
    const environment = {
      STAGE: env.name,
      TABLE_NAME: table.name,
      MEDIA_BUCKET: bucket.bucket,
      EVENT_BUS_NAME: bus.name,
      USER_POOL_ID: pool.id,
      USER_POOL_CLIENT_ID: poolClient.id,
      JWT_ISSUER: issuer,
      JWKS_URI: `${issuer}/.well-known/jwks.json`,
      TENANT_ROLE_ARN: tenantRole.arn,
      LOG_LEVEL: prod ? 'info' : 'debug',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const fn = (name: 'api' | 'relay', role: IamRole, extra: { memorySize: number; timeout: number; reservedConcurrentExecutions?: number }) => {
      const logGroup = new CloudwatchLogGroup(this, `${name}-logs`, { name: `/aws/lambda/${prefix}-${name}`, retentionInDays: env.logRetentionDays });
      const asset = new TerraformAsset(this, `${name}-asset`, { path: props.lambdaAssets[name], type: AssetType.ARCHIVE });
      return new LambdaFunction(this, `${name}-function`, {
        functionName: `${prefix}-${name}`,
        role: role.arn,
        runtime: 'nodejs22.x',
        architectures: ['arm64'],
        handler: 'index.handler',
        filename: asset.path,
        sourceCodeHash: asset.assetHash,
        tracingConfig: { mode: 'Active' },
        environment: { variables: environment },
        loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
        dependsOn: [logGroup],
        ...extra,
      });
    };
    const api = fn('api', apiRole, { memorySize: env.lambdaMemoryMb, timeout: 10, reservedConcurrentExecutions: env.reservedConcurrency });
    const relay = fn('relay', relayRole, { memorySize: 256, timeout: 60, reservedConcurrentExecutions: 1 });

    // The relay runs every minute to re-send what a failed publish left in an outbox.
    const schedule = new CloudwatchEventRule(this, 'relay-schedule', { name: `${prefix}-outbox-relay`, scheduleExpression: 'rate(1 minute)' });
    new CloudwatchEventTarget(this, 'relay-target', { rule: schedule.name, arn: relay.arn });
    new LambdaPermission(this, 'relay-permission', { action: 'lambda:InvokeFunction', functionName: relay.functionName, principal: 'events.amazonaws.com', sourceArn: schedule.arn });

    // HTTP API in front of the function.
    const httpApi = new Apigatewayv2Api(this, 'http-api', { name: prefix, protocolType: 'HTTP' });
    const integration = new Apigatewayv2Integration(this, 'http-integration', { apiId: httpApi.id, integrationType: 'AWS_PROXY', integrationUri: api.invokeArn, payloadFormatVersion: '2.0' });
    new Apigatewayv2Route(this, 'http-route', { apiId: httpApi.id, routeKey: '$default', target: `integrations/${integration.id}` });
    const stage = new Apigatewayv2Stage(this, 'http-stage', {
      apiId: httpApi.id,
      name: '$default',
      autoDeploy: true,
      defaultRouteSettings: { throttlingBurstLimit: env.apiThrottle.burstLimit, throttlingRateLimit: env.apiThrottle.rateLimit, detailedMetricsEnabled: true },
    });
    new LambdaPermission(this, 'api-permission', { action: 'lambda:InvokeFunction', functionName: api.functionName, principal: 'apigateway.amazonaws.com', sourceArn: `${httpApi.executionArn}/*/*` });

    // Store domains: certificate, API mapping, and DNS when the zone is ours.
    props.storeDomains.forEach((domain, index) => {
      const certificate = new AcmCertificate(this, `cert-${index}`, { domainName: domain, validationMethod: 'DNS', lifecycle: { createBeforeDestroy: true } });
      let validation: AcmCertificateValidation | undefined;
      if (env.hostedZoneId) {
        const record = new Route53Record(this, `cert-record-${index}`, {
          zoneId: env.hostedZoneId,
          name: certificate.domainValidationOptions.get(0).resourceRecordName,
          type: certificate.domainValidationOptions.get(0).resourceRecordType,
          records: [certificate.domainValidationOptions.get(0).resourceRecordValue],
          ttl: 60,
          allowOverwrite: true,
        });
        validation = new AcmCertificateValidation(this, `cert-validation-${index}`, { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] });
      }
      const customDomain = new Apigatewayv2DomainName(this, `domain-${index}`, {
        domainName: domain,
        domainNameConfiguration: { certificateArn: validation?.certificateArn ?? certificate.arn, endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2' },
      });
      new Apigatewayv2ApiMapping(this, `mapping-${index}`, { apiId: httpApi.id, domainName: customDomain.id, stage: stage.id });
      if (env.hostedZoneId) {
        new Route53Record(this, `alias-${index}`, {
          zoneId: env.hostedZoneId,
          name: domain,
          type: 'A',
          alias: { name: customDomain.domainNameConfiguration.targetDomainName, zoneId: customDomain.domainNameConfiguration.hostedZoneId, evaluateTargetHealth: false },
        });
      }
    });

    // Alarms and a dashboard.
    const alarms = new SnsTopic(this, 'alarms', { name: `${prefix}-alarms` });
    if (env.alarmEmail) new SnsTopicSubscription(this, 'alarms-email', { topicArn: alarms.arn, protocol: 'email', endpoint: env.alarmEmail });
    const alarm = (id: string, spec: { namespace: string; metricName: string; dimensions: Record<string, string>; threshold: number; statistic?: string; extendedStatistic?: string; description: string }) =>
      new CloudwatchMetricAlarm(this, id, {
        alarmName: `${prefix}-${id}`,
        alarmDescription: spec.description,
        namespace: spec.namespace,
        metricName: spec.metricName,
        dimensions: spec.dimensions,
        ...(spec.extendedStatistic ? { extendedStatistic: spec.extendedStatistic } : { statistic: spec.statistic ?? 'Sum' }),
        period: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        threshold: spec.threshold,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: [alarms.arn],
        okActions: [alarms.arn],
      });
    alarm('api-errors', { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: api.functionName }, threshold: 5, description: 'API function errors' });
    alarm('api-throttles', { namespace: 'AWS/Lambda', metricName: 'Throttles', dimensions: { FunctionName: api.functionName }, threshold: 1, description: 'API function throttled (reserved concurrency reached)' });
    alarm('relay-errors', { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: relay.functionName }, threshold: 1, description: 'Outbox relay failing: events are waiting' });
    alarm('http-5xx', { namespace: 'AWS/ApiGateway', metricName: '5xx', dimensions: { ApiId: httpApi.id }, threshold: 5, description: 'API answering 5xx' });
    alarm('http-latency', { namespace: 'AWS/ApiGateway', metricName: 'Latency', dimensions: { ApiId: httpApi.id }, threshold: 1000, extendedStatistic: 'p99', description: 'API p99 latency over 1 s' });
    alarm('dlq-depth', { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: deadLetters.name }, threshold: 1, statistic: 'Maximum', description: 'Inventory events in the dead-letter queue' });
    new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: prefix,
      dashboardBody: JSON.stringify({
        widgets: [
          { type: 'metric', x: 0, y: 0, width: 12, height: 6, properties: { title: 'API requests and errors', region: env.region, metrics: [['AWS/ApiGateway', 'Count', 'ApiId', httpApi.id], ['AWS/ApiGateway', '4xx', 'ApiId', httpApi.id], ['AWS/ApiGateway', '5xx', 'ApiId', httpApi.id]], stat: 'Sum', period: 60 } },
          { type: 'metric', x: 12, y: 0, width: 12, height: 6, properties: { title: 'API latency p50/p99', region: env.region, metrics: [['AWS/ApiGateway', 'Latency', 'ApiId', httpApi.id, { stat: 'p50' }], ['AWS/ApiGateway', 'Latency', 'ApiId', httpApi.id, { stat: 'p99' }]], period: 60 } },
          { type: 'metric', x: 0, y: 6, width: 12, height: 6, properties: { title: 'Lambda', region: env.region, metrics: [['AWS/Lambda', 'Errors', 'FunctionName', api.functionName], ['AWS/Lambda', 'Throttles', 'FunctionName', api.functionName], ['AWS/Lambda', 'ConcurrentExecutions', 'FunctionName', api.functionName]], stat: 'Sum', period: 60 } },
          { type: 'metric', x: 12, y: 6, width: 12, height: 6, properties: { title: 'Events', region: env.region, metrics: [['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', deadLetters.name], ['AWS/Lambda', 'Errors', 'FunctionName', relay.functionName]], stat: 'Maximum', period: 60 } },
        ],
      }),
    });

    // Team roles: assumable from the organisation's account with MFA.
    for (const role of teamRoles(env.name, { tableArn: table.arn, bucketArn: bucket.arn, prefix })) {
      const iamRole = new IamRole(this, `team-${role.name}`, {
        name: `${prefix}-team-${role.name}`,
        description: role.description,
        assumeRolePolicy: JSON.stringify(assumeRolePolicy({ AWS: `arn:aws:iam::${env.teamAccountId}:root` }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })),
        maxSessionDuration: prod ? 3600 : 14400,
      });
      new IamRolePolicy(this, `team-${role.name}-policy`, { role: iamRole.id, name: role.name, policy: JSON.stringify(role.document) });
    }

    new TerraformOutput(this, 'api_url', { value: httpApi.apiEndpoint });
    new TerraformOutput(this, 'user_pool_id', { value: pool.id });
    new TerraformOutput(this, 'user_pool_client_id', { value: poolClient.id });
    new TerraformOutput(this, 'table_name', { value: table.name });
  }
}
