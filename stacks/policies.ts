/**
 * IAM policy documents as plain data, so tests can read exactly what each principal may do.
 * `${aws:...}` policy variables are written `$${aws:...}` so Terraform leaves them alone (it
 * would otherwise try to interpolate them and fail); IAM receives `${aws:...}`.
 */
export type Statement = {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
};
export type PolicyDocument = { Version: '2012-10-17'; Statement: Statement[] };
export type TrustStatement = { Effect: 'Allow'; Principal: Record<string, string | string[]>; Action: string[]; Condition?: Statement['Condition'] };
export type TrustPolicy = { Version: '2012-10-17'; Statement: TrustStatement[] };

export const policy = (...statements: Statement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });

/**
 * Item-level DynamoDB actions (TransactWriteItems / TransactGetItems are authorised per item
 * through these). Never Scan and never PartiQL for anything tenant-scoped: a Scan carries no
 * leading key for IAM to check.
 */
export const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

/** The session tag the API sets when it assumes the tenant role, as a policy variable. */
export const TENANT_TAG = '$${aws:PrincipalTag/tenantId}';

/**
 * Every key of the request must match one pattern, and the request must carry keys at all:
 * `ForAllValues` alone is true for an empty set, which is what a Scan presents.
 */
export function leadingKeys(patterns: string[]) {
  return {
    'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': patterns },
    Null: { 'dynamodb:LeadingKeys': 'false' },
  };
}

/**
 * The role the API assumes per request, tagged with the tenant: the token vending machine. The
 * `#` after the tag keeps `acme` from matching `acme2`; STS refuses `*`, `?` and `#` in tag
 * values, so a tenant id cannot widen the pattern either.
 */
export function tenantDataPolicy(tableArn: string, bucketArn: string): PolicyDocument {
  return policy(
    {
      Sid: 'TenantItemsOnly',
      Effect: 'Allow',
      Action: ITEM_ACTIONS,
      Resource: [tableArn, `${tableArn}/index/*`],
      Condition: leadingKeys([`TENANT#${TENANT_TAG}#*`]),
    },
    {
      // The order's transaction writes its payment's pointer (src/adapters/dynamodb/order-repository.ts):
      // the webhook, which has no store Host, finds the store through it. Put only, no read back: a
      // store's credentials can neither see nor change another store's pointers, only add new ones.
      Sid: 'PaymentPointersOnly',
      Effect: 'Allow',
      Action: ['dynamodb:PutItem'],
      Resource: tableArn,
      // Only a store's session (tagged with its id) may add one, as with its own items.
      Condition: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PLATFORM#PAYMENT#*'] },
        Null: { 'dynamodb:LeadingKeys': 'false', 'aws:PrincipalTag/tenantId': 'false' },
      },
    },
    {
      Sid: 'TenantObjectsOnly',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: `${bucketArn}/tenants/${TENANT_TAG}/*`,
    },
  );
}

/**
 * Only the roles of the functions that act for a store (the API, the inventory consumer), only
 * with exactly one session tag, `tenantId`, and a non-empty value.
 */
export function tenantRoleTrust(...roleArns: string[]): TrustPolicy {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: roleArns.length === 1 ? roleArns[0]! : roleArns },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringLike: { 'aws:RequestTag/tenantId': '?*' },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['tenantId'] },
        },
      },
    ],
  };
}

export const serviceTrust = (service: string): TrustPolicy => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: ['sts:AssumeRole'] }],
});

/**
 * The API function's own role: platform records (tenant registry, domain map, revoked sessions)
 * and tenants' outbox partitions, which onboarding and suspension write in the same transaction
 * as the registry. Everything else of a tenant goes through the tenant role.
 */
export function apiFunctionPolicy(r: { tableArn: string; userPoolArn: string; tenantRoleArn: string; logGroupArn: string }): PolicyDocument {
  return policy(
    {
      Sid: 'PlatformItemsAndOutboxes',
      Effect: 'Allow',
      Action: ITEM_ACTIONS,
      Resource: [r.tableArn, `${r.tableArn}/index/*`],
      // A store's custom domain records change in the transactions that change its registry record
      // and the domain map (src/adapters/dynamodb/custom-domain-repository.ts), like its outbox.
      Condition: leadingKeys(['PLATFORM#*', 'TENANT#*#OUTBOX', 'TENANT#*#DOMAINS']),
    },
    { Sid: 'AssumeTenantRole', Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: r.tenantRoleArn },
    {
      Sid: 'ManageUsers',
      Effect: 'Allow',
      // Exactly the admin calls of src/adapters/cognito/identity-provider.ts; sign-up, sign-in,
      // refresh and revocation are public client calls that need no IAM.
      Action: [
        'cognito-idp:AdminAddUserToGroup',
        'cognito-idp:AdminConfirmSignUp',
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminDeleteUser',
        // A customer's group (custom:priceGroup), set and cleared by admins (src/groups/).
        'cognito-idp:AdminDeleteUserAttributes',
        'cognito-idp:AdminGetUser',
        'cognito-idp:AdminListGroupsForUser',
        'cognito-idp:AdminRemoveUserFromGroup',
        'cognito-idp:AdminSetUserPassword',
        'cognito-idp:AdminUpdateUserAttributes',
        'cognito-idp:AdminUserGlobalSignOut',
      ],
      Resource: r.userPoolArn,
    },
    ...observability(r.logGroupArn),
  );
}

/**
 * The stream publisher reads the table's stream (never its items: the records carry the events),
 * publishes to the bus, and describes what it gave up on in its dead-letter queue (Lambda sends
 * the on-failure record with the function's role). The stream actions on `<table>/stream/*`, as
 * the DynamoDB guide's own example: only this table's streams.
 */
export function streamPublisherFunctionPolicy(r: { tableArn: string; busArn: string; deadLetterQueueArn: string; logGroupArn: string }): PolicyDocument {
  return policy(
    {
      Sid: 'ReadTableStream',
      Effect: 'Allow',
      Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
      Resource: `${r.tableArn}/stream/*`,
    },
    { Sid: 'PublishEvents', Effect: 'Allow', Action: 'events:PutEvents', Resource: r.busArn },
    { Sid: 'DeadLetters', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: r.deadLetterQueueArn },
    ...observability(r.logGroupArn),
  );
}

/**
 * The inventory consumer: SQS hands it the queue's messages (the event source mapping polls with
 * this role); it reads a store's registry record with its own role and everything of the store
 * (products, admins, notice records) through the tenant role, like the API; it sends email from
 * the environment's one verified address only.
 */
export function inventoryConsumerPolicy(r: {
  tableArn: string;
  queueArn: string;
  tenantRoleArn: string;
  emailIdentityArn: string;
  fromAddress: string;
  logGroupArn: string;
}): PolicyDocument {
  return policy(
    { Sid: 'StoreRecords', Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: r.tableArn, Condition: leadingKeys(['PLATFORM#TENANT#*']) },
    { Sid: 'AssumeTenantRole', Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: r.tenantRoleArn },
    { Sid: 'ConsumeQueue', Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: r.queueArn },
    {
      Sid: 'SendNotices',
      Effect: 'Allow',
      Action: ['ses:SendEmail'],
      Resource: r.emailIdentityArn,
      Condition: { StringEquals: { 'ses:FromAddress': r.fromAddress } },
    },
    ...observability(r.logGroupArn),
  );
}

/**
 * The listing consumer: like the inventory consumer, it reads a store's registry record with its own
 * role and everything of the store (products, memberships, rows, counts) through the tenant role.
 */
export function listingConsumerPolicy(r: { tableArn: string; queueArn: string; tenantRoleArn: string; logGroupArn: string }): PolicyDocument {
  return policy(
    { Sid: 'StoreRecords', Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: r.tableArn, Condition: leadingKeys(['PLATFORM#TENANT#*']) },
    { Sid: 'AssumeTenantRole', Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: r.tenantRoleArn },
    { Sid: 'ConsumeQueue', Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: r.queueArn },
    ...observability(r.logGroupArn),
  );
}

/**
 * The job runner (imports, exports): store records to mint tenant contexts, the tenant role for
 * every store's data and files (as the API), its queue. Nothing of the table beyond that.
 */
export function jobRunnerPolicy(r: { tableArn: string; queueArn: string; tenantRoleArn: string; logGroupArn: string }): PolicyDocument {
  return policy(
    { Sid: 'StoreRecords', Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: r.tableArn, Condition: leadingKeys(['PLATFORM#TENANT#*']) },
    { Sid: 'AssumeTenantRole', Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: r.tenantRoleArn },
    { Sid: 'ConsumeQueue', Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: r.queueArn },
    ...observability(r.logGroupArn),
  );
}

/** Offboarding exports (docs/offboarding.md): the platform's `platform/offboarding/` prefix of the media bucket only. */
export function offboardingExportsPolicy(bucketArn: string, actions: ('s3:PutObject' | 's3:GetObject')[]): PolicyDocument {
  return policy({ Sid: 'OffboardingExports', Effect: 'Allow', Action: actions, Resource: `${bucketArn}/platform/offboarding/*` });
}

/**
 * The offboarding purge (src/entry/offboarding-purge.ts): the one role that may Scan the table (a
 * store's items span many partitions, some in no index) and delete any item, because erasing a
 * whole store is its job; the platform's records; the tenant role for the store's own reads (its
 * users, domains, export job); its users in the pool; its objects under `tenants/`.
 */
export function offboardingPurgePolicy(r: {
  tableArn: string;
  bucketArn: string;
  userPoolArn: string;
  tenantRoleArn: string;
  logGroupArn: string;
}): PolicyDocument {
  return policy(
    { Sid: 'ScanForTheStore', Effect: 'Allow', Action: ['dynamodb:Scan'], Resource: r.tableArn },
    { Sid: 'DeleteTheStoresItems', Effect: 'Allow', Action: ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'], Resource: r.tableArn },
    { Sid: 'PlatformItems', Effect: 'Allow', Action: ITEM_ACTIONS, Resource: [r.tableArn, `${r.tableArn}/index/*`], Condition: leadingKeys(['PLATFORM#*']) },
    { Sid: 'AssumeTenantRole', Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: r.tenantRoleArn },
    { Sid: 'DeleteUsers', Effect: 'Allow', Action: ['cognito-idp:AdminDeleteUser', 'cognito-idp:AdminUserGlobalSignOut'], Resource: r.userPoolArn },
    { Sid: 'ListStores', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: r.bucketArn, Condition: { StringLike: { 's3:prefix': ['tenants/*'] } } },
    { Sid: 'DeleteStoresObjects', Effect: 'Allow', Action: ['s3:DeleteObject'], Resource: `${r.bucketArn}/tenants/*` },
    { Sid: 'OffboardingExports', Effect: 'Allow', Action: ['s3:GetObject'], Resource: `${r.bucketArn}/platform/offboarding/*` },
    ...observability(r.logGroupArn),
  );
}

/** Allow statements of the functions' roles whose resource is "*", and why (tests and docs list the same). */
export const FUNCTION_STAR_RESOURCE_GRANTS: Record<string, string> = {
  Traces: 'xray:PutTraceSegments and PutTelemetryRecords have no resource-level permissions',
};

/**
 * The function's own log group, and traces. X-Ray's PutTraceSegments and PutTelemetryRecords
 * have no resource-level permissions, hence "*" there (written down in docs/deploy.md).
 */
/** The pre-sign-up trigger reads nothing and writes nothing: its logs and traces only. */
export function preSignUpFunctionPolicy(r: { logGroupArn: string }): PolicyDocument {
  return policy(...observability(r.logGroupArn));
}

/**
 * The reservation sweeper: the store list (GSI1's `PLATFORM#TENANTS` partition) to visit every
 * store, and the tenant role for each store's unpaid orders and stock. Nothing else of the table.
 */
export function reservationSweeperPolicy(r: { tableArn: string; tenantRoleArn: string; logGroupArn: string }): PolicyDocument {
  return policy(
    { Sid: 'StoreList', Effect: 'Allow', Action: ['dynamodb:Query'], Resource: `${r.tableArn}/index/GSI1`, Condition: leadingKeys(['PLATFORM#TENANTS']) },
    { Sid: 'AssumeTenantRole', Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: r.tenantRoleArn },
    ...observability(r.logGroupArn),
  );
}

function observability(logGroupArn: string): Statement[] {
  return [
    { Sid: 'OwnLogGroup', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logGroupArn}:*` },
    { Sid: 'Traces', Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
  ];
}

/** The tag every certificate and domain name the API provisions for a store carries; the only ones it may delete. */
export const CUSTOM_DOMAIN_TAG = { key: 'purpose', value: 'custom-domain' } as const;

/**
 * The API's provisioner of stores' custom domains (src/adapters/aws/domain-provisioner.ts;
 * docs/custom-domains.md): ACM certificates in the API's region and API Gateway custom domain
 * names mapped to the API. It may create them only tagged as custom domains, and delete only
 * what carries that tag: never the platform's own certificates or domain names (stacks/domains.ts).
 */
export function customDomainProvisionerPolicy(r: { region: string; accountId: string }): PolicyDocument {
  const certificates = `arn:aws:acm:${r.region}:${r.accountId}:certificate/*`;
  const apiGateway = `arn:aws:apigateway:${r.region}::`;
  const tagged = { StringEquals: { [`aws:ResourceTag/${CUSTOM_DOMAIN_TAG.key}`]: CUSTOM_DOMAIN_TAG.value } };
  return policy(
    {
      Sid: 'RequestCustomDomainCertificates',
      Effect: 'Allow',
      Action: ['acm:RequestCertificate', 'acm:AddTagsToCertificate'],
      Resource: certificates,
      Condition: { StringEquals: { [`aws:RequestTag/${CUSTOM_DOMAIN_TAG.key}`]: CUSTOM_DOMAIN_TAG.value } },
    },
    { Sid: 'ReadCertificates', Effect: 'Allow', Action: 'acm:DescribeCertificate', Resource: certificates },
    { Sid: 'DeleteCustomDomainCertificates', Effect: 'Allow', Action: 'acm:DeleteCertificate', Resource: certificates, Condition: tagged },
    {
      Sid: 'CreateCustomDomainNames',
      Effect: 'Allow',
      Action: 'apigateway:POST',
      Resource: [`${apiGateway}/domainnames`, `${apiGateway}/domainnames/*/apimappings`, `${apiGateway}/tags/*`],
    },
    { Sid: 'ReadDomainNames', Effect: 'Allow', Action: 'apigateway:GET', Resource: `${apiGateway}/domainnames/*` },
    { Sid: 'DeleteCustomDomainNames', Effect: 'Allow', Action: 'apigateway:DELETE', Resource: `${apiGateway}/domainnames/*`, Condition: tagged },
  );
}

/** The search index writer: the registry (which store an event is), the tenant role (its products and index), its FIFO queue. */
export function searchIndexerPolicy(r: { tableArn: string; queueArn: string; tenantRoleArn: string; logGroupArn: string }): PolicyDocument {
  return policy(
    { Sid: 'StoreRecords', Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: r.tableArn, Condition: leadingKeys(['PLATFORM#TENANT#*']) },
    { Sid: 'AssumeTenantRole', Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: r.tenantRoleArn },
    { Sid: 'ConsumeQueue', Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: r.queueArn },
    ...observability(r.logGroupArn),
  );
}

/** The pipe that moves search events from the rule's standard queue to the FIFO queue, grouped by store. */
export function searchPipePolicy(r: { inboxArn: string; fifoArn: string }): PolicyDocument {
  return policy(
    { Sid: 'ReadInbox', Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: r.inboxArn },
    { Sid: 'SendToFifo', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: r.fifoArn },
  );
}
