/**
 * The seed's eight team roles, as synthesized, evaluated by the IAM simulator with the
 * environment's permissions boundary: what each may and may not do (allowed and denied actions on
 * concrete resources), who may assume them and how MFA is enforced, and the Identity Center
 * permission sets and security services the configuration switches on.
 */
import { describe, expect, it } from 'vitest';
import { boundaryPolicy, managedBoundaryPolicy } from '../../stacks/deployer';
import { evaluate, resolve } from './evaluate';
import { envNamed, named, synth, teamPolicy, type Synth } from './synth';

const ACCOUNT = '111111111111';
const R = 'eu-west-1';
const arn = (service: string, rest: string) => `arn:aws:${service}:${R}:${ACCOUNT}:${rest}`;
const refs = (env: string): Record<string, string> => ({
  '${aws_dynamodb_table.table.arn}': arn('dynamodb', `table/catalog-${env}`),
  '${aws_s3_bucket.media.arn}': `arn:aws:s3:::catalog-${env}-media-abc`,
  '${aws_s3_bucket.analytics.arn}': `arn:aws:s3:::catalog-${env}-analytics-abc`,
  '${aws_s3_bucket.trail-bucket.arn}': `arn:aws:s3:::catalog-${env}-trail-abc`,
  '${aws_cognito_user_pool.users.arn}': arn('cognito-idp', 'userpool/eu-west-1_pool'),
  '${aws_apigatewayv2_api.http-api.id}': 'api123',
  '${aws_cloudwatch_event_bus.bus.arn}': arn('events', `event-bus/catalog-${env}`),
  '${aws_iam_role.data-processing-role.arn}': `arn:aws:iam::${ACCOUNT}:role/catalog-${env}-data-processing`,
});
const vars = (env: string) => ({ [`CATALOG_${env.toUpperCase()}_ACCOUNT_ID`]: ACCOUNT, [`CATALOG_${env.toUpperCase()}_ORGANIZATION_TRAIL`]: 'true' });
const stacks: Record<'dev' | 'prod', Synth> = { dev: synth(envNamed('dev', vars('dev'))), prod: synth(envNamed('prod', vars('prod'))) };

type Req = [action: string, resource: string, context?: Record<string, string | string[]>];
async function decide(role: string, env: 'dev' | 'prod', [action, resource, context]: Req) {
  return evaluate({
    action,
    resource,
    context,
    principal: `arn:aws:sts::${ACCOUNT}:assumed-role/catalog-${env}-team-${role}/someone`,
    identity: [resolve(teamPolicy(stacks[env], role), refs(env))],
    boundary: boundaryPolicy(env, ACCOUNT),
  });
}

const table = (env: string) => arn('dynamodb', `table/catalog-${env}`);
const keys = (...k: string[]) => ({ 'dynamodb:LeadingKeys': k });
const fn = (env: string, name: string) => arn('lambda', `function:catalog-${env}-${name}`);
const logs = (env: string) => arn('logs', `log-group:/aws/lambda/catalog-${env}-api:*`);
const iam = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const vpc = arn('ec2', 'vpc/vpc-1');
const instance = arn('ec2', 'instance/i-1');
const media = (env: string) => `arn:aws:s3:::catalog-${env}-media-abc/tenants/acme/p.png`;
const lake = (env: string, key: string) => `arn:aws:s3:::catalog-${env}-analytics-abc/${key}`;

const cases: [role: string, env: 'dev' | 'prod', allowed: Req[], denied: Req[]][] = [
  [
    'cto',
    'prod',
    [
      ['ce:GetCostAndUsage', '*'],
      ['budgets:ViewBudget', arn('budgets', 'budget/b').replace(`:${R}:`, '::')],
      ['aws-portal:ViewBilling', '*'],
      ['consolidatedbilling:ListLinkedAccounts', '*'],
      ['cur:DescribeReportDefinitions', '*'],
    ],
    [
      ['budgets:ModifyBudget', `arn:aws:budgets::${ACCOUNT}:budget/b`],
      ['aws-portal:ModifyBilling', '*'],
      ['ce:CreateAnomalyMonitor', '*'],
      ['dynamodb:GetItem', table('prod'), keys('TENANT#a#USER#u')],
      ['iam:ListRoles', '*'],
    ],
  ],
  [
    'finance',
    'prod',
    [
      ['ce:GetCostAndUsage', '*'],
      ['ce:CreateCostCategoryDefinition', '*'],
      ['budgets:ModifyBudget', `arn:aws:budgets::${ACCOUNT}:budget/b`],
      ['aws-portal:ModifyBilling', '*'],
      ['consolidatedbilling:ListLinkedAccounts', '*'],
      ['cur:PutReportDefinition', '*'],
    ],
    [
      ['iam:CreateRole', iam('role', 'x')],
      ['organizations:InviteAccountToOrganization', '*'],
      ['dynamodb:GetItem', table('prod'), keys('TENANT#a#USER#u')],
      ['ec2:DescribeInstances', '*'],
    ],
  ],
  [
    'devops',
    'dev',
    [
      ['iam:CreateRole', iam('role', 'catalog-dev-x'), { 'iam:PermissionsBoundary': iam('policy', 'catalog-dev-boundary') }],
      ['ec2:CreateVpc', vpc],
      ['s3:CreateBucket', 'arn:aws:s3:::catalog-dev-x'],
      ['rds:CreateDBInstance', arn('rds', 'db:catalog-dev-db')],
      ['eks:CreateCluster', '*'],
      ['ecs:CreateCluster', arn('ecs', 'cluster/catalog-dev')],
      ['cloudformation:CreateStack', arn('cloudformation', 'stack/catalog-dev-x/1')],
      ['route53:ChangeResourceRecordSets', 'arn:aws:route53:::hostedzone/Z1'],
      ['dynamodb:DeleteTable', table('dev')],
      ['lambda:UpdateFunctionCode', fn('dev', 'api')],
    ],
    [
      ['dynamodb:DeleteTable', table('prod')],
      ['lambda:UpdateFunctionCode', fn('prod', 'api')],
      ['iam:CreateUser', iam('user', 'x')],
      ['iam:CreateRole', iam('role', 'catalog-dev-x')],
      ['ce:GetCostAndUsage', '*'],
      ['aws-portal:ModifyBilling', '*'],
    ],
  ],
  [
    'devops',
    'prod',
    [
      ['lambda:UpdateFunctionCode', fn('prod', 'api')],
      ['lambda:UpdateAlias', fn('prod', 'api')],
      ['codedeploy:GetDeploymentGroup', arn('codedeploy', 'deploymentgroup:catalog-prod-api/catalog-prod-api')],
      ['codedeploy:ListDeployments', arn('codedeploy', 'deploymentgroup:catalog-prod-api/catalog-prod-api')],
      ['codedeploy:StopDeployment', '*'],
      ['cloudwatch:PutMetricAlarm', arn('cloudwatch', 'alarm:catalog-prod-api-errors')],
      ['logs:FilterLogEvents', logs('prod')],
      ['sqs:StartMessageMoveTask', arn('sqs', 'catalog-prod-inventory-dlq')],
      ['dynamodb:DescribeTable', table('prod')],
    ],
    [
      ['iam:CreateRole', iam('role', 'catalog-prod-x'), { 'iam:PermissionsBoundary': iam('policy', 'catalog-prod-boundary') }],
      ['iam:PassRole', iam('role', 'catalog-prod-api')],
      ['ec2:CreateVpc', vpc],
      ['dynamodb:DeleteTable', table('prod')],
      ['dynamodb:PutItem', table('prod'), keys('TENANT#a#USER#u')],
      ['s3:PutObject', media('prod')],
      ['lambda:InvokeFunction', fn('prod', 'api')],
      ['lambda:DeleteFunction', fn('prod', 'api')],
      // Starting a roll-out is the pipeline's; changing the canary's group is the deployer's.
      ['codedeploy:CreateDeployment', arn('codedeploy', 'deploymentgroup:catalog-prod-api/catalog-prod-api')],
      ['codedeploy:UpdateDeploymentGroup', arn('codedeploy', 'deploymentgroup:catalog-prod-api/catalog-prod-api')],
    ],
  ],
  [
    'developer',
    'dev',
    [
      ['lambda:UpdateFunctionCode', fn('dev', 'api')],
      ['dynamodb:PutItem', table('dev'), keys('TENANT#a#PRODUCT#p')],
      ['events:PutRule', arn('events', 'rule/catalog-dev/catalog-dev-inventory')],
      ['logs:FilterLogEvents', logs('dev')],
      ['xray:BatchGetTraces', '*'],
    ],
    [
      ['iam:CreateRole', iam('role', 'catalog-dev-x')],
      ['iam:PassRole', iam('role', 'catalog-dev-api')],
      ['ec2:CreateVpc', vpc],
      ['ec2:AuthorizeSecurityGroupIngress', arn('ec2', 'security-group/sg-1')],
      ['route53:ChangeResourceRecordSets', 'arn:aws:route53:::hostedzone/Z1'],
      ['lambda:UpdateFunctionCode', fn('prod', 'api')],
    ],
  ],
  [
    'developer',
    'prod',
    [
      ['logs:FilterLogEvents', logs('prod')],
      ['logs:GetLogEvents', logs('prod')],
      ['cloudwatch:GetMetricData', '*'],
      ['xray:GetTraceSummaries', '*'],
    ],
    [
      ['lambda:UpdateFunctionCode', fn('prod', 'api')],
      ['dynamodb:GetItem', table('prod'), keys('TENANT#a#USER#u')],
      ['iam:ListRoles', '*'],
      ['ec2:DescribeVpcs', '*'],
      ['logs:DeleteLogGroup', logs('prod')],
    ],
  ],
  [
    'data-engineer',
    'prod',
    [
      ['dynamodb:ExportTableToPointInTime', table('prod')],
      ['dynamodb:Query', table('prod'), keys('TENANT#a#PRODUCTS')],
      ['redshift-data:ExecuteStatement', arn('redshift', 'cluster:warehouse')],
      ['redshift:GetClusterCredentials', arn('redshift', 'dbuser:warehouse/analyst')],
      ['rds-data:ExecuteStatement', arn('rds', 'cluster:reporting')],
      ['rds:DescribeDBInstances', '*'],
      ['athena:StartQueryExecution', arn('athena', 'workgroup/primary')],
      ['glue:CreateCrawler', '*'],
      ['s3:PutObject', lake('prod', 'raw/orders/2026/1.json')],
      ['s3:GetObject', lake('prod', 'processed/orders.parquet')],
      ['s3:ListBucket', 'arn:aws:s3:::catalog-prod-analytics-abc', { 's3:prefix': 'raw/orders/' }],
      ['lambda:CreateFunction', fn('prod', 'data-nightly')],
      ['lambda:InvokeFunction', fn('prod', 'data-nightly')],
      ['iam:PassRole', iam('role', 'catalog-prod-data-processing'), { 'iam:PassedToService': 'lambda.amazonaws.com' }],
    ],
    [
      ['s3:GetObject', lake('prod', 'exports/secret.json')],
      ['s3:GetObject', media('prod')],
      ['s3:ListBucket', 'arn:aws:s3:::catalog-prod-analytics-abc', { 's3:prefix': 'exports/' }],
      ['lambda:UpdateFunctionCode', fn('prod', 'api')],
      ['lambda:InvokeFunction', fn('prod', 'api')],
      ['iam:PassRole', iam('role', 'catalog-prod-api'), { 'iam:PassedToService': 'lambda.amazonaws.com' }],
      ['iam:PassRole', iam('role', 'catalog-prod-data-processing'), { 'iam:PassedToService': 'ec2.amazonaws.com' }],
      ['iam:CreateRole', iam('role', 'catalog-prod-data-x'), { 'iam:PermissionsBoundary': iam('policy', 'catalog-prod-boundary') }],
      ['ec2:RunInstances', instance],
      ['ec2:CreateVpc', vpc],
      ['rds:CreateDBInstance', arn('rds', 'db:x')],
      ['redshift:CreateCluster', arn('redshift', 'cluster:x')],
      ['dynamodb:PutItem', table('prod'), keys('TENANT#a#PRODUCT#p')],
    ],
  ],
  [
    'security',
    'prod',
    [
      ['iam:GetRole', iam('role', 'catalog-prod-api')],
      ['iam:GenerateCredentialReport', '*'],
      ['iam:CreateRole', iam('role', 'security-managed/auditor'), { 'iam:PermissionsBoundary': iam('policy', 'catalog-prod-managed-boundary') }],
      ['iam:PutRolePolicy', iam('role', 'security-managed/auditor')],
      ['iam:CreatePolicy', iam('policy', 'security-managed/deny-s3-public')],
      ['iam:AttachRolePolicy', iam('role', 'catalog-prod-api'), { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AWSDenyAll' }],
      ['iam:UpdateAccessKey', iam('user', 'leaked')],
      ['securityhub:GetFindings', arn('securityhub', 'hub/default')],
      ['guardduty:ListFindings', '*'],
      ['macie2:GetFindings', '*'],
      ['access-analyzer:ListFindings', arn('access-analyzer', 'analyzer/a')],
      ['cloudtrail:LookupEvents', '*'],
      ['s3:GetObject', `arn:aws:s3:::catalog-prod-trail-abc/AWSLogs/${ACCOUNT}/CloudTrail/x.json.gz`],
    ],
    [
      ['iam:CreateRole', iam('role', 'security-managed/admin')],
      ['iam:CreateRole', iam('role', 'security-managed/admin'), { 'iam:PermissionsBoundary': iam('policy', 'catalog-prod-boundary') }],
      ['iam:CreateRole', iam('role', 'catalog-prod-x'), { 'iam:PermissionsBoundary': iam('policy', 'catalog-prod-managed-boundary') }],
      ['iam:PutRolePolicy', iam('role', 'catalog-prod-team-security')],
      ['iam:AttachRolePolicy', iam('role', 'catalog-prod-team-security'), { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      ['iam:UpdateAssumeRolePolicy', iam('role', 'catalog-prod-api')],
      ['iam:DeleteRolePermissionsBoundary', iam('role', 'security-managed/auditor')],
      ['iam:CreateAccessKey', iam('user', 'security-managed/bot')],
      ['iam:PassRole', iam('role', 'security-managed/auditor')],
      ['ec2:RunInstances', instance],
      ['lambda:UpdateFunctionCode', fn('prod', 'api')],
      ['dynamodb:DeleteTable', table('prod')],
      ['dynamodb:GetItem', table('prod'), keys('TENANT#a#USER#u')],
      ['rds:DeleteDBInstance', arn('rds', 'db:x')],
      ['s3:PutObject', media('prod')],
      ['s3:PutBucketPolicy', 'arn:aws:s3:::catalog-prod-media-abc'],
      ['cloudtrail:StopLogging', arn('cloudtrail', 'trail/catalog-prod-organization')],
      ['guardduty:DeleteDetector', arn('guardduty', 'detector/d1')],
      ['securityhub:DisableSecurityHub', arn('securityhub', 'hub/default')],
    ],
  ],
  [
    'support',
    'prod',
    [
      ['dynamodb:GetItem', table('prod'), keys('TENANT#acme#USER#u1')],
      ['dynamodb:Query', `${table('prod')}/index/GSI1`, keys('TENANT#acme#USERS')],
      ['dynamodb:GetItem', table('prod'), keys('TENANT#acme#ORDER#o1')],
      ['dynamodb:BatchGetItem', table('prod'), keys('TENANT#acme#ORDER#o1', 'TENANT#globex#USER#u2')],
      ['dynamodb:DescribeTable', table('prod')],
    ],
    [
      ['dynamodb:Scan', table('prod')],
      ['dynamodb:Query', table('prod')],
      ['dynamodb:GetItem', table('prod'), keys('TENANT#acme#SESSION#s1')],
      ['dynamodb:GetItem', table('prod'), keys('TENANT#acme#SESSION#TOKEN#t1')],
      ['dynamodb:GetItem', table('prod'), keys('PLATFORM#TENANT#acme')],
      ['dynamodb:BatchGetItem', table('prod'), keys('TENANT#acme#ORDER#o1', 'TENANT#acme#RATE#login#h')],
      ['dynamodb:PutItem', table('prod'), keys('TENANT#acme#ORDER#o1')],
      ['dynamodb:UpdateItem', table('prod'), keys('TENANT#acme#USER#u1')],
      ['dynamodb:ExportTableToPointInTime', table('prod')],
      ['s3:PutObject', media('prod')],
      ['s3:GetObject', media('prod')],
      ['lambda:InvokeFunction', fn('prod', 'api')],
      ['sqs:SendMessage', arn('sqs', 'catalog-prod-inventory')],
    ],
  ],
  [
    'product',
    'prod',
    [
      ['cloudwatch:GetDashboard', `arn:aws:cloudwatch::${ACCOUNT}:dashboard/catalog-prod`],
      ['cloudwatch:ListDashboards', '*'],
      ['cloudwatch:GetMetricData', '*'],
      ['logs:FilterLogEvents', logs('prod')],
      ['logs:DescribeLogGroups', '*'],
    ],
    [
      ['cloudwatch:PutDashboard', `arn:aws:cloudwatch::${ACCOUNT}:dashboard/catalog-prod`],
      ['logs:DeleteLogGroup', logs('prod')],
      ['iam:ListRoles', '*'],
      ['lambda:ListFunctions', '*'],
      ['ec2:DescribeInstances', '*'],
      ['s3:GetObject', media('prod')],
      ['dynamodb:GetItem', table('prod'), keys('TENANT#a#USER#u')],
    ],
  ],
];

describe.each(cases)('%s in %s, evaluated with the boundary', (role, env, allowed, denied) => {
  it.each(allowed.map((r): [string, Req] => [`${r[0]} on ${r[1]}`, r]))('may %s', async (_, request) => {
    expect(await decide(role, env, request)).toBe('Allowed');
  });
  it.each(denied.map((r): [string, Req] => [`${r[0]} on ${r[1]}${r[2] ? ` ${JSON.stringify(r[2])}` : ''}`, r]))('must not %s', async (_, request) => {
    expect(await decide(role, env, request)).not.toBe('Allowed');
  });
});

it('covers every team role of the seed', () => {
  expect([...new Set(cases.map(([role]) => role))].sort()).toEqual([
    'cto',
    'data-engineer',
    'developer',
    'devops',
    'finance',
    'product',
    'security',
    'support',
  ]);
});

describe('what Security creates carries the managed boundary: no data, and no way up', () => {
  const asManaged = (action: string, resource: string, context: Record<string, string> = {}) =>
    evaluate({
      action,
      resource,
      context,
      principal: `arn:aws:sts::${ACCOUNT}:assumed-role/auditor/x`,
      identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
      boundary: managedBoundaryPolicy('prod', ACCOUNT),
    });
  it.each([
    ['dynamodb:GetItem', table('prod')],
    ['dynamodb:Scan', table('prod')],
    ['s3:GetObject', media('prod')],
    ['secretsmanager:GetSecretValue', arn('secretsmanager', 'secret:x')],
    ['ssm:GetParameter', arn('ssm', 'parameter/catalog-prod/signup-ticket-secret')],
    ['sts:AssumeRole', iam('role', 'catalog-prod-api')],
    ['iam:CreateRole', iam('role', 'security-managed/y')],
    ['iam:DeleteRolePermissionsBoundary', iam('role', 'security-managed/auditor')],
  ])('refuses %s on %s even to an administrator policy', async (action, resource) => {
    expect(await asManaged(action, resource)).not.toBe('Allowed');
  });
  it('still lets it review (reads that are not data)', async () => {
    expect(await asManaged('iam:GetRole', iam('role', 'catalog-prod-api'))).toBe('Allowed');
    expect(await asManaged('securityhub:GetFindings', arn('securityhub', 'hub/default'))).toBe('Allowed');
  });
});

describe('who may assume a plain team role', () => {
  const assume = (env: 'dev' | 'prod', principal: string, context: Record<string, string>) =>
    evaluate({
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${ACCOUNT}:role/catalog-${env}-team-devops`,
      principal,
      identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }],
      resourcePolicy: resolve(JSON.parse(named(stacks[env], 'aws_iam_role', 'team-devops').assume_role_policy), {}),
      context,
    });
  const user = `arn:aws:iam::${ACCOUNT}:user/alice`;
  const sso = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_DevOps_0123456789abcdef`;
  const ssoSession = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_DevOps_0123456789abcdef/alice`;

  it('an IAM user of the account with MFA, not without', async () => {
    expect(await assume('prod', user, { 'aws:MultiFactorAuthPresent': 'true', 'aws:PrincipalArn': user })).toBe('Allowed');
    expect(await assume('prod', user, { 'aws:MultiFactorAuthPresent': 'false', 'aws:PrincipalArn': user })).not.toBe('Allowed');
    expect(await assume('prod', user, { 'aws:PrincipalArn': user })).not.toBe('Allowed');
  });

  it('an Identity Center session, which carries no MFA key (Identity Center enforced MFA at sign-in)', async () => {
    expect(await assume('prod', ssoSession, { 'aws:PrincipalArn': sso })).toBe('Allowed');
  });

  it('not a role that merely calls itself AWSReservedSSO outside the reserved path, without MFA', async () => {
    const lookalike = `arn:aws:iam::${ACCOUNT}:role/AWSReservedSSO_DevOps_0123456789abcdef`;
    expect(
      await assume('prod', `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_DevOps_0123456789abcdef/mallory`, { 'aws:PrincipalArn': lookalike }),
    ).not.toBe('Allowed');
  });

  it('nobody from another account', async () => {
    const stranger = 'arn:aws:iam::999999999999:user/eve';
    expect(await assume('prod', stranger, { 'aws:MultiFactorAuthPresent': 'true', 'aws:PrincipalArn': stranger })).not.toBe('Allowed');
  });
});

describe('Identity Center permission sets, gated by the instance ARN', () => {
  const INSTANCE = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';
  it('one permission set per team with the role’s own policy; none without an instance', () => {
    const s = synth(envNamed('prod', { CATALOG_PROD_ACCOUNT_ID: ACCOUNT, IDENTITY_CENTER_INSTANCE_ARN: INSTANCE }));
    const sets = s.resource.aws_ssoadmin_permission_set!;
    expect(
      Object.values(sets)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['cto', 'data-engineer', 'developer', 'devops', 'finance', 'product', 'security', 'support'].map((r) => `catalog-prod-${r}`));
    for (const [id, set] of Object.entries(sets)) {
      expect(set).toMatchObject({ instance_arn: INSTANCE, session_duration: 'PT1H' });
      const role = id.replace('permission-set-', '');
      const inline = s.resource.aws_ssoadmin_permission_set_inline_policy![`${id}-policy`];
      expect(inline.permission_set_arn).toBe(`\${aws_ssoadmin_permission_set.${id}.arn}`);
      expect(inline.inline_policy).toBe(named(s, 'aws_iam_role_policy', `team-${role}-policy`).policy);
    }
    expect(stacks.prod.resource.aws_ssoadmin_permission_set).toBeUndefined();
    expect(() => envNamed('prod', { IDENTITY_CENTER_INSTANCE_ARN: 'ssoins-1' })).toThrow(/identityCenterInstanceArn/);
  });
});

describe('security services, per environment', () => {
  it('an organization trail, GuardDuty and Security Hub only when switched on', () => {
    const on = synth(envNamed('dev', { CATALOG_DEV_ORGANIZATION_TRAIL: 'true', CATALOG_DEV_GUARDDUTY: 'true', CATALOG_DEV_SECURITY_HUB: 'true' }));
    expect(on.resource.aws_cloudtrail!['organization-trail']).toMatchObject({
      is_organization_trail: true,
      is_multi_region_trail: true,
      enable_log_file_validation: true,
    });
    expect(on.resource.aws_guardduty_detector!.guardduty).toMatchObject({ enable: true });
    expect(on.resource.aws_securityhub_account!['security-hub']).toBeDefined();
    const trailPolicy = JSON.parse(on.resource.aws_s3_bucket_policy!['trail-bucket-policy'].policy);
    expect(trailPolicy.Statement[0]).toMatchObject({ Sid: 'TlsOnly', Effect: 'Deny' });
    const off = synth(envNamed('dev'));
    for (const type of ['aws_cloudtrail', 'aws_guardduty_detector', 'aws_securityhub_account']) expect(off.resource[type], type).toBeUndefined();
  });
});
