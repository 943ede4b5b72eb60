import { policy, type PolicyDocument } from './policies';

export type TeamRole = { name: string; description: string; document: PolicyDocument };

/**
 * The SecureCart organisation's team roles, least privilege per environment. Billing, Cost
 * Explorer, GuardDuty, Security Hub and X-Ray have no resource-level permissions, so those
 * statements name "*" resources with service-scoped actions; only DevOps outside prod gets
 * "*" on "*" (documented in docs/deploy.md).
 */
export function teamRoles(env: 'dev' | 'staging' | 'prod', r: { tableArn: string; bucketArn: string; prefix: string }): TeamRole[] {
  const prod = env === 'prod';
  const ours = (service: string, type: string) => `arn:aws:${service}:*:*:${type}${r.prefix}-*`;
  const readLogsAndTraces = {
    Sid: 'ReadLogsAndTraces',
    Effect: 'Allow' as const,
    Action: ['logs:Describe*', 'logs:Get*', 'logs:FilterLogEvents', 'logs:StartQuery', 'logs:StopQuery', 'logs:GetQueryResults', 'xray:Get*', 'xray:BatchGetTraces', 'cloudwatch:Get*', 'cloudwatch:List*', 'cloudwatch:Describe*'],
    Resource: '*',
  };
  return [
    {
      name: 'cto',
      description: 'CTO: billing, read-only',
      document: policy({ Sid: 'BillingReadOnly', Effect: 'Allow', Action: ['aws-portal:ViewBilling', 'aws-portal:ViewUsage', 'billing:Get*', 'billing:List*', 'ce:Get*', 'ce:Describe*', 'ce:List*', 'budgets:ViewBudget', 'cur:Describe*'], Resource: '*' }),
    },
    {
      name: 'finance',
      description: 'Finance: billing, Cost Explorer and budgets',
      document: policy({ Sid: 'Billing', Effect: 'Allow', Action: ['aws-portal:ViewBilling', 'aws-portal:ModifyBilling', 'aws-portal:ViewUsage', 'billing:*', 'ce:*', 'budgets:*', 'cur:*'], Resource: '*' }),
    },
    {
      name: 'devops',
      description: prod ? 'DevOps in prod: operate and deploy the platform, no IAM changes, no data deletion' : 'DevOps outside prod: administrator',
      document: prod
        ? policy(
            { Sid: 'Deploy', Effect: 'Allow', Action: ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:PublishVersion', 'lambda:UpdateAlias', 'lambda:Get*', 'lambda:List*'], Resource: ours('lambda', 'function:') },
            { Sid: 'Operate', Effect: 'Allow', Action: ['apigateway:GET', 'apigateway:PATCH', 'events:Describe*', 'events:List*', 'events:EnableRule', 'events:DisableRule', 'sqs:Get*', 'sqs:List*', 'sqs:ReceiveMessage', 'sqs:StartMessageMoveTask', 'dynamodb:Describe*', 'dynamodb:List*', 'cloudwatch:*', 'logs:*'], Resource: '*' },
            readLogsAndTraces,
            { Sid: 'NoIamNoDestruction', Effect: 'Deny', Action: ['iam:*', 'organizations:*', 'dynamodb:DeleteTable', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 's3:DeleteBucket', 's3:DeleteObject*', 'cognito-idp:DeleteUserPool', 'kms:ScheduleKeyDeletion'], Resource: '*' },
          )
        : policy({ Sid: 'AdministratorOutsideProd', Effect: 'Allow', Action: '*', Resource: '*' }),
    },
    {
      name: 'developer',
      description: prod ? 'Developers in prod: read-only logs and traces' : 'Developers outside prod: deploy the platform; no IAM, no networking',
      document: prod
        ? policy(readLogsAndTraces)
        : policy(
            {
              Sid: 'DeployPlatform',
              Effect: 'Allow',
              Action: ['lambda:*', 'apigateway:*', 'events:*', 'sqs:*', 'dynamodb:*', 'cognito-idp:*', 's3:*'],
              Resource: [ours('lambda', 'function:'), ours('events', 'rule/'), ours('events', 'event-bus/'), ours('sqs', ''), r.tableArn, `${r.tableArn}/*`, r.bucketArn, `${r.bucketArn}/*`, 'arn:aws:apigateway:*::/*', 'arn:aws:cognito-idp:*:*:userpool/*'],
            },
            readLogsAndTraces,
            { Sid: 'NoIamNoNetworking', Effect: 'Deny', Action: ['iam:*', 'ec2:*', 'route53:*', 'acm:*', 'organizations:*'], Resource: '*' },
          ),
    },
    {
      name: 'data-engineer',
      description: 'Data engineers: data services only (table exports, the media bucket read-only, Athena, Glue)',
      document: policy(
        { Sid: 'TableForAnalytics', Effect: 'Allow', Action: ['dynamodb:Describe*', 'dynamodb:List*', 'dynamodb:ExportTableToPointInTime', 'dynamodb:Query', 'dynamodb:GetItem'], Resource: [r.tableArn, `${r.tableArn}/*`] },
        { Sid: 'MediaReadOnly', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [r.bucketArn, `${r.bucketArn}/*`] },
        { Sid: 'Analytics', Effect: 'Allow', Action: ['athena:*', 'glue:*'], Resource: '*' },
        { Sid: 'NoCompute', Effect: 'Deny', Action: ['lambda:*', 'ec2:*', 'iam:*'], Resource: '*' },
      ),
    },
    {
      name: 'security',
      description: 'Security: IAM, GuardDuty, Security Hub, CloudTrail; no compute, no data writes',
      document: policy(
        { Sid: 'SecurityServices', Effect: 'Allow', Action: ['iam:*', 'access-analyzer:*', 'guardduty:*', 'securityhub:*', 'cloudtrail:*'], Resource: '*' },
        readLogsAndTraces,
        {
          Sid: 'NoComputeNoDataWrites',
          Effect: 'Deny',
          Action: ['lambda:Invoke*', 'lambda:Create*', 'lambda:Update*', 'lambda:Delete*', 'ec2:Run*', 'ecs:Run*', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 's3:PutObject', 's3:DeleteObject*'],
          Resource: '*',
        },
      ),
    },
    {
      name: 'support',
      description: 'Customer support: read-only on the table',
      document: policy({ Sid: 'TableReadOnly', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:DescribeTable'], Resource: [r.tableArn, `${r.tableArn}/index/*`] }),
    },
    {
      name: 'product',
      description: 'Product management: CloudWatch read-only',
      document: policy({ Sid: 'CloudWatchReadOnly', Effect: 'Allow', Action: ['cloudwatch:Get*', 'cloudwatch:List*', 'cloudwatch:Describe*'], Resource: '*' }),
    },
  ];
}
