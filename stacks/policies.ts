/**
 * IAM policy documents as plain data, so tests can read exactly what each principal may do.
 * `${aws:...}` policy variables are written `$${aws:...}` so Terraform leaves them alone.
 */
export type Statement = {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
};
export type PolicyDocument = { Version: '2012-10-17'; Statement: Statement[] };

export const policy = (...statements: Statement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });

/** Item-level DynamoDB actions; never Scan for anything tenant-scoped. */
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

export const TENANT_TAG = '$${aws:PrincipalTag/tenantId}';

/** Keys may start only with the caller's tenant, and a request must carry keys at all (no Scan). */
export function leadingKeys(patterns: string[]) {
  return {
    'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': patterns },
    Null: { 'dynamodb:LeadingKeys': 'false' },
  };
}

/** The role the API assumes per request, tagged with the tenant: the token vending machine. */
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
      Sid: 'TenantObjectsOnly',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: `${bucketArn}/tenants/${TENANT_TAG}/*`,
    },
  );
}

/** The API function's own role: platform records, tenant outboxes (written with onboarding), the rest via the tenant role. */
export function apiFunctionPolicy(r: { tableArn: string; busArn: string; userPoolArn: string; tenantRoleArn: string }): PolicyDocument {
  return policy(
    {
      Sid: 'PlatformItemsAndOutboxes',
      Effect: 'Allow',
      Action: ITEM_ACTIONS,
      Resource: [r.tableArn, `${r.tableArn}/index/*`],
      Condition: leadingKeys(['PLATFORM#*', 'TENANT#*#OUTBOX']),
    },
    { Sid: 'AssumeTenantRole', Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: r.tenantRoleArn },
    { Sid: 'PublishEvents', Effect: 'Allow', Action: 'events:PutEvents', Resource: r.busArn },
    {
      Sid: 'ManageUsers',
      Effect: 'Allow',
      Action: [
        'cognito-idp:AdminAddUserToGroup',
        'cognito-idp:AdminConfirmSignUp',
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminDeleteUser',
        'cognito-idp:AdminListGroupsForUser',
        'cognito-idp:AdminRemoveUserFromGroup',
        'cognito-idp:AdminSetUserPassword',
        'cognito-idp:AdminUserGlobalSignOut',
      ],
      Resource: r.userPoolArn,
    },
    ...observability(),
  );
}

/** The relay reads platform records (the store list) and tenant outboxes, and publishes. */
export function relayFunctionPolicy(r: { tableArn: string; busArn: string }): PolicyDocument {
  return policy(
    {
      Sid: 'StoreListAndOutboxes',
      Effect: 'Allow',
      Action: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'],
      Resource: [r.tableArn, `${r.tableArn}/index/*`],
      Condition: leadingKeys(['PLATFORM#*', 'TENANT#*#OUTBOX']),
    },
    { Sid: 'PublishEvents', Effect: 'Allow', Action: 'events:PutEvents', Resource: r.busArn },
    ...observability(),
  );
}

/**
 * Logs and traces. X-Ray's PutTraceSegments has no resource-level permissions, hence "*" there
 * (written down in docs/deploy.md).
 */
function observability(): Statement[] {
  return [
    { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: 'arn:aws:logs:*:*:log-group:/aws/lambda/catalog-*' },
    { Sid: 'Traces', Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
  ];
}

export const assumeRolePolicy = (principal: Record<string, string>, extra: Partial<Statement> & { Action?: string[] } = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: principal, Action: extra.Action ?? ['sts:AssumeRole'], ...(extra.Condition ? { Condition: extra.Condition } : {}) }],
});
