import type { EnvironmentName } from './config';
import { RESOURCE_TYPE_ACTIONS } from './deployer';
import { leadingKeys, policy, type PolicyDocument, type Statement } from './policies';

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
  /** The role data engineers hand to their Lambda functions and Glue jobs (they create no roles). */
  dataProcessingRoleArn: string;
  /** The boundary every principal Security creates must carry (stacks/deployer.ts). */
  managedBoundaryArn: string;
  /** The organization trail's bucket, when this environment has one. */
  trailBucketArn?: string;
};

/**
 * The seed's "full access to infrastructure services": IAM, EC2 (VPC), S3, RDS, EKS, ECS,
 * CloudFormation, Route 53, and what these stacks use (the services the deployer needs).
 */
export const INFRASTRUCTURE_SERVICES = [
  ...new Set([
    ...['iam', 'ec2', 's3', 'rds', 'eks', 'ecs', 'ecr', 'cloudformation', 'route53', 'elasticloadbalancing', 'autoscaling'],
    ...Object.values(RESOURCE_TYPE_ACTIONS)
      .flat()
      .map((a) => a.split(':')[0]!),
  ]),
].sort();

/** Customer and order data, the only keys Support reads (never sessions, tokens or rate counters). */
export const SUPPORT_KEYS = ['TENANT#*#USER#*', 'TENANT#*#USERS', 'TENANT#*#ORDER#*', 'TENANT#*#ORDERS'];

/** Where Security's own principals and policies live: it creates and changes IAM there only. */
export const SECURITY_MANAGED_PATH = '/security-managed/';

const ENVIRONMENTS: EnvironmentName[] = ['dev', 'staging', 'prod'];
const DATA_LAKE_PREFIXES = ['raw/', 'processed/'];
const IAM_WRITES = [
  'iam:Create*',
  'iam:Delete*',
  'iam:Put*',
  'iam:Attach*',
  'iam:Detach*',
  'iam:Update*',
  'iam:Add*',
  'iam:Remove*',
  'iam:Set*',
  'iam:Tag*',
  'iam:Untag*',
  'iam:Upload*',
  'iam:Change*',
  'iam:Enable*',
  'iam:Deactivate*',
  'iam:Reset*',
  'iam:Resync*',
];
const COMPUTE_CHANGES = [
  'ec2:Run*',
  'ec2:Start*',
  'ec2:Stop*',
  'ec2:Terminate*',
  'ec2:Modify*',
  'ec2:Create*',
  'ec2:Delete*',
  'lambda:Create*',
  'lambda:Update*',
  'lambda:Delete*',
  'lambda:Put*',
  'lambda:Invoke*',
  'lambda:Publish*',
  'ecs:*Task*',
  'ecs:*Service*',
  'ecs:*Cluster*',
  'eks:Create*',
  'eks:Update*',
  'eks:Delete*',
  'autoscaling:*',
];
const DATABASE_CHANGES = [
  'dynamodb:Create*',
  'dynamodb:Update*',
  'dynamodb:Delete*',
  'dynamodb:Restore*',
  'dynamodb:Import*',
  'rds:Create*',
  'rds:Modify*',
  'rds:Delete*',
  'rds:Reboot*',
  'rds:Restore*',
  'rds:Start*',
  'rds:Stop*',
  'redshift:Create*',
  'redshift:Modify*',
  'redshift:Delete*',
];
const STORAGE_CHANGES = [
  's3:Create*',
  's3:Delete*',
  's3:Put*',
  's3:Restore*',
  's3:Replicate*',
  'glacier:*',
  'elasticfilesystem:Create*',
  'elasticfilesystem:Delete*',
  'elasticfilesystem:Update*',
  'backup:Delete*',
];

/**
 * Every Allow statement of a team role whose resource is "*", and why. Tests fail on any other,
 * and docs/deploy.md lists the same ids.
 */
export const STAR_RESOURCE_GRANTS: Record<string, string> = {
  AdministratorOutsideProd:
    'DevOps administers the infrastructure services of dev and staging (one account per environment; the Deny statements protect the other environments in a shared account)',
  BillingReadOnly: 'Billing, Cost Explorer, budgets and CUR have no resource-level permissions',
  Billing: 'Billing, Cost Explorer, budgets and CUR have no resource-level permissions',
  ReadLogsAccountWide: 'DescribeLogGroups and the Logs Insights query calls name no log group',
  ReadTracesAndMetrics: 'X-Ray reads and CloudWatch metric reads have no resource-level permissions',
  FindTheTable: 'dynamodb:ListTables has no resource-level permissions',
  ListExportsAndTables: 'dynamodb:ListExports and ListTables have no resource-level permissions',
  Analytics: 'Athena and Glue catalogue calls for the data engineers span workgroups and databases they create',
  Warehouses: 'Redshift and RDS reads and their data APIs for the data engineers: clusters and databases named by no stack of ours',
  ListDataFunctions: 'lambda:ListFunctions and GetAccountSettings have no resource-level permissions',
  ReviewIam: 'Reading IAM (and Access Analyzer) is the security review itself: read-only actions',
  ReviewSecurityFindings: 'GuardDuty, Security Hub, Macie, Access Analyzer, CloudTrail and Config reads are account-wide',
  CloudWatchReadOnly: 'CloudWatch metric and alarm reads have no resource-level permissions',
  StopDeployments: 'codedeploy:StopDeployment has no resource-level permissions; stopping a deployment only rolls it back',
};

/**
 * The SecureCart organisation's team roles (docs/deploy.md has the table), least privilege per
 * environment. Billing, Cost Explorer, budgets, GuardDuty, Security Hub, Athena/Glue catalogues,
 * X-Ray and CloudWatch metric reads have no useful resource-level permissions, so those statements
 * name "*" resources with service-scoped actions; no role has the "*" action (DevOps outside prod
 * gets whole infrastructure services, not billing or data tools). Anything not allowed here is
 * denied by IAM's default, and the boundary caps it all; explicit Deny statements spell out
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
    {
      Sid: 'ReadLogs',
      Effect: 'Allow',
      Action: ['logs:DescribeLogStreams', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery', 'logs:GetLogGroupFields'],
      Resource: logGroups.flatMap((g) => [g, `${g}:*`]),
    },
    // Listing groups and reading query results name no log group.
    {
      Sid: 'ReadLogsAccountWide',
      Effect: 'Allow',
      Action: ['logs:DescribeLogGroups', 'logs:DescribeQueries', 'logs:GetQueryResults', 'logs:StopQuery'],
      Resource: '*',
    },
    {
      Sid: 'ReadTracesAndMetrics',
      Effect: 'Allow',
      Action: ['xray:Get*', 'xray:BatchGetTraces', 'cloudwatch:Get*', 'cloudwatch:List*', 'cloudwatch:Describe*'],
      Resource: '*',
    },
  ];
  // In an account shared by several environments, this environment's roles leave the others alone.
  const otherEnvironments = ENVIRONMENTS.filter((e) => e !== env);
  const notOtherEnvironments: Statement[] = [
    { Sid: 'NotOtherEnvironmentsByName', Effect: 'Deny', Action: '*', Resource: otherEnvironments.map((e) => `arn:aws:*:*:*:*catalog-${e}*`) },
    {
      Sid: 'NotOtherEnvironmentsByTag',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/environment': otherEnvironments } },
    },
  ];
  const dataWrites = [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:PartiQLInsert',
    'dynamodb:PartiQLUpdate',
    'dynamodb:PartiQLDelete',
    's3:PutObject',
    's3:DeleteObject*',
  ];

  return [
    {
      name: 'cto',
      description: 'CTO: billing, read-only',
      document: policy({
        Sid: 'BillingReadOnly',
        Effect: 'Allow',
        Action: [
          'aws-portal:ViewBilling',
          'aws-portal:ViewUsage',
          'billing:Get*',
          'billing:List*',
          'ce:Get*',
          'ce:Describe*',
          'ce:List*',
          'budgets:ViewBudget',
          'budgets:Describe*',
          'cur:Describe*',
          'cur:Get*',
          'invoicing:Get*',
          'invoicing:List*',
          'payments:Get*',
          'payments:List*',
          'tax:Get*',
          'tax:List*',
          'freetier:Get*',
          'consolidatedbilling:Get*',
          'consolidatedbilling:List*',
        ],
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
          Action: [
            'aws-portal:ViewBilling',
            'aws-portal:ModifyBilling',
            'aws-portal:ViewUsage',
            'aws-portal:ViewPaymentMethods',
            'aws-portal:ModifyPaymentMethods',
            'billing:*',
            'ce:*',
            'budgets:*',
            'cur:*',
            'invoicing:*',
            'payments:*',
            'tax:*',
            'freetier:Get*',
            'consolidatedbilling:*',
          ],
          Resource: '*',
        },
        // Budget actions can apply IAM policies or stop instances through a role they are handed.
        { Sid: 'NoBudgetActionRole', Effect: 'Deny', Action: ['iam:*', 'organizations:*'], Resource: '*' },
      ),
    },
    {
      name: 'devops',
      description: prod
        ? 'DevOps in prod: deploy code and operate; no IAM, no data writes or deletion'
        : 'DevOps outside prod: administrator of the infrastructure services',
      document: prod
        ? policy(
            {
              Sid: 'DeployCode',
              Effect: 'Allow',
              Action: [
                'lambda:UpdateFunctionCode',
                'lambda:UpdateFunctionConfiguration',
                'lambda:PutFunctionConcurrency',
                'lambda:PublishVersion',
                'lambda:UpdateAlias',
                'lambda:Get*',
                'lambda:List*',
              ],
              Resource: ours('lambda', 'function:'),
            },
            { Sid: 'OperateApi', Effect: 'Allow', Action: ['apigateway:GET', 'apigateway:PATCH'], Resource: api },
            // The API's canary (stacks/rollout.ts): watch it, and stop it, which rolls it back; starting one is CI's.
            {
              Sid: 'FollowDeployments',
              Effect: 'Allow',
              Action: ['codedeploy:Get*', 'codedeploy:List*'],
              Resource: [ours('codedeploy', 'application:'), ours('codedeploy', 'deploymentgroup:')],
            },
            { Sid: 'StopDeployments', Effect: 'Allow', Action: 'codedeploy:StopDeployment', Resource: '*' },
            {
              Sid: 'OperateEvents',
              Effect: 'Allow',
              Action: ['events:Describe*', 'events:List*', 'events:EnableRule', 'events:DisableRule', 'events:StartReplay', 'events:DescribeReplay'],
              Resource: [r.busArn, ours('events', 'rule/'), ours('events', 'rule/*/'), ours('events', 'archive/')],
            },
            {
              Sid: 'OperateQueues',
              Effect: 'Allow',
              Action: [
                'sqs:GetQueueAttributes',
                'sqs:ListQueues',
                'sqs:ListDeadLetterSourceQueues',
                'sqs:ReceiveMessage',
                'sqs:StartMessageMoveTask',
                'sqs:ListMessageMoveTasks',
                'sqs:CancelMessageMoveTask',
              ],
              Resource: ours('sqs', ''),
            },
            {
              Sid: 'DescribeTable',
              Effect: 'Allow',
              Action: ['dynamodb:DescribeTable', 'dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeTimeToLive'],
              Resource: r.tableArn,
            },
            { Sid: 'FindTheTable', Effect: 'Allow', Action: 'dynamodb:ListTables', Resource: '*' },
            {
              Sid: 'AlarmsAndDashboard',
              Effect: 'Allow',
              Action: [
                'cloudwatch:PutMetricAlarm',
                'cloudwatch:DeleteAlarms',
                'cloudwatch:EnableAlarmActions',
                'cloudwatch:DisableAlarmActions',
                'cloudwatch:SetAlarmState',
                'cloudwatch:PutDashboard',
              ],
              Resource: [`arn:aws:cloudwatch:${r.region}:*:alarm:${r.prefix}-*`, `arn:aws:cloudwatch::*:dashboard/${r.prefix}*`],
            },
            ...readLogsAndTraces,
            {
              Sid: 'NoIamNoDataChangesNoDestruction',
              Effect: 'Deny',
              Action: [
                'iam:*',
                'organizations:*',
                'dynamodb:DeleteTable',
                'dynamodb:UpdateTable',
                'dynamodb:DeleteBackup',
                's3:DeleteBucket*',
                's3:PutBucketPolicy',
                'cognito-idp:DeleteUserPool',
                'kms:ScheduleKeyDeletion',
                'lambda:DeleteFunction',
                'lambda:InvokeFunction',
                ...dataWrites,
              ],
              Resource: '*',
            },
            ...notOtherEnvironments,
          )
        : policy(
            { Sid: 'AdministratorOutsideProd', Effect: 'Allow', Action: INFRASTRUCTURE_SERVICES.map((service) => `${service}:*`), Resource: '*' },
            ...notOtherEnvironments,
          ),
    },
    {
      name: 'developer',
      description: prod ? 'Developers in prod: read-only logs and traces' : 'Developers outside prod: deploy the platform; no IAM, no networking',
      document: prod
        ? policy(...readLogsAndTraces)
        : policy(
            { Sid: 'DeployFunctions', Effect: 'Allow', Action: 'lambda:*', Resource: ours('lambda', 'function:') },
            { Sid: 'DeployApi', Effect: 'Allow', Action: 'apigateway:*', Resource: api },
            {
              Sid: 'DeployEvents',
              Effect: 'Allow',
              Action: ['events:*', 'sqs:*'],
              Resource: [r.busArn, ours('events', 'rule/'), ours('events', 'rule/*/'), ours('events', 'archive/'), ours('sqs', '')],
            },
            { Sid: 'Data', Effect: 'Allow', Action: 'dynamodb:*', Resource: [r.tableArn, `${r.tableArn}/*`] },
            { Sid: 'Media', Effect: 'Allow', Action: 's3:*', Resource: [r.mediaBucketArn, `${r.mediaBucketArn}/*`] },
            { Sid: 'Users', Effect: 'Allow', Action: 'cognito-idp:*', Resource: r.userPoolArn },
            ...readLogsAndTraces,
            // Networking, DNS, certificates and IAM stay with DevOps: no PassRole means no new function roles either.
            {
              Sid: 'NoIamNoNetworking',
              Effect: 'Deny',
              Action: ['iam:*', 'ec2:*', 'route53:*', 'route53domains:*', 'acm:*', 'organizations:*'],
              Resource: '*',
            },
            {
              Sid: 'NoCustomDomainsOrVpcLinks',
              Effect: 'Deny',
              Action: 'apigateway:*',
              Resource: [`arn:aws:apigateway:*::/domainnames*`, `arn:aws:apigateway:*::/vpclinks*`],
            },
            ...notOtherEnvironments,
          ),
    },
    {
      name: 'data-engineer',
      description:
        'Data engineers: DynamoDB reads and exports, Redshift, RDS, Athena, Glue, the data lake (raw/, processed/), Lambda for data processing; no networking, IAM or instances',
      document: policy(
        {
          Sid: 'TableForAnalytics',
          Effect: 'Allow',
          Action: [
            'dynamodb:DescribeTable',
            'dynamodb:DescribeContinuousBackups',
            'dynamodb:ExportTableToPointInTime',
            'dynamodb:Query',
            'dynamodb:GetItem',
            'dynamodb:BatchGetItem',
          ],
          Resource: table,
        },
        { Sid: 'TableExports', Effect: 'Allow', Action: 'dynamodb:DescribeExport', Resource: `${r.tableArn}/export/*` },
        { Sid: 'ListExportsAndTables', Effect: 'Allow', Action: ['dynamodb:ListExports', 'dynamodb:ListTables'], Resource: '*' },
        // The data lake is two prefixes of the analytics bucket: what lands (raw/) and what jobs make of it (processed/).
        {
          Sid: 'DataLake',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
          Resource: DATA_LAKE_PREFIXES.map((p) => `${r.analyticsBucketArn}/${p}*`),
        },
        {
          Sid: 'ListDataLake',
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: r.analyticsBucketArn,
          Condition: { StringLike: { 's3:prefix': DATA_LAKE_PREFIXES.map((p) => `${p}*`) } },
        },
        { Sid: 'Analytics', Effect: 'Allow', Action: ['athena:*', 'glue:*'], Resource: '*' },
        {
          Sid: 'Warehouses',
          Effect: 'Allow',
          Action: [
            'redshift:Describe*',
            'redshift:GetClusterCredentials',
            'redshift:GetClusterCredentialsWithIAM',
            'redshift-data:*',
            'redshift-serverless:Get*',
            'redshift-serverless:List*',
            'rds:Describe*',
            'rds:ListTagsForResource',
            'rds-data:*',
            'rds-db:connect',
          ],
          Resource: '*',
        },
        { Sid: 'DataProcessingFunctions', Effect: 'Allow', Action: 'lambda:*', Resource: `arn:aws:lambda:${r.region}:*:function:${r.prefix}-data-*` },
        { Sid: 'ListDataFunctions', Effect: 'Allow', Action: ['lambda:ListFunctions', 'lambda:GetAccountSettings'], Resource: '*' },
        // They create no roles: their functions and jobs run as the one data-processing role.
        {
          Sid: 'PassDataProcessingRole',
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: r.dataProcessingRoleArn,
          Condition: { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com', 'glue.amazonaws.com'] } },
        },
        {
          Sid: 'NoNetworkingIamInstancesOrTableWrites',
          Effect: 'Deny',
          Action: [
            ...['ec2:*', 'ecs:*', 'eks:*', 'elasticloadbalancing:*', 'route53:*', 'apigateway:*'],
            ...[
              'rds:CreateDBInstance*',
              'rds:CreateDBCluster',
              'rds:ModifyDB*',
              'rds:DeleteDB*',
              'redshift:CreateCluster',
              'redshift:ModifyCluster*',
              'redshift:DeleteCluster',
            ],
            ...IAM_WRITES,
            ...['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable'],
          ],
          Resource: '*',
        },
        ...notOtherEnvironments,
      ),
    },
    {
      name: 'security',
      description:
        'Security: manages IAM (what it creates carries the managed boundary), reads Security Hub, GuardDuty, Macie, CloudTrail, Access Analyzer; no compute, database or storage changes',
      document: policy(
        {
          Sid: 'ReviewIam',
          Effect: 'Allow',
          Action: [
            'iam:Get*',
            'iam:List*',
            'iam:GenerateCredentialReport',
            'iam:GenerateServiceLastAccessedDetails',
            'iam:GenerateOrganizationsAccessReport',
            'iam:SimulatePrincipalPolicy',
            'iam:SimulateCustomPolicy',
          ],
          Resource: '*',
        },
        // Full IAM where its own principals and policies live; every principal it makes carries the managed boundary (below).
        {
          Sid: 'ManageSecurityPrincipals',
          Effect: 'Allow',
          Action: 'iam:*',
          Resource: ['role', 'user', 'group', 'policy', 'instance-profile'].map((kind) => `arn:aws:iam::*:${kind}${SECURITY_MANAGED_PATH}*`),
        },
        // Containment anywhere: disable keys and console passwords, attach AWSDenyAll.
        {
          Sid: 'ContainCredentials',
          Effect: 'Allow',
          Action: ['iam:UpdateAccessKey', 'iam:DeleteAccessKey', 'iam:DeleteLoginProfile'],
          Resource: 'arn:aws:iam::*:user/*',
        },
        {
          Sid: 'QuarantineWithDenyAll',
          Effect: 'Allow',
          Action: ['iam:AttachRolePolicy', 'iam:AttachUserPolicy'],
          Resource: ['arn:aws:iam::*:role/*', 'arn:aws:iam::*:user/*'],
          Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AWSDenyAll' } },
        },
        {
          Sid: 'ReviewSecurityFindings',
          Effect: 'Allow',
          Action: [
            ...['guardduty', 'securityhub', 'macie2', 'access-analyzer', 'cloudtrail', 'config'].flatMap((service) => [
              `${service}:Get*`,
              `${service}:List*`,
              `${service}:Describe*`,
              `${service}:BatchGet*`,
            ]),
            'cloudtrail:LookupEvents',
            'access-analyzer:ValidatePolicy',
            'access-analyzer:CheckNoNewAccess',
            'access-analyzer:CheckAccessNotGranted',
            'access-analyzer:CheckNoPublicAccess',
          ],
          Resource: '*',
        },
        ...(r.trailBucketArn
          ? [
              {
                Sid: 'ReadTrailLogs',
                Effect: 'Allow' as const,
                Action: ['s3:GetObject', 's3:ListBucket'],
                Resource: [r.trailBucketArn, `${r.trailBucketArn}/*`],
              },
            ]
          : []),
        ...readLogsAndTraces,
        // A negated operator is true when the key is absent: a principal made without a boundary is refused too.
        {
          Sid: 'NewPrincipalsCarryTheManagedBoundary',
          Effect: 'Deny',
          Action: ['iam:CreateRole', 'iam:CreateUser', 'iam:PutRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary'],
          Resource: '*',
          Condition: { StringNotEquals: { 'iam:PermissionsBoundary': r.managedBoundaryArn } },
        },
        { Sid: 'NoPassingRoles', Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
        {
          Sid: 'NoAuditTampering',
          Effect: 'Deny',
          Action: [
            'cloudtrail:StopLogging',
            'cloudtrail:DeleteTrail',
            'cloudtrail:UpdateTrail',
            'cloudtrail:PutEventSelectors',
            'guardduty:DeleteDetector',
            'guardduty:UpdateDetector',
            'securityhub:DisableSecurityHub',
            'macie2:DisableMacie',
            'access-analyzer:DeleteAnalyzer',
          ],
          Resource: '*',
        },
        {
          Sid: 'NoComputeDatabaseOrStorageChanges',
          Effect: 'Deny',
          Action: [...COMPUTE_CHANGES, ...DATABASE_CHANGES, ...STORAGE_CHANGES, ...dataWrites],
          Resource: '*',
        },
      ),
    },
    {
      name: 'support',
      description: 'Customer support: read-only on customer and order items (item reads and queries, no Scan); no writes anywhere',
      document: policy(
        // Customer and order partitions only, and never a Scan (the Null guard, as for tenant roles).
        {
          Sid: 'CustomersAndOrdersReadOnly',
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
          Resource: table,
          Condition: leadingKeys(SUPPORT_KEYS),
        },
        { Sid: 'DescribeTable', Effect: 'Allow', Action: 'dynamodb:DescribeTable', Resource: table },
        { Sid: 'FindTheTable', Effect: 'Allow', Action: 'dynamodb:ListTables', Resource: '*' },
      ),
    },
    {
      name: 'product',
      description: 'Product management: CloudWatch logs, metrics and dashboards, read-only',
      document: policy(
        { Sid: 'CloudWatchReadOnly', Effect: 'Allow', Action: ['cloudwatch:Get*', 'cloudwatch:List*', 'cloudwatch:Describe*'], Resource: '*' },
        readLogsAndTraces[0]!,
        readLogsAndTraces[1]!,
      ),
    },
  ];
}
