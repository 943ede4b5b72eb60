import type { EnvironmentName } from './config';
import { policy, type PolicyDocument, type Statement } from './policies';

export type TeamRole = { name: string; description: string; document: PolicyDocument };

/** The resources of one environment that team roles are scoped to. */
export type TeamResources = {
  prefix: string;
  region: string;
  tableArn: string;
  mediaBucketArn: string;
  analyticsBucketArn: string;
  userPoolArn: string;
  apiId: string;
  busArn: string;
};

const ENVIRONMENTS: EnvironmentName[] = ['dev', 'staging', 'prod'];

/**
 * Every Allow statement of a team role whose resource is "*", and why. Tests fail on any other,
 * and docs/deploy.md lists the same ids.
 */
export const STAR_RESOURCE_GRANTS: Record<string, string> = {
  AdministratorOutsideProd: 'DevOps administers dev and staging (one account per environment; the Deny statements protect the other environments in a shared account)',
  BillingReadOnly: 'Billing, Cost Explorer, budgets and CUR have no resource-level permissions',
  Billing: 'Billing, Cost Explorer, budgets and CUR have no resource-level permissions',
  ReadLogsAccountWide: 'DescribeLogGroups and the Logs Insights query calls name no log group',
  ReadTracesAndMetrics: 'X-Ray reads and CloudWatch metric reads have no resource-level permissions',
  FindTheTable: 'dynamodb:ListTables has no resource-level permissions',
  ListExportsAndTables: 'dynamodb:ListExports and ListTables have no resource-level permissions',
  Analytics: 'Athena and Glue catalogue calls for the data engineers span workgroups and databases they create',
  ReviewIam: 'Reading IAM (and Access Analyzer) is the security review itself: read-only actions',
  SecurityServices: 'GuardDuty, Security Hub, CloudTrail and Config are account-wide services; their destructive calls are denied',
  CloudWatchReadOnly: 'CloudWatch metric and alarm reads have no resource-level permissions',
};

/**
 * The SecureCart organisation's team roles (docs/deploy.md has the table), least privilege per
 * environment. Billing, Cost Explorer, budgets, GuardDuty, Security Hub, Athena/Glue catalogues,
 * X-Ray and CloudWatch metric reads have no useful resource-level permissions, so those statements
 * name "*" resources with service-scoped actions; the only "*" action on "*" is DevOps outside
 * prod. Anything not allowed here is denied by IAM's default; explicit Deny statements spell out
 * what a role must never do even if another policy (an SSO permission set, a managed policy
 * attached by hand) grants it.
 */
export function teamRoles(env: EnvironmentName, r: TeamResources): TeamRole[] {
  const prod = env === 'prod';
  const ours = (service: string, type: string) => `arn:aws:${service}:${r.region}:*:${type}${r.prefix}-*`;
  const logGroups = [`arn:aws:logs:${r.region}:*:log-group:/aws/lambda/${r.prefix}-*`, `arn:aws:logs:${r.region}:*:log-group:/aws/apigateway/${r.prefix}*`];
  const api = [`arn:aws:apigateway:${r.region}::/apis/${r.apiId}`, `arn:aws:apigateway:${r.region}::/apis/${r.apiId}/*`];
  const table = [r.tableArn, `${r.tableArn}/index/*`];

  const readLogsAndTraces: Statement[] = [
    { Sid: 'ReadLogs', Effect: 'Allow', Action: ['logs:DescribeLogStreams', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery', 'logs:GetLogGroupFields'], Resource: logGroups.flatMap((g) => [g, `${g}:*`]) },
    // Listing groups and reading query results name no log group.
    { Sid: 'ReadLogsAccountWide', Effect: 'Allow', Action: ['logs:DescribeLogGroups', 'logs:DescribeQueries', 'logs:GetQueryResults', 'logs:StopQuery'], Resource: '*' },
    { Sid: 'ReadTracesAndMetrics', Effect: 'Allow', Action: ['xray:Get*', 'xray:BatchGetTraces', 'cloudwatch:Get*', 'cloudwatch:List*', 'cloudwatch:Describe*'], Resource: '*' },
  ];
  // In an account shared by several environments, this environment's roles leave the others alone.
  const otherEnvironments = ENVIRONMENTS.filter((e) => e !== env);
  const notOtherEnvironments: Statement[] = [
    { Sid: 'NotOtherEnvironmentsByName', Effect: 'Deny', Action: '*', Resource: otherEnvironments.map((e) => `arn:aws:*:*:*:*catalog-${e}*`) },
    { Sid: 'NotOtherEnvironmentsByTag', Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/environment': otherEnvironments } } },
  ];
  const dataWrites = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete', 's3:PutObject', 's3:DeleteObject*'];

  return [
    {
      name: 'cto',
      description: 'CTO: billing, read-only',
      document: policy({
        Sid: 'BillingReadOnly',
        Effect: 'Allow',
        Action: ['aws-portal:ViewBilling', 'aws-portal:ViewUsage', 'billing:Get*', 'billing:List*', 'ce:Get*', 'ce:Describe*', 'ce:List*', 'budgets:ViewBudget', 'budgets:Describe*', 'cur:Describe*', 'cur:Get*', 'invoicing:Get*', 'invoicing:List*', 'payments:Get*', 'payments:List*', 'tax:Get*', 'tax:List*', 'freetier:Get*'],
        Resource: '*',
      }),
    },
    {
      name: 'finance',
      description: 'Finance: billing, Cost Explorer and budgets',
      document: policy(
        {
          Sid: 'Billing',
          Effect: 'Allow',
          Action: ['aws-portal:ViewBilling', 'aws-portal:ModifyBilling', 'aws-portal:ViewUsage', 'aws-portal:ViewPaymentMethods', 'aws-portal:ModifyPaymentMethods', 'billing:*', 'ce:*', 'budgets:*', 'cur:*', 'invoicing:*', 'payments:*', 'tax:*', 'freetier:Get*'],
          Resource: '*',
        },
        // Budget actions can apply IAM policies or stop instances through a role they are handed.
        { Sid: 'NoBudgetActionRole', Effect: 'Deny', Action: ['iam:*', 'organizations:*'], Resource: '*' },
      ),
    },
    {
      name: 'devops',
      description: prod ? 'DevOps in prod: deploy code and operate; no IAM, no data writes or deletion' : 'DevOps outside prod: administrator',
      document: prod
        ? policy(
            {
              Sid: 'DeployCode',
              Effect: 'Allow',
              Action: ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:PutFunctionConcurrency', 'lambda:PublishVersion', 'lambda:UpdateAlias', 'lambda:Get*', 'lambda:List*'],
              Resource: ours('lambda', 'function:'),
            },
            { Sid: 'OperateApi', Effect: 'Allow', Action: ['apigateway:GET', 'apigateway:PATCH'], Resource: api },
            { Sid: 'OperateEvents', Effect: 'Allow', Action: ['events:Describe*', 'events:List*', 'events:EnableRule', 'events:DisableRule', 'events:StartReplay', 'events:DescribeReplay'], Resource: [r.busArn, ours('events', 'rule/'), ours('events', 'rule/*/'), ours('events', 'archive/')] },
            { Sid: 'OperateQueues', Effect: 'Allow', Action: ['sqs:GetQueueAttributes', 'sqs:ListQueues', 'sqs:ListDeadLetterSourceQueues', 'sqs:ReceiveMessage', 'sqs:StartMessageMoveTask', 'sqs:ListMessageMoveTasks', 'sqs:CancelMessageMoveTask'], Resource: ours('sqs', '') },
            { Sid: 'DescribeTable', Effect: 'Allow', Action: ['dynamodb:DescribeTable', 'dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeTimeToLive'], Resource: r.tableArn },
            { Sid: 'FindTheTable', Effect: 'Allow', Action: 'dynamodb:ListTables', Resource: '*' },
            {
              Sid: 'AlarmsAndDashboard',
              Effect: 'Allow',
              Action: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:EnableAlarmActions', 'cloudwatch:DisableAlarmActions', 'cloudwatch:SetAlarmState', 'cloudwatch:PutDashboard'],
              Resource: [`arn:aws:cloudwatch:${r.region}:*:alarm:${r.prefix}-*`, `arn:aws:cloudwatch::*:dashboard/${r.prefix}*`],
            },
            ...readLogsAndTraces,
            {
              Sid: 'NoIamNoDataChangesNoDestruction',
              Effect: 'Deny',
              Action: ['iam:*', 'organizations:*', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:DeleteBackup', 's3:DeleteBucket*', 's3:PutBucketPolicy', 'cognito-idp:DeleteUserPool', 'kms:ScheduleKeyDeletion', 'lambda:DeleteFunction', 'lambda:InvokeFunction', ...dataWrites],
              Resource: '*',
            },
            ...notOtherEnvironments,
          )
        : policy({ Sid: 'AdministratorOutsideProd', Effect: 'Allow', Action: '*', Resource: '*' }, ...notOtherEnvironments),
    },
    {
      name: 'developer',
      description: prod ? 'Developers in prod: read-only logs and traces' : 'Developers outside prod: deploy the platform; no IAM, no networking',
      document: prod
        ? policy(...readLogsAndTraces)
        : policy(
            { Sid: 'DeployFunctions', Effect: 'Allow', Action: 'lambda:*', Resource: ours('lambda', 'function:') },
            { Sid: 'DeployApi', Effect: 'Allow', Action: 'apigateway:*', Resource: api },
            { Sid: 'DeployEvents', Effect: 'Allow', Action: ['events:*', 'sqs:*'], Resource: [r.busArn, ours('events', 'rule/'), ours('events', 'rule/*/'), ours('events', 'archive/'), ours('sqs', '')] },
            { Sid: 'Data', Effect: 'Allow', Action: 'dynamodb:*', Resource: [r.tableArn, `${r.tableArn}/*`] },
            { Sid: 'Media', Effect: 'Allow', Action: 's3:*', Resource: [r.mediaBucketArn, `${r.mediaBucketArn}/*`] },
            { Sid: 'Users', Effect: 'Allow', Action: 'cognito-idp:*', Resource: r.userPoolArn },
            ...readLogsAndTraces,
            // Networking, DNS, certificates and IAM stay with DevOps: no PassRole means no new function roles either.
            { Sid: 'NoIamNoNetworking', Effect: 'Deny', Action: ['iam:*', 'ec2:*', 'route53:*', 'route53domains:*', 'acm:*', 'organizations:*'], Resource: '*' },
            { Sid: 'NoCustomDomainsOrVpcLinks', Effect: 'Deny', Action: 'apigateway:*', Resource: [`arn:aws:apigateway:*::/domainnames*`, `arn:aws:apigateway:*::/vpclinks*`] },
            ...notOtherEnvironments,
          ),
    },
    {
      name: 'data-engineer',
      description: 'Data engineers: data services only (table exports and queries, analytics bucket, Athena, Glue; media read-only)',
      document: policy(
        { Sid: 'TableForAnalytics', Effect: 'Allow', Action: ['dynamodb:DescribeTable', 'dynamodb:DescribeContinuousBackups', 'dynamodb:ExportTableToPointInTime', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:BatchGetItem'], Resource: table },
        { Sid: 'TableExports', Effect: 'Allow', Action: 'dynamodb:DescribeExport', Resource: `${r.tableArn}/export/*` },
        { Sid: 'ListExportsAndTables', Effect: 'Allow', Action: ['dynamodb:ListExports', 'dynamodb:ListTables'], Resource: '*' },
        { Sid: 'AnalyticsBucket', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListBucket', 's3:GetBucketLocation'], Resource: [r.analyticsBucketArn, `${r.analyticsBucketArn}/*`] },
        { Sid: 'MediaReadOnly', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [r.mediaBucketArn, `${r.mediaBucketArn}/*`] },
        { Sid: 'Analytics', Effect: 'Allow', Action: ['athena:*', 'glue:*'], Resource: '*' },
        { Sid: 'NoComputeNoIamNoTableWrites', Effect: 'Deny', Action: ['lambda:*', 'ec2:*', 'ecs:*', 'iam:*', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteTable'], Resource: '*' },
        ...notOtherEnvironments,
      ),
    },
    {
      name: 'security',
      description: 'Security: IAM (review and containment), GuardDuty, Security Hub, CloudTrail; no compute, no data writes',
      document: policy(
        {
          Sid: 'ReviewIam',
          Effect: 'Allow',
          Action: ['iam:Get*', 'iam:List*', 'iam:GenerateCredentialReport', 'iam:GenerateServiceLastAccessedDetails', 'iam:SimulatePrincipalPolicy', 'iam:SimulateCustomPolicy', 'access-analyzer:*'],
          Resource: '*',
        },
        // Containment without escalation: disable keys and console passwords, and attach AWSDenyAll, nothing else.
        { Sid: 'ContainCredentials', Effect: 'Allow', Action: ['iam:UpdateAccessKey', 'iam:DeleteAccessKey', 'iam:DeleteLoginProfile'], Resource: 'arn:aws:iam::*:user/*' },
        { Sid: 'QuarantineWithDenyAll', Effect: 'Allow', Action: ['iam:AttachRolePolicy', 'iam:AttachUserPolicy'], Resource: ['arn:aws:iam::*:role/*', 'arn:aws:iam::*:user/*'], Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AWSDenyAll' } } },
        { Sid: 'SecurityServices', Effect: 'Allow', Action: ['guardduty:*', 'securityhub:*', 'cloudtrail:*', 'config:Describe*', 'config:Get*', 'config:List*'], Resource: '*' },
        ...readLogsAndTraces,
        { Sid: 'NoAuditTampering', Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'guardduty:DeleteDetector', 'securityhub:DisableSecurityHub'], Resource: '*' },
        {
          Sid: 'NoComputeNoDataWrites',
          Effect: 'Deny',
          Action: ['lambda:Invoke*', 'lambda:Create*', 'lambda:Update*', 'lambda:Delete*', 'ec2:Run*', 'ecs:Run*', 'ecs:StartTask', 'iam:PassRole', 'iam:Create*', 'iam:Put*', ...dataWrites],
          Resource: '*',
        },
      ),
    },
    {
      name: 'support',
      description: 'Customer support: read-only on the table (item reads and queries, no Scan)',
      document: policy(
        { Sid: 'TableReadOnly', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:DescribeTable'], Resource: table },
        { Sid: 'FindTheTable', Effect: 'Allow', Action: 'dynamodb:ListTables', Resource: '*' },
      ),
    },
    {
      name: 'product',
      description: 'Product management: CloudWatch read-only',
      document: policy({ Sid: 'CloudWatchReadOnly', Effect: 'Allow', Action: ['cloudwatch:Get*', 'cloudwatch:List*', 'cloudwatch:Describe*'], Resource: '*' }),
    },
  ];
}
