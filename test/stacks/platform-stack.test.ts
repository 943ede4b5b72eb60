import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { createTableInput } from '../../src/adapters/dynamodb/table';
import { ConfigSchema } from '../../src/config';
import { envNamed, MANIFESTS, named, only, rolePolicy, synth, type Synth } from './synth';

const stacks: Record<'dev' | 'staging' | 'prod', Synth> = {
  dev: synth(envNamed('dev')),
  staging: synth(envNamed('staging')),
  prod: synth(envNamed('prod')),
};

const RESOURCE_TYPES = [
  'aws_dynamodb_table',
  'aws_cognito_user_pool',
  'aws_cognito_user_pool_client',
  'aws_cloudwatch_event_bus',
  'aws_cloudwatch_event_archive',
  'aws_apigatewayv2_api',
  'aws_apigatewayv2_integration',
  'aws_apigatewayv2_route',
  'aws_apigatewayv2_stage',
  'aws_cloudwatch_dashboard',
  'aws_sns_topic',
];

/** Every bucket comes with these, named `<bucket>-<suffix>`. */
const BUCKET_PARTS = {
  aws_s3_bucket_public_access_block: 'public-access',
  aws_s3_bucket_server_side_encryption_configuration: 'encryption',
  aws_s3_bucket_versioning: 'versioning',
  aws_s3_bucket_lifecycle_configuration: 'lifecycle',
  aws_s3_bucket_policy: 'policy',
};

describe.each(Object.entries(stacks))('%s', (name, s) => {
  const env = envNamed(name as 'dev');
  const prefix = `catalog-${name}`;

  it('has every part of the platform', () => {
    for (const type of RESOURCE_TYPES) only(s, type);
    expect(Object.keys(s.resource.aws_lambda_function!).sort()).toEqual([
      'api-function',
      'domain-checks-function',
      'inventory-consumer-function',
      'job-runner-function',
      'listing-consumer-function',
      'offboarding-purge-function',
      'pre-sign-up-function',
      'reservation-sweeper-function',
      'search-indexer-function',
      'stream-publisher-function',
    ]);
    expect(Object.keys(s.resource.aws_lambda_event_source_mapping!).sort()).toEqual([
      'inventory-consumer-mapping',
      'job-runner-mapping',
      'listing-consumer-mapping',
      'search-indexer-mapping',
      'stream-publisher-source',
    ]);
    expect(Object.keys(s.resource.aws_s3_bucket!).sort()).toEqual(['analytics', 'media']);
    for (const [type, suffix] of Object.entries(BUCKET_PARTS))
      expect(Object.keys(s.resource[type]!).sort(), type).toEqual([`analytics-${suffix}`, `media-${suffix}`]);
    // Only where there are store origins to allow (prod's manifests, or a platform domain): see media.test.ts.
    expect(Object.keys(s.resource.aws_s3_bucket_cors_configuration ?? {})).toEqual(name === 'prod' ? ['media-cors'] : []);
    expect(
      Object.values(s.resource.aws_cognito_user_group!)
        .map((g) => g.name)
        .sort(),
    ).toEqual(['admin', 'clerk', 'customer', 'operator', 'support']);
    expect(Object.keys(s.resource.aws_sqs_queue!).sort()).toEqual([
      'inventory-consumer',
      'inventory-dlq',
      'job-dlq',
      'job-queue',
      'listing-consumer',
      'listing-dlq',
      'search-dlq',
      'search-inbox',
      'search-inbox-dlq',
      'search-indexer',
      'stream-publisher-dlq',
    ]);
    expect(Object.keys(s.resource.aws_cloudwatch_event_rule!).sort()).toEqual([
      'domain-checks-schedule',
      'inventory-rule',
      'job-rule',
      'listing-rule',
      'offboarding-purge-schedule',
      'order-events-rule',
      'reservation-sweep-schedule',
      'search-rule',
    ]);
    expect(Object.keys(s.resource.aws_cloudwatch_metric_alarm!).sort()).toEqual([
      'api-errors',
      'api-throttles',
      'dlq-depth',
      'events-dlq-age',
      'events-dlq-depth',
      'events-failed',
      'events-iterator-age',
      'http-503',
      'http-5xx',
      'http-latency',
      'inventory-age',
      'inventory-consumer-errors',
      'job-dlq-depth',
      'listing-dlq-depth',
      'reservation-sweeper-errors',
      'reservation-sweeper-store-failures',
      'search-dlq-depth',
      'search-dlq-depth-2',
    ]);
    expect(Object.keys(s.resource.aws_iam_role!).sort()).toEqual(
      [
        'api-role',
        'codedeploy-role',
        'data-processing-role',
        'inventory-consumer-role',
        'job-runner-role',
        'listing-consumer-role',
        'offboarding-purge-role',
        'pre-sign-up-role',
        'reservation-sweeper-role',
        'search-indexer-role',
        'search-pipe-role',
        'stream-publisher-role',
        'tenant-role',
        ...['cto', 'data-engineer', 'developer', 'devops', 'finance', 'product', 'security', 'support'].map((r) => `team-${r}`),
      ].sort(),
    );
    expect(Object.keys(s.output)).toEqual(
      expect.arrayContaining([
        'api_url',
        'table_name',
        'media_bucket',
        'event_bus_name',
        'user_pool_id',
        'user_pool_client_id',
        'tenant_role_arn',
        'team_role_arns',
      ]),
    );
  });

  it('keys the table exactly as the code does, on demand, with TTL, PITR and encryption', () => {
    const table = only(s, 'aws_dynamodb_table');
    const input = createTableInput(prefix);
    expect(table).toMatchObject({
      name: prefix,
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'PK',
      range_key: 'SK',
      ttl: { attribute_name: 'expiresAt', enabled: true },
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
    });
    expect(table.attribute).toEqual(input.AttributeDefinitions.map((a) => ({ name: a.AttributeName, type: a.AttributeType })));
    expect(table.global_secondary_index).toEqual(
      input.GlobalSecondaryIndexes.map((i) => ({
        name: i.IndexName,
        hash_key: i.KeySchema[0]!.AttributeName,
        range_key: i.KeySchema[1]!.AttributeName,
        projection_type: 'ALL',
      })),
    );
    expect(table.deletion_protection_enabled).toBe(env.deletionProtection);
    // The stream the events are published from, as local tables have it.
    expect(table).toMatchObject({ stream_enabled: input.StreamSpecification.StreamEnabled, stream_view_type: input.StreamSpecification.StreamViewType });
    expect(input.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
  });

  it('runs both functions on arm64 nodejs22.x with tracing, JSON logs kept for the configured days', () => {
    for (const id of ['api', 'stream-publisher']) {
      const fn = named(s, 'aws_lambda_function', `${id}-function`);
      expect(fn).toMatchObject({
        function_name: `${prefix}-${id}`,
        runtime: 'nodejs22.x',
        architectures: ['arm64'],
        handler: 'index.handler',
        tracing_config: { mode: 'Active' },
        logging_config: { log_format: 'JSON' },
      });
      expect(fn.filename).toMatch(/^assets\/.+\.zip$/);
      expect(fn.source_code_hash).toBeTruthy();
      expect(named(s, 'aws_cloudwatch_log_group', `${id}-logs`)).toEqual({ name: `/aws/lambda/${prefix}-${id}`, retention_in_days: env.logRetentionDays });
    }
    expect(named(s, 'aws_lambda_function', 'api-function')).toMatchObject({
      reserved_concurrent_executions: env.reservedConcurrency,
      memory_size: env.lambdaMemoryMb,
    });
    // Its concurrency is the stream's: shards × parallelization factor.
    expect(named(s, 'aws_lambda_function', 'stream-publisher-function').reserved_concurrent_executions).toBeUndefined();
  });

  it('gives the API function every variable src/config.ts reads, and only names it knows', () => {
    const variables = named(s, 'aws_lambda_function', 'api-function').environment.variables;
    const wanted = [
      'STAGE',
      'TABLE_NAME',
      'MEDIA_BUCKET',
      'MEDIA_BASE_URL',
      'EVENT_BUS_NAME',
      'USER_POOL_ID',
      'USER_POOL_CLIENT_ID',
      'JWT_ISSUER',
      'JWKS_URI',
      'TENANT_ROLE_ARN',
      'LOG_LEVEL',
    ];
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(wanted));
    for (const key of Object.keys(variables)) expect(key in ConfigSchema.entries || key === 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', key).toBe(true);
    expect(variables).toMatchObject({
      STAGE: name,
      TABLE_NAME: '${aws_dynamodb_table.table.name}',
      MEDIA_BUCKET: '${aws_s3_bucket.media.bucket}',
      EVENT_BUS_NAME: '${aws_cloudwatch_event_bus.bus.name}',
      USER_POOL_CLIENT_ID: '${aws_cognito_user_pool_client.users-client.id}',
      TENANT_ROLE_ARN: '${aws_iam_role.tenant-role.arn}',
      JWT_ISSUER: `https://cognito-idp.${env.region}.amazonaws.com/\${aws_cognito_user_pool.users.id}`,
      JWKS_URI: `https://cognito-idp.${env.region}.amazonaws.com/\${aws_cognito_user_pool.users.id}/.well-known/jwks.json`,
      // The operator console and API: the API's own host unless the environment names its platform hosts.
      PLATFORM_HOSTS: `\${aws_apigatewayv2_api.http-api.id}.execute-api.${env.region}.amazonaws.com`,
    });
    expect(variables.AWS_REGION).toBeUndefined(); // reserved: Lambda sets it
    // The stream publisher needs the bus and nothing else: no table name, pool, bucket or tenant role.
    expect(Object.keys(named(s, 'aws_lambda_function', 'stream-publisher-function').environment.variables).sort()).toEqual([
      'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
      'EVENT_BUS_NAME',
      'LOG_LEVEL',
      'STAGE',
    ]);
  });

  it('gives the API function a cursor key generated once at the first apply, in no output', () => {
    const variables = named(s, 'aws_lambda_function', 'api-function').environment.variables;
    expect(variables.CURSOR_KEY).toBe('${terraform_data.cursor-key.output.key}');
    // 64 random alphanumerics from AWS, hashed to the 32 bytes src/config.ts wants.
    expect(s.data.aws_secretsmanager_random_password!['cursor-key-seed']).toEqual({ password_length: 64, exclude_punctuation: true });
    expect(named(s, 'terraform_data', 'cursor-key')).toEqual({
      input: { key: '${base64sha256(data.aws_secretsmanager_random_password.cursor-key-seed.random_password)}' },
      // Without this the data source (read at every plan) would change the key at every deploy.
      lifecycle: { ignore_changes: ['input'] },
    });
    expect(JSON.stringify(s.output)).not.toMatch(/cursor-key/);
    expect(Object.keys(named(s, 'aws_lambda_function', 'stream-publisher-function').environment.variables)).not.toContain('CURSOR_KEY');
  });

  it('publishes events from the table stream only: outbox inserts, partial batch failures, bounded retries, a DLQ', () => {
    const source = named(s, 'aws_lambda_event_source_mapping', 'stream-publisher-source');
    expect(source).toMatchObject({
      event_source_arn: '${aws_dynamodb_table.table.stream_arn}',
      function_name: '${aws_lambda_function.stream-publisher-function.arn}',
      starting_position: 'TRIM_HORIZON',
      batch_size: 50,
      bisect_batch_on_function_error: true,
      function_response_types: ['ReportBatchItemFailures'],
      maximum_retry_attempts: 10,
      maximum_record_age_in_seconds: 6 * 3600,
      destination_config: { on_failure: { destination_arn: '${aws_sqs_queue.stream-publisher-dlq.arn}' } },
    });
    // Only new outbox records invoke it, with the same test the publishing module applies.
    const patterns = source.filter_criteria.filter.map((f: { pattern: string }) => JSON.parse(f.pattern));
    expect(patterns).toEqual([{ eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['outbox'] } } } }]);
    expect(named(s, 'aws_sqs_queue', 'stream-publisher-dlq')).toMatchObject({ message_retention_seconds: 1_209_600, sqs_managed_sse_enabled: true });
    // Nothing runs on a schedule any more: no relay.
    expect(Object.keys(s.resource.aws_lambda_function_event_invoke_config ?? {})).toEqual([]);
    expect(JSON.stringify(s.resource)).not.toMatch(/relay/);
  });

  it('alarms on dead-lettered event batches (count and age), a falling-behind stream and EventBridge refusals', () => {
    const alarms = s.resource.aws_cloudwatch_metric_alarm!;
    const dlq = { namespace: 'AWS/SQS', dimensions: { QueueName: '${aws_sqs_queue.stream-publisher-dlq.name}' } };
    expect(alarms['events-dlq-depth']).toMatchObject({ ...dlq, metric_name: 'ApproximateNumberOfMessagesVisible', threshold: 1 });
    expect(alarms['events-dlq-age']).toMatchObject({ ...dlq, metric_name: 'ApproximateAgeOfOldestMessage', threshold: 3600 });
    expect(alarms['events-iterator-age']).toMatchObject({
      namespace: 'AWS/Lambda',
      metric_name: 'IteratorAge',
      dimensions: { FunctionName: '${aws_lambda_function.stream-publisher-function.function_name}' },
    });
    // The function's own EMF metric (src/adapters/aws/stream-handler.ts).
    expect(alarms['events-failed']).toMatchObject({ namespace: 'catalog/events', metric_name: 'EventsFailed', dimensions: { Stage: name } });
  });

  it('fronts the API function with an HTTP API: proxy integration, throttling, access logs', () => {
    expect(
      Testing.toHaveResourceWithProperties(s.json, 'aws_apigatewayv2_integration', {
        integration_type: 'AWS_PROXY',
        payload_format_version: '2.0',
        integration_uri: '${aws_lambda_alias.api-alias.invoke_arn}',
      }),
    ).toBe(true);
    expect(Testing.toHaveResourceWithProperties(s.json, 'aws_apigatewayv2_route', { route_key: '$default' })).toBe(true);
    const stage = only(s, 'aws_apigatewayv2_stage');
    expect(stage).toMatchObject({
      name: '$default',
      auto_deploy: true,
      default_route_settings: { throttling_burst_limit: env.apiThrottle.burstLimit, throttling_rate_limit: env.apiThrottle.rateLimit },
    });
    expect(stage.access_log_settings.destination_arn).toBe('${aws_cloudwatch_log_group.http-access-logs.arn}');
    expect(named(s, 'aws_cloudwatch_log_group', 'http-access-logs').retention_in_days).toBe(env.logRetentionDays);
    expect(named(s, 'aws_lambda_permission', 'api-permission')).toMatchObject({
      principal: 'apigateway.amazonaws.com',
      source_arn: '${aws_apigatewayv2_api.http-api.execution_arn}/*/*',
    });
  });

  it('keeps the buckets private, encrypted, versioned, TLS-only, with lifecycle rules', () => {
    for (const bucket of ['media', 'analytics']) {
      expect(named(s, 'aws_s3_bucket_public_access_block', `${bucket}-public-access`)).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(named(s, 'aws_s3_bucket_server_side_encryption_configuration', `${bucket}-encryption`).rule[0].apply_server_side_encryption_by_default).toEqual({
        sse_algorithm: 'AES256',
      });
      expect(named(s, 'aws_s3_bucket_versioning', `${bucket}-versioning`).versioning_configuration).toEqual({ status: 'Enabled' });
      expect(named(s, 'aws_s3_bucket_lifecycle_configuration', `${bucket}-lifecycle`).rule[0]).toMatchObject({
        status: 'Enabled',
        abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
      });
      const policy = JSON.parse(named(s, 'aws_s3_bucket_policy', `${bucket}-policy`).policy);
      expect(policy.Statement[0]).toEqual(
        expect.objectContaining({ Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      // The media bucket also lets CloudFront read product images (media.test.ts); analytics admits no one.
      expect(policy.Statement.slice(1).map((st: { Sid: string }) => st.Sid)).toEqual(
        bucket === 'media' ? ['CloudFrontReadsProductImages', 'CloudFrontNothingDeeper'] : [],
      );
    }
  });

  it('creates the pool with an immutable custom:tenantId, server-composed usernames, and the role groups', () => {
    const pool = only(s, 'aws_cognito_user_pool');
    expect(pool.schema).toEqual([
      expect.objectContaining({ name: 'tenantId', attribute_data_type: 'String', mutable: false }),
      // A customer's group (src/groups/): the API changes it with AdminUpdateUserAttributes.
      expect.objectContaining({ name: 'priceGroup', attribute_data_type: 'String', mutable: true }),
    ]);
    // `<tenantId>:<email>` usernames: no email alias, or one address could not join two stores.
    expect(pool.username_attributes).toBeUndefined();
    expect(pool.alias_attributes).toBeUndefined();
    const client = only(s, 'aws_cognito_user_pool_client');
    expect(client).toMatchObject({
      explicit_auth_flows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      enable_token_revocation: true,
      id_token_validity: 15,
      access_token_validity: 15,
      token_validity_units: [{ id_token: 'minutes', access_token: 'minutes', refresh_token: 'days' }],
    });
    expect(client.generate_secret).toBeUndefined();
    // Set at sign-up (so writable by the client), then immutable by the schema above.
    expect(client.write_attributes).toContain('custom:tenantId');
    expect(client.read_attributes).toContain('custom:tenantId');
    // Read into ID tokens, never written by the client: Cognito refuses a customer's own
    // UpdateUserAttributes of it, so nobody puts themselves in the wholesale group.
    expect(client.read_attributes).toContain('custom:priceGroup');
    expect(client.write_attributes).not.toContain('custom:priceGroup');
  });

  it('deploys the pre-sign-up trigger, and gives it and the API the same ticket secret from SSM', () => {
    const pool = only(s, 'aws_cognito_user_pool');
    expect(pool.lambda_config).toEqual({ pre_sign_up: '${aws_lambda_function.pre-sign-up-function.arn}' });
    const trigger = named(s, 'aws_lambda_function', 'pre-sign-up-function');
    expect(trigger).toMatchObject({ function_name: `${prefix}-pre-sign-up`, runtime: 'nodejs22.x', handler: 'index.handler' });
    expect(trigger.timeout).toBeLessThanOrEqual(5);
    const secret = s.data.aws_ssm_parameter?.['signup-ticket-secret'];
    expect(secret).toMatchObject({ name: `/${prefix}/signup-ticket-secret`, with_decryption: true });
    const value = '${data.aws_ssm_parameter.signup-ticket-secret.value}';
    expect(trigger.environment.variables).toEqual({ SIGNUP_TICKET_SECRET: value });
    expect(named(s, 'aws_lambda_function', 'api-function').environment.variables.SIGNUP_TICKET_SECRET).toBe(value);
    expect(named(s, 'aws_lambda_function', 'stream-publisher-function').environment.variables.SIGNUP_TICKET_SECRET).toBeUndefined();
    // Only this pool may invoke it.
    expect(named(s, 'aws_lambda_permission', 'pre-sign-up-permission')).toMatchObject({
      action: 'lambda:InvokeFunction',
      principal: 'cognito-idp.amazonaws.com',
      source_arn: '${aws_cognito_user_pool.users.arn}',
      function_name: '${aws_lambda_function.pre-sign-up-function.function_name}',
    });
    // Its role may write its logs and traces, nothing else.
    const policy = JSON.parse(named(s, 'aws_iam_role_policy', 'pre-sign-up-role-policy').policy);
    expect(policy.Statement.flatMap((st: { Action: string | string[] }) => [st.Action].flat()).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it('offers TOTP to everyone, asks 12-character passwords, and turns threat protection on in prod', () => {
    const pool = only(s, 'aws_cognito_user_pool');
    expect(pool.mfa_configuration).toBe('OPTIONAL');
    expect(pool.software_token_mfa_configuration).toEqual({ enabled: true });
    expect(pool.password_policy.minimum_length).toBe(12);
    if (name === 'prod') expect(pool.user_pool_add_ons).toEqual({ advanced_security_mode: 'ENFORCED' });
    else expect(pool.user_pool_add_ons).toBeUndefined();
  });

  it('routes inventory events to a queue, with a dead-letter queue for the rule and the queue', () => {
    expect(named(s, 'aws_cloudwatch_event_archive', 'bus-archive').event_source_arn).toBe('${aws_cloudwatch_event_bus.bus.arn}');
    const rule = named(s, 'aws_cloudwatch_event_rule', 'inventory-rule');
    expect(rule.event_bus_name).toBe('${aws_cloudwatch_event_bus.bus.name}');
    expect(JSON.parse(rule.event_pattern)).toEqual({ source: ['catalog.inventory'] });
    expect(named(s, 'aws_cloudwatch_event_target', 'inventory-target')).toMatchObject({
      arn: '${aws_sqs_queue.inventory-consumer.arn}',
      dead_letter_config: { arn: '${aws_sqs_queue.inventory-dlq.arn}' },
    });
    expect(JSON.parse(named(s, 'aws_sqs_queue', 'inventory-consumer').redrive_policy)).toEqual({
      deadLetterTargetArn: '${aws_sqs_queue.inventory-dlq.arn}',
      maxReceiveCount: 5,
    });
    for (const id of ['consumer-policy', 'dlq-policy']) {
      const statement = JSON.parse(named(s, 'aws_sqs_queue_policy', id).policy).Statement[0];
      expect(statement).toMatchObject({
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Condition: {
          ArnEquals: { 'aws:SourceArn': ['${aws_cloudwatch_event_rule.inventory-rule.arn}', '${aws_cloudwatch_event_rule.order-events-rule.arn}'] },
        },
      });
    }
  });

  it('routes the order events that email someone to the same queue, with the same dead-letter queue', () => {
    const rule = named(s, 'aws_cloudwatch_event_rule', 'order-events-rule');
    expect(rule).toMatchObject({ name: `${prefix}-order-emails`, event_bus_name: '${aws_cloudwatch_event_bus.bus.name}' });
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['shop.orders'],
      'detail-type': ['OrderPlaced', 'OrderPaid', 'OrderFulfilled', 'OrderCancelled', 'OrderRefunded'],
    });
    expect(named(s, 'aws_cloudwatch_event_target', 'order-events-target')).toMatchObject({
      rule: '${aws_cloudwatch_event_rule.order-events-rule.name}',
      arn: '${aws_sqs_queue.inventory-consumer.arn}',
      dead_letter_config: { arn: '${aws_sqs_queue.inventory-dlq.arn}' },
    });
  });

  it('consumes the inventory queue with the notice function: partial batch failures, bounded concurrency, visibility six times its timeout', () => {
    const fn = named(s, 'aws_lambda_function', 'inventory-consumer-function');
    expect(fn).toMatchObject({
      function_name: `${prefix}-inventory-consumer`,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      tracing_config: { mode: 'Active' },
      logging_config: { log_format: 'JSON' },
      role: '${aws_iam_role.inventory-consumer-role.arn}',
      reserved_concurrent_executions: 2,
    });
    expect(named(s, 'aws_cloudwatch_log_group', 'inventory-consumer-logs')).toEqual({
      name: `/aws/lambda/${prefix}-inventory-consumer`,
      retention_in_days: env.logRetentionDays,
    });
    const variables = fn.environment.variables;
    expect(variables).toMatchObject({
      TABLE_NAME: '${aws_dynamodb_table.table.name}',
      TENANT_ROLE_ARN: '${aws_iam_role.tenant-role.arn}',
      EMAIL_FROM: env.emailFrom,
    });
    for (const key of Object.keys(variables)) expect(key in ConfigSchema.entries || key === 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', key).toBe(true);
    expect(named(s, 'aws_lambda_event_source_mapping', 'inventory-consumer-mapping')).toEqual({
      event_source_arn: '${aws_sqs_queue.inventory-consumer.arn}',
      function_name: '${aws_lambda_function.inventory-consumer-function.arn}',
      batch_size: 10,
      maximum_batching_window_in_seconds: 5,
      function_response_types: ['ReportBatchItemFailures'],
      scaling_config: { maximum_concurrency: 2 },
    });
    expect(named(s, 'aws_sqs_queue', 'inventory-consumer').visibility_timeout_seconds).toBe(6 * fn.timeout);
  });

  it('verifies the configured sender as an SES identity, and lets the consumer send from it only', () => {
    expect(only(s, 'aws_sesv2_email_identity')).toEqual({ email_identity: env.emailFrom });
    const policy = rolePolicy(s, 'inventory-consumer-role-policy');
    expect(policy.Statement.find((st) => st.Sid === 'SendNotices')).toEqual({
      Sid: 'SendNotices',
      Effect: 'Allow',
      Action: ['ses:SendEmail'],
      Resource: '${aws_sesv2_email_identity.email-identity.arn}',
      Condition: { StringEquals: { 'ses:FromAddress': env.emailFrom } },
    });
    expect(policy.Statement.find((st) => st.Sid === 'ConsumeQueue')).toMatchObject({
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
      Resource: '${aws_sqs_queue.inventory-consumer.arn}',
    });
    expect(policy.Statement.find((st) => st.Sid === 'OwnLogGroup')!.Resource).toBe('${aws_cloudwatch_log_group.inventory-consumer-logs.arn}:*');
  });

  it("alarms on the inventory queue's oldest message and on the consumer's errors", () => {
    const alarms = s.resource.aws_cloudwatch_metric_alarm!;
    expect(alarms['inventory-age']).toMatchObject({
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateAgeOfOldestMessage',
      statistic: 'Maximum',
      threshold: 600,
      dimensions: { QueueName: '${aws_sqs_queue.inventory-consumer.name}' },
      alarm_actions: ['${aws_sns_topic.alarms.arn}'],
    });
    expect(alarms['inventory-consumer-errors']).toMatchObject({
      namespace: 'AWS/Lambda',
      metric_name: 'Errors',
      dimensions: { FunctionName: '${aws_lambda_function.inventory-consumer-function.function_name}' },
    });
  });

  it("alarms on the API's 503 rate, counted from the stage's access log", () => {
    const filter = named(s, 'aws_cloudwatch_log_metric_filter', 'http-503-filter');
    expect(filter).toMatchObject({ log_group_name: '${aws_cloudwatch_log_group.http-access-logs.name}', pattern: '{ $.status = "503" }' });
    const alarm = s.resource.aws_cloudwatch_metric_alarm!['http-503'];
    expect(alarm).toMatchObject({
      namespace: filter.metric_transformation.namespace,
      metric_name: filter.metric_transformation.name,
      statistic: 'Sum',
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      alarm_actions: ['${aws_sns_topic.alarms.arn}'],
    });
    expect(alarm.dimensions ?? {}).toEqual({});
    // The access log writes `status` as a string: the pattern must quote it to match.
    expect(JSON.parse(named(s, 'aws_apigatewayv2_stage', 'http-stage').access_log_settings.format).status).toBe('$context.status');
  });

  it('alarms on function errors and throttles, API 5xx and latency, and DLQ depth', () => {
    const alarms = s.resource.aws_cloudwatch_metric_alarm!;
    expect(alarms['api-errors']).toMatchObject({
      namespace: 'AWS/Lambda',
      metric_name: 'Errors',
      dimensions: { FunctionName: '${aws_lambda_function.api-function.function_name}' },
    });
    expect(alarms['api-throttles']).toMatchObject({ namespace: 'AWS/Lambda', metric_name: 'Throttles' });
    expect(alarms['http-5xx']).toMatchObject({ namespace: 'AWS/ApiGateway', metric_name: '5xx', dimensions: { ApiId: '${aws_apigatewayv2_api.http-api.id}' } });
    expect(alarms['http-latency']).toMatchObject({ metric_name: 'Latency', extended_statistic: 'p99' });
    expect(alarms['dlq-depth']).toMatchObject({
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: '${aws_sqs_queue.inventory-dlq.name}' },
    });
    for (const alarm of Object.values(alarms)) expect(alarm.alarm_actions).toEqual(['${aws_sns_topic.alarms.arn}']);
    expect(JSON.parse(only(s, 'aws_cloudwatch_dashboard').dashboard_body).widgets.length).toBeGreaterThanOrEqual(4);
  });

  it('keeps state in a local file when no remote state is configured', () => {
    expect(s.terraform.backend).toEqual({ local: { path: `terraform.${name}.tfstate` } });
    expect(s.terraform.required_providers.aws.version).toBe('6.25.0');
  });
});

describe('prod differs from dev where it should', () => {
  const { dev, prod } = stacks;
  const value = (s: Synth, type: string, id: string, key: string) => named(s, type, id)[key];

  it.each([
    ['table deletion protection', 'aws_dynamodb_table', 'table', 'deletion_protection_enabled', false, true],
    ['user pool deletion protection', 'aws_cognito_user_pool', 'users', 'deletion_protection', 'INACTIVE', 'ACTIVE'],
    ['API log retention', 'aws_cloudwatch_log_group', 'api-logs', 'retention_in_days', 7, 365],
    ['reserved concurrency', 'aws_lambda_function', 'api-function', 'reserved_concurrent_executions', 10, 200],
    ['bucket force-destroy', 'aws_s3_bucket', 'media', 'force_destroy', true, false],
    ['event archive retention', 'aws_cloudwatch_event_archive', 'bus-archive', 'retention_days', 30, 365],
  ])('%s', (_, type, id, key, inDev, inProd) => {
    expect(value(dev, type, id, key)).toBe(inDev);
    expect(value(prod, type, id, key)).toBe(inProd);
  });

  it('throttles higher, logs less and keeps old media versions longer in prod', () => {
    expect(only(prod, 'aws_apigatewayv2_stage').default_route_settings.throttling_rate_limit).toBeGreaterThan(
      only(dev, 'aws_apigatewayv2_stage').default_route_settings.throttling_rate_limit,
    );
    expect(value(prod, 'aws_lambda_function', 'api-function', 'environment').variables.LOG_LEVEL).toBe('info');
    expect(value(dev, 'aws_lambda_function', 'api-function', 'environment').variables.LOG_LEVEL).toBe('debug');
    const noncurrent = (s: Synth) =>
      named(s, 'aws_s3_bucket_lifecycle_configuration', 'media-lifecycle').rule[0].noncurrent_version_expiration[0].noncurrent_days;
    expect(noncurrent(prod)).toBeGreaterThan(noncurrent(dev));
  });

  it('only prod serves the manifests domains (a domain can be served by one environment)', () => {
    expect(dev.resource.aws_acm_certificate).toBeUndefined();
    expect(stacks.staging.resource.aws_apigatewayv2_domain_name).toBeUndefined();
    expect(
      Object.values(prod.resource.aws_apigatewayv2_domain_name!)
        .map((d) => d.domain_name)
        .sort(),
    ).toEqual(
      MANIFESTS.flatMap((m) => m.domains)
        .filter((d) => !d.endsWith('.localhost'))
        .sort(),
    );
  });
});
